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

__all__ = [
    "PATTERNS",
    "Check",
    "Ensembles",
    "ValidationReport",
    "all_patterns",
    "validate_model",
    "wilson_interval",
    "write_report",
]

_WHERE = {
    "PATTERNS": "resetsim.validation.patterns",
    "all_patterns": "resetsim.validation.patterns",
    "Check": "resetsim.validation.checks",
    "wilson_interval": "resetsim.validation.checks",
    "Ensembles": "resetsim.validation.ensemble",
    "ValidationReport": "resetsim.validation.report",
    "validate_model": "resetsim.validation.report",
    "write_report": "resetsim.validation.report",
}

__getattr__, __dir__ = lazy_exports(__name__, _WHERE, __all__)
