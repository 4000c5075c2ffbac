"""The cases' frozen calibration lines match the calibrated scenario (scripts/sync_frozen.py)."""

import importlib.util
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
_spec = importlib.util.spec_from_file_location("sync_frozen", ROOT / "scripts/sync_frozen.py")
sync_frozen = importlib.util.module_from_spec(_spec)
_spec.loader.exec_module(sync_frozen)

VALUES = {"structure": {"clash_rate": 0.05}, "dynamics": {"clash_rate": 9.0, "relax": 2.0}}


def test_only_lines_naming_the_calibrated_scenario_in_a_known_section_change():
    text = (
        "[structure]\n"
        "clash_rate = 0.07  # posterior median of history-1992-2016-generative (ABC)\n"
        "relax = 0.3  # posterior median of history-1992-2016-generative (ABC)\n"
        "[dynamics]\n"
        "relax = 1.0  # an assumption\n"
        "clash_rate   =  0.1   # as history-1992-2016-generative\n"
    )
    new, changed = sync_frozen.sync(text, VALUES)
    assert new.splitlines() == [
        "[structure]",
        "clash_rate = 0.05  # posterior median of history-1992-2016-generative (ABC)",
        "relax = 0.3  # posterior median of history-1992-2016-generative (ABC)",
        "[dynamics]",
        "relax = 1.0  # an assumption",
        "clash_rate   =  9   # as history-1992-2016-generative",
    ]
    assert changed == ["structure.clash_rate: 0.07 -> 0.05", "dynamics.clash_rate: 0.1 -> 9"]
    assert sync_frozen.sync(new, VALUES) == (new, [])


def test_every_shipped_frozen_line_holds_the_calibrated_value():
    values = sync_frozen.calibrated()
    for path in sorted((ROOT / "scenarios").glob("*.toml")):
        text = path.read_text(encoding="utf-8")
        assert sync_frozen.sync(text, values)[1] == [], f"{path.name}: run scripts/sync_frozen.py"
