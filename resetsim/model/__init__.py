"""The model, the stages of its monthly step, the Giles phases and per-reset metrics."""

from resetsim.model.metrics import reset_episodes
from resetsim.model.model import ResetModel
from resetsim.model.phases import Phase, PhaseTracker

__all__ = ["Phase", "PhaseTracker", "ResetModel", "reset_episodes"]
