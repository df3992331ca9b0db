"""Modal screens: help, new session (scenario picker), file paths, export, spectator persona."""
