"""Offline guarantee: a full dialogue on the llama backend opens no network connection.

The dialogue runs in a child process with three independent witnesses:
- a Python audit hook records every ``socket.*`` event (creation, connect, DNS lookups);
- the socket module's connecting functions are replaced by ones that record and refuse;
- where ``strace`` exists, every network system call of the process and its threads is
  traced, which also covers native code (llama.cpp, onnxruntime, tokenizers).
All three must come back empty.
"""

from __future__ import annotations

import json
import shutil
import subprocess
import sys
import textwrap

import pytest

from tests.conftest import REPO

pytest.importorskip("llama_cpp", reason="llama-cpp-python is not installed")

CHILD = textwrap.dedent("""
    import json, socket, sys
    events = []
    sys.addaudithook(lambda event, args: event.startswith("socket.") and events.append(event))

    def refuse(*args, **kwargs):
        events.append("refused connection attempt")
        raise OSError("network access is blocked in this test")

    socket.socket.connect = socket.socket.connect_ex = refuse
    socket.create_connection = socket.getaddrinfo = socket.gethostbyname = refuse

    from edge_agent import Negotiator, Scenario
    agent = Negotiator(Scenario(balance=15700.0, creditor_target_days=12, max_days=60),
                       backend="llama", seed=0, sensor=sys.argv[1],
                       backend_options={"n_ctx": 2048},
                       # a persona the model voices: eq shows the emotion-blind baseline's
                       # neutral, uninstructed persona with no evidence, which the plan
                       # phrases in its reviewed wording without the model
                       policy="fixed:sadness")
    replies = [agent.open()]
    for text in ["I need 90 days, I lost my job.", "How about 45 days?", "ok, 30 days"]:
        if agent.status != "open":
            break
        replies.append(agent.respond(text))
    print(json.dumps({"events": events, "status": agent.status,
                      "paths": [r.trace["realiser"]["path"] for r in replies]}))
""")


def _sensor() -> str:
    from edge_agent.sense import default_sensor_name

    return default_sensor_name()


def test_full_llama_dialogue_makes_no_network_call(tmp_path):
    command = [sys.executable, "-c", CHILD, _sensor()]
    trace = tmp_path / "strace.log"
    strace = shutil.which("strace")
    if strace:
        command = [strace, "-f", "-qq", "-e", "trace=network", "-o", str(trace), *command]
    result = subprocess.run(command, cwd=REPO, capture_output=True, text=True, timeout=900)
    assert result.returncode == 0, result.stderr[-3000:]
    report = json.loads(result.stdout.strip().splitlines()[-1])
    assert report["events"] == []  # no socket was even created from Python
    assert report["status"] in ("open", "agreed")
    assert any(p in ("llm", "llm_retry") for p in report["paths"])  # the model really spoke
    if strace:
        calls = [line for line in trace.read_text().splitlines() if line.strip()]
        assert calls == [], calls[:10]  # no socket(), connect(), sendto()... from any code
