"""The page's sensitivity section: one subsection per study, one figure name per scenario."""

import json

import pandas as pd

from resetsim.validation.pages import sensitivity_sections, study_figure


def _study(folder, scenario, top):
    folder.mkdir()
    meta = {
        "scenario": scenario, "method": "sobol", "n": 32, "seeds_per_sample": 1,
        "base_seed": 0, "ranges_file": "/x/resetsim/validation/data/sobol_a.toml",
        "cost": {"runs": 384},
    }  # fmt: skip
    (folder / "study.json").write_text(json.dumps(meta))
    rows = [
        {"parameter": p, "output": o, "S1": 0.1, "S1_conf": 0.01, "ST": st, "ST_conf": 0.02}
        for p, st in ((top, 0.6), ("other", 0.01))
        for o in ("months_survived", "half_life", "crisis")
    ]
    pd.DataFrame(rows).to_csv(folder / "indices.csv", index=False)
    return folder


def test_two_studies_make_two_subsections_under_one_heading(tmp_path):
    a = _study(tmp_path / "a", "obama-2009", "events.*.severity")
    b = _study(tmp_path / "b", "history-1992-2016-generative", "phases.crisis_level")
    text = "\n".join(sensitivity_sections([a, b]))
    assert text.count("## Which parameters matter") == 1
    assert "### `obama-2009`" in text and "### `history-1992-2016-generative`" in text
    assert "resetsim/validation/data/sobol_a.toml" in text and "/x/" not in text
    assert "validation-sobol-obama-2009.png" in text
    assert "The three largest: `events.*.severity`" in text
    assert study_figure({"method": "sobol", "scenario": "s"}) == "validation-sobol-s.png"
    assert sensitivity_sections([]) == []
