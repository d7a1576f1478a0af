"""Terminal rendering: the only layer importing rich and prompt_toolkit."""
