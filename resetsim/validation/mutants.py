"""Validation with one mechanism broken: would the page notice?

A validation page earns trust only if it would change when the model were wrong. Each
:class:`Mutant` replaces, for the duration of one run, the very method the model calls
for one mechanism (a monkeypatch applied inside the run function, so it holds in worker
processes too and is undone when the run ends):

- ``no-retaliation``: :meth:`MoveRepertoire.answer` answers a hostile move
  of the other side with nothing (Jervis's action-reaction spiral cut; reciprocated
  gestures, Osgood's GRIT, are kept);
- ``no-persuasion``: :meth:`~resetsim.agents.president.President.persuade_all` does
  nothing (Neustadt's power to persuade deleted);
- ``simple-majority-treaty``: every chamber ratifies treaties by a simple majority instead
  of its two-thirds bar (:func:`~resetsim.model.stages.decision.required_vote` for the
  main chamber, :meth:`~resetsim.agents.chamber.Chamber.share_for` for each chamber).

:func:`mutant_controls` gives the full, null and placebo ensembles of
:class:`~resetsim.validation.mechanism.Controls` with the mutant in place, so every claim
of :mod:`resetsim.validation.claims` is judged exactly as on the validation page.
:func:`compare` pairs the real and the mutant results claim by claim (same seeds: common
random numbers) and :func:`mutant_page` writes the mutant's page with its difference from
the real one (``scripts/mutant_page.py``).

Reference:
    DeMillo, R. A., Lipton, R. J. & Sayward, F. G. (1978). Hints on test data selection:
    help for the practicing programmer. Computer 11(4), 34-41 (mutation analysis).
"""

from __future__ import annotations

import contextlib
import functools
from collections.abc import Callable, Iterator, Mapping, Sequence
from dataclasses import dataclass
from typing import Any

import pandas as pd

from resetsim.validation.ensemble import Ensembles, record_run
from resetsim.validation.intervals import bootstrap_difference
from resetsim.validation.mechanism import ClaimResult, Controls, evaluate, interval_text
from resetsim.validation.nulls import null_model, record_placebo_run

__all__ = ["MUTANTS", "Mutant", "broken", "compare", "mutant_controls", "mutant_run"]


@dataclass(frozen=True)
class Mutant:
    """One mechanism broken by replacing the attributes the model calls for it.

    Attributes:
        name: short id (``--mutant`` on the command line).
        what: the break, in words.
        expected: which patterns should change, by the model's own logic (stated before
            running it).
        patches: ``(owner, attribute, make)``: ``owner`` is ``module:Class`` or a module,
            ``attribute`` the method or function replaced there, ``make`` builds the
            replacement from the original.

    """

    name: str
    what: str
    expected: str
    patches: tuple[tuple[str, str, Callable[[Any], Any]], ...]

    def targets(self) -> list[tuple[Any, str, Callable[[Any], Any]]]:
        """``(object, attribute, make)`` per patch: the class or module that is patched."""
        import importlib

        out = []
        for owner, attribute, make in self.patches:
            module, _, cls = owner.partition(":")
            where = importlib.import_module(module)
            out.append((getattr(where, cls) if cls else where, attribute, make))
        return out


def _no_retaliation(answer: Callable[..., Any]) -> Callable[..., Any]:
    @functools.wraps(answer)
    def mutant(self, direction: str, *args: Any, **kwargs: Any) -> Any:
        return None if direction == "hostile" else answer(self, direction, *args, **kwargs)

    return mutant


def _no_persuasion(persuade_all: Callable[..., Any]) -> Callable[..., Any]:
    @functools.wraps(persuade_all)
    def mutant(self, *args: Any, **kwargs: Any) -> None:
        return None

    return mutant


def _majority_share_for(share_for: Callable[..., Any]) -> Callable[..., Any]:
    @functools.wraps(share_for)
    def mutant(self, instrument: str) -> float:
        return share_for(self, "statute" if instrument == "treaty" else instrument)

    return mutant


def _majority_required_vote(required_vote: Callable[..., Any]) -> Callable[..., Any]:
    @functools.wraps(required_vote)
    def mutant(model: Any, side: str, spec: Any) -> Any:
        plan = required_vote(model, side, spec)
        if plan is None or spec.instrument != "treaty":
            return plan
        return plan[0], plan[1], model.legislatures[side].majority_share

    return mutant


MUTANTS: dict[str, Mutant] = {
    m.name: m
    for m in (
        Mutant(
            "no-retaliation",
            "retaliation deleted: an actor answers a hostile move of the other side with "
            "nothing (`Actor.answer`, stage 1b); gestures are still reciprocated",
            "patterns 2 and 9 (the generative history, whose crises are meant to come out "
            "of action-reaction spirals) should weaken: fewer crises in the windows, fewer "
            "full cycles, less escalation; obama-2009 lists no actor moves, so patterns 1 "
            "and 3-8 should not change",
            (("resetsim.agents.repertoire:MoveRepertoire", "answer", _no_retaliation),),
        ),
        Mutant(
            "no-persuasion",
            "persuasion deleted: a president moves nobody in his government "
            "(`President.persuade_all`, stage 3)",
            "the obama-2009 patterns that hang on what presidents get through their "
            "governments (4, 7, 8) should change",
            (("resetsim.agents.president:President", "persuade_all", _no_persuasion),),
        ),
        Mutant(
            "simple-majority-treaty",
            "the two-thirds treaty bar made a simple majority (`required_vote` of the "
            "main chamber and `Chamber.share_for` of every chamber, stage 6)",
            "only treaties change; no claim's proposals are treaties, so the page should "
            "hardly change (a mutant the page is not built to see)",
            (
                ("resetsim.model.stages.decision", "required_vote", _majority_required_vote),
                ("resetsim.agents.chamber:Chamber", "share_for", _majority_share_for),
            ),
        ),
    )
}


def _mutant(name: str) -> Mutant:
    """The mutant called ``name``; a ValueError naming the known ones otherwise."""
    if name not in MUTANTS:
        raise ValueError(f"unknown mutant {name!r}; known: {', '.join(MUTANTS)}")
    return MUTANTS[name]


@contextlib.contextmanager
def broken(name: str) -> Iterator[Mutant]:
    """Within the block, mutant ``name``'s method replaces the real one (then restored)."""
    mutant = _mutant(name)
    saved = [(where, attribute, vars(where)[attribute]) for where, attribute, _ in mutant.targets()]
    for (where, attribute, original), (_, _, make) in zip(saved, mutant.targets(), strict=True):
        setattr(where, attribute, make(original))
    try:
        yield mutant
    finally:
        for where, attribute, original in saved:
            setattr(where, attribute, original)


def mutant_run(name: str, sc: Any, seed: Any = 0, months: int | None = None,
               actors: bool = False, base: Callable[..., Any] = record_run):  # fmt: skip
    """A run function for the batch engine: ``base``'s run with mutant ``name`` in place."""
    with broken(name):
        return base(sc, seed=seed, months=months, actors=actors)


def mutant_controls(
    name: str, workers: int = 1, null_parameters: Mapping[str, Any] | None = None
) -> Controls:
    """:class:`Controls` whose full, null and placebo runs all carry mutant ``name``."""
    _mutant(name)  # an unknown name fails here, before any run
    ctl = Controls(workers=workers, null_parameters=null_parameters)
    run = functools.partial(mutant_run, name)
    ctl.full = Ensembles(workers=workers, run_fn=run)
    ctl.null = Ensembles(workers=workers, run_fn=run, prepare=null_model)
    ctl.placebo = Ensembles(
        workers=workers, run_fn=functools.partial(mutant_run, name, base=record_placebo_run)
    )
    return ctl


def compare(real: Sequence[ClaimResult], mutant: Sequence[ClaimResult]) -> pd.DataFrame:
    """Claim by claim: the real and the mutant full model, their paired difference, verdicts.

    ``mutant - real`` is the mean over paired seeds of the per-seed statistic of the full
    model with the mutant minus without it, with its paired bootstrap 95% interval
    (percentage points for share claims). ``changed`` says whether the verdict moved.
    """
    rows = []
    for r, m in zip(real, mutant, strict=True):
        unit, points = ("%", "pts") if r.claim.kind == "share" else ("", "")
        diff = bootstrap_difference(m.values["full"], r.values["full"])
        rows.append(
            {
                "pattern": r.claim.pattern,
                "statistic": r.claim.statistic,
                "claim": r.claim.claim_text,
                "real (95% CI)": interval_text(r.estimate, r.low, r.high, unit),
                "mutant (95% CI)": interval_text(m.estimate, m.low, m.high, unit),
                "mutant - real (95% CI)": interval_text(*diff, unit=points),
                "real verdict": r.verdict,
                "mutant verdict": m.verdict,
                "changed": "yes" if r.verdict != m.verdict else "",
            }
        )
    return pd.DataFrame(rows)


def evaluate_both(
    name: str,
    seeds: Sequence[int],
    workers: int = 1,
    null_parameters: Mapping[str, Any] | None = None,
) -> tuple[list[ClaimResult], list[ClaimResult]]:
    """Every claim judged on the real model and with mutant ``name``, on the same seeds."""
    real = evaluate(seeds, workers=workers, null_parameters=null_parameters)
    ctl = mutant_controls(name, workers, null_parameters)
    return real, evaluate(seeds, controls=ctl)


def page_lines(
    name: str,
    real: Sequence[ClaimResult],
    mutant: Sequence[ClaimResult],
    null_parameters: Mapping[str, Any] | None = None,
) -> list[str]:
    """Markdown lines of the mutant's page: what was broken, what changed, its full table."""
    from resetsim.validation.mechanism_page import headline_sentence, markdown, mechanism_section

    m = MUTANTS[name]
    diff = compare(real, mutant)
    moved = diff[diff["changed"] == "yes"]
    seeds = real[0].seeds
    changed = (
        f"**{len(moved)} of {len(diff)} claims change verdict**"
        + (": " + "; ".join(
            f"pattern {row['pattern']} '{row['statistic']}' {row['real verdict']} -> "
            f"{row['mutant verdict']}"
            for _, row in moved.iterrows()
        ) if len(moved) else "")
        + "."
    )  # fmt: skip
    section = mechanism_section(mutant, null_parameters)
    return [
        f"# Validation with a broken mechanism: `{name}`",
        "",
        "<!-- Generated by `python scripts/mutant_page.py`; do not edit by hand. -->",
        "",
        f"**Broken:** {m.what}. **Expected, by the model's own logic (stated before the "
        f"run):** {m.expected}.",
        "",
        "The page [validation.md](validation.md)'s comparison of every pattern with the null "
        "model and placebo calendars, rerun with the mechanism broken: the mutant replaces "
        "the method the model calls for it inside every "
        "run, full, null and placebo alike, and nothing else changes (same claims, same "
        f"seeds {seeds[0]}-{seeds[-1]}, same null calibration). If the page could not tell "
        "the mutant from the model, it would not be evidence for the mechanism.",
        "",
        "## What changed",
        "",
        "Real model: " + headline_sentence(real).strip("*"),
        "",
        "With the mutant: " + headline_sentence(mutant).strip("*"),
        "",
        changed,
        "",
        "Per claim, the full model without and with the mutant (95% intervals: Wilson for "
        "shares, paired bootstrap for differences) and the paired difference mutant minus "
        "real over the same seeds (common random numbers; percentage points for shares).",
        "",
        markdown(diff),
        "",
        *[line.replace("## ", "## With the mutant: ", 1) if line.startswith("## ") else line
          for line in section],
        "## Reproduce it",
        "",
        "```",
        f"python scripts/mutant_page.py --mutant {name} --seeds {len(seeds)} "
        "--null-calibration results/null",
        "```",
        "",
        f"Known mutants: {', '.join(f'`{k}`' for k in MUTANTS)}.",
    ]  # fmt: skip
