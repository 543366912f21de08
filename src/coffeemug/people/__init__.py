"""Employees, their roles and the preferences they own."""
