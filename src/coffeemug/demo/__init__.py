"""The demo newsroom: an invented company's articles, people and a month of feed use."""
