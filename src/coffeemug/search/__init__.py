"""Full-text search over the articles a reader may see (PostgreSQL, or SQLite FTS5)."""
