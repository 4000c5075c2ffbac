"""The installed package version, recorded with every output."""

from __future__ import annotations

from functools import cache
from importlib.metadata import PackageNotFoundError, version

__all__ = ["package_version"]


@cache
def package_version() -> str:
    """The version of resetsim installed (``0+unknown`` in a source tree not installed)."""
    try:
        return version("resetsim")
    except PackageNotFoundError:
        return "0+unknown"
