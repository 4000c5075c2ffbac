"""ResetModel on both supported Mesa releases: 3.3 (Python 3.11) and 3.5 (Python >= 3.12)."""

import mesa
import numpy as np
import pytest

import resetsim
from resetsim.model.mesa_compat import MESA_HAS_SCENARIOS, mesa_init_kwargs


def _mesa_minor() -> tuple[int, int]:
    major, minor = mesa.__version__.split(".")[:2]
    return int(major), int(minor)


def test_scenario_support_matches_the_installed_mesa():
    assert MESA_HAS_SCENARIOS == (_mesa_minor() >= (3, 5))


def test_model_keeps_its_resetsim_scenario_in_spec():
    sc = resetsim.load_scenario("obama-2009")
    m = resetsim.ResetModel(sc, seed=3)
    assert m.spec is sc


@pytest.mark.skipif(not MESA_HAS_SCENARIOS, reason="Mesa < 3.5 has no model.scenario")
def test_mesa_scenario_carries_the_seed_and_the_resetsim_scenario():
    from mesa.experimental.scenarios import Scenario as MesaScenario

    sc = resetsim.load_scenario("obama-2009")
    m = resetsim.ResetModel(sc, seed=3)
    assert isinstance(m.scenario, MesaScenario)
    assert m.scenario.model is m
    assert m.scenario.resetsim is sc
    assert m.scenario.rng.entropy == 3


def test_init_kwargs_hand_mesa_the_seed():
    seed = np.random.SeedSequence(11)
    kwargs = mesa_init_kwargs(seed, spec="x")
    if MESA_HAS_SCENARIOS:
        assert set(kwargs) == {"scenario"} and kwargs["scenario"].rng is seed
    else:
        assert kwargs == {"rng": seed}


def test_same_seed_same_stream_as_a_plain_generator():
    """Mesa draws one integer at set-up (to seed ``model.random``) on 3.3 and 3.5 alike.

    The model's generator therefore stands one draw after ``default_rng(SeedSequence(seed))``
    on either release, which keeps a seed's results the same across Mesa versions.
    """
    m = resetsim.ResetModel(resetsim.load_scenario("obama-2009"), seed=5)
    reference = np.random.default_rng(np.random.SeedSequence(5))
    reference.integers(np.iinfo(np.int32).max)
    fresh = resetsim.ResetModel(resetsim.load_scenario("obama-2009"), seed=5)
    assert fresh.rng.bit_generator.state == reference.bit_generator.state
    m.step()
    assert m.rng.bit_generator.state != reference.bit_generator.state
