"""The debrief: the class's run beside the model's own run of the same seed and events.

The comparison run is the session record with every choice removed
(:meth:`~resetsim.viz.classroom.record.SessionRecord.unplayed`): same scenario, seed, turns
and injected opportunities, every actor played by its own rules. For each role that was
played, the figures of that actor in both runs ("your Defence Ministry delivered 40% of its
work on deals by their due dates; the model's delivered 55%"), and for the run as a whole
the scoreboard (:func:`resetsim.viz.scoreboard.run_scores`). :func:`export` writes the
choices, both runs and the comparison as CSV and Parquet, and the relationship chart as PNG.
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pandas as pd

from resetsim.viz.classroom.record import Play, SessionRecord
from resetsim.viz.scoreboard import SCORE_LABELS, run_scores

__all__ = ["Debrief", "choices_table", "debrief", "export", "role_figures"]


def _share(values: list[float]) -> str:
    return f"{sum(values) / len(values):.0%}" if values else "no deal fell due"


def role_figures(play: Play, actor: str) -> dict[str, str]:
    """The figures of ``actor`` in ``play``'s run, by label, as the debrief shows them."""
    model = play.model
    role = play.roles[actor]
    log = model.log_now()
    blamed = int((log["blocked_by"] == play.agents[actor].name).sum()) if len(log) else 0
    stance = play.agents[actor].stance
    figures: dict[str, str] = {}
    if role.family == "president":
        mine = log[log["side"] == role.side] if len(log) else log
        last = model.timeseries_now().iloc[-1]
        figures["proposals tabled"] = str(int((mine["outcome"] == "tabled").sum()) if len(mine)
                                          else 0)  # fmt: skip
        figures["capital at the end"] = f"{last[f'{role.side.lower()}_capital']:.2f}"
    elif role.family == "bureaucracy":
        figures["work on deals done by their due dates"] = _share(play.delivered.get(actor, []))
        figures["times it blocked or slow-rolled"] = str(blamed)
    elif role.family == "principal":
        figures["deals he vetoed"] = str(blamed)
        mine = log[log["side"] == role.side] if len(log) else log
        approved = mine["reason"].str.startswith(role.title[:1].upper() + role.title[1:])
        figures["deals he approved"] = str(int((approved & (mine["outcome"] == "adopted")).sum())
                                           if len(mine) else 0)  # fmt: skip
    else:
        figures["roll calls it led the votes against"] = str(blamed)
    figures["stance at the end"] = f"{stance:+.2f}"
    return figures


@dataclass(frozen=True)
class Debrief:
    """The class's run and the model's own run, compared.

    Attributes:
        roles: one row per figure of each played role: role, figure, class, model.
        scores: one row per scoreboard figure: figure, class, model.
        own: the model's own run (a :class:`~resetsim.viz.classroom.record.Play`).

    """

    roles: pd.DataFrame
    scores: pd.DataFrame
    own: Play

    def sentences(self) -> list[str]:
        """One sentence per role figure that differs between the two runs."""
        out = []
        for row in self.roles.itertuples(index=False):
            if row.students != row.model:
                role = row.role[:1].upper() + row.role[1:]
                out.append(f"{role}: {row.figure}: yours {row.students}, "
                           f"the model's {row.model}.")  # fmt: skip
        return out


def _score_text(name: str, value: Any) -> str:
    if isinstance(value, float) and math.isnan(value):
        return "none"
    if name == "delivered_share":
        return f"{value:.0%}"
    return str(value) if value != "" else "nobody"


def _scores(play: Play) -> dict[str, Any]:
    model = play.model
    return run_scores(model.timeseries_now(), model.log_now(), model.resets())


def debrief(record: SessionRecord, played: Play) -> Debrief:
    """Compare ``played`` (the run of ``record``) with the model's own run of it."""
    own = Play.of(record.unplayed())
    actors = [a for a in played.roles if any(a in t.choices for t in record.turns)]
    rows = []
    for actor in actors:
        title = played.roles[actor].title
        theirs, mine = role_figures(played, actor), role_figures(own, actor)
        rows += [
            {"role": title, "figure": label, "students": value, "model": mine[label]}
            for label, value in theirs.items()
        ]
    ours, model = _scores(played), _scores(own)
    scores = [
        {"figure": label, "students": _score_text(k, ours[k]), "model": _score_text(k, model[k])}
        for k, label in SCORE_LABELS.items()
    ]
    return Debrief(
        pd.DataFrame(rows, columns=["role", "figure", "students", "model"]),
        pd.DataFrame(scores, columns=["figure", "students", "model"]),
        own,
    )


def choices_table(record: SessionRecord) -> pd.DataFrame:
    """One row per turn, role and decision: who chose what (and the opportunities injected)."""
    rows, month = [], 0
    for number, turn in enumerate(record.turns, start=1):
        for key in turn.injected:
            rows.append({"turn": number, "first_month": month + 1, "months": turn.months,
                         "actor": "", "player": "teacher", "decision": "inject",
                         "option": key})  # fmt: skip
        for actor, choice in turn.choices.items():
            for decision, option in choice.items():
                rows.append({"turn": number, "first_month": month + 1, "months": turn.months,
                             "actor": actor, "player": turn.players.get(actor, ""),
                             "decision": decision, "option": option})  # fmt: skip
        month += turn.months
    columns = ["turn", "first_month", "months", "actor", "player", "decision", "option"]
    return pd.DataFrame(rows, columns=columns)


def export(record: SessionRecord, played: Play, folder: str | Path) -> list[Path]:
    """Write the session's tables (CSV and Parquet) and relationship chart (PNG) to ``folder``.

    Returns the files written: ``choices``, ``runs`` (both runs' timeseries, column ``run``
    = ``class`` or ``model``), ``roles`` and ``scores`` (the comparison), and
    ``relationship.png``.
    """
    from resetsim.viz.dashboard_figures import RelationshipFigure

    out = Path(folder)
    out.mkdir(parents=True, exist_ok=True)
    result = debrief(record, played)
    runs = pd.concat(
        [played.model.timeseries().assign(run="class"),
         result.own.model.timeseries().assign(run="model")],
        ignore_index=True,
    )  # fmt: skip
    tables = {"choices": choices_table(record), "runs": runs, "roles": result.roles,
              "scores": result.scores}  # fmt: skip
    written = []
    for name, table in tables.items():
        table.to_csv(out / f"{name}.csv", index=False)
        table.to_parquet(out / f"{name}.parquet", index=False)
        written += [out / f"{name}.csv", out / f"{name}.parquet"]
    ghost = result.own.model.timeseries()["relationship"].to_numpy(dtype=float)
    figure = RelationshipFigure(played.model, (("the model's own run", ghost),), False)
    (out / "relationship.png").write_bytes(figure.render(played.model))
    written.append(out / "relationship.png")
    return written
