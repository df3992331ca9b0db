"""Bundled model files (the emotion classifier, the LLM manifest). A wheel installs this
folder as the data-only package ``edge_agent_models``; see ``edge_agent/_support/resources.py``."""
