"""What late deliveries come from, per side, for the validation page."""

import pandas as pd
import pytest

from resetsim.validation.doc import _lateness_lines
from resetsim.validation.report import lateness


def frame(side, delivered, opposition, routine):
    return pd.DataFrame(
        {
            "side": side,
            "delivered_share": delivered,
            "lost_to_opposition": opposition,
            "lost_to_routine": routine,
        }
    )


def test_means_per_side_on_hand_made_records():
    runs = [
        frame(["US", "RU"], [0.8, 0.5], [0.1, 0.3], [0.1, 0.2]),
        frame(["US"], [0.6], [0.0], [0.4]),
        frame([], [], [], []),
    ]
    table = lateness(runs).set_index("side")
    assert table.loc["US", "deals"] == 2 and table.loc["RU", "deals"] == 1
    assert table.loc["US", "delivered"] == pytest.approx(0.7)
    assert table.loc["US", "lost_to_opposition"] == pytest.approx(0.05)
    assert table.loc["US", "lost_to_routine"] == pytest.approx(0.25)


def test_the_page_line_says_which_cause_dominates():
    mostly = _lateness_lines(lateness([frame(["US"], [0.7], [0.05], [0.25])]))
    assert "routine accounts for 83% of the shortfall" in mostly[0]
    assert "holds mostly by construction" in mostly[0]
    partly = _lateness_lines(lateness([frame(["US"], [0.7], [0.25], [0.05])]))
    assert "holds partly by construction" in partly[0]
    assert _lateness_lines(lateness([])) == []
