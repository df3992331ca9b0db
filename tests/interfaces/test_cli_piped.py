"""``chat`` with its input piped (issue 23 item 14): a terminal echoes what the user types, a
pipe does not, so the transcript read ``you> creditor> ...``. The piped line is echoed after
the prompt; a terminal (and Click's test runner, which echoes by itself) is not echoed twice."""

from __future__ import annotations

import subprocess
import sys

from typer.testing import CliRunner

from edge_agent.cli import app
from tests.conftest import REPO


def _piped(text: str) -> list[str]:
    proc = subprocess.run([sys.executable, "-m", "edge_agent.cli", "chat", "--sensor",
                           "lexicon", "--no-save"], input=text, capture_output=True, text=True,
                          cwd=REPO, timeout=240, env={"PYTHONPATH": str(REPO), "PATH": "",
                                                      "COLUMNS": "300"})
    assert proc.returncode == 0, proc.stderr
    return proc.stdout.splitlines()


def test_a_piped_line_is_echoed_after_the_prompt():
    lines = _piped("I need 30 days.\nquit\n")
    assert "you> I need 30 days." in lines
    after = lines[lines.index("you> I need 30 days.") + 1]
    assert after.startswith("creditor> ")
    assert not any(line.startswith("you> creditor>") for line in lines)


def test_the_test_runner_does_not_echo_twice():
    result = CliRunner().invoke(app, ["chat", "--sensor", "lexicon", "--no-save"],
                                input="I need 30 days.\nquit\n")
    assert result.exit_code == 0 and result.output.count("I need 30 days.") == 1
