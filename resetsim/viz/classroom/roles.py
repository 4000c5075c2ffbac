"""Roles of a role-play: one per actor of the scenario's roster, with the decisions it may take.

A role is an actor a student plays: a president, a principal above him (a Supreme Leader,
where the scenario declares ``[[principals]]``), an agency or a legislative faction, of
either side. Its decisions are the ones the actor's own rules take each month
(:class:`~resetsim.agents.orders.Orders`), each offered as a short list of options; "auto"
(the first option of every decision) leaves the decision to the agent. What a role may
choose is computed from the scenario (the proposals its side may table, the moves of the
repertoire the actor holds), and a choice a client sends is checked against it here, on the
server (:func:`orders_for`): a name outside the lists is refused with a one-line message.
The decisions and their fixed options are data (``decisions.toml`` beside this module).
"""

from __future__ import annotations

import tomllib
from collections.abc import Mapping
from dataclasses import dataclass
from importlib import resources
from typing import Any

from resetsim.agents.orders import Orders
from resetsim.viz.sides import side_title

__all__ = [
    "AUTO",
    "DECISIONS",
    "ChoiceError",
    "Decision",
    "Role",
    "orders_for",
    "roles_for",
]

AUTO = "auto"
"""The option that leaves a decision to the agent's own rules."""


class ChoiceError(ValueError):
    """A choice that the role may not make (unknown decision or option)."""


@dataclass(frozen=True)
class Decision:
    """One decision a role takes each month.

    Attributes:
        name: the :class:`~resetsim.agents.orders.Orders` field it sets.
        label: what the student reads.
        families: the actor families that take it.
        options: fixed options as (key, label, value given to the agent); roles add their
            proposals or moves to ``table`` and ``move``.
        help: one sentence on what the agent does when left on "auto".

    """

    name: str
    label: str
    families: tuple[str, ...]
    options: tuple[tuple[str, str, Any], ...]
    help: str


_AUTO_OPTION = (AUTO, "as the agent would (auto)", None)


def _load_decisions() -> tuple[Decision, ...]:
    """The decisions of ``decisions.toml`` (package data), "auto" first in each."""
    text = (resources.files("resetsim.viz.classroom") / "decisions.toml").read_text("utf-8")
    return tuple(
        Decision(
            entry["name"],
            entry["label"],
            tuple(entry["families"]),
            (_AUTO_OPTION, *(tuple(option) for option in entry["options"])),
            entry["help"],
        )
        for entry in tomllib.loads(text)["decisions"]
    )


#: The decisions of the role-play, in the order a role card lists them (``decisions.toml``).
DECISIONS: tuple[Decision, ...] = _load_decisions()
_BY_NAME = {d.name: d for d in DECISIONS}


@dataclass(frozen=True)
class Role:
    """An actor a student may play, and the options of each of its decisions.

    Attributes:
        actor: the actor's unique name (the ``actor`` column of ``actors()``).
        title: its title as sentences name it.
        side: its side's id.
        side_name: its side's name as a title ("United States").
        family: ``president``, ``principal``, ``bureaucracy`` or ``legislature``.
        facts: a few of its starting values, in words, for its role card.
        options: decision name -> ((key, label), ...), "auto" first.

    """

    actor: str
    title: str
    side: str
    side_name: str
    family: str
    facts: tuple[str, ...]
    options: tuple[tuple[str, tuple[tuple[str, str], ...]], ...]

    @property
    def decisions(self) -> tuple[str, ...]:
        """Names of the decisions this role takes."""
        return tuple(name for name, _ in self.options)

    def choices(self, decision: str) -> tuple[tuple[str, str], ...]:
        """(key, label) options of ``decision``; empty if the role does not take it."""
        return dict(self.options).get(decision, ())


def _facts(actor: Any) -> tuple[str, ...]:
    facts = [f"stance {actor.stance:+.2f} (support for rapprochement, -1 to +1)"]
    if actor.family == "president":
        facts += [
            f"capital {actor.capital:.2f}, reputation {actor.reputation:.2f}, "
            f"prestige {actor.prestige:.2f}",
            f"command share {actor.command_share:.2f}",
        ]
    elif actor.family == "bureaucracy":
        facts.append(f"clout {actor.clout:.2f}, inertia {actor.inertia:.2f}")
    elif actor.family == "principal":
        facts.append(f"approves a deal when his support is above {actor.approval_bar:+.2f}; "
                     f"reviews: {', '.join(actor.reviews) or 'nothing'}")  # fmt: skip
    else:
        facts.append(f"{actor.seats} seats or votes; instruments: "
                     f"{', '.join(actor.instruments) or 'none'}")  # fmt: skip
    facts.append(f"hawkishness {actor.hawkishness:.2f}")
    return tuple(facts)


def _options(decision: Decision, actor: Any, model: Any) -> tuple[tuple[str, str], ...]:
    fixed = [(key, label) for key, label, _ in decision.options]
    if decision.name == "table":
        fixed += [
            (s.spec.id, s.spec.topic)
            for s in model.proposals
            if s.spec.initiator in (actor.side, "both")
        ]
    if decision.name == "move":
        fixed += [(m.id, m.label) for m in actor.moves]
    if decision.name == "focus":
        fixed += [(a.name, a.title) for a in model.government(actor.side)[1:]]
    return tuple(fixed)


def _takes(decision: Decision, actor: Any) -> bool:
    if actor.family not in decision.families:
        return False
    if decision.name == "vote":
        return actor.seats > 0
    if decision.name == "move":
        return bool(actor.moves)
    return True


def roles_for(model: Any) -> tuple[Role, ...]:
    """One role per president, principal, agency and faction of ``model``'s roster, in order.

    A faction without seats has no vote, an actor without moves no move decision; an actor
    left with no decision at all is not a role.
    """
    names = {s.id: side_title(s) for s in model.spec.declared_sides}
    roles = []
    for actor in model.roster:
        if actor.family not in ("president", "principal", "bureaucracy", "legislature"):
            continue
        options = tuple((d.name, _options(d, actor, model)) for d in DECISIONS if _takes(d, actor))
        if options:
            roles.append(
                Role(actor.name, actor.title, actor.side, names[actor.side], actor.family,
                     _facts(actor), options)
            )  # fmt: skip
    return tuple(roles)


def _value(decision: Decision, key: str) -> Any:
    for option_key, _, value in decision.options:
        if option_key == key:
            return value
    return key  # a proposal, move or actor name, checked against the role's options before


def orders_for(role: Role, choice: Mapping[str, object]) -> Orders | None:
    """The :class:`Orders` for ``role`` from a client's ``choice`` (decision -> option key).

    Only the role's own decisions and options are accepted; "auto" leaves a decision to the
    agent. Returns None when every decision is left to the agent.

    Raises:
        ChoiceError: for a decision the role does not take or an option it does not have.

    """
    given: dict[str, Any] = {}
    for name, key in choice.items():
        options = role.choices(str(name))
        if not options:
            raise ChoiceError(
                f"{role.title} does not decide {str(name)[:40]!r}; its decisions: "
                f"{', '.join(role.decisions)}"
            )
        keys = [k for k, _ in options]
        if key not in keys:
            raise ChoiceError(
                f"{str(key)[:40]!r} is not an option of {role.title}'s decision {name!r}; "
                f"choose one of: {', '.join(keys)}"
            )
        value = _value(_BY_NAME[str(name)], str(key))
        if value is not None:
            given[str(name)] = value
    return Orders(**given) if given else None
