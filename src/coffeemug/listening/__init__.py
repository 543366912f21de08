"""Listening and moderation: comments on articles, mentions and comments from outside, the
moderators' inbox, replies backed by fact cards, hiding by rule, alerts, crisis mode, the
discussion map and the append-only audit log (see docs/moderation.md)."""
