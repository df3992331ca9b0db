"""State stands apart from the stages: nothing under ``edge_agent/state/`` imports one.

A saved session, the stores and the exporter must load and work without the reader, the
sensors, the tracker, the realisers or the guard (and without the facade or the interfaces
that sit above them all); the types they share live in ``edge_core``.
"""

import ast
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parents[2]
STATE = REPO / "edge_agent" / "state"
STAGES = ("read", "sense", "track", "decide", "realise", "verify", "llm")
"""The text layer (``edge_agent.text``) is below the stages: state may use it, as the
validation of stored text does (one visible-character policy)."""
ABOVE = ("agent", "turn", "cli", "tui", "integrations")
FORBIDDEN = tuple(f"edge_agent.{name}" for name in (*STAGES, *ABOVE))


def _imported_modules(source: str) -> set[str]:
    """Every module an import statement names, at any depth (function-local and
    TYPE_CHECKING imports included: a deferred import is still a dependency)."""
    names: set[str] = set()
    for node in ast.walk(ast.parse(source)):
        if isinstance(node, ast.Import):
            names |= {a.name for a in node.names}
        elif isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
            names.add(node.module)
            names |= {f"{node.module}.{a.name}" for a in node.names}
    return names


def _stage_imports(source: str) -> set[str]:
    return {m for m in _imported_modules(source)
            if any(m == f or m.startswith(f + ".") for f in FORBIDDEN)}


@pytest.mark.parametrize("path", sorted(STATE.glob("*.py")), ids=lambda p: p.name)
def test_no_state_module_imports_a_stage(path):
    assert _stage_imports(path.read_text(encoding="utf-8")) == set()


@pytest.mark.parametrize(("source", "flagged"), [
    ("from edge_agent.realise.base import DialogueTurn", True),
    ("import edge_agent.verify.guard", True),
    ("def f():\n    from edge_agent.read import cues", True),  # deferred: still a dependency
    ("from edge_agent import turn", True),
    ("from edge_agent.state.store import SessionStore", False),  # state itself
    ("from edge_core.dialogue import DialogueTurn", False),
    ("from edge_agent import state", False),
    ("from edge_agent.readers import x", False),  # a prefix of a name is not the package
])  # fmt: skip
def test_the_check_flags_stage_imports_and_only_those(source, flagged):
    assert bool(_stage_imports(source)) is flagged
