"""What ``ResetModel`` hands to ``mesa.Model.__init__`` on each supported Mesa release.

Mesa 3.3 (the release pip picks on Python 3.11) knows only ``rng``. Mesa 3.5 (Python 3.12 and
later) adds ``mesa.Model.scenario``: an instance of ``mesa.experimental.scenarios.Scenario``
that carries the model's random-number source and its parameters, and whose setter writes
``scenario.model = model``. resetsim therefore keeps its own (frozen) scenario in
``ResetModel.spec`` and, where Mesa has scenarios, gives Mesa one of its own that carries the
same seed and the resetsim scenario, so that ``model.scenario.rng`` and
``model.scenario.resetsim`` say what the run is.

Both releases draw one integer from the model's generator at set-up when ``rng`` is not an
int (to seed ``model.random``), so a seed gives the same stream on either.
"""

from __future__ import annotations

from typing import Any

__all__ = ["MESA_HAS_SCENARIOS", "mesa_init_kwargs"]

try:  # Mesa >= 3.5
    from mesa.experimental.scenarios import Scenario as MesaScenario
except ImportError:  # Mesa 3.3 and 3.4
    MesaScenario = None

MESA_HAS_SCENARIOS = MesaScenario is not None


def mesa_init_kwargs(rng: Any, spec: Any) -> dict[str, Any]:
    """Keyword arguments for ``mesa.Model.__init__`` that carry ``rng`` (and ``spec`` on 3.5+).

    Args:
        rng: the model's seed: a ``numpy.random.SeedSequence``, a ``Generator`` or ``None``.
        spec: the resetsim :class:`~resetsim.scenario.Scenario` the model runs.

    Returns:
        ``{"rng": rng}`` on Mesa without scenarios; ``{"scenario": MesaScenario(rng=rng,
        resetsim=spec)}`` where Mesa has them (Mesa takes the seed from its scenario).

    """
    if MesaScenario is None:
        return {"rng": rng}
    return {"scenario": MesaScenario(rng=rng, resetsim=spec)}
