"""Role cards and the run sheet's lists, written from the scenario and the role-play's rules.

Each card is one role of :func:`~resetsim.viz.classroom.roles.roles_for`: who the actor is,
where it starts, what it decides each turn and what the model's agent does when the student
leaves a decision on "auto". The classroom pack's ``role-cards.md`` and ``run-sheet.md``
hold these texts as generated blocks (:mod:`resetsim.viz.teaching_pack`), so that a card
never promises a decision the server would refuse.
"""

from __future__ import annotations

from resetsim.viz.classroom.record import OPPORTUNITIES, Play
from resetsim.viz.classroom.roles import AUTO, DECISIONS
from resetsim.viz.classroom.session import DEFAULT_SCENARIO, TURN_LENGTHS

__all__ = ["opportunity_list", "role_cards"]

_FAMILY = {
    "president": "a president: tables proposals, persuades his government at a cost in "
    "capital, answers the other president and may decide over his agencies' heads "
    "(Neustadt 1960)",
    "principal": "a principal above the president (a Supreme Leader): you approve or veto "
    "the deals your executive adopted, and no one overrides you (Iran's Constitution, art. "
    "110; Sadjadpour 2008)",
    "bureaucracy": "an agency: argues in its executive and carries out the deals in its "
    "remit, as fast as it wants to (Allison & Halperin 1972; Halperin 1974)",
    "legislature": "a legislative faction: its members vote on treaties, statutes and money "
    "(Putnam 1988: the deal must pass at home too)",
}
_HELP = {d.name: (d.label, d.help) for d in DECISIONS}


def role_cards(scenario: str = DEFAULT_SCENARIO) -> str:
    """One Markdown card per role of ``scenario``, in roster order, both sides."""
    play = Play(scenario, 0)
    lines = []
    for role in play.roles.values():
        lines += [f"### {role.side_name}: {role.title[:1].upper()}{role.title[1:]}", "",
                  f"You are {_FAMILY[role.family]}.", ""]  # fmt: skip
        lines += [f"* {fact}" for fact in role.facts]
        lines += ["", "Each turn you decide:", ""]
        for name in role.decisions:
            label, rule = _HELP[name]
            options = ", ".join(f"*{text}*" for key, text in role.choices(name) if key != AUTO)
            lines.append(f"* **{label}**: {options}. Left on auto: {rule[:1].lower()}{rule[1:]}")
        lines.append("")
    return "\n".join(lines)


def opportunity_list(scenario: str = DEFAULT_SCENARIO) -> str:
    """The opportunities the teacher may inject, as they read in ``scenario``, and turn lengths."""
    spec = Play(scenario, 0).model.spec
    lines = [f"Turns last {', '.join(map(str, TURN_LENGTHS))} months (the console's toggle). "
             f"Opportunities the console can inject into `{scenario}`:", ""]  # fmt: skip
    for o in OPPORTUNITIES:
        lines.append(f"* {o.text(spec)} ({o.kind}, severity {o.severity:g})")
    return "\n".join(lines) + "\n"
