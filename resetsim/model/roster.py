"""The model's agents, built from a scenario's rosters and grouped by side.

Each side has one president, its agencies, its legislative and elite factions and its
public (``docs/ODD.md``, section 2). Actors are kept in scenario order; the roster lists
every side's government (president first) and then its public.
"""

from __future__ import annotations

from dataclasses import dataclass

import mesa

from resetsim.agents import Actor, Bureaucracy, Faction, President, Public
from resetsim.agents.chamber import Chamber
from resetsim.agents.principal import Principal
from resetsim.scenario.schema import Legislature, Scenario

__all__ = ["LEADER_FIELDS", "Roster", "build_roster", "fields_of"]

PRESIDENT_SALIENCE = 1.0
"""Salience of presidents and factions: their weight is their clout."""
PRESIDENT_INERTIA = 0.0
"""Inertia of presidents: they are not lobbied."""
LEADER_FIELDS = (
    "name", "stance", "capital", "reputation", "prestige", "command_share", "hawkishness",
    "term_end", "issues",
)  # fmt: skip
"""Fields of a ``[[presidents]]`` or ``[[leader_changes]]`` entry a leader takes office with."""
_MEMBER_FIELDS = ("side", "name", "title", "inertia", "hawkishness", "issues", "remit", "commerce")
"""Fields that an agency and a faction take from their scenario entry under the same name."""
_AGENCY_FIELDS = (*_MEMBER_FIELDS, "anchor", "clout", "salience", "worldview", "pen")
_FACTION_FIELDS = (*_MEMBER_FIELDS, "stance", "seats", "instruments", "constituency")


def fields_of(entry, names: tuple[str, ...]) -> dict:
    """The fields ``names`` of a scenario ``entry``, as keyword arguments."""
    return {name: getattr(entry, name) for name in names}


@dataclass
class Roster:
    """The agents of both sides, by side id."""

    presidents: dict[str, President]
    bureaucracies: dict[str, list[Bureaucracy]]
    factions: dict[str, list[Faction]]
    publics: dict[str, Public]
    legislatures: dict[str, Legislature]
    chambers: dict[str, dict[str, Chamber]]
    principals: dict[str, list[Principal]]

    def government(self, side: str) -> list[Actor]:
        """President, agencies, principals and factions of ``side`` (president first)."""
        return [
            self.presidents[side],
            *self.bureaucracies[side],
            *self.principals[side],
            *self.factions[side],
        ]

    def by_issue(self, sides: tuple[str, ...]) -> bool:
        """Whether any actor's stance or weight differs by issue (offsets, a pen or a remit)."""
        return any(a.issues or a.pen or a.remit for s in sides for a in self.government(s))

    def actors(self, sides: tuple[str, ...]) -> list[Actor]:
        """Every actor: each side's government, then its public."""
        return [a for s in sides for a in (*self.government(s), self.publics[s])]


def build_roster(model: mesa.Model, sc: Scenario, sides: tuple[str, ...]) -> Roster:
    """Create the agents of scenario ``sc`` in ``model``."""
    gap = sc.structure.worldview_gap
    weight = sc.dynamics.worldview_anchor_weight
    pen_weight = sc.dynamics.pen_weight
    presidents = {
        p.side: President(
            model,
            side=p.side,
            clout=p.clout,
            salience=PRESIDENT_SALIENCE,
            inertia=PRESIDENT_INERTIA,
            pen_weight=pen_weight,
            **fields_of(p, LEADER_FIELDS),
        )
        for p in sc.presidents
    }
    bureaucracies: dict[str, list[Bureaucracy]] = {s: [] for s in sides}
    for b in sc.bureaucracies:
        agency = Bureaucracy(
            model,
            stance=b.anchor if b.stance is None else b.stance,
            pen_weight=pen_weight,
            **fields_of(b, _AGENCY_FIELDS),
        )
        agency.set_worldview_gap(gap, weight, follow=b.stance is None)
        bureaucracies[b.side].append(agency)
    factions: dict[str, list[Faction]] = {s: [] for s in sides}
    for f in sc.factions:
        factions[f.side].append(
            Faction(
                model,
                clout=f.weight,
                salience=PRESIDENT_SALIENCE,
                pen_weight=pen_weight,
                cohesion=sc.dynamics.whip_cohesion if f.cohesion is None else f.cohesion,
                **fields_of(f, _FACTION_FIELDS),
            )
        )
    publics = {
        p.side: Public(
            model, side=p.side, name=p.name, favourability=p.favourability, attention=p.attention
        )
        for p in sc.publics
    }
    legislatures = {chamber.side: chamber for chamber in sc.legislatures}
    roster = Roster(
        presidents, bureaucracies, factions, publics, legislatures,
        chambers=build_chambers(sc, sides, factions),
        principals=build_principals(model, sc, sides, pen_weight),
    )  # fmt: skip
    for side in sides:
        for actor in roster.government(side):
            actor.hold(sc.moves)
    return roster


def build_chambers(
    sc: Scenario, sides: tuple[str, ...], factions: dict[str, list[Faction]]
) -> dict[str, dict[str, Chamber]]:
    """Each side's chambers by key, its main chamber first, each with the factions it seats.

    A faction with no ``chamber`` sits in the main chamber (``[[legislatures]]``).
    """
    chambers: dict[str, dict[str, Chamber]] = {}
    for side in sides:
        rules = sc.chambers_of(side)
        main = rules[0].key
        seats = {r.key: [] for r in rules}
        for spec, faction in zip(
            (f for f in sc.factions if f.side == side), factions[side], strict=True
        ):
            seats[spec.chamber or main].append(faction)
        chambers[side] = {r.key: Chamber(r, seats[r.key]) for r in rules}
    return chambers


def build_principals(
    model: mesa.Model, sc: Scenario, sides: tuple[str, ...], pen_weight: float
) -> dict[str, list[Principal]]:
    """Each side's principals above its president (none unless the scenario declares them)."""
    principals: dict[str, list[Principal]] = {s: [] for s in sides}
    for p in sc.principals:
        principals[p.side].append(
            Principal(
                model, side=p.side, name=p.name, title=p.title, stance=p.stance,
                anchor=p.anchor, clout=p.clout, salience=p.salience, inertia=p.inertia,
                hawkishness=p.hawkishness, pen_weight=pen_weight,
                approval_bar=p.approval_bar, reviews=p.reviews,
            )
        )  # fmt: skip
    return principals
