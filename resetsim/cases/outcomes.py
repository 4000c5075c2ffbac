"""Recorded outcomes of a case: the schema and loader of ``data/cases/<case>.toml``.

A case's outcomes file is the public record a run of the case's scenario is scored
against. It is written apart from the scenario and never read by the model. Each entry is
one of five kinds, each mapped onto a run table:

* ``proposal``: a proposal (by its id in the scenario) reached an outcome (``ratified``,
  ``adopted``, ``blocked``, ``withdrawn``, ``implemented`` ... the ``outcome`` column of
  ``decision_log()``) on one side or on ``both``, within a window of months; or, with
  ``happened = false``, it did not within the case.
* ``move``: an actor of a side made a move of a kind of the scenario's ``[[moves]]``
  repertoire (an expulsion, a sanctions round) within a window (``kind`` of ``events()``,
  the actors' own rows), or, with ``happened = false``, did not.
* ``vote``: a roll call on a proposal in one chamber, with its yes and no votes
  (``votes_yes`` and ``votes_no`` of ``decision_log()``).
* ``crisis``: Giles's ``crisis`` phase began (``mode = "onset"``) or was present
  (``mode = "any"``) within a window (``phase`` of ``timeseries()``), or not.
* ``reset``: a reset episode started within a window (``start_date`` of ``resets()``), or not.
* ``opinion``: a survey series to set beside a per-side column of ``timeseries()``, such
  as ``us_public_favourability`` (0-100).

The only names a case's scenario must share with its outcomes file are the proposal ids
and the side ids. The windows of ``proposal`` and ``vote`` entries default to: from the
case's start to the recorded month plus ``tolerance_months`` (capped at the case's end)
when the outcome happened, to the case's end when it did not. See
``docs/how-to/add-a-case.md``.
"""

from __future__ import annotations

import tomllib
from collections.abc import Iterable
from pathlib import Path
from typing import Annotated, Any, Literal

from pydantic import BaseModel, ConfigDict, Field, ValidationError, field_validator, model_validator

from resetsim.calendar import format_month, parse_month
from resetsim.cases.errors import CaseError, field_problems
from resetsim.model.outcomes import PROPOSAL_OUTCOMES

__all__ = [
    "BINARY_KINDS",
    "PROPOSAL_OUTCOMES",
    "CaseError",
    "CaseRecord",
    "CrisisOutcome",
    "MoveOutcome",
    "OpinionOutcome",
    "OpinionPoint",
    "ProposalOutcome",
    "ResetOutcome",
    "Side",
    "VoteOutcome",
    "case_dir",
    "list_cases",
    "load_case",
    "load_cases",
]


BINARY_KINDS = ("proposal", "move", "crisis", "reset")
"""Outcome kinds that happened or did not, scored with a Brier score."""

BOTH = "both"
_SLUG = r"^[a-z0-9][a-z0-9-]*$"
_MONTH = r"^\d{4}-(0[1-9]|1[0-2])$"
Month = Annotated[str, Field(pattern=_MONTH, description="a calendar month, YYYY-MM")]
Slug = Annotated[str, Field(pattern=_SLUG, max_length=80)]
Text = Annotated[str, Field(min_length=1, max_length=2000)]


class _Strict(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)


class _Entry(_Strict):
    """Fields every recorded outcome has."""

    id: Slug
    label: Text
    source: Text = Field(description="where the record comes from: a named reference")


class _Dated(_Entry):
    """An outcome that happened in a recorded month, or did not happen within the case."""

    happened: bool
    date: Month | None = None
    after: Month | None = None
    by: Month | None = None

    @model_validator(mode="after")
    def _date_if_happened(self) -> _Dated:
        if self.happened and self.date is None:
            raise ValueError('an outcome that happened needs its month: date = "YYYY-MM"')
        if not self.happened and self.date is not None:
            raise ValueError(
                "an outcome that did not happen has no date; use after/by for its window"
            )
        return self


class ProposalOutcome(_Dated):
    """A proposal reached (or did not reach) an outcome on a side, within a window."""

    kind: Literal["proposal"]
    proposal: Slug
    side: str = Field(description="a side id of the case, or 'both'")
    outcome: tuple[str, ...] = Field(min_length=1)
    blocked_by: str | None = Field(
        None,
        min_length=1,
        description="only the log rows whose blocked_by is this actor (e.g. a principal's veto)",
    )

    @field_validator("outcome", mode="before")
    @classmethod
    def _one_or_many(cls, value: Any) -> Any:
        return (value,) if isinstance(value, str) else value

    @field_validator("outcome")
    @classmethod
    def _known(cls, value: tuple[str, ...]) -> tuple[str, ...]:
        bad = [v for v in value if v not in PROPOSAL_OUTCOMES]
        if bad:
            raise ValueError(
                f"{bad[0]!r} is not an outcome; allowed: {', '.join(PROPOSAL_OUTCOMES)}"
            )
        return value


class MoveOutcome(_Dated):
    """An actor of ``side`` made (or did not make) a move of kind ``act``, within a window."""

    kind: Literal["move"]
    act: Slug = Field(description="a move kind of the scenario's [[moves]], e.g. expulsion")
    side: str = Field(description="a side id of the case")


class VoteOutcome(_Entry):
    """A roll call on a proposal in one chamber of one side."""

    kind: Literal["vote"]
    proposal: Slug
    side: str
    chamber: Text
    date: Month
    yes: int = Field(ge=0, le=5000)
    no: int = Field(ge=0, le=5000)
    after: Month | None = None
    by: Month | None = None

    @model_validator(mode="after")
    def _someone_voted(self) -> VoteOutcome:
        if self.yes + self.no == 0:
            raise ValueError("a roll call needs at least one yes or no vote")
        return self

    @property
    def yes_share(self) -> float:
        """Share of yes among yes and no votes."""
        return self.yes / (self.yes + self.no)


class _Windowed(_Entry):
    window: tuple[Month, Month]
    happened: bool

    @model_validator(mode="after")
    def _ordered(self) -> _Windowed:
        if parse_month(self.window[0]) > parse_month(self.window[1]):
            raise ValueError(f"window starts after it ends: {list(self.window)}")
        return self


class CrisisOutcome(_Windowed):
    """Giles's crisis phase began (``onset``) or was present (``any``) within the window."""

    kind: Literal["crisis"]
    mode: Literal["onset", "any"] = "onset"


class ResetOutcome(_Windowed):
    """A reset episode started within the window."""

    kind: Literal["reset"]


class OpinionPoint(_Strict):
    """One survey reading, in percent."""

    date: Month
    value: float = Field(ge=0, le=100, allow_inf_nan=False)


class OpinionOutcome(_Entry):
    """A survey series for a per-side ``timeseries()`` column on a 0-100 scale."""

    kind: Literal["opinion"]
    column: str = Field(pattern=r"^[a-z]{2,3}_[a-z_]+$")
    points: tuple[OpinionPoint, ...] = Field(min_length=1)


Outcome = Annotated[
    ProposalOutcome | MoveOutcome | VoteOutcome | CrisisOutcome | ResetOutcome | OpinionOutcome,
    Field(discriminator="kind"),
]


class Side(_Strict):
    """A side of the case: its id (as in the scenario) and its chambers, first the main one."""

    id: str = Field(pattern=r"^[A-Z]{2,3}$")
    name: Text
    chambers: tuple[Text, ...] = ()


class CaseRecord(_Strict):
    """The recorded outcomes of one case, with its window, sides and information cut-off."""

    case: Slug
    title: Text
    scenario: Text
    start: Month
    end: Month
    cutoff: Month = Field(description="the last month whose events the case's scenario may use")
    in_sample: bool = Field(False, description="True if the model was calibrated on this case")
    record_note: Text
    tolerance_months: int = Field(12, ge=0, le=120)
    sides: tuple[Side, ...] = Field(min_length=2)
    outcomes: tuple[Outcome, ...] = Field(min_length=1)

    def problems(self) -> list[tuple[str, str]]:
        """Cross-field problems as ``(field, message)``; :func:`parse_case` raises on any.

        Months outside the case, unknown sides or chambers, repeated ids.
        """
        first, last = parse_month(self.start), parse_month(self.end)
        out: list[tuple[str, str]] = []
        if first > last:
            out.append(("start", f"{self.start} is after end {self.end}"))
        if parse_month(self.cutoff) > first:
            out.append(("cutoff", f"{self.cutoff} is after start {self.start}"))
        ids = [s.id for s in self.sides]
        if len(set(ids)) != len(ids):
            out.append(("sides", f"side ids repeat: {ids}"))
        seen: set[str] = set()
        for i, o in enumerate(self.outcomes):
            where = f"outcomes[{i}] ({o.id})"
            if o.id in seen:
                out.append((f"{where}.id", "this id is used twice"))
            seen.add(o.id)
            out.extend((f"{where}.{f}", m) for f, m in self._outcome_problems(o, ids))
        return out

    def _outcome_problems(self, o: Any, ids: list[str]) -> list[tuple[str, str]]:
        first, last = parse_month(self.start), parse_month(self.end)
        out: list[tuple[str, str]] = []
        side = getattr(o, "side", None)
        allowed = [*ids, BOTH] if isinstance(o, ProposalOutcome) else ids
        if side is not None and side not in allowed:
            out.append(("side", f"{side!r} is not one of {', '.join(allowed)}"))
        if isinstance(o, VoteOutcome) and side in ids:
            chambers = self.side(side).chambers
            if o.chamber not in chambers:
                out.append(
                    (
                        "chamber",
                        f"{o.chamber!r} is not one of side {side}'s chambers {list(chambers)}",
                    )
                )
        months = [(k, getattr(o, k, None)) for k in ("date", "after", "by")]
        months += [("window", m) for m in getattr(o, "window", ())]
        months += [("points", p.date) for p in getattr(o, "points", ())]
        for field, month in months:
            if month is not None and not first <= parse_month(month) <= last:
                out.append((field, f"{month} is outside the case ({self.start} to {self.end})"))
        return out

    def side(self, side_id: str) -> Side:
        """The side with this id."""
        return next(s for s in self.sides if s.id == side_id)

    def window(self, outcome: Any) -> tuple[str, str]:
        """The months ``(from, to)`` within which a run's outcome counts, both included.

        Crisis and reset entries give their window. Proposal and vote entries give
        ``after``/``by`` or take defaults: from the case's start, to the recorded month
        plus ``tolerance_months`` (capped at the case's end) when it happened, else to the
        case's end.
        """
        if isinstance(outcome, CrisisOutcome | ResetOutcome):
            return outcome.window
        after = outcome.after or self.start
        if outcome.by is not None:
            return after, outcome.by
        if outcome.date is None:
            return after, self.end
        late = min(parse_month(outcome.date) + self.tolerance_months, parse_month(self.end))
        return after, format_month(late)

    def of_kind(self, *kinds: str) -> list[Any]:
        """The outcomes of the given kinds, in file order."""
        return [o for o in self.outcomes if o.kind in kinds]


def parse_case(data: dict, source: str = "<outcomes>") -> CaseRecord:
    """Validate a parsed outcomes file.

    Raises:
        CaseError: one line per problem, ``FILE: FIELD: what is wrong``.

    """
    try:
        record = CaseRecord.model_validate(data)
    except ValidationError as exc:
        raise CaseError(field_problems(exc.errors(), data, source)) from None
    problems = record.problems()
    if problems:
        raise CaseError(f"{source}: {field}: {message}" for field, message in problems)
    return record


def case_dir() -> Path:
    """The folder of shipped outcome files (inside the wheel, or the source tree's data/cases/)."""
    here = Path(__file__).resolve().parent.parent
    packaged = here / "data" / "cases"
    return packaged if packaged.is_dir() else here.parent / "data" / "cases"


def list_cases() -> list[str]:
    """Names of the shipped cases, sorted."""
    return sorted(p.stem for p in case_dir().glob("*.toml"))


def load_case(name_or_path: str | Path) -> CaseRecord:
    """Load one outcomes file: a shipped case name or a path to a ``.toml`` file.

    A ``scenario`` given as a relative ``.toml`` path is taken from the outcomes file's
    folder (so a case and its scenario can be kept together anywhere).

    Raises:
        CaseError: if the file is missing, not TOML, or not valid (one line per problem).

    """
    text = str(name_or_path)
    path = Path(text) if text.endswith(".toml") or "/" in text else case_dir() / f"{text}.toml"
    if not path.is_file():
        known = ", ".join(list_cases()) or "none"
        raise CaseError([f"{path}: no such outcomes file (shipped cases: {known})"])
    try:
        data = tomllib.loads(path.read_text(encoding="utf-8"))
    except tomllib.TOMLDecodeError as exc:
        raise CaseError([f"{path}: not valid TOML: {exc}"]) from None
    record = parse_case(data, str(path))
    if path.stem != record.case:
        raise CaseError([f"{path}: case: {record.case!r} differs from the file name {path.stem!r}"])
    scenario = Path(record.scenario)
    if scenario.suffix == ".toml" and not scenario.is_absolute():  # beside the outcomes file
        record = record.model_copy(update={"scenario": str(path.parent.resolve() / scenario)})
    return record


def load_cases(names: Iterable[str | Path] | None = None) -> dict[str, CaseRecord]:
    """Load several outcomes files (default: every shipped case), keyed by case name."""
    records = [load_case(n) for n in (list_cases() if names is None else names)]
    return {r.case: r for r in records}
