"""Patterns 7-9 of MODEL.md: delivery of deals, peripheral deals, escalation risk.

See :mod:`resetsim.validation.patterns` for how patterns are stated and checked.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

import numpy as np

from resetsim.validation.checks import Check
from resetsim.validation.ensemble import Ensembles
from resetsim.validation.escalation import escalated
from resetsim.validation.history import HISTORY
from resetsim.validation.pattern_setup import (
    DEFAULT,
    ESCALATION_SEEDS,
    SEEDS,
    _ens,
    _make,
    _stack,
    core_proposals,
    side_names,
    sides,
)

__all__ = ["pattern7_command_not_compliance", "pattern8_peripheral_deals", "pattern9_escalation"]


def pattern7_command_not_compliance(
    seeds: Sequence[int] = SEEDS, ensembles: Ensembles | None = None
) -> list[Check]:
    """Pattern 7: command is not compliance.

    Claims, over every deal's delivery at its due date on the default scenario: the US
    side delivers a mean share < 0.8 and never all of it (max < 1). Russia's more
    commanding president (command share 0.6) gets further than the same Russian agencies
    would under a US-sized command share (0.15, same seeds): a higher mean share, but
    not all the way (max < 1). The comparison is within Russia because Russia's agencies
    are more hostile to the deals than America's: comparing the two sides would confound
    command with reluctance.
    """
    make, n = _make("7"), len(seeds)
    ens = _ens(ensembles)
    us, ru = sides()
    us_name, ru_name = side_names()
    deliveries = _stack([r.deliveries for r in ens.get(DEFAULT, seeds)])
    weak = _stack(
        [r.deliveries for r in ens.get(DEFAULT, seeds, {f"presidents.{ru}.command_share": 0.15})]
    )
    share = deliveries.groupby("side")["delivered_share"]
    mean, top = share.mean(), share.max()
    ru_weak = float(weak.loc[weak["side"] == ru, "delivered_share"].mean())
    return [
        make(
            f"mean share delivered by {us_name} at the due date",
            "<",
            0.8,
            float(mean.get(us, np.nan)),
            n,
        ),
        make(f"max share delivered by {us_name}", "<", 1.0, float(top.get(us, np.nan)), n),
        make(
            f"mean share delivered by {ru_name} (command share 0.6)",
            ">",
            ru_weak,
            float(mean.get(ru, np.nan)),
            n,
            basis="same agencies under command share 0.15",
        ),
        make(f"max share delivered by {ru_name}", "<", 1.0, float(top.get(ru, np.nan)), n),
    ]


def pattern8_peripheral_deals(
    seeds: Sequence[int] = SEEDS, ensembles: Ensembles | None = None
) -> list[Check]:
    """Pattern 8: deals that do happen are peripheral.

    With the default proposals and the core concessions all on the table and a US
    president at stance 0.8. Claims: more than one delivery record per run (deals do
    happen) and <= 10% of them are on core interests.
    """
    make, n = _make("8"), len(seeds)
    ens = _ens(ensembles)
    us, _ = sides()
    props = [dict(p) for p in _default_proposals()] + core_proposals(us)
    runs = ens.get(DEFAULT, seeds, {f"presidents.{us}.stance": 0.8, "proposals": props})
    deals = _stack([r.deliveries for r in runs])
    return [
        make("delivery records per run", ">", 1, len(deals) / n, n),
        make("share of deals on core interests", "<=", 0.10, float(deals["core"].mean()), n),
    ]


def _default_proposals() -> list[dict[str, Any]]:
    from resetsim.validation.ensemble import scenario

    return scenario(DEFAULT).model_dump()["proposals"]


def pattern9_escalation(
    seeds: Sequence[int] = ESCALATION_SEEDS, ensembles: Ensembles | None = None
) -> list[Check]:
    """Pattern 9: escalation risk is low but not zero, and crisis management matters.

    Over the 1992-2016 history. Claims: with leaders' crisis management (0.8) between
    0.5% and 10% of runs escalate to open confrontation at least once; without it (0)
    at least three times as many runs escalate (counts compared as integers, so that
    floating point cannot decide the claim: ``0.15 >= 3 * 0.05`` is False in binary).
    """
    ens, make, n = _ens(ensembles), _make("9"), len(seeds)
    managed = escalated([r.timeseries for r in ens.get(HISTORY, seeds)])
    unmanaged = escalated(
        [r.timeseries for r in ens.get(HISTORY, seeds, {"structure.crisis_management": 0.0})]
    )
    k_managed, k_unmanaged = int(managed.sum()), int(unmanaged.sum())
    return [
        make(
            "share of runs escalating, crisis management 0.8", "in", (0.005, 0.10), k_managed / n, n
        ),
        make(
            "runs escalating, crisis management 0",
            ">=",
            3 * k_managed,
            k_unmanaged,
            n,
            basis="3 x runs escalating under management (counts, same seeds)",
        ),
    ]
