"""Shared test data and doubles: tests import these, never each other."""
