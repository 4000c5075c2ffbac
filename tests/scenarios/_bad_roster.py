"""A scenario file with many bad roster entries, of any size, for the scaling checks.

The shipped default scenario followed by ``n`` extra ``[[bureaucracies]]`` entries, each
wrong in one of five ways (text for a number, a misspelt key, a missing field, a value out
of range, an infinite number). Used by ``tests/scenarios/test_validate_scaling.py`` and
``benchmarks/bench_validate.py``.
"""

from __future__ import annotations

from resetsim.scenario.files import builtin_dir

_FAULTS = (
    'anchor = 0.1\ninertia = "high"',
    "anchor = 0.1\nintertia = 0.5",
    "clout = 0.2",
    "anchor = 7.5",
    "anchor = 0.1\nclout = inf",
)


def bad_entry(i: int) -> str:
    """The ``i``-th bad entry (the faults take turns)."""
    return f'[[bureaucracies]]\nside = "US"\nname = "Agency {i}"\n{_FAULTS[i % len(_FAULTS)]}\n'


def bad_roster_text(n: int) -> str:
    """The default scenario with ``n`` bad bureaucracy entries appended (named ``big``)."""
    base = (builtin_dir() / "obama-2009.toml").read_text(encoding="utf-8")
    base = base.replace('name = "obama-2009"', 'name = "big"', 1)
    return base + "\n" + "\n".join(bad_entry(i) for i in range(n))


def entries_for_size(size: int) -> int:
    """How many bad entries make a file of about ``size`` bytes."""
    return max(1, size // len(bad_entry(10_000)))
