"""How often each embedded model voices the free debtor's plan: a fixed panel, every model.

``python -m sims.voice_panel --models llama:smollm2-135m-instruct-q4_1,... --out DIR``

A full dialogue per model costs minutes per message on the larger models, and the moves a
debtor plans depend on what the creditor said, so the comparison uses one fixed panel: the
first ``--turns`` debtor turns of a rules debtor of each persona against the template ``eq``
creditor on the first CRAD rows (the collector's message, the standing offer and the plan of
each turn). Each model then writes every panel turn as the free debtor would
(:class:`sims.free_debtor.FreeLlmDebtor`, same prompt, same reader check, same drafts), and the
voiced share (the draft carried the plan within the allowed drafts) is reported per model and
persona. Seeded: the same panel and seed give the same drafts.
"""

from __future__ import annotations

import argparse
import json
import time
from collections.abc import Sequence
from dataclasses import asdict, dataclass
from pathlib import Path
from typing import Any

from edge_core import Scenario
from sims.debtor import DebtorTurn, RuleDebtor, key_rng
from sims.free_debtor import FreeLlmDebtor, Plan
from sims.headline import ADVERSARIAL
from sims.protocol import PolicySpec, play_dialogue


@dataclass(frozen=True)
class PanelTurn:
    scenario: dict[str, Any]
    persona: str
    turn: int
    creditor_text: str
    offer: int | None
    plan: dict[str, Any]


class _Recorder(RuleDebtor):
    """A rules debtor that keeps each turn's plan and the message it answered."""

    def __init__(self, *args: Any, **kw: Any) -> None:
        super().__init__(*args, **kw)
        self.seen: list[tuple[str, int | None, DebtorTurn]] = []

    def respond(self, msg: Any, time: float) -> DebtorTurn:
        turn = super().respond(msg, time)
        self.seen.append((msg.text, msg.offer_days, turn))
        return turn


def panel(scenarios: Sequence[Scenario], personas: Sequence[str] = ADVERSARIAL,
          turns: int = 4, seed: int = 0) -> list[PanelTurn]:  # fmt: skip
    from edge_agent.sense import make_sensor

    sensor = make_sensor("lexicon")
    out = []
    for sc in scenarios:
        for persona in personas:
            debtor = _Recorder(sc, persona, seed, key=sc.scenario_id or "scenario")
            play_dialogue(sc, debtor, PolicySpec.parse("eq"), seed=seed, sensor=sensor)
            for i, (text, offer, t) in enumerate(debtor.seen[:turns]):
                plan = {"intent": t.intent, "days": t.days, "offer": offer,
                        "tactics": list(t.tactics), "emotion": t.emotion}  # fmt: skip
                out.append(PanelTurn(sc.to_dict(), persona, i + 1, text, offer, plan))
    return out


def voice(model: str, turns: Sequence[PanelTurn], seed: int = 0) -> list[dict[str, Any]]:
    """Each panel turn written by ``model`` as the free debtor would."""
    runtime = FreeLlmDebtor.load_runtime(model)
    rows = []
    for p in turns:
        sc = Scenario.from_dict(p.scenario)
        debtor = FreeLlmDebtor(sc, p.persona, seed, key=sc.scenario_id or "s", runtime=runtime)
        debtor._offer, debtor._creditor_text = p.offer, p.creditor_text
        plan = Plan(p.plan["intent"], p.plan["days"], p.plan["offer"], tuple(p.plan["tactics"]),
                    p.plan["emotion"])  # fmt: skip
        rng = key_rng(seed, sc.scenario_id, p.persona, p.turn, "panel")
        start = time.perf_counter()
        text, drafts = debtor._generate(plan, rng)
        rows.append({"model": model, "persona": p.persona, "turn": p.turn,
                     "intent": plan.intent, "voiced": text is not None, "drafts": drafts,
                     "text": text, "seconds": round(time.perf_counter() - start, 1)})  # fmt: skip
    return rows


def markdown(rows: Sequence[dict[str, Any]]) -> str:
    models = list(dict.fromkeys(r["model"] for r in rows))
    personas = list(dict.fromkeys(r["persona"] for r in rows))
    head = "| model | " + " | ".join(personas) + " | all | drafts per voiced | s per turn |"
    lines = [head, "|---|" + "---|" * (len(personas) + 3)]
    for m in models:
        mine = [r for r in rows if r["model"] == m]
        cells = []
        for p in personas:
            cell = [r for r in mine if r["persona"] == p]
            cells.append(f"{sum(r['voiced'] for r in cell)}/{len(cell)}")
        ok = [r for r in mine if r["voiced"]]
        share = len(ok) / len(mine) if mine else 0.0
        drafts = sum(r["drafts"] for r in ok) / len(ok) if ok else float("nan")
        secs = sum(r["seconds"] for r in mine) / len(mine) if mine else float("nan")
        lines.append(f"| {m} | " + " | ".join(cells) + f" | {share:.2f} | {drafts:.2f} "
                     f"| {secs:.1f} |")  # fmt: skip
    return "\n".join(lines) + "\n"


def main(argv: Sequence[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--models", required=True, help="comma list of debtor backends")
    parser.add_argument("--limit", type=int, default=1, help="CRAD rows")
    parser.add_argument("--turns", type=int, default=4, help="debtor turns per persona")
    parser.add_argument("--seed", type=int, default=0)
    parser.add_argument("--out", type=Path, default=Path("results/free-debtor-voice"))
    args = parser.parse_args(argv)
    turns = panel(Scenario.load_crad(None)[: args.limit], turns=args.turns, seed=args.seed)
    args.out.mkdir(parents=True, exist_ok=True)
    rows: list[dict[str, Any]] = []
    for model in [m.strip() for m in args.models.split(",") if m.strip()]:
        rows += voice(model, turns, args.seed)
        (args.out / "panel.json").write_text(
            json.dumps({"panel": [asdict(t) for t in turns], "rows": rows}, indent=1) + "\n",
            encoding="utf-8",
        )
        print(markdown(rows), flush=True)
    (args.out / "voice.md").write_text(markdown(rows), encoding="utf-8")


if __name__ == "__main__":
    main()
