"""Pick the simulated debtor persona to watch."""

from __future__ import annotations

from collections.abc import Sequence
from typing import ClassVar

from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Vertical
from textual.screen import ModalScreen
from textual.widgets import Label, OptionList
from textual.widgets.option_list import Option


class PersonaScreen(ModalScreen[str | None]):
    """A list of personas; Enter picks one, Escape cancels."""

    BINDINGS: ClassVar[list[BindingType]] = [Binding("escape", "cancel", "Cancel")]

    def __init__(self, personas: Sequence[str]) -> None:
        super().__init__()
        self.personas = tuple(personas)

    def compose(self) -> ComposeResult:
        with Vertical(id="dialog", classes="persona"):
            yield Label("Watch the agent negotiate with a simulated debtor", classes="title")
            yield OptionList(*(Option(p, id=p) for p in self.personas), id="personas")
            yield Label("Enter starts · Space pauses · N steps · Esc cancels", classes="hint")

    def on_mount(self) -> None:
        self.query_one("#dialog").border_title = "Spectator"

    def on_option_list_option_selected(self, event: OptionList.OptionSelected) -> None:
        self.dismiss(event.option.id)

    def action_cancel(self) -> None:
        self.dismiss(None)
