"""One browser session of the classroom dashboard: scenario, knobs, the run on screen, past runs.

The session is plain Python, so that every rule a teacher relies on in front of a class is
tested without a browser:

* the scenario is one of the library's names: a value a client sends is only compared with
  the library's names and never used as a path (:meth:`DashboardSession.pick`);
* Reset builds the picked scenario with the knobs and seed as set (:meth:`reset`); picking a
  scenario starts a new run at once, with the knobs at that scenario's own values;
* :meth:`changed` tells whether the knobs differ from the run on screen ("press Reset");
* each Reset keeps the run it replaces (its relationship line and scoreboard figures) for
  comparison, and "run 20 seeds" keeps the spread of the setting before.

The play loop steps the model from a worker thread while a click may reset it, so every
change goes through one lock.
"""

from __future__ import annotations

import threading
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

import numpy as np
import pandas as pd

from resetsim.scenario import Scenario, list_scenarios, load_scenario
from resetsim.viz.dashboard_model import (
    DEFAULT_SCENARIO,
    KNOBS,
    SEED_RANGE,
    DashboardModel,
    knob_overrides,
    knob_values,
)
from resetsim.viz.dashboard_presets import apply_preset
from resetsim.viz.scoreboard import run_scores, seed_spread

__all__ = [
    "MAX_GHOSTS",
    "MAX_RUNS",
    "DashboardSession",
    "RunRecord",
    "SpreadRecord",
    "describe_setting",
]

#: Past runs kept for the scoreboard, and drawn as ghost lines.
MAX_RUNS = 8
MAX_GHOSTS = 4


@dataclass(frozen=True)
class RunRecord:
    """A run that was on screen: what it was and what it scored.

    Attributes:
        number: 1 for the session's first run, then counting up.
        scenario: library name of its scenario.
        start: the scenario's first month, ``YYYY-MM``.
        seed: its seed.
        setting: the knobs that differed from the scenario, in words ("as shipped" if none).
        months: months it ran.
        relationship: the relationship index by month.
        scores: :func:`resetsim.viz.scoreboard.run_scores` of the run.

    """

    number: int
    scenario: str
    start: str
    seed: int
    setting: str
    months: int
    relationship: np.ndarray
    scores: dict[str, Any]

    @property
    def label(self) -> str:
        """Short label for a legend or a table row."""
        return f"run {self.number}: {self.scenario} seed {self.seed}, {self.setting}"


@dataclass(frozen=True)
class SpreadRecord:
    """The scoreboard figures of one knob setting over 20 seeds."""

    label: str
    runs: pd.DataFrame


def describe_setting(base: Scenario, knobs: Mapping[str, float]) -> str:
    """The knobs that differ from the scenario's own values, in words."""
    own = knob_values(base)
    labels = {k.name: ("RU " if k.side == "RU" else "") + k.label.split(": ")[-1] for k in KNOBS}
    moved = [
        f"{labels[name]} {value:g}"
        for name, value in knobs.items()
        if abs(value - own[name]) > 1e-9
    ]
    return ", ".join(moved) if moved else "as shipped"


class DashboardSession:
    """The state behind one dashboard page.

    Args:
        library: scenario name -> description; defaults to the shipped library
            (:func:`resetsim.list_scenarios`). Only these names can be picked.
        scenario: the scenario of the first run.

    """

    def __init__(
        self, library: Mapping[str, str] | None = None, scenario: str = DEFAULT_SCENARIO
    ) -> None:
        self.library = dict(library if library is not None else list_scenarios())
        self.names = list(self.library)
        self.lock = threading.RLock()
        self.scenario = scenario if scenario in self.library else self.names[0]
        self.base = load_scenario(self.scenario)
        self.knobs = knob_values(self.base)
        self.seed = 0
        self.error = ""
        self.refused = 0  # picks refused so far (the picker is redrawn after each)
        self.runs: list[RunRecord] = []
        self.spreads: list[SpreadRecord] = []
        self._count = 0
        self.model = self._build()

    # ------------------------------------------------------------------ building runs
    def _build(self) -> DashboardModel:
        self._count += 1
        self._built = (self.scenario, dict(self.knobs), self.seed)
        return DashboardModel(scenario_name=self.scenario, seed=self.seed, **self.knobs)

    def _record(self) -> RunRecord:
        model = self.model
        scenario, knobs, seed = self._built
        ts = model.timeseries()
        return RunRecord(
            number=self._count,
            scenario=scenario,
            start=model.spec.start,
            seed=seed,
            setting=describe_setting(load_scenario(scenario), knobs),
            months=int(model.month),
            relationship=ts["relationship"].to_numpy(dtype=float),
            scores=run_scores(ts, model.decision_log(), model.resets()),
        )

    def current(self) -> RunRecord:
        """The run on screen, as a record (its figures so far)."""
        with self.lock:
            return self._record()

    def reset(self) -> None:
        """Keep the run on screen (if it ran) and start the picked scenario with the knobs."""
        with self.lock:
            if self.model.month > 0:
                self.runs = [*self.runs, self._record()][-MAX_RUNS:]
            self.error = ""
            self.model = self._build()

    def step(self) -> bool:
        """One month of the run on screen; False (and nothing done) once it has finished."""
        with self.lock:
            if not self.model.running:
                return False
            self.model.step()
            return True

    @property
    def finished(self) -> bool:
        """Whether the run on screen has reached the scenario's last month."""
        return not self.model.running

    # ------------------------------------------------------------------ the controls
    def pick(self, value: object) -> bool:
        """Start a new run of the library scenario named ``value``; refuse anything else.

        ``value`` is compared with the library's names; the name used is the library's own
        string, so nothing a client sends reaches the file system.

        Returns:
            True if a new run started; False (with :attr:`error` set) if ``value`` is not
            one of the library's names.

        """
        name = next((n for n in self.names if n == value), None)
        with self.lock:
            if name is None:
                self.refused += 1
                shown = str(value)[:60]
                self.error = (
                    f"{shown!r} is not a scenario of the library; choose one of: "
                    f"{', '.join(self.names)}"
                )
                return False
            self.scenario = name
            self.base = load_scenario(name)
            self.knobs = knob_values(self.base)
            self.reset()
            return True

    def set_knob(self, name: str, value: float) -> None:
        """Set a knob for the next Reset (snapped to its slider; unknown names raise)."""
        knob = next((k for k in KNOBS if k.name == name), None)
        if knob is None:
            raise KeyError(f"unknown knob {name!r}")
        with self.lock:
            self.knobs = {**self.knobs, name: knob.snap(float(value))}

    def set_seed(self, seed: int) -> None:
        """Set the seed for the next Reset (clipped to the seed slider's range)."""
        with self.lock:
            self.seed = int(min(SEED_RANGE[1], max(SEED_RANGE[0], int(seed))))

    def preset(self, name: str) -> None:
        """Apply a preset of :data:`resetsim.viz.dashboard_presets.PRESETS` to the knobs."""
        with self.lock:
            self.knobs = apply_preset(name, self.base, self.knobs)

    def changed(self) -> bool:
        """Whether the knobs, seed or scenario differ from the run on screen."""
        scenario, knobs, seed = self._built
        if scenario != self.scenario or seed != self.seed:
            return True
        return knob_overrides(self.base, self.knobs) != knob_overrides(self.base, knobs)

    # ------------------------------------------------------------------ comparison
    def ghosts(self) -> list[RunRecord]:
        """Past runs of a scenario with the same start as the run on screen, newest last."""
        start = self.model.spec.start
        return [r for r in self.runs if r.start == start][-MAX_GHOSTS:]

    def spread(self) -> SpreadRecord:
        """Run the knobs as set over 20 seeds; keep it and the setting before."""
        with self.lock:
            base, knobs = self.base, dict(self.knobs)
            label = f"{self.scenario}, {describe_setting(base, knobs)}"
        record = SpreadRecord(label, seed_spread(base, knob_overrides(base, knobs)))
        with self.lock:
            self.spreads = [*self.spreads, record][-2:]
        return record
