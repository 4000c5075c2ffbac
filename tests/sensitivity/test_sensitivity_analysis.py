"""The analysis code path on functions with known indices (no model runs).

Ishigami (Ishigami & Homma 1990), a = 7, b = 0.1 on [-pi, pi]^3, has first-order
indices S1 = (0.3139, 0.4424, 0) and total indices ST = (0.5576, 0.4424, 0.2437)
(Saltelli et al. 2008, section 4.5; SALib's regression tests). A linear function
y = 3 x1 + x2 on [0, 1]^3 has Morris elementary effects mu* = (3, 1, 0), sigma = 0.
"""

import math

import numpy as np
import pandas as pd
import pytest
from SALib.test_functions import Ishigami

from resetsim.sensitivity.study import StudyError, analyze, run_outputs, sample

ISHIGAMI = {"num_vars": 3, "names": ["x1", "x2", "x3"], "bounds": [[-math.pi, math.pi]] * 3}
S1 = {"x1": 0.3139, "x2": 0.4424, "x3": 0.0}
ST = {"x1": 0.5576, "x2": 0.4424, "x3": 0.2437}


def test_sobol_recovers_ishigami_indices():
    X = sample(ISHIGAMI, "sobol", 2048, seed=1)
    assert X.shape == (2048 * 5, 3)
    Y = pd.DataFrame({"y": Ishigami.evaluate(X)})
    idx = analyze(ISHIGAMI, X, Y, "sobol", seed=1).set_index("parameter")
    for name in ISHIGAMI["names"]:
        assert idx.loc[name, "S1"] == pytest.approx(S1[name], abs=0.05)
        assert idx.loc[name, "ST"] == pytest.approx(ST[name], abs=0.05)
        assert 0 < idx.loc[name, "ST_conf"] < 0.1
    assert list(idx["output"].unique()) == ["y"]


def test_morris_recovers_linear_effects():
    problem = {"num_vars": 3, "names": ["a", "b", "c"], "bounds": [[0, 1]] * 3}
    X = sample(problem, "morris", 20, seed=2)
    assert X.shape == (20 * 4, 3)
    Y = pd.DataFrame({"y": 3 * X[:, 0] + X[:, 1]})
    idx = analyze(problem, X, Y, "morris", seed=2).set_index("parameter")
    assert idx["mu_star"].to_numpy() == pytest.approx([3, 1, 0], abs=1e-9)
    assert idx["sigma"].to_numpy() == pytest.approx([0, 0, 0], abs=1e-9)


def test_an_output_that_does_not_vary_gets_no_indices():
    X = sample(ISHIGAMI, "sobol", 8, seed=0)
    idx = analyze(ISHIGAMI, X, pd.DataFrame({"flat": np.ones(len(X))}), "sobol")
    assert idx["S1"].isna().all() and idx["ST"].isna().all()


@pytest.mark.parametrize(
    ("method", "n"), [("sobol", 100), ("sobol", 1), ("morris", 1), ("fast", 8)]
)
def test_bad_design_is_refused(method, n):
    with pytest.raises(StudyError):
        sample(ISHIGAMI, method, n)


RESET_COLUMNS = ("peak_month", "half_life_months", "months_survived", "months_to_crisis")


def reset(*values):
    """A one-episode resets table: peak month, half-life, months survived, to crisis."""
    return pd.DataFrame([dict(zip(RESET_COLUMNS, values, strict=True))])


def test_run_outputs_censoring_and_no_reset():
    assert run_outputs(reset(10, 20.0, 40, 50.0), 96, True) == (20.0, 40.0, 1.0)
    # never halved: counts as the months from the peak to the end of the run
    assert run_outputs(reset(10, np.nan, 85, np.nan), 96, False) == (85.0, 85.0, 0.0)
    assert run_outputs(pd.DataFrame(), 96, True) == (0.0, 0.0, 1.0)
    assert run_outputs(pd.DataFrame(), 96, False) == (0.0, 0.0, 0.0)


def test_confidence_intervals_are_reproducible_with_seed_zero():
    """SALib ignores a seed of 0; the study's default seed must still fix the bootstrap."""
    import numpy as np
    import pandas as pd
    from SALib.sample import sobol as sobol_sample
    from SALib.test_functions import Ishigami

    from resetsim.sensitivity.study import analyze

    problem = {"num_vars": 3, "names": ["a", "b", "c"], "bounds": [[-np.pi, np.pi]] * 3}
    X = sobol_sample.sample(problem, 128, calc_second_order=False, seed=1)
    Y = pd.DataFrame({"y": Ishigami.evaluate(X)})
    first = analyze(problem, X, Y, "sobol", seed=0)
    second = analyze(problem, X, Y, "sobol", seed=0)
    pd.testing.assert_frame_equal(first, second)
