"""Interactive dashboard (Mesa SolaraViz) and the helpers that serve it offline."""
