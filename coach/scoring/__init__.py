"""Scoring answers against a pack's rubric; every backend returns an `Evaluation`."""
