"""Early display benchmark (issue 20 item 4): how soon the debtor reads the reply.

Usage::

    python bench/bench_stream.py OUT.json [--backend llama] [--panel bench/data/voice_panel.tsv]
                                 [--limit N] [--sensor lexicon] [--policy random]

Every dialogue of the scripted panel (the voice benchmark's: questions, hardship, hostility,
restrictions, manipulation, other languages...) is run through the negotiator as the TUI runs
it: ``respond(text, on_sentence=...)`` on the ``llama`` backend (the default model,
SmolLM2-135M, speaking the plan's voiced slots). Per debtor message:

- ``turn_ms``: wall time of ``respond`` (read to commit);
- ``first_shown_ms``: wall time from the call to the first piece ``on_sentence`` received,
  measured by the caller (the trace's ``display.first_shown_ms`` is kept beside it);
- ``early_sentences``: pieces shown before the whole reply was judged;
- ``floor_ms``: the raw llama-cpp-python time for the very tokens the voice evaluated and
  generated in that turn (the same batch sizes replayed on a second instance of the model
  right after the turn, so under the same load: ``bench_voice.Floor``).

Targets (benchmarks, not tests): turn p50 <= 2.5 s, first shown sentence p50 <= 1.0 s. Run it
niced on a shared machine: ``nice -n 15 python bench/bench_stream.py results/stream.json``.
"""

from __future__ import annotations

import argparse
import json
import os
import sys
import time
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "bench"))

from bench_voice import PANEL, SCENARIO, Floor, load_panel, pct  # noqa: E402

from edge_agent import Negotiator  # noqa: E402

TARGETS = {"turn_ms_p50": 2500.0, "first_shown_ms_p50": 1000.0}
ACTIVE = ("open", "awaiting_confirmation")


def timed_turn(call: Any) -> tuple[Any, float, float | None, int]:
    """Run ``call(on_sentence)``: the reply, the turn's wall time, the wall time to its first
    shown piece (None if nothing was shown) and the number of pieces, all in ms."""
    start = time.perf_counter()
    first: list[float] = []
    pieces: list[str] = []

    def on_sentence(piece: str) -> None:
        if not first:
            first.append((time.perf_counter() - start) * 1000.0)
        pieces.append(piece)

    reply = call(on_sentence)
    turn_ms = (time.perf_counter() - start) * 1000.0
    if "".join(pieces) != reply.text:  # the contract the benchmark relies on
        raise SystemExit(f"shown pieces do not join to the reply: {pieces!r} vs {reply.text!r}")
    return reply, turn_ms, (first[0] if first else None), len(pieces)


def run(panel: dict[str, list[str]], backend: str, sensor: str, policy: str,
        floor: Floor | None) -> list[dict[str, Any]]:  # fmt: skip
    rows: list[dict[str, Any]] = []
    realiser = None
    for d_index, (dialogue, messages) in enumerate(panel.items()):
        seed = d_index * 100
        agent = Negotiator(SCENARIO, policy=policy, backend=backend, seed=seed, sensor=sensor,
                           realiser=realiser)
        realiser = agent.realiser  # one model load for the whole panel
        agent.open()
        for text in messages:
            if agent.status not in ACTIVE:
                seed += 1
                agent = Negotiator(SCENARIO, policy=policy, backend=backend, seed=seed,
                                   sensor=sensor, realiser=realiser)
                agent.open()
            reply, turn_ms, first_ms, pieces = timed_turn(
                lambda shown, a=agent, t=text: a.respond(t, on_sentence=shown))
            tr = reply.trace
            stats = tr["realiser"]["stats"]
            row = {"dialogue": dialogue, "message": text, "reply": reply.text,
                   "path": tr["realiser"]["path"], "turn_ms": round(turn_ms, 1),
                   "first_shown_ms": round(first_ms, 1) if first_ms is not None else None,
                   "trace_first_shown_ms": tr["display"]["first_shown_ms"],
                   "early_sentences": tr["display"]["early_sentences"],
                   "held": tr["display"]["held"], "pieces": pieces}  # fmt: skip
            if floor is not None and stats.get("batches"):
                row["floor_ms"] = round(floor.ms(stats["batches"],
                                                 stats.get("generated_tokens", 0)), 1)
            rows.append(row)
            print(f"{dialogue:<12} {row['path']:<14} turn {turn_ms:6.0f} ms  first "
                  f"{row['first_shown_ms']!s:>7} ms  early {row['early_sentences']}",
                  file=sys.stderr, flush=True)  # fmt: skip
    return rows


def summarise(rows: list[dict[str, Any]]) -> dict[str, Any]:
    model = [r for r in rows if "floor_ms" in r]
    first = [r["first_shown_ms"] for r in rows if r["first_shown_ms"] is not None]
    out = {
        "turns": len(rows),
        "turn_ms_p50": pct([r["turn_ms"] for r in rows], 0.5),
        "turn_ms_p95": pct([r["turn_ms"] for r in rows], 0.95),
        "first_shown_ms_p50": pct(first, 0.5),
        "first_shown_ms_p95": pct(first, 0.95),
        "model_turns": len(model),
        "model_turn_ms_p50": pct([r["turn_ms"] for r in model], 0.5) if model else None,
        "model_first_shown_ms_p50": pct([r["first_shown_ms"] for r in model
                                         if r["first_shown_ms"] is not None], 0.5)
        if model else None,
        "floor_ms_p50": pct([r["floor_ms"] for r in model], 0.5) if model else None,
        "turns_shown_early": sum(r["early_sentences"] > 0 for r in rows),
        "turns_held": sum(bool(r["held"]) for r in rows),
        "paths": {p: sum(r["path"] == p for r in rows) for p in sorted({r["path"] for r in rows})},
    }  # fmt: skip
    out["meets"] = {k: out[k] is not None and out[k] <= v for k, v in TARGETS.items()}
    return out


def main() -> int:
    ap = argparse.ArgumentParser()
    ap.add_argument("out")
    ap.add_argument("--backend", default="llama")
    ap.add_argument("--panel", default=str(PANEL))
    ap.add_argument("--limit", type=int, default=None, help="messages per dialogue")
    ap.add_argument("--sensor", default="lexicon", help="lexicon: the voice benchmark's "
                    "decisions (the ONNX sensor leaves eq uninstructed on this panel)")
    ap.add_argument("--policy", default="random",
                    help="random: every turn instructed, so the model speaks the voiced slots "
                         "(eq leaves this panel uninstructed: the plan's wording, no model call)")
    args = ap.parse_args()
    panel = load_panel(Path(args.panel), args.limit)
    floor = Floor(args.backend) if args.backend != "template" else None
    rows = run(panel, args.backend, args.sensor, args.policy, floor)
    summary = summarise(rows)
    out = {"backend": args.backend, "sensor": args.sensor, "policy": args.policy,
           "panel": str(Path(args.panel).resolve().relative_to(ROOT)),
           "load_average": list(os.getloadavg()), "targets": TARGETS, "summary": summary,
           "turns": rows}  # fmt: skip
    Path(args.out).parent.mkdir(parents=True, exist_ok=True)
    Path(args.out).write_text(json.dumps(out, indent=2, ensure_ascii=False))
    print(json.dumps({**summary, "load_average": out["load_average"]}, indent=2))
    return 0


if __name__ == "__main__":
    sys.exit(main())
