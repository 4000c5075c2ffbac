"""Batch analysis: reset-decay curves, survival, phase ribbons, sweeps, attribution, blocking.

Every plot function returns ``Plot(data, figure)`` (the data it drew and the Figure);
the ``resetsim plot`` and ``resetsim attribute`` commands wrap them. Names are imported
on first use, so importing this package (as the command line does) stays quick.
"""

from __future__ import annotations

from resetsim.lazy import lazy_exports

__all__ = [
    "KNOCKOUTS",
    "METRICS",
    "attribute",
    "attribution_table",
    "blocking_table",
    "decay_bands",
    "episodes",
    "giles_share",
    "phase_shares",
    "phase_transitions",
    "plot_attribution",
    "plot_blocking",
    "plot_decay",
    "plot_phases",
    "plot_survival",
    "plot_sweep",
    "read_batch",
    "run_ensemble",
    "run_outcomes",
    "survival_curves",
    "sweep_table",
]

_WHERE = {
    "KNOCKOUTS": "attribution",
    "attribute": "attribution",
    "attribution_table": "attribution",
    "plot_attribution": "attribution",
    "run_ensemble": "attribution",
    "blocking_table": "blocking",
    "plot_blocking": "blocking",
    "decay_bands": "decay",
    "plot_decay": "decay",
    "METRICS": "outcomes",
    "episodes": "outcomes",
    "run_outcomes": "outcomes",
    "phase_shares": "phases",
    "phase_transitions": "transitions",
    "giles_share": "transitions",
    "plot_phases": "phases",
    "plot_survival": "survival",
    "survival_curves": "survival",
    "plot_sweep": "sweep",
    "sweep_table": "sweep",
    "read_batch": "io",
}

__getattr__, __dir__ = lazy_exports(__name__, _WHERE, __all__)
