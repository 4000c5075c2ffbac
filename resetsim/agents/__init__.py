"""The four agent families, one module each: presidents, bureaucracies, factions, publics."""

from resetsim.agents.base import Actor
from resetsim.agents.bureaucracy import Bureaucracy
from resetsim.agents.legislature import Faction
from resetsim.agents.president import President
from resetsim.agents.public import Public

__all__ = ["Actor", "Bureaucracy", "Faction", "President", "Public"]
