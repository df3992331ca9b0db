"""The CLI through Typer's CliRunner."""

from typer.testing import CliRunner

from edge_agent.cli import app
from tests.conftest import DATA

runner = CliRunner()


def test_chat_runs_a_dialogue_to_agreement():
    result = runner.invoke(app, ["chat", "--sensor", "lexicon", "--seed", "1"],
                           input="I need 150 days\n\ndeal\nyes\n")
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


def test_sessions_are_saved_listed_exported_resumed_and_deleted(private_session_db):
    first = runner.invoke(app, ["chat", "--sensor", "lexicon"],
                          input="My account 99887766 needs 150 days\nquit\n")
    assert first.exit_code == 0, first.output
    sid = first.output.split("chat --resume ")[1].split()[0]
    listed = runner.invoke(app, ["sessions", "list"])
    assert listed.exit_code == 0 and sid in listed.output and "open" in listed.output
    shown = runner.invoke(app, ["sessions", "show", sid])
    assert "99887766" in shown.output
    redacted = runner.invoke(app, ["sessions", "export", sid, "--redact", "--format", "json"])
    assert redacted.exit_code == 0 and "99887766" not in redacted.output
    assert '"status": "open"' in redacted.output
    resumed = runner.invoke(app, ["chat", "--resume", sid, "--sensor", "lexicon"],
                            input="deal\nyes\n")
    assert resumed.exit_code == 0, resumed.output
    assert "99887766" in resumed.output  # the transcript so far is shown first
    assert "dialogue agreed" in resumed.output
    again = runner.invoke(app, ["chat", "--resume", sid])
    assert "has ended (agreed)" in again.output
    deleted = runner.invoke(app, ["sessions", "delete", sid, "--yes"])
    assert deleted.exit_code == 0
    assert "no stored sessions" in runner.invoke(app, ["sessions", "list"]).output


def test_sessions_errors_are_clear():
    missing = runner.invoke(app, ["sessions", "show", "nope"])
    assert missing.exit_code == 2 and "no session 'nope'" in missing.output
    resume = runner.invoke(app, ["chat", "--resume", "nope"])
    assert resume.exit_code == 2 and "no session 'nope'" in resume.output
    fmt = runner.invoke(app, ["sessions", "export", "nope", "--format", "pdf"])
    assert fmt.exit_code == 2


def test_no_save_stores_nothing(private_session_db):
    result = runner.invoke(app, ["chat", "--no-save", "--sensor", "lexicon"], input="quit\n")
    assert result.exit_code == 0 and "--resume" not in result.output
    assert "no stored sessions" in runner.invoke(app, ["sessions", "list"]).output
