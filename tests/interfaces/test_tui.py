"""The TUI driven as a person would: App.run_test() and Pilot, template backend, lexicon sensor."""

from __future__ import annotations

import json
import subprocess
import sys

import pytest
from textual.widgets import Select
from typer.testing import CliRunner

from edge_agent import Negotiator
from edge_agent.cli import app as cli_app
from edge_agent.realise import Realisation, TemplateRealiser
from edge_agent.tui import app as app_module
from edge_agent.tui import spectator
from edge_agent.tui.panels import (
    GuardPanel,
    ModelPanel,
    NegotiationPanel,
    PolicyPanel,
    SensorPanel,
    SignalsPanel,
    TrackerPanel,
)
from edge_agent.tui.screens.files import ExportScreen, PathScreen
from edge_agent.tui.screens.help import HelpScreen
from edge_agent.tui.screens.scenario import ScenarioScreen
from edge_agent.turn import context_planner
from tests.tui_helpers import SCENARIO, make_app, messages, panel_text, run, say, settle


def test_opening_then_a_typed_message_gets_a_reply_and_the_panels_update(tmp_path):
    app = make_app(tmp_path)

    async def script(pilot):
        assert [r for r, _ in messages(app)] == ["creditor"]
        assert "attempt to collect a debt" in messages(app)[0][1]
        assert "no debtor message yet" in panel_text(app.query_one(SensorPanel))
        await say(pilot, "I need 150 days, I lost my job and I am furious")
        roles = [r for r, _ in messages(app)]
        assert roles == ["creditor", "debtor", "creditor"]
        assert messages(app)[1][1] == "I need 150 days, I lost my job and I am furious"
        sensor = panel_text(app.query_one(SensorPanel))
        for emotion in ("anger", "disgust", "fear", "joy", "neutral", "sadness", "surprise"):
            assert emotion in sensor
        assert "belief" in panel_text(app.query_one(TrackerPanel))
        assert "likely next" in panel_text(app.query_one(TrackerPanel))
        policy = panel_text(app.query_one(PolicyPanel))
        assert "persona" in policy and "eq →" in policy
        negotiation = panel_text(app.query_one(NegotiationPanel))
        assert "150" in negotiation and "limit 60 days" in negotiation
        assert "3/30" in negotiation
        signals = panel_text(app.query_one(SignalsPanel))
        assert "break-off" in signals and "manipul." in signals and "hardship" in signals
        assert "pass" in panel_text(app.query_one(GuardPanel))
        assert app.query_one("#message").value == ""
        assert not app.query_one("#message").disabled

    run(app, script)


def test_the_tui_dialogue_equals_the_api_dialogue(tmp_path):
    app = make_app(tmp_path, seed=3)
    lines = ["I can do 90 days", "ok what about 40 days?", "fine, 20 days"]
    shown: list[str] = []

    async def script(pilot):
        for line in lines:
            await say(pilot, line)
        shown.extend(t for _, t in messages(app))

    run(app, script)
    agent = Negotiator(SCENARIO, policy="eq", backend="template", seed=3, sensor="lexicon")
    expected = [agent.open().text]
    for line in lines:
        if agent.status != "open":
            break
        expected += [line, agent.respond(line).text]
    assert shown[: len(expected)] == expected


def test_too_long_message_is_a_notification_and_changes_nothing(tmp_path):
    app = make_app(tmp_path)

    async def script(pilot):
        box = app.query_one("#message")
        box.value = "x" * 2500
        await pilot.press("enter")
        await settle(pilot)
        assert [r for r, _ in messages(app)] == ["creditor"]
        assert box.value == "x" * 2500  # given back to edit
        assert any(sev == "warning" and "2000" in msg for sev, msg in app.notes)
        assert app.agent is not None and len(app.agent.session.turns) == 1

    run(app, script)


def test_a_model_that_fails_to_load_is_a_notification_and_the_template_takes_over(tmp_path):
    app = make_app(tmp_path, backend=str(tmp_path / "missing.gguf"))

    async def script(pilot):
        assert any(sev == "error" and "failed to load" in msg for sev, msg in app.notes)
        assert app.agent is not None and app.agent.backend == "template"
        await say(pilot, "I need 30 days")
        assert [r for r, _ in messages(app)] == ["creditor", "debtor", "creditor"]

    run(app, script)


class StreamingRealiser:
    """Streams a draft word by word; the draft threatens arrest, so the guard replaces it."""

    name = "fake-llm"

    def __init__(self) -> None:
        self.tokens: list[str] = []

    def realise(self, decision, ctx, on_token=None):
        text = f"Pay within {decision.offer_days} days or we will have you arrested."
        for word in text.split(" "):
            piece = word + " "
            self.tokens.append(piece)
            if on_token is not None:
                on_token(piece)
        return Realisation(text, self.name, "llm", {"tokens_generated": 11, "ttft_ms": 50.0,
                                                    "total_ms": 500.0})


def test_streamed_tokens_show_and_a_guard_replacement_shows_the_final_text(tmp_path,
                                                                         monkeypatch):
    realiser = StreamingRealiser()

    def build(settings, on_reset=None):
        return Negotiator(settings.scenario, policy=settings.policy, backend="template",
                          seed=settings.seed, sensor=settings.sensor, realiser=realiser), None

    monkeypatch.setattr(app_module, "build_negotiator", build)
    app = make_app(tmp_path)
    streamed: list[str] = []
    stream = app._stream
    app._stream = lambda sid, piece: (streamed.append(piece), stream(sid, piece))

    async def script(pilot):
        assert len(realiser.tokens) > 5  # the draft was generated, token by token
        shown = messages(app)[0][1]
        assert "arrested" not in shown and "attempt to collect a debt" in shown
        # Issue 12: the draft never reached the screen, not even for a moment.
        assert streamed and "".join(streamed) == shown
        assert not any("arrest" in piece for piece in streamed)
        assert "replaced" in panel_text(app.query_one(GuardPanel))
        assert any("guard replaced" in msg for _, msg in app.notes)
        assert app.query_one("#chat").messages[0].has_class("replaced")

    run(app, script)


def test_save_then_load_resumes_the_dialogue_exactly(tmp_path):
    app = make_app(tmp_path, seed=5)
    saved = tmp_path / "s.json"

    async def script(pilot):
        await say(pilot, "I can do 90 days, money is tight")
        await pilot.press("ctrl+s")
        await pilot.pause()
        assert isinstance(app.screen, PathScreen)
        app.screen.query_one("#path").value = str(saved)
        await pilot.press("enter")
        await pilot.pause()
        assert saved.is_file()
        before = messages(app)
        await say(pilot, "what about 60 days")
        assert len(messages(app)) == 5
        await pilot.press("ctrl+o")
        await pilot.pause()
        app.screen.query_one("#path").value = str(saved)
        await pilot.press("enter")
        await settle(pilot)
        assert messages(app) == before
        assert app.view is not None and app.view.messages_used == 3
        await say(pilot, "what about 60 days")
        shown.extend(t for _, t in messages(app))

    shown: list[str] = []
    run(app, script)
    original = Negotiator.from_json(saved.read_text(), backend="template")
    assert shown[-1] == original.respond("what about 60 days").text
    assert json.loads(saved.read_text())["config"]["seed"] == 5


def test_export_writes_markdown_and_json(tmp_path):
    app = make_app(tmp_path)

    async def script(pilot):
        await say(pilot, "I need 45 days")
        await pilot.press("ctrl+r")
        await pilot.pause()
        assert isinstance(app.screen, ExportScreen)
        app.screen.query_one("#path").value = str(tmp_path / "out")
        await pilot.click("#both")
        await pilot.pause()

    run(app, script)
    md = (tmp_path / "out.md").read_text()
    assert md.startswith("# Negotiation transcript")
    assert "**Debtor**" in md and "I need 45 days" in md and "**Creditor** (" in md
    doc = json.loads((tmp_path / "out.json").read_text())
    assert doc["format"] == "edge-agent-transcript/1"
    assert [m["role"] for m in doc["messages"]] == ["creditor", "debtor", "creditor"]
    assert doc["messages"][1]["move"]["days"] == 45
    assert "sensor" in doc["messages"][2]["trace"]


def test_help_screen_opens_and_closes(tmp_path):
    app = make_app(tmp_path)

    async def script(pilot):
        await pilot.press("f1")
        await pilot.pause()
        assert isinstance(app.screen, HelpScreen)
        await pilot.press("escape")
        await pilot.pause()
        assert not isinstance(app.screen, HelpScreen)

    run(app, script)


def test_new_session_from_the_custom_form(tmp_path):
    app = make_app(tmp_path)

    async def script(pilot):
        await say(pilot, "I need 45 days")
        await pilot.press("ctrl+n")
        await pilot.pause()
        screen = app.screen
        assert isinstance(screen, ScenarioScreen)
        screen.query_one("#source").active = "custom"
        screen.query_one("#target").value = "20"
        screen.query_one("#max_days").value = "40"
        screen.query_one("#balance").value = "900"
        screen.query_one("#seed").value = "7"
        await pilot.click("#start")
        await settle(pilot)
        assert app.settings.scenario.creditor_target_days == 20
        assert app.settings.scenario.max_days == 40 and app.settings.seed == 7
        assert [r for r, _ in messages(app)] == ["creditor"]
        assert app.view is not None and app.view.creditor_offers == [20]

    run(app, script)



@pytest.mark.parametrize("policy", ["eq-paper", "eq-switch", "vanilla-adaptive"])
def test_the_policy_menu_offers_every_registered_policy(tmp_path, policy):
    """The menu is derived from the registry (``policy_choices()``): the three policies a
    hand-kept list once lacked can be chosen, and the new session negotiates with it."""
    app = make_app(tmp_path)

    async def script(pilot):
        await pilot.press("ctrl+n")
        await pilot.pause()
        menu = app.screen.query_one("#policy", Select)
        menu.value = policy  # a value the menu does not offer raises InvalidSelectValueError
        await pilot.click("#start")
        await settle(pilot)
        assert app.settings.policy == policy
        assert app.agent is not None and app.agent.session.config.policy == policy

    run(app, script)

def test_new_session_form_refuses_a_bad_mandate(tmp_path):
    app = make_app(tmp_path)

    async def script(pilot):
        await pilot.press("ctrl+n")
        await pilot.pause()
        screen = app.screen
        screen.query_one("#source").active = "custom"
        screen.query_one("#target").value = "30"
        screen.query_one("#max_days").value = "10"
        await pilot.click("#start")
        await pilot.pause()
        assert app.screen is screen  # still open, nothing started
        assert any(sev == "error" and "max_days" in msg for sev, msg in app.notes)

    run(app, script)


def test_spectator_without_simulators_is_a_notification(tmp_path, monkeypatch):
    def missing(name):
        raise ModuleNotFoundError(f"No module named {name!r}", name="sims")

    monkeypatch.setattr(spectator.importlib, "import_module", missing)
    app = make_app(tmp_path)

    async def script(pilot):
        await pilot.press("ctrl+t")
        await pilot.pause()
        assert any("needs the debtor simulators" in msg for _, msg in app.notes)
        assert not app.spectating

    run(app, script)


def test_spectator_steps_a_simulated_debtor(tmp_path):
    try:
        personas = spectator.list_personas()
    except spectator.SpectatorUnavailable as exc:
        pytest.skip(str(exc))
    app = make_app(tmp_path, spectator_delay=3600)

    async def script(pilot):
        await pilot.press("ctrl+t")
        await pilot.pause()
        await pilot.press("enter")  # the first persona
        await settle(pilot)
        assert app.spectating and app.debtor.persona == personas[0]
        assert app.query_one("#message").disabled
        await pilot.press("space")  # pause
        assert app.paused
        await pilot.press("n")
        await settle(pilot)
        roles = [r for r, _ in messages(app)]
        assert roles[:3] == ["creditor", "debtor", "creditor"]
        assert "no debtor message yet" not in panel_text(app.query_one(SensorPanel))
        await pilot.press("n")
        await settle(pilot)
        assert len(messages(app)) >= 5 or app.view.status != "open"

    run(app, script)


def test_works_at_80x24_with_the_panels_hidden_and_shown(tmp_path):
    app = make_app(tmp_path)

    async def script(pilot):
        assert app.size == (80, 24)
        side = app.query_one("#side")
        assert side.region.width > 0 and app.query_one("#chat").region.width >= 30
        await pilot.press("ctrl+b")
        await pilot.pause()
        assert not side.display
        await pilot.press("ctrl+b")

    run(app, script)


def test_tui_command_help_and_bad_options():
    runner = CliRunner()
    result = runner.invoke(cli_app, ["tui", "--help"])
    assert result.exit_code == 0
    for option in ("--scenario", "--target", "--max-days", "--balance", "--policy",
                   "--backend", "--seed", "--sensor"):
        assert option in result.output
    bad = runner.invoke(cli_app, ["tui", "--target", "30", "--max-days", "10"])
    assert bad.exit_code == 2 and "max_days" in bad.output


def test_the_cli_does_not_import_textual_until_the_tui_runs():
    code = "import sys, edge_agent.cli; print('textual' in sys.modules)"
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True,
                         check=True)
    assert out.stdout.strip() == "False"


class RetryingRealiser:
    """Streams a rejected draft, asks the UI to reset, then streams the final text."""

    name = "fake-llm"

    def __init__(self) -> None:
        self.on_reset = None
        self.final = ""

    def realise(self, decision, ctx, on_token=None):
        # the plan's own wording: since the hostile review, every sentence a custom realiser
        # returns is judged like a streamed one, and this fake's words are not the point here
        final = self.final = TemplateRealiser(context_planner()).realise(decision, ctx).text
        if on_token is not None:
            on_token("a rejected draft ")
            self.on_reset()
            for word in final.split(" "):
                on_token(word + " ")
        return Realisation(final, self.name, "llm_retry", {"decode_tps": 20.0, "model": "fake"},
                           [{"attempt": 0, "text": "a rejected draft", "problems": ["x"]}])


def test_a_rejected_streamed_draft_is_cleared_and_the_final_text_shown(tmp_path, monkeypatch):
    realiser = RetryingRealiser()

    def build(settings, on_reset=None):
        realiser.on_reset = on_reset
        return Negotiator(settings.scenario, policy=settings.policy, backend="template",
                          seed=settings.seed, sensor=settings.sensor, realiser=realiser), None

    monkeypatch.setattr(app_module, "build_negotiator", build)
    app = make_app(tmp_path)

    async def script(pilot):
        await say(pilot, "I can do 50 days")
        last = app.query_one("#chat").messages[-1]
        assert "rejected draft" not in last.text and last.text == realiser.final
        assert last.border_subtitle == "retried after a rejected draft"
        model = panel_text(app.query_one(ModelPanel))
        assert "fake" in model and "20.0" in model

    run(app, script)


def test_resume_from_the_session_database_keeps_committing_turns(tmp_path):
    from edge_agent.state.store import SessionStore

    db = tmp_path / "sessions.db"
    store = SessionStore(db)
    agent = Negotiator(SCENARIO, seed=2, sensor="lexicon", store=store)
    agent.open()
    agent.respond("I need 120 days")
    sid = agent.session_id
    app = make_app(tmp_path, store=db, resume_id=sid)

    async def script(pilot):
        assert [r for r, _ in messages(app)] == ["creditor", "debtor", "creditor"]
        await say(pilot, "how about 40 days")
        assert len(messages(app)) == 5

    run(app, script)
    assert len(SessionStore(db).load(sid).turns) == 3
    reference = Negotiator(SCENARIO, seed=2, sensor="lexicon")
    reference.open()
    reference.respond("I need 120 days")
    assert SessionStore(db).load(sid).turns[-1].reply == reference.respond("how about 40 days").text


def test_new_sessions_are_committed_when_a_database_is_set(tmp_path):
    from edge_agent.state.store import SessionStore

    db = tmp_path / "sessions.db"
    app = make_app(tmp_path, store=db)
    run(app, lambda pilot: say(pilot, "I need 100 days"))
    [info] = SessionStore(db).list()
    assert info.turns == 2


def test_awaiting_confirmation_and_restrictions_show_and_only_a_yes_ends_it(tmp_path):
    app = make_app(tmp_path)

    async def script(pilot):
        await say(pilot, "I can do 12 days if you stop calling me at work")
        negotiation = panel_text(app.query_one(NegotiationPanel))
        assert "awaiting_confirmation" in negotiation and "12 days, awaiting" in negotiation
        assert "not_at_work" in negotiation
        assert "only a clear yes" in str(app.query_one("#status").render())
        assert not app.query_one("#message").disabled  # the dialogue goes on
        await say(pilot, "Yes, I agree.")
        assert "agreed: 12 days" in panel_text(app.query_one(NegotiationPanel))

    run(app, script)
