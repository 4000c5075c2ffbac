"""Pattern-oriented validation: the nine patterns of MODEL.md as ensemble statistics.

``resetsim.validation.patterns`` has one function per pattern returning
:class:`~resetsim.validation.checks.Check` records (pattern, statistic, threshold, value,
passed); :func:`validate_model` runs them all with the history comparisons (Gallup,
crisis and reset windows, escalation per decade) and ``resetsim validate-model`` prints
and writes the report (``docs/validation.md``).

Names are imported on first use, so the command line stays quick to start.
"""

from __future__ import annotations

from resetsim.lazy import lazy_exports

_EXPORTS = {  # module -> the names this package exports from it
    "patterns": ("PATTERNS", "all_patterns"),
    "checks": ("Check", "wilson_interval"),
    "ensemble": ("Ensembles",),
    "report": ("ValidationReport", "validate_model", "write_report"),
}
__all__ = sorted(name for names in _EXPORTS.values() for name in names)
_WHERE = {name: module for module, names in _EXPORTS.items() for name in names}

__getattr__, __dir__ = lazy_exports(__name__, _WHERE, __all__)
