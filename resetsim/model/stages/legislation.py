"""Stage 1b, legislation: chambers originate the statutes they hold, and the law is felt.

After the actors' moves (stage 1b), each chamber holding a ``[[statutes]]`` entry weighs
its distrust of its president's course towards the other side
(:meth:`~resetsim.agents.chamber.Chamber.distrust`) and may take the statute up
(:meth:`~resetsim.agents.chamber.Chamber.originates`); its votes, the veto and the
override are :func:`~resetsim.model.stages.statutes.becomes_law`. A statute that becomes
law (:meth:`~resetsim.agents.chamber.Chamber.enact`) is a hostile move the other side
feels and may answer next month, like any move (Jervis 1976; FPRI article: Congress
"could - and very likely would - reinstate robust military aid").
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from resetsim.model.narrative import move_sentence
from resetsim.model.stages.events import clash, perceived_severity
from resetsim.model.stages.moves import Pending
from resetsim.model.stages.statutes import becomes_law, origin_chamber

if TYPE_CHECKING:
    from resetsim.agents.chamber import Chamber
    from resetsim.model.model import ResetModel
    from resetsim.model.month import MonthState
    from resetsim.scenario.statutes import Statute

__all__ = ["legislate"]


def _felt(model: ResetModel, month: MonthState, origin: Chamber, statute: Statute) -> None:
    """The statute in force is a hostile move of ``origin``: the other side feels, may answer."""
    side, other = statute.side, model.other(statute.side)
    text = move_sentence(origin.name, statute.label)
    how = {"origin": "actor", "side": side, "actor": origin.key, "direction": "hostile"}
    row = clash(model, month, statute.severity, {side: 0.0, other: 1.0}, text, statute.event_kind,
                **how)  # fmt: skip
    st = model.structure
    seen = perceived_severity(statute.severity, 1.0, st.worldview_gap, st.misperception,
                              model.trust)  # fmt: skip
    model.move_memory[other]["hostile"] += seen
    model.pending_moves.append(Pending(row, other, "hostile", seen, text))


def legislate(model: ResetModel, month: MonthState) -> None:
    """Each chamber may take up a statute it holds; one that becomes law is enacted and felt."""
    scale = model.dynamics.move_rate_scale
    for statute in model.spec.statutes:
        origin = origin_chamber(model, statute)
        side = statute.side
        distrust = origin.distrust(
            model.presidents[side].stance, model.relationship, model.move_memory[side]["hostile"]
        )
        if not origin.originates(statute, distrust, scale, model.rng, model.month):
            continue
        if becomes_law(model, origin, statute, distrust):
            origin.enact(statute)
            _felt(model, month, origin, statute)
