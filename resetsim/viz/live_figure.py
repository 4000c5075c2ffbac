"""Figures drawn in full once and then only their data each month (matplotlib blitting).

The model steps in well under a millisecond; drawing is what costs (on a small machine a
full matplotlib draw of a small figure takes 50-200 ms, mostly laying out tick labels and
legends). So each figure is drawn in full once per model, with its axes, ticks, legend and
anything that does not change during the run; each month only the data artists (lines,
bars, phase bands) are drawn over a saved copy of that background, and the pixels are
encoded as a quickly compressed PNG. A figure is redrawn in full only when its scale must
grow. On a busy 2-core machine a month costs about 10 ms per figure.
"""

from __future__ import annotations

import io
from typing import Any

import numpy as np
from matplotlib.backends.backend_agg import FigureCanvasAgg
from matplotlib.figure import Figure
from PIL import Image

__all__ = ["DPI", "FIGSIZE", "LiveFigure", "band", "horizon_dates", "month_axis", "new_figure"]

FIGSIZE = (4.6, 3.3)
DPI = 110


def horizon_dates(start: str, horizon: int) -> list[str]:
    """``YYYY-MM`` labels for months ``0 .. horizon-1`` from ``start`` (``YYYY-MM``)."""
    first = int(start[:4]) * 12 + int(start[5:7]) - 1
    return [f"{(first + i) // 12:04d}-{(first + i) % 12 + 1:02d}" for i in range(horizon)]


def month_axis(ax: Any, dates: list[str]) -> None:
    """Calendar ticks over the whole scenario horizon, so that the view never rescales."""
    horizon = len(dates)
    step = 24 if horizon > 180 else 12 if horizon > 60 else 6 if horizon > 24 else 3
    ticks = list(range(0, horizon, step))
    labels = [dates[t][:4] if step >= 12 else dates[t] for t in ticks]
    ax.set_xticks(ticks, labels, fontsize=7.5)
    ax.set_xlim(-0.5, horizon - 0.5)
    ax.tick_params(axis="y", labelsize=7.5)
    ax.grid(alpha=0.25)


class LiveFigure:
    """A figure drawn in full once, then only its data artists each month (blitting).

    Subclasses build the figure in ``__init__`` (creating data artists with
    ``animated=True``, which a full draw leaves out) and set ``self.dynamic``; ``update``
    moves the data artists to the model's current state.
    """

    def __init__(self, fig: Figure) -> None:
        self.fig = fig
        self.canvas = FigureCanvasAgg(fig)
        self.dynamic: list[Any] = []
        self._background: Any = None

    def update(self, model: Any) -> None:
        """Move the data artists to ``model``'s current month."""
        raise NotImplementedError

    @staticmethod
    def header(model: Any) -> str:
        """A line of text shown above the figure (cheaper as HTML than drawn in it)."""
        return ""

    def invalidate(self) -> None:
        """Ask for a full redraw at the next render (after a change of scale)."""
        self._background = None

    def render(self, model: Any) -> bytes:
        """Update to ``model`` and return the figure as PNG bytes."""
        self.update(model)
        if self._background is None:
            self.canvas.draw()  # everything but the animated data artists
            self._background = self.canvas.copy_from_bbox(self.fig.bbox)
        else:
            self.canvas.restore_region(self._background)
        renderer = self.canvas.get_renderer()
        for artist in self.dynamic:
            artist.draw(renderer)
        width, height = self.canvas.get_width_height()
        image = Image.frombuffer("RGBA", (width, height), self.canvas.buffer_rgba())
        buffer = io.BytesIO()
        image.save(buffer, format="png", compress_level=1)
        return buffer.getvalue()


def band(x: np.ndarray, low: np.ndarray, high: np.ndarray) -> np.ndarray:
    """Polygon vertices of the band between ``low`` and ``high`` over ``x``."""
    return np.column_stack([np.r_[x, x[::-1]], np.r_[high, low[::-1]]])


def new_figure(size: tuple[float, float] = FIGSIZE, dpi: float = DPI) -> Figure:
    """A figure of ``size`` inches at ``dpi`` (by default the dashboard's resolution)."""
    return Figure(figsize=size, dpi=dpi)
