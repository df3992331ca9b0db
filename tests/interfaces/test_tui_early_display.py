"""The TUI shows a reply sentence by sentence while the turn is still running (issue 20 item
4), and a turn that fails after partial display leaves the shown text marked as not sent."""

from __future__ import annotations

import asyncio
import threading
import time

from edge_agent import Negotiator
from edge_agent.realise import Realisation
from edge_agent.tui import app as app_module
from tests.tui_helpers import make_app, messages, run, settle


class SlowVoice:
    """Speaks the plan slot by slot with a delay between slots; after the first slot of an
    answer it waits for the test (``release``), so the test sees the screen mid-turn. With
    ``crash`` it raises after the first slot instead (a model failing mid-reply)."""

    name = "slow-voice"

    def __init__(self, crash: bool = False, delay: float = 0.05) -> None:
        self.crash, self.delay = crash, delay
        self.first_shown = threading.Event()
        self.release = threading.Event()

    def realise(self, decision, ctx, on_token=None):
        plan, texts = ctx.plan, {}
        for i, item in enumerate(plan.items):
            if not item.text:
                continue
            texts[i] = item.text
            if on_token is not None:
                on_token(item.text if len(texts) == 1 else " " + item.text)
            if ctx.turn > 0 and len(texts) == 1:
                self.first_shown.set()
                if self.crash:
                    raise RuntimeError("the model stopped mid-reply")
                self.release.wait(10)
            time.sleep(self.delay)
        return Realisation(plan.with_texts(texts).text(), self.name, "llm", {})


def _app(tmp_path, monkeypatch, voice):
    def build(settings, on_reset=None):
        return Negotiator(settings.scenario, policy="random", backend="template",
                          seed=settings.seed, sensor=settings.sensor, realiser=voice), None

    monkeypatch.setattr(app_module, "build_negotiator", build)
    return make_app(tmp_path)


async def _type(pilot, text: str) -> None:
    box = pilot.app.query_one("#message")
    box.value = text
    await pilot.press("enter")


async def _until(pilot, condition, timeout: float = 10.0) -> None:
    end = time.monotonic() + timeout
    while not condition():
        assert time.monotonic() < end, "timed out waiting for the screen"
        await pilot.pause(0.02)


def test_a_reply_appears_sentence_by_sentence_before_the_turn_ends(tmp_path, monkeypatch):
    voice = SlowVoice()
    app = _app(tmp_path, monkeypatch, voice)

    async def script(pilot):
        await _type(pilot, "Could I do 40 days?")
        await asyncio.to_thread(voice.first_shown.wait, 10)
        chat = app.query_one("#chat")
        await _until(pilot, lambda: chat.messages[-1].text)
        partial = chat.messages[-1].text
        # Mid-turn: the first sentence is on screen, the turn has not been committed.
        assert app.busy and app.agent is not None and len(app.agent.session.turns) == 1
        assert partial and "offer" not in chat.messages[-1].border_title
        voice.release.set()
        await settle(pilot)
        final = messages(app)[-1][1]
        assert final.startswith(partial) and len(final) > len(partial)
        assert final == app.agent.last_reply().text
        assert not app.busy and not chat.messages[-1].has_class("withdrawn")

    run(app, script)


def test_a_turn_failing_after_partial_display_marks_the_text_not_sent(tmp_path, monkeypatch):
    voice = SlowVoice(crash=True)
    app = _app(tmp_path, monkeypatch, voice)

    async def script(pilot):
        await _type(pilot, "I lost my job, I can't do 14 days.")
        await settle(pilot)
        last = app.query_one("#chat").messages[-1]
        assert last.role == "creditor" and last.text  # the shown sentence stays readable...
        assert last.has_class("withdrawn") and "not sent" in last.border_subtitle  # ...marked
        assert len(app.agent.session.turns) == 1  # nothing was committed
        assert any(sev == "error" and "could not reply" in msg for sev, msg in app.notes)

    run(app, script)


def test_close_negative_a_failure_before_anything_was_shown_leaves_no_message(tmp_path,
                                                                             monkeypatch):
    class Broken(SlowVoice):
        def realise(self, decision, ctx, on_token=None):
            if ctx.turn > 0:
                raise RuntimeError("the model failed to load")
            return super().realise(decision, ctx, on_token)

    app = _app(tmp_path, monkeypatch, Broken())

    async def script(pilot):
        await _type(pilot, "I need 30 days")
        await settle(pilot)
        roles = [r for r, _ in messages(app)]
        assert roles == ["creditor", "debtor"]  # the empty reply bubble was removed
        assert not any(m.has_class("withdrawn") for m in app.query_one("#chat").messages)

    run(app, script)
