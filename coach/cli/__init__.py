"""The command line: parses options, calls the core, renders. The only layer importing typer."""
