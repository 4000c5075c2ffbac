"""Global sensitivity analysis (Sobol', Morris) of a reset's survival to the parameters.

``run_study(scenario, method, n)`` samples the factors of a range file (the package's
``ranges.toml`` unless another is given), runs every sample through the batch engine's
executors on common seeds, and returns Sobol' S1/ST or Morris mu*/sigma indices for the
reset's half-life, months survived and crisis probability. ``resetsim sensitivity`` is
the same from the shell.

Names are imported on first use, so the command line stays quick to start.
"""

from __future__ import annotations

from resetsim.lazy import lazy_exports

__all__ = [
    "OUTPUTS",
    "Range",
    "RangesError",
    "Study",
    "StudyError",
    "analyze",
    "load_ranges",
    "run_study",
    "sample",
    "write_study",
]

_WHERE = {
    "Range": "resetsim.sensitivity.ranges",
    "RangesError": "resetsim.sensitivity.ranges",
    "load_ranges": "resetsim.sensitivity.ranges",
    "OUTPUTS": "resetsim.sensitivity.study",
    "Study": "resetsim.sensitivity.study",
    "StudyError": "resetsim.sensitivity.study",
    "analyze": "resetsim.sensitivity.study",
    "run_study": "resetsim.sensitivity.study",
    "sample": "resetsim.sensitivity.study",
    "write_study": "resetsim.sensitivity.study",
}

__getattr__, __dir__ = lazy_exports(__name__, _WHERE, __all__)
