"""Posterior draws for a case: the calibration's behavioural parameters, nothing of the case's.

A case keeps its own roster, structure, dates and opportunities; only the actors'
behaviour is carried over from the US-Russia calibration (issue "Any two countries":
frozen parameters, then forecast). A posterior table of ``resetsim calibrate --method
abc`` may hold the calibration case's structure as well (its clash rate, its relaxation
rate): those describe US-Russia, not the case, so they are not drawn, and the runs keep
each case's own values. :func:`case_draws` resamples whole particles by weight
(:func:`resetsim.batch.posterior.draw_parameter_sets`), then keeps the ``[dynamics]``
columns of each: the draws follow the posterior's joint distribution of the behavioural
parameters, marginal over the rest. A posterior with no ``[dynamics]`` column, an unknown
``[dynamics]`` field, or a column that would set a roster, a date or an opportunity is
refused with one line.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from resetsim.cases.errors import CaseError

__all__ = [
    "BEHAVIOURAL",
    "LEFT_OUT",
    "MOVE_PARAMETERS",
    "CaseDraws",
    "case_draws",
    "split_columns",
]

BEHAVIOURAL = "dynamics"
"""The scenario table whose fields are behavioural parameters (drawn into a case)."""
LEFT_OUT = ("structure",)
"""Tables a calibration may fit but a case keeps its own values of (not drawn)."""
MOVE_PARAMETERS = (
    "dynamics.move_rate_scale",
    "dynamics.retaliation_rate",
    "dynamics.reciprocation_rate",
    "dynamics.crisis_restraint",
)
"""Behavioural parameters read only by the actors' moves (:mod:`resetsim.model.stages.moves`):
in a scenario without ``[[moves]]`` they have nothing to act on."""


@dataclass
class CaseDraws:
    """Parameter sets for a case's runs, and what of the posterior was left out.

    Attributes:
        sets: one dict of dotted ``dynamics.*`` keys per draw.
        drawn: the behavioural columns drawn.
        left_out: the posterior's columns each case keeps its own value of.
        source: the posterior table.

    """

    sets: list[dict[str, Any]]
    drawn: list[str]
    left_out: list[str] = field(default_factory=list)
    source: Path | None = None


def split_columns(columns: list[str], source: str | Path = "posterior") -> tuple[list, list]:
    """``(drawn, left_out)`` of a posterior's parameter columns.

    Raises:
        CaseError: if a column is neither a ``[dynamics]`` field nor in :data:`LEFT_OUT`,
            or none is behavioural.

    """
    from resetsim.scenario.schema import Dynamics

    fields = set(Dynamics.model_fields)
    drawn = [c for c in columns if c.startswith(f"{BEHAVIOURAL}.")]
    unknown = [c for c in drawn if c.split(".", 1)[1] not in fields]
    left = [c for c in columns if c.split(".", 1)[0] in LEFT_OUT]
    other = [c for c in columns if c not in drawn and c not in left]
    if unknown or other:
        bad = ", ".join(unknown + other)
        raise CaseError(
            [
                f"--posterior {source}: column(s) {bad} are not behavioural parameters; a "
                f"case draws only [{BEHAVIOURAL}] fields (its roster, dates and opportunities "
                "are its own)"
            ]
        )
    if not drawn:
        raise CaseError(
            [f"--posterior {source}: no [{BEHAVIOURAL}] column to draw (a case keeps the rest)"]
        )
    return drawn, left


def case_draws(
    posterior: str | Path | None, draws: int | None, seed: int | None, default: int = 200
) -> CaseDraws | None:
    """The behavioural parameter sets of ``--posterior FILE --draws N`` for a case's runs.

    Args:
        posterior: the ``posterior.csv`` (or its folder); None draws nothing.
        draws: how many sets (None: ``default``).
        seed: which draw (the forecast's base seed).
        default: sets drawn when ``draws`` is not given.

    Raises:
        CaseError: a posterior whose columns are not behavioural (:func:`split_columns`).
        BatchError: ``--draws`` without ``--posterior``, or an unreadable table.

    """
    from resetsim.batch.posterior import posterior_draws

    sets = posterior_draws(posterior, draws, seed, default=default)
    if sets is None:
        return None
    path = Path(posterior)
    path = path / "posterior.csv" if path.is_dir() else path
    drawn, left = split_columns(list(sets[0]), path.as_posix())
    return CaseDraws([{k: s[k] for k in drawn} for s in sets], drawn, left, path)
