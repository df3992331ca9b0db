"""Every bad option, file or environment: one ``error:`` line and exit status 2, no
traceback."""

from __future__ import annotations

import os
import stat

import pytest
from typer.testing import CliRunner

from edge_agent import __version__
from edge_agent.cli import app
from edge_agent.state.store import SessionStore, StoreError
from tests.conftest import DATA

runner = CliRunner()


def _one_error_line(result) -> str:
    assert result.exit_code == 2, result.output
    assert "Traceback" not in result.output
    lines = [ln for ln in result.output.splitlines() if ln.strip()]
    errors = [ln for ln in lines if ln.startswith("error:")]
    assert len(errors) == 1, result.output
    return errors[0]


@pytest.fixture
def text_file(tmp_path):
    f = tmp_path / "notes.gguf"
    f.write_text("these are my notes, not a model\n")
    return f


def test_an_unknown_backend(text_file):
    assert "not found" in _one_error_line(
        runner.invoke(app, ["chat", "--backend", "foo", "--sensor", "lexicon"], input="quit\n"))


@pytest.mark.parametrize("option", ["--model", "--backend"])
def test_a_text_file_or_system_file_as_the_model(option, text_file):
    for path in (str(text_file), "/etc/passwd"):
        line = _one_error_line(runner.invoke(app, ["chat", option, path, "--sensor", "lexicon"],
                                             input="quit\n"))
        assert "not a GGUF model" in line


def test_a_folder_as_the_model(tmp_path):
    assert "not a file" in _one_error_line(
        runner.invoke(app, ["chat", "--model", str(tmp_path), "--sensor", "lexicon"]))


def test_the_tui_checks_the_model_before_starting():
    assert "not found" in _one_error_line(runner.invoke(app, ["tui", "--backend", "foo"]))


def test_a_full_disk_mid_chat_is_one_line_and_keeps_the_session(monkeypatch, private_session_db):
    def full(self, *a, **k):
        raise StoreError(f"saving turn 1 failed in {self.path}: database or disk is full "
                         f"(free some disk space; nothing was written)")

    monkeypatch.setattr(SessionStore, "append", full)
    result = runner.invoke(app, ["chat", "--sensor", "lexicon"], input="I need 90 days\n")
    line = _one_error_line(result)
    assert "disk is full" in line and "--resume" in line
    monkeypatch.undo()
    [info] = SessionStore(private_session_db).list()
    assert info.turns == 1  # the opening, nothing half-written


def test_export_to_a_folder_and_exports_are_private(tmp_path, private_session_db):
    chat = runner.invoke(app, ["chat", "--sensor", "lexicon"], input="deal\n")
    assert chat.exit_code == 0
    [info] = SessionStore(private_session_db).list()
    assert "folder" in _one_error_line(
        runner.invoke(app, ["sessions", "export", info.id, "--out", str(tmp_path)]))
    out = tmp_path / "t.md"
    ok = runner.invoke(app, ["sessions", "export", info.id, "--out", str(out)])
    assert ok.exit_code == 0 and stat.S_IMODE(os.stat(out).st_mode) == 0o600


@pytest.fixture
def tui_runs(monkeypatch) -> list:
    """The settings each ``tui`` command would run the app with (the app is not started)."""
    from edge_agent.tui.app import EdgeAgentApp

    started: list = []
    monkeypatch.setattr(EdgeAgentApp, "run", lambda self: started.append(self.settings))
    return started


@pytest.mark.parametrize("command", ["chat", "tui"])
@pytest.mark.parametrize("extra", [
    ["--policy", "wsls"], ["--seed", "3"], ["--target", "20"], ["--max-days", "40"],
    ["--balance", "900"], ["--scenario", "2"], ["--crad", str(DATA / "crad_fixture.csv")],
])
def test_options_a_resume_would_ignore_are_refused(private_session_db, tui_runs, command, extra):
    """The same refusal from both commands: ``tui --resume ID --crad P`` was once accepted
    (and the CRAD path silently dropped) where ``chat`` refused it."""
    runner.invoke(app, ["chat", "--sensor", "lexicon"], input="quit\n")
    [info] = SessionStore(private_session_db).list()
    line = _one_error_line(runner.invoke(app, [command, "--resume", info.id, *extra],
                                         input="quit\n"))
    assert "cannot change a stored session" in line and extra[0] in line
    assert tui_runs == []


@pytest.mark.parametrize("extra", [[], ["--backend", "template"], ["--sensor", "lexicon"]])
def test_the_tui_resumes_with_the_options_a_resume_may_change(private_session_db, tui_runs,
                                                               extra):
    runner.invoke(app, ["chat", "--sensor", "lexicon"], input="quit\n")
    [info] = SessionStore(private_session_db).list()
    result = runner.invoke(app, ["tui", "--resume", info.id, *extra])
    assert result.exit_code == 0, result.output
    [settings] = tui_runs
    assert settings.resume_id == info.id and settings.store == private_session_db


def test_resume_keeps_the_saved_policy_and_backend(private_session_db):
    runner.invoke(app, ["chat", "--sensor", "lexicon", "--policy", "wsls"], input="quit\n")
    [info] = SessionStore(private_session_db).list()
    result = runner.invoke(app, ["chat", "--resume", info.id, "--sensor", "lexicon"],
                           input="quit\n")
    assert result.exit_code == 0 and "policy wsls, backend template" in result.output


def test_version():
    result = runner.invoke(app, ["--version"])
    assert result.exit_code == 0 and result.output.strip() == f"edge-agent {__version__}"


CRAD = ["--scenarios", str(DATA / "crad_fixture.csv")]


@pytest.mark.parametrize("args, match", [
    (["--policies", "foo"], "boulware, linear, conceder"),
    (["--limit", "0"], "--limit must be at least 1"),
    (["--workers", "0"], "--workers must be at least 1"),
])
@pytest.mark.parametrize("command", ["run", "grid"])
def test_sim_options_are_checked(tmp_path, command, args, match):
    result = runner.invoke(app, ["sim", command, *CRAD, "--out", str(tmp_path / "o"), *args])
    assert match in _one_error_line(result)
    assert not (tmp_path / "o").exists()


def test_a_damaged_row_is_listed_and_refused_clearly(private_session_db):
    import sqlite3

    runner.invoke(app, ["chat", "--sensor", "lexicon"], input="quit\n")
    [info] = SessionStore(private_session_db).list()
    db = sqlite3.connect(private_session_db)
    db.execute("UPDATE sessions SET scenario = '{broken'")
    db.commit()
    db.close()
    listed = runner.invoke(app, ["sessions", "list"])
    assert listed.exit_code == 0 and "damaged" in listed.output
    assert "damaged" in _one_error_line(runner.invoke(app, ["sessions", "show", info.id]))
    assert "damaged" in _one_error_line(runner.invoke(app, ["chat", "--resume", info.id],
                                                      input="quit\n"))


@pytest.mark.parametrize("args, match", [
    (["--backend", ""], "--backend is empty"),
    (["--backend", "   "], "--backend is empty"),
    (["--model", "x.gguf", "--backend", "template"], "not both"),
    (["--resume", "abc", "--no-save"], "--no-save"),
])
@pytest.mark.parametrize("command", ["chat", "tui"])
def test_contradictory_or_empty_backend_choices(private_session_db, command, args, match):
    result = runner.invoke(app, [command, "--sensor", "lexicon", *args], input="quit\n")
    assert match in _one_error_line(result)


def test_sim_run_out_onto_a_file_is_one_error_line(tmp_path):
    existing = tmp_path / "notes.txt"
    existing.write_text("keep me\n")
    result = runner.invoke(app, ["sim", "run", *CRAD, "--limit", "1", "--out", str(existing)])
    assert "is a file" in _one_error_line(result)
    assert existing.read_text() == "keep me\n"


def test_sessions_list_survives_damaged_times_and_scenarios(private_session_db):
    import sqlite3

    runner.invoke(app, ["chat", "--sensor", "lexicon"], input="quit\n")
    runner.invoke(app, ["chat", "--sensor", "lexicon"], input="quit\n")
    db = sqlite3.connect(private_session_db)
    ids = [r[0] for r in db.execute("SELECT id FROM sessions")]
    db.execute("UPDATE sessions SET updated = 'abc', scenario = '{}' WHERE id = ?", (ids[0],))
    db.execute("UPDATE sessions SET updated = 1e300, status = 'agreed' WHERE id = ?", (ids[1],))
    db.commit()
    db.close()
    listed = runner.invoke(app, ["sessions", "list"])
    assert listed.exit_code == 0 and "Traceback" not in listed.output
    assert listed.output.count("damaged") == 2
    assert "damaged" in _one_error_line(runner.invoke(app, ["sessions", "show", ids[1]]))


def test_max_days_applies_to_the_chosen_crad_row_only(private_session_db):
    """``--scenario 3 --max-days 10``: row 3's target is 20, so it is refused for row 3 (it
    used to be refused for row 1 whatever row was asked for)."""
    crad = ["--crad", str(DATA / "crad_fixture.csv")]
    line = _one_error_line(runner.invoke(app, ["chat", "--scenario", "3", "--max-days", "10",
                                               "--sensor", "lexicon", *crad], input="quit\n"))
    assert "creditor_target_days (20)" in line
    ok = runner.invoke(app, ["chat", "--scenario", "2", "--max-days", "10", "--sensor",
                             "lexicon", *crad], input="quit\n")
    assert ok.exit_code == 0 and "mandate 10 days" in ok.output
