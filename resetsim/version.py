"""The installed package version, recorded with every output.

``resetsim.__version__`` is imported from here on first use, so that reading the installed
metadata (:mod:`importlib.metadata`) is left out of the command line's start-up.
"""

from __future__ import annotations

from functools import cache
from importlib.metadata import PackageNotFoundError, version

__all__ = ["__version__", "package_version"]


@cache
def package_version() -> str:
    """The version of resetsim installed (``0+unknown`` in a source tree not installed)."""
    try:
        return version("resetsim")
    except PackageNotFoundError:
        return "0+unknown"


__version__ = package_version()
