"""What ``--help`` shows a newcomer (issue 23 item 12).

Typer renders help through Rich markup, which took every ``[word]`` for a style tag and dropped
it: ``pip install 'edge-agent[negmas]'`` lost its extra, and the defaults ``[eq]`` and
``[template; ...]`` vanished. Each row is a command, a text that must appear, and (the close
negative) the same text as the markup bug left it must not be the only form.
"""

import re

import pytest
from typer.testing import CliRunner

from edge_agent.cli import app
from policies.registry import POLICY_NAMES
from sims.personas import PERSONAS

runner = CliRunner()


def _help(*args: str) -> str:
    result = runner.invoke(app, [*args, "--help"], env={"COLUMNS": "400", "NO_COLOR": "1"})
    assert result.exit_code == 0, result.output
    return re.sub(r"[│╭╮╰╯─]+", " ", result.output)


@pytest.mark.parametrize("args, shown", [
    (("sim",), "edge-agent[negmas]"),
    (("sim", "negmas"), "edge-agent[negmas]"),
    (("chat",), "[template; a resumed session keeps its own]"),
    (("tui",), "[template; a resumed session keeps its own]"),
    (("chat",), "[eq]"),
    (("chat",), "[12]"),
])
def test_bracketed_text_survives_rich_markup(args, shown):
    assert shown in _help(*args)


@pytest.mark.parametrize("args", [("sim", "run"), ("sim", "grid")])
def test_sim_help_lists_every_persona_and_policy(args):
    text = " ".join(_help(*args).split())
    missing = [n for n in (*PERSONAS, *POLICY_NAMES) if n not in text]
    assert not missing


def test_chat_help_says_the_default_backend_is_the_template():
    text = " ".join(_help("chat").split())
    assert "default: template" in text or "[template;" in text


def test_sim_report_defaults_to_the_folder_sim_run_writes(tmp_path, monkeypatch):
    """``sim report`` right after ``sim run`` (both without a folder) rebuilds that run."""
    from tests.conftest import DATA

    monkeypatch.chdir(tmp_path)
    ran = runner.invoke(app, ["sim", "run", "--scenarios", str(DATA / "crad_fixture.csv"),
                              "--limit", "1", "--debtors", "vanilla", "--policies", "eq",
                              "--no-plots"])
    assert ran.exit_code == 0, ran.output
    (tmp_path / "sim-out" / "summary.md").unlink()
    rebuilt = runner.invoke(app, ["sim", "report", "--no-plots"])
    assert rebuilt.exit_code == 0, rebuilt.output
    assert (tmp_path / "sim-out" / "summary.md").exists()


def test_sim_report_without_a_run_says_where_it_looked(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    result = runner.invoke(app, ["sim", "report", "--no-plots"])
    assert result.exit_code == 2 and "sim-out" in result.output
