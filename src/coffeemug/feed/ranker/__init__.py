"""ranker."""
