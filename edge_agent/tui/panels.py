"""The side panels: sensor, tracker, policy, negotiation, guard and model, each a Static
that renders one :class:`~edge_agent.tui.session.TurnView`."""

from __future__ import annotations

from typing import Any

from rich.console import Group
from rich.table import Table
from rich.text import Text
from textual.widgets import Static

from edge_agent.state.trace import TraceView
from edge_agent.tui.formatting import (
    bar,
    mode_name,
    model_figures,
    offers_line,
    reason_lines,
    top_scores,
    turn_ms,
)
from edge_agent.tui.session import TurnView, backend_label
from edge_core.emotions import EMOTIONS, NEGATIVE


def _grid(*widths: int | None) -> Table:
    table = Table.grid(padding=(0, 1))
    for w in widths:
        table.add_column(width=w, no_wrap=True) if w else table.add_column()
    return table


def _emotion_style(name: str, best: bool) -> str:
    colour = "red" if name in NEGATIVE else "green" if name == "joy" else "cyan"
    return f"bold {colour}" if best else colour


class Panel(Static):
    """A titled panel that renders a :class:`TurnView` (or a hint before the first turn)."""

    TITLE = ""
    EMPTY = "waiting for the first turn"

    def __init__(self, **kwargs: Any) -> None:
        super().__init__(Text(self.EMPTY, style="dim"), **kwargs)
        self.border_title = self.TITLE

    _view: TurnView | None = None

    def show(self, view: TurnView | None) -> None:
        self._view = view
        self.update(Text(self.EMPTY, style="dim") if view is None else self.render_view(view))

    def on_resize(self) -> None:
        if self._view is not None:
            self.show(self._view)

    @property
    def inner_width(self) -> int:
        """Cells available for content (42 before the first layout)."""
        return self.content_region.width or 42

    def render_view(self, view: TurnView) -> Any:  # pragma: no cover - abstract
        raise NotImplementedError


class SensorPanel(Panel):
    TITLE = "Sensor · last debtor message"
    EMPTY = "no debtor message yet"

    def render_view(self, view: TurnView) -> Any:
        sensed = view.sensor_trace
        if not sensed:
            return Text(self.EMPTY, style="dim")
        probs, best = sensed["sensor"]["probs"], sensed["sensor"]["top"]
        width = max(6, self.inner_width - 14)
        table = _grid(8, width, 4)
        for e in EMOTIONS:
            style = _emotion_style(e, e == best)
            table.add_row(Text(e, style=style), Text(bar(probs[e], width), style=style),
                          f"{probs[e]:.2f}")
        self.border_subtitle = sensed["sensor"].get("name", "")
        return table


class TrackerPanel(Panel):
    TITLE = "HMM · belief and next emotion"
    EMPTY = "no reading yet"

    def render_view(self, view: TurnView) -> Any:
        sensed = view.sensor_trace
        if not sensed or "belief" not in sensed:
            return Text(self.EMPTY, style="dim")
        belief, nxt = sensed["belief"], sensed["predicted_next"]
        width = max(4, (self.inner_width - 20) // 2)
        table = _grid(8, width, 4, width, 4)
        header = Text(" " * 9 + "belief".ljust(width + 6) + "next", style="dim")
        likely = max(EMOTIONS, key=lambda e: nxt[e])
        for e in EMOTIONS:
            style = _emotion_style(e, e == likely)
            table.add_row(Text(e, style=style), Text(bar(belief[e], width), style="blue"),
                          f"{belief[e]:.2f}", Text(bar(nxt[e], width), style="magenta"),
                          f"{nxt[e]:.2f}")
        summary = Text.assemble(("likely next: ", "bold"),
                                (f"{likely} ({nxt[likely]:.2f})", "bold magenta"))
        return Group(header, table, summary)


class PolicyPanel(Panel):
    TITLE = "Policy · persona and why"

    def render_view(self, view: TurnView) -> Any:
        trace = TraceView.of(view.trace)
        policy, decision = trace.policy, trace.decision
        reason = policy.get("reason") or {}
        table = _grid(8, None)
        table.add_row(Text("mode", style="dim"), mode_name(policy.get("mode")))
        table.add_row(Text("persona", style="dim"),
                      Text(str(policy.get("persona", "-")), style="bold yellow"))
        table.add_row(Text("tactic", style="dim"),
                      f"{decision.get('action', '-')} · {decision.get('tactic', '-')}")
        for i, line in enumerate(reason_lines(reason)):
            table.add_row(Text("why" if i == 0 else "", style="dim"), line)
        if scores := reason.get("scores"):
            best = "  ".join(f"{k} {v:.2f}" for k, v in top_scores(scores, 3))
            table.add_row(Text("scores", style="dim"), best)
        return table


class NegotiationPanel(Panel):
    TITLE = "Negotiation · offers"

    def render_view(self, view: TurnView) -> Any:
        sc = view.scenario
        table = _grid(8, None)
        table.add_row(Text("ours", style="dim"),
                      Text(offers_line(view.creditor_offers), style="cyan"))
        table.add_row(Text("theirs", style="dim"),
                      Text(offers_line(view.debtor_offers), style="yellow"))
        gap = view.gap
        table.add_row(Text("gap", style="dim"), "-" if gap is None else f"{gap:+d} days")
        table.add_row(Text("mandate", style="dim"),
                      f"target {sc.creditor_target_days} · limit {sc.max_days} days")
        table.add_row(Text("messages", style="dim"),
                      f"{view.messages_used}/{view.max_messages} · {view.messages_left} left")
        status = view.status if view.agreed_days is None else \
            f"{view.status}: {view.agreed_days} days"
        colour = {"open": "white", "agreed": "bold green", "failed": "bold red",
                  "awaiting_confirmation": "bold yellow", "disputed": "bold magenta"}.get(
                      view.status, "white")
        table.add_row(Text("status", style="dim"), Text(status, style=colour))
        trace = TraceView.of(view.trace)
        awaiting = trace.awaiting_confirmation
        if awaiting is not None:
            table.add_row(Text("pending", style="dim"),
                          Text(f"{awaiting} days, awaiting the debtor's yes", style="yellow"))
        if trace.debtor_ask is not None:
            table.add_row(Text("their ask", style="dim"), f"{trace.debtor_ask} days")
        reading = trace.reading
        if reading:
            line = reading.get("reason") or reading.get("kind", "-")
            table.add_row(Text("read", style="dim"),
                          Text(("unsure: " if reading.get("unsure") else "") + line,
                               style="bold yellow" if reading.get("unsure") else ""))
        if trace.restrictions:
            table.add_row(Text("contact", style="dim"),
                          Text(", ".join(trace.restrictions), style="magenta"))
        return table


class SignalsPanel(Panel):
    """The deal signals (``policies.signals``): break-off risk and strategic distress, with
    the components that raised them and the cues found in the debtor's last message."""

    TITLE = "Deal signals · risk and manipulation"
    EMPTY = "no debtor message yet"

    def render_view(self, view: TurnView) -> Any:
        signals = (view.sensor_trace or {}).get("signals")
        if not signals:
            return Text(self.EMPTY, style="dim")
        risk, manip = signals["breakoff_risk"], signals["strategic_distress"]
        width = max(6, self.inner_width - 16)
        table = _grid(10, width, 4)
        table.add_row(Text("break-off", style="dim"),
                      Text(bar(risk["risk"], width), style="red"), f"{risk['risk']:.2f}")
        table.add_row(Text("manipul.", style="dim"),
                      Text(bar(manip["score"], width), style="magenta"), f"{manip['score']:.2f}")
        why_risk = [k for k in ("trend", "stonewall", "deadline", "hostility") if risk[k] > 0.05]
        why_manip = [k.replace("_", " ") for k, v in manip.items() if k != "score" and v > 0]
        lines = [Text.assemble(("risk from: ", "dim"), ", ".join(why_risk) or "-"),
                 Text.assemble(("suspect: ", "dim"), ", ".join(why_manip) or "-"),
                 Text.assemble(("cues: ", "dim"), ", ".join(signals.get("cues") or []) or "-")]
        if not signals.get("used", True):
            lines.append(Text("shown only: this policy's curve ignores them", style="dim"))
        return Group(table, *lines)


class GuardPanel(Panel):
    TITLE = "Guard"

    def render_view(self, view: TurnView) -> Any:
        trace = TraceView.of(view.trace)
        guard, rejected = trace.guard, trace.rejected
        violations = guard.get("violations") or []
        if guard.get("ok", True) and not rejected:
            return Text("✓ pass", style="bold green")
        text = Text()
        if guard.get("replaced"):
            text.append("✗ replaced with a safe template\n", style="bold red")
        elif guard.get("ok"):
            text.append(f"✓ pass after {len(rejected)} rejected draft(s)\n", style="yellow")
        for v in violations[:3]:
            text.append(f"· {_violation(v)}\n")
        for r in rejected[:2]:
            problems = r.get("problems") if isinstance(r, dict) else None
            if problems:
                why = "; ".join(map(str, problems))
                why = why if len(why) <= 120 else why[:119] + "…"
                text.append(f"· draft: {why}\n", style="dim")
        return text.rstrip() or text


def _violation(v: Any) -> str:
    if isinstance(v, dict):
        rule, detail = v.get("rule", ""), v.get("detail", "")
        return f"{rule}: {detail}" if detail else str(rule or v)
    return str(v)


class ModelPanel(Panel):
    TITLE = "Model"

    def __init__(self, show_timings: bool = True, **kwargs: Any) -> None:
        self.show_timings = show_timings
        super().__init__(**kwargs)

    def render_view(self, view: TurnView) -> Any:
        trace = TraceView.of(view.trace)
        realiser = trace.realiser
        stats = realiser.get("stats") or {}
        figures = model_figures(stats)
        table = _grid(8, None)
        name = stats.get("model") or stats.get("model_name") or backend_label(view.backend)
        path = realiser.get("path", "-")
        table.add_row(Text("model", style="dim"), str(name))
        if path != name:
            table.add_row(Text("path", style="dim"), str(path))

        def ms(value: float | None) -> str:
            if not self.show_timings:
                return "(hidden)"
            return "-" if value is None else f"{value:,.0f} ms"

        tps = figures["tokens_per_s"]
        if figures["generated"] is not None or tps is not None:
            speed = "-" if tps is None else f"{tps:.1f}" if self.show_timings else "(hidden)"
            table.add_row(Text("tokens/s", style="dim"), speed)
            table.add_row(Text("1st tok", style="dim"), ms(figures["ttft_ms"]))
            if "prompt_tokens" in stats:
                table.add_row(Text("tokens", style="dim"),
                              f"{stats.get('prompt_tokens', 0)} in · "
                              f"{stats.get('reeval_tokens', '-')} re-eval · "
                              f"{figures['generated'] or 0:.0f} out")
        table.add_row(Text("turn", style="dim"), ms(turn_ms(trace.timings)))
        return table


PANELS: tuple[type[Panel], ...] = (SensorPanel, TrackerPanel, PolicyPanel, NegotiationPanel,
                                   SignalsPanel, GuardPanel, ModelPanel)
