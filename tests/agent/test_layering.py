"""One-way dependencies: sims -> edge_agent -> policies -> edge_core."""

import ast
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parents[2]
FORBIDDEN = {
    "edge_core": {"policies", "edge_agent", "sims"},
    "policies": {"edge_agent", "sims"},
    "edge_agent": {"sims"},
}
RUNTIME_FORBIDDEN = {"torch", "transformers", "requests", "urllib3", "httpx", "socket"}


def _imports(path: Path) -> set[str]:
    tree = ast.parse(path.read_text(encoding="utf-8"))
    names = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            names |= {a.name.split(".")[0] for a in node.names}
        elif isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
            names.add(node.module.split(".")[0])
    return names


@pytest.mark.parametrize("package", sorted(FORBIDDEN))
def test_packages_only_import_downward(package):
    for path in (REPO / package).rglob("*.py"):
        bad = _imports(path) & FORBIDDEN[package]
        assert not bad, f"{path.relative_to(REPO)} imports {bad}"


@pytest.mark.parametrize("package", ["edge_core", "policies", "edge_agent"])
def test_runtime_never_imports_torch_or_network_clients(package):
    for path in (REPO / package).rglob("*.py"):
        bad = _imports(path) & RUNTIME_FORBIDDEN
        assert not bad, f"{path.relative_to(REPO)} imports {bad}"


def test_onnxruntime_telemetry_is_off_as_soon_as_the_package_loads():
    import os

    import edge_agent  # noqa: F401

    assert os.environ["ORT_DISABLE_TELEMETRY"] == "1"
