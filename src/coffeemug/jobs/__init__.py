"""Background work: the job engine's wiring, the job catalogue and what the workers did."""
