"""The text layer imports nothing from the rest of the project, and its modules only the ones
listed before them in ``edge_agent/text/__init__.py``."""

from __future__ import annotations

import ast
from pathlib import Path

import edge_agent.text

TEXT = Path(edge_agent.text.__file__).parent
ORDER = ["units", "numbers", "sentences", "visible", "normalise", "durations", "language",
         "language_notices"]


def _project_imports(path: Path) -> set[str]:
    found = set()
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        names = ([a.name for a in node.names] if isinstance(node, ast.Import)
                 else [node.module or ""] if isinstance(node, ast.ImportFrom) else [])
        found |= {n for n in names if n.split(".")[0] in ("edge_agent", "edge_core",
                                                           "policies", "sims")}
    return found


def test_every_module_is_listed():
    assert {p.stem for p in TEXT.glob("*.py")} - {"__init__"} == set(ORDER)


def test_modules_import_only_the_layer_and_only_downward():
    for i, name in enumerate(ORDER):
        allowed = {f"edge_agent.text.{m}" for m in ORDER[:i]}
        imported = _project_imports(TEXT / f"{name}.py")
        assert imported <= allowed, (name, imported - allowed)
