"""The case library's reliability figure: one point per non-empty bin, with its interval."""

from __future__ import annotations

import matplotlib

matplotlib.use("Agg")

import matplotlib.pyplot as plt
import pandas as pd

from resetsim.viz.reliability import plot_reliability


def test_one_point_and_one_count_per_filled_bin(tmp_path):
    table = pd.DataFrame(
        {
            "bin_low": [0.0, 0.5], "bin_high": [0.5, 1.0], "n": [4, 0], "hits": [1, 0],
            "mean_forecast": [0.2, float("nan")], "observed": [0.25, float("nan")],
        }
    )  # fmt: skip
    fig = plot_reliability(table, tmp_path / "r.png")
    ax = fig.axes[0]
    points = [line for line in ax.lines if line.get_marker() == "o"]
    assert len(points) == 1
    assert list(points[0].get_xdata()) == [0.2] and list(points[0].get_ydata()) == [0.25]
    assert [t.get_text() for t in ax.texts] == ["n=4"]
    assert "4 outcomes" in ax.get_title()
    assert (tmp_path / "r.png").stat().st_size > 0
    plt.close(fig)
