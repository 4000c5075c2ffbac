"""Shared look of the batch figures: slide-size canvas, readable fonts, colour-blind-safe groups.

Every batch figure is drawn inside :func:`figure_style`, coloured with :func:`group_colours`
(Okabe & Ito 2008, from :mod:`resetsim.viz.palette`) and written by :func:`save_figure` as a
PNG and an SVG with the same stem. Plot functions return a :class:`Plot`: the data drawn
and the Figure, so a notebook can check one against the other.
"""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from pathlib import Path
from typing import Any, NamedTuple

import matplotlib.pyplot as plt
import pandas as pd

from resetsim.viz.palette import OKABE_ITO

__all__ = [
    "FIGSIZE",
    "GROUP_COLOURS",
    "STYLE",
    "Plot",
    "figure_style",
    "format_group",
    "group_colours",
    "runs_phrase",
    "save_figure",
    "save_table",
]

FIGSIZE = (11.0, 6.0)
"""Slide-size canvas in inches (16:9-ish at 11 pt and up)."""

STYLE: dict[str, Any] = {
    "font.size": 12,
    "axes.titlesize": 14,
    "axes.labelsize": 12.5,
    "xtick.labelsize": 11.5,
    "ytick.labelsize": 11.5,
    "legend.fontsize": 11,
    "legend.title_fontsize": 11,
    "figure.titlesize": 15,
    "axes.spines.top": False,
    "axes.spines.right": False,
    "axes.grid": True,
    "grid.alpha": 0.25,
    "savefig.dpi": 130,
    "svg.fonttype": "none",
}
"""Matplotlib settings used by every batch figure."""

# Okabe-Ito without yellow (too pale on white) and black (kept for reference lines)
GROUP_COLOURS = [c for c in OKABE_ITO if c not in ("#F0E442", "#000000")]
_DASHES = ["-", "--", "-.", ":"]


class Plot(NamedTuple):
    """What a plot function returns: the data it drew and the Figure."""

    data: Any
    figure: plt.Figure


@contextmanager
def figure_style() -> Iterator[None]:
    """Draw inside this context to get the shared fonts and grid."""
    with plt.rc_context(STYLE):
        yield


def group_colours(groups: Sequence[Any]) -> dict[Any, tuple[str, str]]:
    """A (colour, line style) per group; styles change only after the six colours run out."""
    n = len(GROUP_COLOURS)
    return {
        g: (GROUP_COLOURS[i % n], _DASHES[(i // n) % len(_DASHES)]) for i, g in enumerate(groups)
    }


def format_group(by: str, value: Any) -> str:
    """Legend text for one group: ``obama-2009`` or ``structure.worldview_gap = 0.4``."""
    if by in ("scenario", "group"):
        return str(value)
    if isinstance(value, float):
        value = f"{value:g}"
    return f"{by} = {value}"


def save_png(fig: plt.Figure, path: str | Path | None, dpi: int = 130) -> None:
    """Write ``fig`` as a PNG at ``path`` (its folder made), or nothing if ``path`` is None."""
    if path is not None:
        Path(path).parent.mkdir(parents=True, exist_ok=True)
        fig.savefig(path, dpi=dpi)


def save_figure(fig: plt.Figure, path: str | Path) -> tuple[Path, Path]:
    """Write ``fig`` as PNG at ``path`` (suffix forced to .png) and SVG beside it."""
    path = Path(path)
    png = path.with_suffix(".png")
    png.parent.mkdir(parents=True, exist_ok=True)
    with figure_style():
        fig.savefig(png)
        fig.savefig(png.with_suffix(".svg"))
    return png, png.with_suffix(".svg")


def save_table(table: pd.DataFrame, path: str | Path, batch: Any) -> Path:
    """Write the data of a figure as CSV at ``path``, every row naming the batch drawn.

    Two columns are added at the end: ``batch`` (the batch directory, or run folder, the
    tables were read from; empty for tables made in memory) and ``batch_spec_sha256``
    (:attr:`resetsim.analysis.io.Batch.spec_hash`), so that a CSV found apart from its
    figure still says which study it shows.
    """
    path = Path(path)
    named = table.assign(
        batch=str(getattr(batch, "path", "") or ""),
        batch_spec_sha256=getattr(batch, "spec_hash", ""),
    )
    named.to_csv(path, index=False)
    return path


def runs_phrase(n_runs: int, scenarios: Sequence[str] | pd.Index) -> str:
    """``obama-2009, 64 runs`` for titles."""
    names = ", ".join(str(s) for s in scenarios)
    phrase = f"{names} ({n_runs} run{'s' if n_runs != 1 else ''})"
    return "\n" + phrase if len(phrase) > 45 else phrase  # long lists go on their own line
