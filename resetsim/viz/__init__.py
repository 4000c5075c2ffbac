"""Figures and the classroom dashboard."""
