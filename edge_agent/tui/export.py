"""Transcript export: Markdown for people, JSON for tools. Both are pure functions of an agent."""

from __future__ import annotations

import json
from dataclasses import asdict
from typing import Any

from edge_agent.agent import Negotiator
from edge_agent.tui.formatting import mode_name

EXPORT_FORMAT = "edge-agent-transcript/1"


def transcript_messages(agent: Negotiator) -> list[dict[str, Any]]:
    """Every message in order; creditor messages carry persona, offer and trace."""
    out: list[dict[str, Any]] = []
    for t in agent.session.turns:
        if t.debtor_text is not None:
            debtor: dict[str, Any] = {"role": "debtor", "turn": t.index, "text": t.debtor_text}
            if t.move is not None:
                debtor["move"] = t.move.to_dict()
            if "sensor" in t.trace:
                debtor["emotion"] = t.trace["sensor"]["top"]
            out.append(debtor)
        out.append({"role": "creditor", "turn": t.index, "text": t.reply,
                    "persona": t.decision.persona, "offer_days": t.decision.offer_days,
                    "action": str(t.decision.action), "trace": t.trace})
    return out


def to_json(agent: Negotiator) -> str:
    """The transcript as JSON: scenario, configuration, outcome and every message."""
    s = agent.session
    doc = {
        "format": EXPORT_FORMAT,
        "scenario": s.scenario.to_dict(),
        "config": asdict(s.config),
        "backend": agent.backend,
        "status": s.status,
        "agreed_days": s.agreed_days,
        "messages": transcript_messages(agent),
    }
    return json.dumps(doc, ensure_ascii=False, indent=2)


def to_markdown(agent: Negotiator) -> str:
    """The transcript as Markdown: a scenario table, then the dialogue with a trace line a
    creditor message."""
    s = agent.session
    sc, cfg = s.scenario, s.config
    outcome = s.status + (f" at {s.agreed_days} days" if s.agreed_days is not None else "")
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
        f"| backend | {_cell(agent.backend)} |",
        f"| sensor | {cfg.sensor} |",
        f"| seed | {cfg.seed} |",
        f"| outcome | {outcome} |",
        "",
        "## Dialogue",
        "",
    ]
    for m in transcript_messages(agent):
        if m["role"] == "debtor":
            feel = f" ({m['emotion']})" if "emotion" in m else ""
            lines += [f"**Debtor**{feel}: {m['text']}", ""]
            continue
        policy = m["trace"].get("policy", {})
        offer = f"{m['offer_days']} days" if m["offer_days"] is not None else "-"
        lines += [f"**Creditor** ({m['persona']}, offer {offer}): {m['text']}", ""]
        detail = f"{mode_name(policy.get('mode'))}; {m['action']}"
        if m["trace"].get("guard", {}).get("replaced"):
            detail += "; the guard replaced the draft"
        lines += [f"> {detail}", ""]
    return "\n".join(lines).rstrip() + "\n"


def _cell(value: object) -> str:
    return str(value).replace("|", "\\|").replace("\n", " ")
