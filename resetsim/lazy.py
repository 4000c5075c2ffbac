"""Lazy package exports: names are imported from their module on first use.

The command line imports every subpackage to register its commands; importing numpy-,
lifelines-, SALib- or dask-heavy modules only when a name is used keeps
``resetsim --help`` quick (PEP 562 module ``__getattr__``).
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Mapping
from importlib import import_module
from typing import Any

__all__ = ["lazy_exports"]


def lazy_exports(
    package: str, where: Mapping[str, str], names: Iterable[str]
) -> tuple[Callable[[str], Any], Callable[[], list[str]]]:
    """Build a package's ``__getattr__`` and ``__dir__``.

    Args:
        package: the package's ``__name__``.
        where: exported name -> module (absolute, or relative to ``package`` when it has
            no dot).
        names: the package's ``__all__``.
    """
    namespace = import_module(package).__dict__

    def __getattr__(name: str) -> Any:
        if name in where:
            module = where[name] if "." in where[name] else f"{package}.{where[name]}"
            value = getattr(import_module(module), name)
            namespace[name] = value
            return value
        raise AttributeError(f"module {package!r} has no attribute {name!r}")

    def __dir__() -> list[str]:
        return sorted({*namespace, *names})

    return __getattr__, __dir__
