"""Newsroom orchestration: campaigns with goals, the planning calendar, approvals, feeds."""
