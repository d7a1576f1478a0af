"""coach: a private, offline-first terminal interview coach."""

__version__ = "0.1.0"
