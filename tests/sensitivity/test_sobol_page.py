"""The page's reading of a Sobol' study: what matters beyond seed noise, and the summary."""

import json

import pandas as pd

from resetsim.validation.sobol_page import beyond_noise, sensitivity_section

ROWS = [  # parameter, S1, S1_conf, ST, ST_conf
    ("additive", 0.30, 0.10, 0.40, 0.10),  # S1 interval above 0.05: matters at any noise
    ("rerouting", 0.00, 0.10, 0.60, 0.10),  # ST 0.5-0.7, S1 nothing: matters unless q >= 0.47
    ("idle", 0.00, 0.02, 0.03, 0.02),
]


def _part():
    return pd.DataFrame(ROWS, columns=["parameter", "S1", "S1_conf", "ST", "ST_conf"])


def test_inputs_matter_beyond_noise_by_first_order_or_by_total_less_the_noise():
    assert beyond_noise(_part(), 0.0) == ["additive", "rerouting"]
    assert beyond_noise(_part(), 0.4) == ["additive", "rerouting"]  # (0.5 - 0.4) / 0.6
    assert beyond_noise(_part(), 0.5) == ["additive"]
    assert beyond_noise(_part(), 1.0) == ["additive"]  # clipped, no division by zero


def test_history_section_names_seeds_noise_and_what_matters(tmp_path):
    idx = _part().assign(output="gallup_rmse")
    idx.to_csv(tmp_path / "indices.csv", index=False)
    meta = {
        "scenario": "history-1992-2016-generative", "method": "sobol", "n": 128,
        "seeds_per_sample": 4, "seeds": [100000, 100001, 100002, 100003],
        "output_set": "history", "outputs": {"gallup_rmse": "RMSE to Gallup"},
        "seed_noise": [{"output": "gallup_rmse", "mean": 20.0, "noise_share_run": 0.6,
                        "noise_share_mean": 0.5}],
        "cost": {"runs": 6144, "wall_seconds": 600.0, "workers": 2},
    }  # fmt: skip
    (tmp_path / "study.json").write_text(json.dumps(meta))
    text = "\n".join(sensitivity_section(tmp_path))
    assert "seeds 100000-100003" in text and "6144 runs in 10 min wall on 2 workers" in text
    row = next(line for line in text.split("\n") if line.startswith("| gallup_rmse"))
    assert "| `additive` |" in row and "| 60% | 50% |" in row
    assert "--seeds-per-sample 4 --seed-start 100000 --outputs history" in text
    assert "No output depends measurably on `idle`" in text
