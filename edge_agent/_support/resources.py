"""Where the bundled model files are: the source checkout's ``models/`` folder, or the
``edge_agent_models`` package that a built wheel carries.

The repository keeps the emotion model and the LLM manifest in ``models/`` (tests, training
and other tools use those paths). The wheel maps that folder onto the data-only package
``edge_agent_models`` (``setup.py``), so after ``pip install`` the files sit in
site-packages and are found through :mod:`importlib.resources`. A source checkout is
recognised by the ``pyproject.toml`` beside the packages and always wins, so code run from a
checkout never reads another installed copy's models.
"""

from __future__ import annotations

import importlib.resources
from pathlib import Path

PACKAGE = "edge_agent_models"
_ROOT = Path(__file__).resolve().parents[2]  # edge_agent/_support/resources.py -> the checkout


def models_path(relative: str) -> Path:
    """The path of ``models/<relative>`` (it may not exist; callers give the error)."""
    checkout = _ROOT / "models" / relative
    if (_ROOT / "pyproject.toml").is_file() and (_ROOT / "models").is_dir():
        return checkout
    try:
        base = importlib.resources.files(PACKAGE)
    except ModuleNotFoundError:
        return checkout
    return Path(str(base.joinpath(relative)))
