"""The help screen: every key, and what each panel shows."""

from __future__ import annotations

from typing import ClassVar

from rich.table import Table
from rich.text import Text
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import VerticalScroll
from textual.screen import ModalScreen
from textual.widgets import Static

KEYS: tuple[tuple[str, str], ...] = (
    ("Enter", "send your message (you are the debtor)"),
    ("F1", "this help"),
    ("Ctrl+N", "new session: scenario, policy, backend, seed"),
    ("Ctrl+S", "save the session (JSON; resumes exactly)"),
    ("Ctrl+O", "load a saved session"),
    ("Ctrl+R", "export the transcript (Markdown, JSON)"),
    ("Ctrl+T", "spectator: watch a simulated debtor"),
    ("Space / N", "spectator: pause or resume / one step"),
    ("Ctrl+B", "show or hide the side panels"),
    ("F12", "save an SVG screenshot in the current folder"),
    ("Ctrl+Q", "quit"),
)

PANELS: tuple[tuple[str, str], ...] = (
    ("Sensor", "the emotion read from the last debtor message"),
    ("HMM", "belief about the debtor's state; predicted next emotion"),
    ("Policy", "mode (WSLS or HMM look-ahead), persona and why"),
    ("Negotiation", "offers on both sides, gap, mandate, messages left"),
    ("Guard", "pass, or what it caught and replaced"),
    ("Model", "backend, tokens/s, time to first token, turn time"),
)


def _table(rows: tuple[tuple[str, str], ...], title: str) -> Table:
    table = Table(title=title, title_justify="left", title_style="bold", box=None,
                  show_header=False, padding=(0, 1), expand=True)
    table.add_column(style="bold cyan", no_wrap=True, width=11)
    table.add_column(ratio=1)
    for key, what in rows:
        table.add_row(key, what)
    return table


class HelpScreen(ModalScreen[None]):
    """Keys and panels; any of Escape, F1 or Q closes it."""

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("escape,f1,q", "dismiss", "Close", priority=True),
    ]

    def compose(self) -> ComposeResult:
        with VerticalScroll(id="dialog", classes="help"):
            yield Static(Text("edge-agent · help", style="bold"), classes="title")
            yield Static(_table(KEYS, "Keys"))
            yield Static(_table(PANELS, "Panels"))
            yield Static(Text("Esc closes this screen", style="dim"))

    def on_mount(self) -> None:
        self.query_one("#dialog").border_title = "Help"
