"""resetsim with Mesa's own tools: ``mesa.batch_run`` and DataCollector-shaped tables.

Mesa users sweep parameters with ``mesa.batch_run(model_cls, parameters, ...)``, which
builds ``model_cls(**kwargs)`` for every combination, steps it while ``model.running``
and reads ``model.datacollector`` (Mesa's ``batchrunner`` module).
:class:`BatchRunModel` is a :class:`~resetsim.ResetModel` that fits that contract:

* its keyword arguments are ``scenario``, ``seed``, ``months`` and any dotted override
  key (``{"structure.trade_share": [0.0, 0.01]}`` in ``parameters`` sweeps trade);
* its ``datacollector`` is a ``mesa.DataCollector`` of the ``timeseries()`` columns, collected
  after every month, so that the row ``batch_run`` returns by default
  (``data_collection_period=-1``) is the run's final month; with a period ``p`` the rows
  are every ``p``-th month (each row carries ``month`` and ``date``: Mesa 3.3 numbers the
  row of month ``m`` ``Step`` ``m - 1``, Mesa 3.5 ``Step`` ``m``).

Seeds go in ``parameters`` as ``"seed": [...]`` (Mesa 3.3 has no ``rng`` argument); an
integer seed runs exactly as ``ResetModel(sc, seed=seed)``. A :class:`Scenario` object
must be put in a list (``"scenario": [sc]``): ``batch_run`` iterates over any value that
is iterable, and a pydantic model is; names and paths may be given bare. Call ``batch_run`` with
``number_processes > 1`` only under ``if __name__ == "__main__":``.

:func:`mesa_tables` gives any finished run's tables in the shape of
``DataCollector.get_model_vars_dataframe()`` and ``get_agent_vars_dataframe()`` (index
``Step`` and ``(Step, AgentID)``), from the model's own records.
"""

from __future__ import annotations

from typing import Any

import mesa
import pandas as pd

from resetsim.model import ResetModel
from resetsim.model.recorder import timeseries_columns
from resetsim.scenario import Scenario, load_scenario

__all__ = ["BatchRunModel", "mesa_tables"]


class BatchRunModel(ResetModel):
    """A :class:`~resetsim.ResetModel` built from keyword parameters, with a DataCollector.

    Args:
        scenario: a scenario, or its name or path.
        months: stop after this many months (None: the scenario's horizon).
        rng: the seed Mesa >= 3.5's ``batch_run`` passes (its ``rng`` argument), used when
            the parameters give no ``seed``.
        **overrides: ``seed`` (integer seed or ``SeedSequence``) and dotted-key overrides,
            e.g. ``**{"structure.trade_share": 0.01}``.

    The seed is not a named parameter: Mesa 3.5's ``batch_run`` would overwrite a ``seed``
    parameter with its own ``rng`` values (None unless given), so a ``"seed"`` in
    ``parameters`` is read from ``overrides`` and works alike on Mesa 3.3 and 3.5.
    """

    def __init__(
        self,
        scenario: Scenario | str = "obama-2009",
        months: int | None = None,
        rng: Any = None,
        **overrides: Any,
    ):
        seed = overrides.pop("seed", None)
        seed = rng if seed is None else seed
        sc = scenario if isinstance(scenario, Scenario) else load_scenario(scenario)
        super().__init__(sc.with_overrides(overrides) if overrides else sc, seed=seed)
        self.stop_after = months
        reporters = {name: _last(name) for name in timeseries_columns(self.sides)}
        self.datacollector = mesa.DataCollector(model_reporters=reporters)

    def step(self) -> None:
        """One month, then the DataCollector records it."""
        super().step()
        self.datacollector.collect(self)
        if self.stop_after is not None and self.month >= self.stop_after:
            self.running = False


def _last(column: str):
    """A model reporter: the value of ``column`` in the month just recorded."""

    def report(model: ResetModel) -> Any:
        recorder = model.recorder  # the row just recorded is the one timeseries() shows
        return recorder.months[-1][recorder.columns.index(column)]

    report.__name__ = f"latest_{column}"
    return report


def mesa_tables(model: ResetModel) -> tuple[pd.DataFrame, pd.DataFrame]:
    """A run's tables shaped like a Mesa DataCollector's.

    Returns:
        ``(model_vars, agent_vars)``: ``model.timeseries()`` indexed by ``Step`` (the
        month), and ``model.actors()`` indexed by ``(Step, AgentID)`` where ``AgentID``
        is the agent's Mesa ``unique_id`` (an actor keeps its id when a new president
        takes office; the ``actor`` column holds the name of the month).

    """
    model_vars = model.timeseries().set_index("month", drop=False).rename_axis("Step")
    actors = model.actors()
    ids = [agent.unique_id for agent in model.roster]
    months = len(actors) // max(len(ids), 1)
    actors.insert(0, "AgentID", ids * months)
    agent_vars = actors.rename(columns={"month": "Step"}).set_index(["Step", "AgentID"])
    return model_vars, agent_vars
