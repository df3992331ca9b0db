"""The new-session screen: a CRAD row or a custom scenario, plus policy, backend and seed."""

from __future__ import annotations

from dataclasses import replace
from typing import ClassVar

from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Horizontal, Vertical
from textual.screen import ModalScreen
from textual.widgets import Button, Input, Label, OptionList, Select, TabbedContent, TabPane
from textual.widgets.option_list import Option

from edge_agent.tui.session import POLICIES, SessionSettings, custom_scenario
from edge_core import Scenario, ScenarioError


def crad_label(number: int, sc: Scenario) -> str:
    """One line per CRAD row: number, debtor, credit type, balance, target, stage."""
    parts = [f"{number:>3}. {sc.debtor_name}", sc.credit_type or "",
             f"target {sc.creditor_target_days}d"]
    if sc.recovery_stage:
        parts.append(sc.recovery_stage)
    return " · ".join(p for p in parts if p)


def load_crad_rows(settings: SessionSettings) -> tuple[list[Scenario], str | None]:
    """The CRAD scenarios, or none and the reason they could not be read."""
    try:
        return Scenario.load_crad(settings.crad), None
    except (ScenarioError, OSError) as exc:
        return [], str(exc)


class ScenarioScreen(ModalScreen[SessionSettings | None]):
    """Pick how the next session is built; returns the settings, or None when cancelled."""

    BINDINGS: ClassVar[list[BindingType]] = [Binding("escape", "cancel", "Cancel")]

    def __init__(self, current: SessionSettings) -> None:
        super().__init__()
        self.current = current
        self.rows, self.crad_error = load_crad_rows(current)

    def compose(self) -> ComposeResult:
        cur = self.current
        sc = cur.scenario
        policies = list(POLICIES) if cur.policy in POLICIES else [cur.policy, *POLICIES]
        with Vertical(id="dialog", classes="scenario"):
            with Horizontal(classes="fields"):
                with Vertical(classes="field wide"):
                    yield Label("Policy")
                    yield Select([(p, p) for p in policies], value=cur.policy, id="policy",
                                 allow_blank=False)
                with Vertical(classes="field wide"):
                    yield Label("Backend")
                    yield Input(cur.backend, id="backend",
                                placeholder="template, llama or a .gguf path")
                with Vertical(classes="field"):
                    yield Label("Seed")
                    yield Input(str(cur.seed), id="seed", type="integer")
            initial = "crad" if cur.label.startswith("CRAD") and self.rows else "custom"
            with TabbedContent(initial=initial, id="source"):
                with TabPane("Custom", id="custom"), Horizontal(classes="fields"):
                    with Vertical(classes="field"):
                        yield Label("Target days")
                        yield Input(str(sc.creditor_target_days), id="target", type="integer")
                    with Vertical(classes="field"):
                        yield Label("Mandate (max days)")
                        yield Input(str(sc.max_days), id="max_days", type="integer",
                                    placeholder="5 x target")
                    with Vertical(classes="field"):
                        yield Label("Balance ($)")
                        yield Input(f"{sc.balance:.2f}", id="balance", type="number")
                with TabPane(f"CRAD ({len(self.rows)})", id="crad"):
                    if self.rows:
                        yield OptionList(*(Option(crad_label(i, s), id=str(i))
                                           for i, s in enumerate(self.rows, start=1)),
                                         id="crad_rows")
                    else:
                        yield Label(f"CRAD is not available: {self.crad_error}",
                                    classes="hint")
            with Horizontal(classes="buttons"):
                yield Button("Start", id="start", variant="primary")
                yield Button("Cancel", id="cancel")

    def on_mount(self) -> None:
        self.query_one("#dialog").border_title = "New session"

    def on_option_list_option_selected(self, event: OptionList.OptionSelected) -> None:
        self._start()

    def on_button_pressed(self, event: Button.Pressed) -> None:
        if event.button.id == "start":
            self._start()
        else:
            self.dismiss(None)

    def on_input_submitted(self, event: Input.Submitted) -> None:
        self._start()

    def action_cancel(self) -> None:
        self.dismiss(None)

    def _start(self) -> None:
        try:
            settings = self._settings()
        except (ValueError, ScenarioError) as exc:
            self.notify(str(exc), title="Cannot start", severity="error")
            return
        self.dismiss(settings)

    def _settings(self) -> SessionSettings:
        seed_text = self.query_one("#seed", Input).value.strip() or "0"
        backend = self.query_one("#backend", Input).value.strip() or "template"
        policy = str(self.query_one("#policy", Select).value)
        base = replace(self.current, policy=policy, backend=backend, seed=int(seed_text))
        if self.query_one("#source", TabbedContent).active == "crad":
            if not self.rows:
                raise ValueError(f"CRAD is not available: {self.crad_error}")
            index = self.query_one("#crad_rows", OptionList).highlighted
            if index is None:
                raise ValueError("pick a CRAD scenario (arrows, then Enter)")
            return replace(base, scenario=self.rows[index], label=f"CRAD {index + 1}")
        target = self.query_one("#target", Input).value.strip()
        mandate = self.query_one("#max_days", Input).value.strip()
        balance = self.query_one("#balance", Input).value.strip()
        if not target or not balance:
            raise ValueError("target days and balance are required")
        scenario = custom_scenario(int(target), int(mandate) if mandate else None,
                                   float(balance))
        return replace(base, scenario=scenario, label="custom")
