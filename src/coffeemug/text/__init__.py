"""Text processing for German and English: embeddings (and later language detection)."""
