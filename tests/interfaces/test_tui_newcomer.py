"""What a newcomer met in the TUI (issue 23 items 7-10), driven through the real app."""

from __future__ import annotations

import importlib.util

import pytest
from textual import events
from textual.geometry import Region
from typer.testing import CliRunner

from edge_agent import Negotiator
from edge_agent.cli import app as cli_app
from edge_agent.state.store import SessionStore
from edge_agent.tui import app as tui_app
from edge_agent.tui.session import custom_scenario
from tests.tui_helpers import make_app, messages, run, say, settle


# -- item 9: the status line shows its whole text -------------------------------------------------
def _visible_status(app) -> str:
    """The status line's rows as the screen draws them (a row the widget has no room for is
    not drawn)."""
    widget = app.query_one("#status")
    strips = widget.render_lines(Region(0, 0, widget.size.width, widget.size.height))
    return " ".join(strip.text.strip() for strip in strips)


def test_the_awaiting_confirmation_status_is_not_cut_at_80_columns(tmp_path):
    app = make_app(tmp_path)

    async def script(pilot):
        await say(pilot, "OK, 12 days.")
        assert app.view.status == "awaiting_confirmation"
        assert "only a clear yes agrees." in _visible_status(app)

    run(app, script)


def test_the_disputed_notice_is_not_cut_at_80_columns(tmp_path):
    app = make_app(tmp_path)

    async def script(pilot):
        await say(pilot, "This isn't my debt, I dispute it.")
        assert app.view.status == "disputed"
        assert "until it is validated." in _visible_status(app)

    run(app, script)


# -- item 9: a message typed after the end is not lost ---------------------------------------------
def test_a_message_typed_after_the_end_is_kept_and_the_user_told(tmp_path):
    app = make_app(tmp_path)

    async def script(pilot):
        await say(pilot, "This isn't my debt, I dispute it.")
        box = app.query_one("#message")
        assert not box.disabled  # typing still lands somewhere visible
        assert "Ctrl+N" in box.placeholder
        await say(pilot, "hello?")
        assert box.value == "hello?"
        assert any("ended" in msg and "Ctrl+N" in msg for _, msg in app.notes)
        assert [r for r, _ in messages(app)].count("debtor") == 1

    run(app, script)


# -- item 9: a paste over the limit is reported with its real length ----------------------------
@pytest.mark.parametrize("size, refused", [(5000, True), (2001, True), (1999, False)])
def test_a_long_paste_is_reported_with_its_own_length(tmp_path, size, refused):
    app = make_app(tmp_path)

    async def script(pilot):
        box = app.query_one("#message")
        box.focus()
        box.post_message(events.Paste("y" * size))
        await settle(pilot)
        if refused:
            assert any(f"{size:,}" in msg and "2,000" in msg for _, msg in app.notes)
            assert not any("4000" in msg or "4,000" in msg for _, msg in app.notes)
            assert box.value == ""
        else:
            assert box.value == "y" * size and not app.notes

    run(app, script)


# -- item 10: a custom scenario has names --------------------------------------------------------
def test_a_custom_scenario_opens_with_names_not_placeholders(tmp_path):
    app = make_app(tmp_path, scenario=custom_scenario(20, None, 9000.0), label="custom")

    async def script(pilot):
        [(role, opening)] = messages(app)
        assert role == "creditor"
        assert "this is the creditor" not in opening.lower()
        assert "hello there" not in opening.lower()
        assert app.settings.scenario.debtor_name in opening
        assert "there" not in app.sub_title

    run(app, script)


def test_the_cli_custom_scenario_has_the_same_names():
    from edge_agent.cli.options import resolve_scenario

    cli = resolve_scenario(None, None, 20, None, 9000.0)
    tui = custom_scenario(20, None, 9000.0)
    assert (cli.creditor_name, cli.debtor_name) == (tui.creditor_name, tui.debtor_name)
    assert cli.debtor_name != "there" and cli.creditor_name != "the creditor"


# -- item 8: tui --resume keeps the saved backend ------------------------------------------------
@pytest.mark.skipif(importlib.util.find_spec("llama_cpp") is None,
                    reason="llama-cpp-python is not installed (make setup installs it)")
@pytest.mark.parametrize("given, expected", [((), "llama"), (("--backend", "template"),
                                                              "template")])
def test_tui_resume_keeps_the_saved_backend(tmp_path, monkeypatch, given, expected):
    from tests.conftest import NORTHWIND

    db = tmp_path / "sessions.db"
    store = SessionStore(db)
    agent = Negotiator(NORTHWIND, backend="llama", sensor="lexicon", store=store)
    agent.open()
    sid = agent.session_id
    store.close()
    seen = []
    monkeypatch.setattr(tui_app.EdgeAgentApp, "run", lambda self: seen.append(self.settings))
    result = CliRunner().invoke(cli_app, ["tui", "--resume", sid, "--db", str(db), *given])
    assert result.exit_code == 0, result.output
    assert seen[0].backend == expected


# -- item 7: invalid UTF-8 from the terminal -------------------------------------------------------
def test_invalid_utf8_from_the_terminal_is_replaced_not_fatal():
    from textual.drivers import linux_driver

    tui_app.tolerate_invalid_input()
    decode = linux_driver.getincrementaldecoder("utf-8")().decode
    assert decode(b"abc \xff\xfe def", final=False) == "abc \ufffd\ufffd def"
    assert decode("é".encode()[:1], final=False) == ""  # a split character still waits
    assert decode("é".encode()[1:], final=True) == "é"


def test_a_tui_that_ends_on_an_error_exits_non_zero(monkeypatch):
    def crash(self):
        self._return_code = 1

    monkeypatch.setattr(tui_app.EdgeAgentApp, "run", crash)
    result = CliRunner().invoke(cli_app, ["tui", "--no-save", "--sensor", "lexicon"])
    assert result.exit_code == 1
