"""The append-only event log: what happened to which article, through which channel."""
