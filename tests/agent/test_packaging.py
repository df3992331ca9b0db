"""The wheel carries what a pip user needs: the emotion model and the LLM manifest. Built
from this checkout, installed into a fresh venv (its dependencies come from the running
environment, --no-deps), and used from outside the repository."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
import sysconfig
import venv
import zipfile
from pathlib import Path

import pytest

from tests.conftest import REPO

EXPECTED = ["edge_agent_models/llm.json", "edge_agent_models/emotion/model.onnx",
            "edge_agent_models/emotion/tokenizer.json", "edge_agent_models/emotion/manifest.json",
            "edge_agent/tui/app.tcss", "edge_agent/cli/__init__.py", "edge_agent/cli/app.py",
            "sims/cli.py", "policies/payoff.py", "policies/registry.py", "edge_core/scenario.py"]

USE = """
import json, edge_agent
from edge_agent import EmotionSensor, Negotiator, Scenario, SessionStore
from edge_agent.llm.models import MANIFEST, load_manifest
from edge_agent.sense.onnx import default_model_dir
probs = EmotionSensor.default().probs("I am scared I will lose my house")
agent = Negotiator(Scenario(balance=900.0, creditor_target_days=10, max_days=50))
agent.open()
print(json.dumps({"file": edge_agent.__file__, "models": str(default_model_dir()),
                  "manifest": str(MANIFEST), "default_llm": load_manifest()["default"],
                  "top": max(probs, key=probs.get), "sensor": agent.sensor.name,
                  "reply": agent.respond("I can do 30 days").text}))
"""


@pytest.fixture(scope="module")
def wheel(tmp_path_factory) -> Path:
    out = tmp_path_factory.mktemp("wheel")
    build = subprocess.run([sys.executable, "-m", "pip", "wheel", "--no-deps", "-q", str(REPO),
                            "-w", str(out)], capture_output=True, text=True, timeout=600)
    if build.returncode != 0 and "No matching distribution" in build.stderr:
        pytest.skip("the build backend (setuptools) cannot be fetched: no package index here")
    for leftover in (REPO / "build", REPO / "edge_agent.egg-info"):  # setuptools' in-tree files
        shutil.rmtree(leftover, ignore_errors=True)
    assert build.returncode == 0, build.stderr
    [whl] = out.glob("edge_agent-*.whl")
    return whl


def test_the_wheel_carries_the_models(wheel):
    names = set(zipfile.ZipFile(wheel).namelist())
    missing = [n for n in EXPECTED if n not in names]
    assert not missing, missing
    onnx = zipfile.ZipFile(wheel).getinfo("edge_agent_models/emotion/model.onnx")
    assert onnx.file_size > 20_000_000  # the model itself, not a pointer


def test_pip_install_gives_a_working_agent(wheel, tmp_path):
    env_dir = tmp_path / "venv"
    venv.EnvBuilder(with_pip=False).create(env_dir)
    py = env_dir / "bin" / "python"
    site = Path(subprocess.check_output(
        [py, "-c", "import sysconfig; print(sysconfig.get_paths()['purelib'])"], text=True
    ).strip())
    clean = {k: v for k, v in os.environ.items() if k != "PYTHONPATH"}  # the checkout unseen
    subprocess.run([sys.executable, "-m", "pip", "--python", str(py), "install", "--no-deps",
                    "--ignore-installed", "-q", str(wheel)], check=True, timeout=600,
                   capture_output=True, env=clean)
    # The dependencies (onnxruntime, numpy, typer...) come from this environment, after the
    # venv's own site-packages, so the installed wheel, not the checkout, provides edge_agent.
    (site / "deps.pth").write_text(sysconfig.get_paths()["purelib"] + "\n")
    work = tmp_path / "elsewhere"
    work.mkdir()
    env = {**clean, "EDGE_AGENT_DB": str(tmp_path / "db" / "s.db")}
    env.pop("EDGE_AGENT_EMOTION_MODEL", None)
    env.pop("EDGE_AGENT_LLM_MANIFEST", None)
    done = subprocess.run([py, "-c", USE], cwd=work, env=env, capture_output=True, text=True,
                          timeout=300)
    assert done.returncode == 0, done.stderr
    import json

    got = json.loads(done.stdout.strip().splitlines()[-1])
    assert got["file"].startswith(str(site)) and got["models"].startswith(str(site))
    assert got["manifest"].startswith(str(site)) and got["default_llm"]
    assert got["top"] == "fear" and got["sensor"] == "onnx" and " days" in got["reply"]
    cli = subprocess.run([env_dir / "bin" / "edge-agent", "chat"], cwd=work, env=env,
                         input="I need 30 days\nquit\n", capture_output=True, text=True,
                         timeout=300)
    assert cli.returncode == 0, cli.stderr
    assert "attempt to collect a debt" in cli.stdout
    crad = subprocess.run([env_dir / "bin" / "edge-agent", "chat", "--scenario", "3"],
                          cwd=work, env={**env, "EDGE_AGENT_CRAD": str(tmp_path / "none")},
                          capture_output=True, text=True, timeout=300)
    assert crad.returncode == 2 and "--crad PATH" in crad.stderr
    crad = subprocess.run([env_dir / "bin" / "edge-agent", "chat", "--scenario", "3"],
                          cwd=work, env={k: v for k, v in env.items() if k != "EDGE_AGENT_CRAD"},
                          capture_output=True, text=True, timeout=300)
    assert crad.returncode == 2 and "--crad PATH" in crad.stderr
    assert str(env_dir) not in crad.stderr  # never looks for CRAD inside the installation


def test_session_store_is_part_of_the_public_api():
    import edge_agent

    assert {"SessionStore", "StoreError", "SessionFormatError", "ConcurrentTurn"} <= set(
        edge_agent.__all__)
