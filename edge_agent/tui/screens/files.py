"""Small prompts for a file path: save, load, and export with a format."""

from __future__ import annotations

from typing import ClassVar

from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Horizontal, Vertical
from textual.screen import ModalScreen
from textual.widgets import Button, Input, Label


class PathScreen(ModalScreen[str | None]):
    """Ask for one path; Enter or the OK button returns it, Escape cancels."""

    BINDINGS: ClassVar[list[BindingType]] = [Binding("escape", "cancel", "Cancel")]

    def __init__(self, title: str, default: str, ok: str = "OK") -> None:
        super().__init__()
        self.title_text, self.default, self.ok = title, default, ok

    def compose(self) -> ComposeResult:
        with Vertical(id="dialog", classes="path"):
            yield Label(self.title_text, classes="title")
            yield Input(self.default, id="path", placeholder="a file path")
            with Horizontal(classes="buttons"):
                yield Button(self.ok, id="ok", variant="primary")
                yield Button("Cancel", id="cancel")

    def on_input_submitted(self, event: Input.Submitted) -> None:
        self._done(event.value)

    def on_button_pressed(self, event: Button.Pressed) -> None:
        if event.button.id == "ok":
            self._done(self.query_one("#path", Input).value)
        else:
            self.dismiss(None)

    def _done(self, value: str) -> None:
        value = value.strip()
        if not value:
            self.notify("type a file path", severity="warning")
            return
        self.dismiss(value)

    def action_cancel(self) -> None:
        self.dismiss(None)


class ExportScreen(ModalScreen[tuple[str, tuple[str, ...]] | None]):
    """Ask for a base path (no extension) and the formats: Markdown, JSON or both."""

    BINDINGS: ClassVar[list[BindingType]] = [Binding("escape", "cancel", "Cancel")]
    FORMATS: ClassVar[dict[str, tuple[str, ...]]] = {
        "markdown": ("md",), "json": ("json",), "both": ("md", "json"),
    }

    def __init__(self, default: str) -> None:
        super().__init__()
        self.default = default

    def compose(self) -> ComposeResult:
        with Vertical(id="dialog", classes="path"):
            yield Label("Export the transcript (the extension is added)", classes="title")
            yield Input(self.default, id="path", placeholder="a path without extension")
            with Horizontal(classes="buttons"):
                yield Button("Markdown", id="markdown", variant="primary")
                yield Button("JSON", id="json")
                yield Button("Both", id="both")
                yield Button("Cancel", id="cancel")

    def on_input_submitted(self, event: Input.Submitted) -> None:
        self._done("both")

    def on_button_pressed(self, event: Button.Pressed) -> None:
        if event.button.id in self.FORMATS:
            self._done(event.button.id)
        else:
            self.dismiss(None)

    def _done(self, kind: str) -> None:
        base = self.query_one("#path", Input).value.strip()
        if not base:
            self.notify("type a file path", severity="warning")
            return
        for ext in ("md", "json"):
            base = base.removesuffix("." + ext)
        self.dismiss((base, self.FORMATS[kind]))

    def action_cancel(self) -> None:
        self.dismiss(None)
