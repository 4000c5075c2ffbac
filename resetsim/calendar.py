"""Calendar months: the model's clock.

A scenario starts at a calendar month (``"YYYY-MM"``) and steps one month at a time.
Months are handled as integers (``year * 12 + month - 1``) so that differences are
plain subtraction.
"""

from __future__ import annotations

import re
from functools import lru_cache

__all__ = ["MONTH_PATTERN", "format_month", "month_index", "parse_month"]

MONTH_PATTERN = re.compile(r"^(\d{4})-(0[1-9]|1[0-2])$")


def parse_month(text: str) -> int:
    """Turn ``"YYYY-MM"`` into an absolute month number.

    Args:
        text: a calendar month such as ``"2009-01"``.

    Returns:
        ``year * 12 + month - 1``.

    Raises:
        ValueError: if ``text`` is not a ``YYYY-MM`` month.

    """
    match = MONTH_PATTERN.match(str(text))
    if match is None:
        raise ValueError(f"{text!r} is not a calendar month of the form YYYY-MM (e.g. 2009-01)")
    return int(match.group(1)) * 12 + int(match.group(2)) - 1


@lru_cache(maxsize=4096)
def format_month(absolute: int) -> str:
    """Turn an absolute month number back into ``"YYYY-MM"`` (cached: a run asks every month)."""
    year, month0 = divmod(int(absolute), 12)
    return f"{year:04d}-{month0 + 1:02d}"


def month_index(text: str, start: str) -> int:
    """Months from ``start`` to ``text`` (0 when they are the same month)."""
    return parse_month(text) - parse_month(start)
