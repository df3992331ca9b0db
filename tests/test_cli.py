"""The CLI through Typer's CliRunner."""

from typer.testing import CliRunner

from edge_agent.cli import app
from tests.conftest import DATA

runner = CliRunner()


def test_chat_runs_a_dialogue_to_agreement():
    result = runner.invoke(app, ["chat", "--sensor", "lexicon", "--seed", "1"],
                           input="I need 150 days\n\ndeal\n")
    assert result.exit_code == 0, result.output
    assert "attempt to collect a debt" in result.output
    assert "the message is empty" in result.output
    assert "mode eq:" in result.output and "persona" in result.output
    assert "dialogue agreed" in result.output


def test_chat_with_a_crad_row_and_policy():
    args = ["chat", "--scenario", "2", "--crad", str(DATA / "crad_fixture.csv"),
            "--policy", "fixed:joy", "--sensor", "lexicon"]
    result = runner.invoke(app, args, input="quit\n")
    assert result.exit_code == 0, result.output
    assert "Northwind Credit" in result.output and "target 8 days" in result.output


def test_chat_end_of_input_leaves_dialogue_open():
    result = runner.invoke(app, ["chat", "--sensor", "lexicon"], input="")
    assert result.exit_code == 0 and "input ended" in result.output


def test_chat_errors_are_clear():
    bad = runner.invoke(app, ["chat", "--target", "30", "--max-days", "10"])
    assert bad.exit_code == 2 and "mandate must include the target" in bad.output
    row = runner.invoke(app, ["chat", "--scenario", "9", "--crad", str(DATA / "crad_fixture.csv")])
    assert row.exit_code == 2 and "between 1 and 3" in row.output
    pol = runner.invoke(app, ["chat", "--policy", "telepathy", "--sensor", "lexicon"])
    assert pol.exit_code == 2 and "unknown policy" in pol.output


def test_help_lists_chat():
    result = runner.invoke(app, ["--help"])
    assert result.exit_code == 0 and "chat" in result.output
