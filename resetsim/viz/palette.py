"""Colour-blind-safe colours (Okabe & Ito 2008) for phases and series."""

from __future__ import annotations

__all__ = ["OKABE_ITO", "PHASE_COLOURS"]

OKABE_ITO = ["#0072B2", "#E69F00", "#009E73", "#CC79A7", "#56B4E9", "#D55E00", "#F0E442", "#000000"]

PHASE_COLOURS = {
    "euphoria": "#009E73",
    "realism": "#56B4E9",
    "disillusionment": "#E69F00",
    "crisis": "#D55E00",
    "reset": "#CC79A7",
}
