"""Linked grid axes (``--zip``): grid keys whose values go together, not in a product.

``--grid a=1,2,3 --zip b=x,y --zip c=10,20`` has the axes ``(a,)`` and ``(b, c)``: the
points are a x (b, c) = ``(1, x, 10), (1, y, 20), (2, x, 10), ...``, six rather than the
twelve of a full product. Linked keys stay ordinary grid keys everywhere else (the
manifest's ``grid``, one table column each, the seeds of :mod:`resetsim.batch.seeds`),
so a batch with linked axes is read like any other.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from typing import Any

__all__ = ["check_links", "grid_axes", "grid_point"]


def check_links(links: Any, grid: Mapping[str, tuple[Any, ...]]) -> tuple[tuple[str, ...], ...]:
    """Linked groups of grid keys, checked: known keys, each in one group, equal lengths.

    Raises:
        ValueError: naming the group and what is wrong with it (the spec turns it into a
            :class:`~resetsim.batch.spec.BatchError`).

    """
    if isinstance(links, str) or not isinstance(links, Iterable):
        raise ValueError(f"zip must be a list of lists of grid keys (got {links!r})")
    out: list[tuple[str, ...]] = []
    seen: set[str] = set()
    for group in links:
        if isinstance(group, str) or not isinstance(group, Iterable):
            raise ValueError(f"zip: {group!r} must be a list of grid keys")
        keys = tuple(str(k) for k in group)
        shown = ", ".join(keys)
        if len(keys) < 2:
            raise ValueError(f"zip [{shown}]: link at least two grid keys")
        unknown = [k for k in keys if k not in grid]
        if unknown:
            raise ValueError(
                f"zip [{shown}]: {', '.join(unknown)} is not a grid key; known: "
                f"{', '.join(grid) or 'none'}"
            )
        again = [k for k in keys if k in seen]
        if again or len(set(keys)) != len(keys):
            raise ValueError(f"zip [{shown}]: {', '.join(again or keys)} is linked twice")
        seen.update(keys)
        lengths = {k: len(grid[k]) for k in keys}
        if len(set(lengths.values())) > 1:
            counts = ", ".join(f"{k} has {n}" for k, n in lengths.items())
            raise ValueError(f"zip [{shown}]: linked keys need as many values each ({counts})")
        out.append(keys)
    return tuple(out)


def grid_axes(
    grid: Mapping[str, tuple[Any, ...]], links: tuple[tuple[str, ...], ...]
) -> list[tuple[str, ...]]:
    """The axes in grid order: each linked group once (where its first key is).

    Every key not linked is an axis of its own.
    """
    group = {key: keys for keys in links for key in keys}
    out: list[tuple[str, ...]] = []
    for key in grid:
        axis = group.get(key, (key,))
        if axis not in out:
            out.append(axis)
    return out


def grid_point(
    grid: Mapping[str, tuple[Any, ...]], links: tuple[tuple[str, ...], ...], index: int
) -> tuple[tuple[str, Any], ...]:
    """Grid point number ``index`` (the last axis varies fastest), keys in grid order."""
    values: dict[str, Any] = {}
    for axis in reversed(grid_axes(grid, links)):
        index, pos = divmod(index, len(grid[axis[0]]))
        values.update((key, grid[key][pos]) for key in axis)
    return tuple((key, values[key]) for key in grid)
