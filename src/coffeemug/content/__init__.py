"""Topics, articles and campaigns: what editors publish and target."""
