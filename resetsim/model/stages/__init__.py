"""The stages of one monthly step, in the order ``ResetModel.step`` runs them."""

from resetsim.model.stages.agenda import set_agenda
from resetsim.model.stages.bargaining import pull_and_haul
from resetsim.model.stages.decision import decide
from resetsim.model.stages.events import perceive_events, risk_escalation
from resetsim.model.stages.feedback import feed_back
from resetsim.model.stages.implementation import implement
from resetsim.model.stages.legislation import legislate
from resetsim.model.stages.moves import act
from resetsim.model.stages.relationship import update_relationship

__all__ = [
    "act",
    "decide",
    "feed_back",
    "implement",
    "legislate",
    "perceive_events",
    "pull_and_haul",
    "risk_escalation",
    "set_agenda",
    "update_relationship",
]
