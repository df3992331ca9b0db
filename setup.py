"""Package layout that pyproject.toml cannot express: the repository's ``models/`` folder
ships in the wheel as the data-only package ``edge_agent_models`` (the emotion model and
the LLM manifest stay where the repository, the tests and the training scripts expect them).
Everything else is declared in pyproject.toml."""

from setuptools import find_packages, setup

setup(
    packages=[*find_packages(include=["edge_agent*", "edge_core*", "policies*", "sims*"]),
              "edge_agent_models", "edge_agent_models.emotion"],
    package_dir={"edge_agent_models": "models"},
    package_data={
        "edge_agent.tui": ["*.tcss"],
        "edge_agent_models": ["llm.json"],
        "edge_agent_models.emotion": ["*.json", "*.onnx", "*.md"],
    },
)
