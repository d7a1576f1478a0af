"""Summaries and exports of practice sessions (Markdown and JSON)."""
