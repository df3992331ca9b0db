"""The one exporter: a session as a JSON document for tools, or as Markdown for people.

There used to be two, writing two JSON schemas: ``sessions export`` (``{"id", "status",
"agreed_days", "scenario", "messages": [{"role", "text"}]}``) and the TUI's
``edge-agent-transcript/1`` (``{"format", "scenario", "config", "backend", "status",
"agreed_days", "messages"}`` with each message's turn, move, persona, offer, action and
trace). Both formats have readers outside the repository, so :func:`document` writes their
union: every field of both, in one schema, and a reader of either finds what it read.

``redact`` hides personal data (:mod:`edge_agent.state.redaction`): the parties' names and
what a debtor typed in every text, the scenario's free-text fields whole. A redacted
document carries no moves and no traces (they quote the debtor's words and the model's
drafts); its messages keep their role, turn, text and the categorical fields.

The Markdown has two layouts, one per use: :func:`summary_markdown` (``sessions export``:
the status, the terms and the messages) and :func:`transcript_markdown` (the TUI: a scenario
table, then each creditor message with its persona, offer and what the policy did).
"""

from __future__ import annotations

import json
from collections.abc import Callable
from dataclasses import asdict
from typing import Any

from edge_agent.state.session import Session
from edge_agent.state.trace import TraceView

EXPORT_FORMAT = "edge-agent-transcript/1"
FORMATS = ("md", "json")
REDACTED_SCENARIO_FIELDS = ("reason_for_overdue", "cash_flow_situation", "scenario_id")
"""Scenario fields a redacted JSON export replaces whole ("Maria lost her job at Tesco in
Leeds", an id built from the debtor's name and account)."""


def redactor(session: Session) -> Callable[[str], str]:
    """A function hiding personal data in a text: the scenario's party names and what a
    debtor may type. Its many patterns are compiled only when an export asks for them."""
    from edge_agent.state import redaction  # loaded only when exporting redacted

    return redaction.redactor(session.scenario)


def messages(session: Session, redact: bool = False) -> list[dict[str, Any]]:
    """Every message in order: ``role``, ``turn`` and ``text``; a debtor message adds its
    ``move`` and ``emotion``, a creditor message its ``persona``, ``offer_days``, ``action``
    and ``trace`` (without moves and traces when redacted)."""
    clean = redactor(session) if redact else _unchanged
    out: list[dict[str, Any]] = []
    for t in session.turns:
        trace = TraceView.of(t.trace)
        if t.debtor_text is not None:
            debtor: dict[str, Any] = {"role": "debtor", "turn": t.index,
                                      "text": clean(t.debtor_text)}
            if t.move is not None and not redact:
                debtor["move"] = t.move.to_dict()
            if trace.answered:
                debtor["emotion"] = trace.sensor_top
            out.append(debtor)
        creditor = {"role": "creditor", "turn": t.index, "text": clean(t.reply),
                    "persona": t.decision.persona, "offer_days": t.decision.offer_days,
                    "action": str(t.decision.action)}
        if not redact:
            creditor["trace"] = t.trace
        out.append(creditor)
    return out


def document(session: Session, *, session_id: str | None = None, backend: str | None = None,
             redact: bool = False) -> dict[str, Any]:
    """The JSON export: the union of both former schemas (see the module docstring)."""
    scenario = session.scenario.to_dict()
    if redact:  # free-text fields can name anyone: hidden whole, not pattern-matched
        scenario = {**scenario, "creditor_name": "[NAME]", "debtor_name": "[NAME]",
                    "details": None, **{k: "[REDACTED]" for k in REDACTED_SCENARIO_FIELDS
                                        if scenario.get(k) is not None}}
    return {
        "format": EXPORT_FORMAT,
        "id": session_id,
        "scenario": scenario,
        "config": asdict(session.config),
        "backend": backend if backend is not None else session.config.backend,
        "status": session.status,
        "agreed_days": session.agreed_days,
        "messages": messages(session, redact),
    }


def to_json(session: Session, *, session_id: str | None = None, backend: str | None = None,
            redact: bool = False) -> str:
    return json.dumps(document(session, session_id=session_id, backend=backend, redact=redact),
                      ensure_ascii=False, indent=2)


def summary_markdown(session: Session, session_id: str, redact: bool = False) -> str:
    """``sessions export``'s Markdown: the status and terms, then the messages."""
    clean = redactor(session) if redact else _unchanged
    s = session.scenario
    lines = [f"# Session {session_id}", "",
             f"- status: {session.status}"
             + (f" ({session.agreed_days} days)" if session.agreed_days else ""),
             f"- balance: ${s.balance:,.2f}; target {s.creditor_target_days} days; "
             f"mandate {s.max_days} days", ""]
    for m in session.history():
        lines += [f"**{m.role}:** {clean(m.text)}", ""]
    return "\n".join(lines)


def transcript_markdown(session: Session, backend: str,
                        mode_name: Callable[[str | None], str] = lambda m: m or "-") -> str:
    """The TUI's Markdown: a scenario table, then the dialogue with a line per creditor
    message saying what the policy did (``mode_name`` spells a policy mode for people)."""
    sc, cfg = session.scenario, session.config
    outcome = session.status + (f" at {session.agreed_days} days"
                                if session.agreed_days is not None else "")
    lines = [
        "# Negotiation transcript",
        "",
        "| | |",
        "|---|---|",
        f"| creditor | {_cell(sc.creditor_name)} |",
        f"| debtor | {_cell(sc.debtor_name)} |",
        f"| balance | ${sc.balance:,.2f} |",
        f"| target / mandate | {sc.creditor_target_days} / {sc.max_days} days |",
        f"| policy | {cfg.policy} |",
        f"| backend | {_cell(backend)} |",
        f"| sensor | {cfg.sensor} |",
        f"| seed | {cfg.seed} |",
        f"| outcome | {outcome} |",
        "",
        "## Dialogue",
        "",
    ]
    for m in messages(session):
        if m["role"] == "debtor":
            feel = f" ({m['emotion']})" if "emotion" in m else ""
            lines += [f"**Debtor**{feel}: {m['text']}", ""]
            continue
        trace = TraceView.of(m["trace"])
        offer = f"{m['offer_days']} days" if m["offer_days"] is not None else "-"
        lines += [f"**Creditor** ({m['persona']}, offer {offer}): {m['text']}", ""]
        detail = f"{mode_name(trace.mode)}; {m['action']}"
        if trace.replaced:
            detail += "; the guard replaced the draft"
        lines += [f"> {detail}", ""]
    return "\n".join(lines).rstrip() + "\n"


def export(session: Session, session_id: str, fmt: str = "md", redact: bool = False) -> str:
    """``sessions export``: the JSON document or the summary Markdown."""
    if fmt == "json":
        return to_json(session, session_id=session_id, redact=redact)
    if fmt != "md":
        raise ValueError(f"unknown export format {fmt!r}; expected md or json")
    return summary_markdown(session, session_id, redact)


def _unchanged(text: str) -> str:
    return text


def _cell(value: object) -> str:
    return str(value).replace("|", "\\|").replace("\n", " ")


__all__ = ["EXPORT_FORMAT", "FORMATS", "REDACTED_SCENARIO_FIELDS", "document", "export",
           "messages", "redactor", "summary_markdown", "to_json", "transcript_markdown"]
