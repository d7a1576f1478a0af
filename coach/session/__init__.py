"""Practice, drill and batch logic as plain Python: input, scorer and store in; no terminal."""
