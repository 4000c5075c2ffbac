"""How the dashboard names a scenario's two sides (sides are data: ``[[sides]]`` in a scenario).

The dashboard never spells a side's id: panels, knobs and tables take the ids, names and
adjectives that the scenario declares (US and Russia for every file that declares none).
"""

from __future__ import annotations

from typing import Any

__all__ = ["side_title", "side_words"]


def side_title(side: Any) -> str:
    """A panel title for a side: its name without a leading article ("United States")."""
    name = str(side.name)
    if name.lower().startswith("the "):
        name = name[4:]
    return name[:1].upper() + name[1:]


def side_words(spec: Any) -> dict[str, str]:
    """Words for knob labels: ``first`` (its short label, e.g. "US"), ``second`` (adjective).

    The first side is named as its sentences name it ("US president"); the second by its
    adjective ("Russian president", "Cuban president"); ``second_name`` is the second side's
    title ("Russia", "Cuba").
    """
    first, second = spec.declared_sides
    return {"first": first.short, "second": second.adjective, "second_name": side_title(second)}
