"""The plain-English sentences of the decision log, rendered from structured outcomes.

Every ``reason`` a student reads comes from one template here, filled with the facts of an
:class:`~resetsim.model.outcomes.Outcome`: ``{topic}`` / ``{Topic}`` (the proposal's topic,
capitalised), ``{side}`` (how sentences name the side), ``{chamber}`` / ``{Chamber}`` and the
outcome's own facts.
"""

from __future__ import annotations

from collections.abc import Mapping

from resetsim.model.outcomes import Outcome

__all__ = ["DIRECTIONS", "SENTENCES", "move_sentence", "reason"]

DIRECTIONS: dict[str, str] = {
    "clash": "hostile",
    "shock": "hostile",
    "congress": "hostile",
    "escalation": "hostile",
    "deal": "cooperative",
    "withdrawal": "hostile",
}
"""The ``direction`` of an ``events()`` row by kind; leader and structure changes have none."""

_REFUSED = (
    "{Chamber} {what}: {yes}-{no}, short of the {needed} votes needed; "
    "{leader} cast the most votes against."
)

SENTENCES: dict[str, str] = {
    "tabled": "President {president} put {topic} on the agenda "
    "(stance {stance:+.2f}, capital {capital:.2f}).",
    "rejected": "President {president} turned down {topic}: his support was {answer:+.3f}, "
    "below the {threshold:+.3f} he needs to engage.",
    "overridden": "President {president} overrode the objections of {worst} (its support "
    "{worst_support:+.2f}) and decided {topic} himself; now it must be implemented and "
    "survive the legislature.",
    "held_out": "Inside the {side} government {worst} held out against {topic} (its support "
    "{worst_support:+.2f}); the weighted support {score:+.2f} stayed below the bar "
    "{bar:+.2f} and President {president}'s command share of {command_share:.0%} could not "
    "override it.",
    "went_along": "Inside the {side} government the agencies went along with {topic} "
    "(weighted support {score:+.2f}; {worst} was the most reluctant at {worst_support:+.2f}).",
    "codified": "{Chamber} passed a veto-proof statute {yes}-{no} that codifies the core "
    "interest and undoes {topic}; {leader} led the revolt.",
    "ratified": "{Chamber} approved {topic} {yes}-{no} ({needed} votes needed).",
    "initiated": "{faction} originated {topic} in {chamber}, without waiting for the president.",
    "passed_statute": "{Chamber} passed {topic} {yes}-{no} ({needed} votes needed), a measure "
    "{faction} originated.",
    "refused_treaty": _REFUSED.replace("{what}", "refused consent to {topic}"),
    "refused_statute": _REFUSED.replace("{what}", "voted down {topic}"),
    "refused_appropriation": _REFUSED.replace("{what}", "refused the money for {topic}"),
    "restored_aid": _REFUSED.replace(
        "{what}", "wrote the aid back into the appropriations bill, reversing {topic}"
    ),
    "slow_rolled": "By {date} the {side} side had delivered {share:.0%} of {topic}, promised "
    "in full after {months} months; {agency} lagged most ({done:.0%} done: {opposition:.0%} "
    "of the work withheld by its opposition, {routine:.0%} lost to routine slowness).",
    "implemented": "{Topic} was fully implemented after {elapsed} months ({months} promised).",
    "anticipated": "President {president} did not table {topic}: counting the votes, he "
    "expected {expected} of {total} {what} it in {chamber}, where {needed} decide; {leader} "
    "would have led the opposition.",
    "withdrawn": "President {president} withdrew the {side} side from {topic}: his government "
    "valued it at {value:+.2f} ({agency} pressed hardest against it), he saw the {other} side "
    "complying at {compliance:.0%} and the relationship stood at {relationship:+.2f}.",
    "filibustered": "{Chamber} did not close debate on {topic}: {yes}-{no}, short of the "
    "{needed} votes cloture needs; {leader} cast the most votes against.",
    "principal_approved": "{Principal} approved {topic} (support {support:+.2f}, above the "
    "bar {bar:+.2f}).",
    "principal_veto": "{Principal} vetoed {topic}, which the {side} executive had adopted: his "
    "support {support:+.2f} was not above the bar {bar:+.2f}.",
    "principal_approved_played": "{Principal}, played by a student, approved {topic} (by his "
    "rule: support {support:+.2f} against the bar {bar:+.2f}).",
    "principal_veto_played": "{Principal}, played by a student, vetoed {topic}, which the "
    "{side} executive had adopted (by his rule: support {support:+.2f} against the bar "
    "{bar:+.2f}).",
    "disapproval_passed": "Under the {act}, {chamber} passed {topic} {yes}-{no} ({needed} "
    "votes needed).",
    "disapproval_failed": "Under the {act}, {chamber} rejected {topic}: {yes}-{no}, short of "
    "the {needed} votes needed; {leader} cast the most votes against.",
    "disapproval_filibustered": "Under the {act}, {chamber} could not close debate on {topic}: "
    "{yes}-{no}, short of the {needed} votes cloture needs.",
    "vetoed": "President {president} vetoed {topic}.",
    "signed_unstoppable": "President {president} signed {topic}, which he opposed: counting "
    "the votes, he expected {expected} in {chamber} to override a veto, where {needed} "
    "decide.",
    "originated": "Distrusting President {president}'s course towards the {other} side "
    "(distrust {distrust:.2f}), {chamber} took up {topic} on its own.",
    "aid_floor": "{Topic} could not go ahead: the {statute}, enacted by {chamber}, fixes a "
    "floor of support President {president} cannot lower.",
    "override_passed": "{Chamber} overrode the veto of {topic} {yes}-{no} ({needed} votes needed).",
    "override_failed": "{Chamber} sustained the veto of {topic}: {yes}-{no} to override, short "
    "of the {needed} votes needed.",
    "override_filibustered": "{Chamber} sustained the veto of {topic}: {yes}-{no} to override, "
    "short of the {needed} votes needed.",
    "disapproved": "Under the {act}, the {side} legislature disapproved {topic}; the deal ends.",
    "linkage_lapsed": "President {president} let {topic} lapse: the other side had made it "
    "conditional on {condition}, which was not agreed within {months} months.",
    "dropped": "{Topic} was dropped after {elapsed} months ({months} promised) with "
    "{delivered:.0%} delivered; {agency} had done {done:.0%}.",
}
"""One template per ``Outcome.story``."""


def _cap(text: str) -> str:
    return text[:1].upper() + text[1:]


def reason(outcome: Outcome, side_labels: Mapping[str, str], chamber: str = "") -> str:
    """The sentence that tells ``outcome``.

    Args:
        outcome: the decision's structured outcome.
        side_labels: how sentences name each side id (e.g. ``{"US": "US"}``).
        chamber: the name of the side's legislature, for roll calls.

    """
    topic = outcome.proposal.topic
    yes_no = {"yes": outcome.votes[0], "no": outcome.votes[1]} if outcome.votes else {}
    return SENTENCES[outcome.story].format(
        topic=topic,
        Topic=_cap(topic),
        side=side_labels.get(outcome.side, outcome.side),
        chamber=chamber,
        Chamber=_cap(chamber),
        **yes_no,
        **outcome.facts,
    )


def move_sentence(title: str, label: str, answered: str = "") -> str:
    """The ``event`` sentence of an actor's move, naming the move it answers if any.

    >>> move_sentence("the Duma", "banned US adoptions", "Congress passed the Magnitsky Act")
    'Congress passed the Magnitsky Act; in answer the Duma banned US adoptions'
    """
    if answered:
        return f"{answered}; in answer {title} {label}"
    return f"{_cap(title)} {label}"
