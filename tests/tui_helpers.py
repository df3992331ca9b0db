"""Helpers for driving the TUI in tests: a recording app, waiting for workers, reading panels."""

from __future__ import annotations

import asyncio
import io
from collections.abc import Awaitable, Callable
from pathlib import Path
from typing import Any

from rich.console import Console
from textual.pilot import Pilot
from textual.widgets import Input

from edge_agent.tui.app import EdgeAgentApp
from edge_agent.tui.chat import ChatMessage
from edge_agent.tui.panels import Panel
from edge_agent.tui.session import SessionSettings
from tests.conftest import NORTHWIND

SCENARIO = NORTHWIND


def settings(**kw: Any) -> SessionSettings:
    """Template backend, lexicon sensor, seed 0: fast, model-free and deterministic."""
    kw.setdefault("sensor", "lexicon")
    return SessionSettings(kw.pop("scenario", SCENARIO), **kw)


class RecordingApp(EdgeAgentApp):
    """The real app, recording its notifications for the test to read."""

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.notes: list[tuple[str, str]] = []

    def notify(self, message: str, *, title: str = "", severity: Any = "information",
               timeout: float | None = None, markup: bool = True) -> None:
        self.notes.append((str(severity), message))
        super().notify(message, title=title, severity=severity, timeout=timeout, markup=markup)


def make_app(tmp_path: Path, **kw: Any) -> RecordingApp:
    options = {k: kw.pop(k) for k in ("show_timings", "spectator_delay") if k in kw}
    return RecordingApp(settings(**kw), workdir=tmp_path, **options)


def run(app: EdgeAgentApp, script: Callable[[Pilot], Awaitable[None]],
        size: tuple[int, int] = (80, 24)) -> None:
    """Run ``script`` against the app in headless mode."""

    async def main() -> None:
        async with app.run_test(size=size) as pilot:
            await settle(pilot)
            await script(pilot)

    asyncio.run(main())


async def settle(pilot: Pilot, max_rounds: int = 40) -> None:
    """Wait until the agent's workers are done and the screen has stopped changing.

    A fixed number of pauses is not enough on a loaded machine (snapshots flaked under CPU
    contention): keep going until two consecutive renders are identical.
    """
    for box in pilot.app.query(Input):  # a blinking cursor makes screenshots time-dependent
        box.cursor_blink = False
    previous = None
    for _ in range(max_rounds):
        await pilot.app.workers.wait_for_complete()
        await pilot.wait_for_scheduled_animations()
        await pilot.pause()
        current = pilot.app.export_screenshot()
        if current == previous:
            return
        previous = current


async def say(pilot: Pilot, text: str) -> None:
    """Type ``text`` into the message box as a person would, press Enter, wait for the reply."""
    await pilot.press(*text)
    await pilot.press("enter")
    await settle(pilot)


def messages(app: EdgeAgentApp) -> list[tuple[str, str]]:
    return [(m.role, m.text) for m in app.query(ChatMessage)]


def panel_text(panel: Panel, width: int = 44) -> str:
    """What a panel shows, as plain text."""
    console = Console(file=io.StringIO(), width=width, color_system=None)
    console.print(panel.content)
    return console.file.getvalue()  # type: ignore[attr-defined]
