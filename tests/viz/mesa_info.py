"""What Mesa's SolaraViz info panel shows after ``n`` steps, on every supported Mesa release.

Mesa 3.3 shows ``Step: n``; Mesa 3.5 counts model time instead and shows ``Time: n.0``.
"""

from __future__ import annotations

import re

import mesa

_MESA = tuple(int(part) for part in mesa.__version__.split(".")[:2])


def step_text(n: int) -> re.Pattern[str]:
    """A pattern matching exactly the panel's text after ``n`` steps on the installed Mesa."""
    text = f"Time: {float(n)}" if _MESA >= (3, 5) else f"Step: {n}"
    return re.compile(rf"^{re.escape(text)}$")
