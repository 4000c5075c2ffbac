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

_EXPORTS = {  # module -> the names this package exports from it
    "ranges": ("Range", "RangesError", "load_ranges"),
    "study": ("OUTPUTS", "Study", "StudyError", "analyze", "run_study", "sample", "write_study"),
}
__all__ = sorted(name for names in _EXPORTS.values() for name in names)
_WHERE = {name: module for module, names in _EXPORTS.items() for name in names}

__getattr__, __dir__ = lazy_exports(__name__, _WHERE, __all__)
