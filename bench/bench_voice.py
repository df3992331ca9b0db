"""Voice benchmark (issue 20): the model voice against the template voice on the same decisions.

Usage::

    python bench/bench_voice.py OUT.json [--voices template,choose,rewrite] [--model llama]
                                [--panel bench/data/voice_panel.tsv] [--limit N]

The panel (``bench/data/voice_panel.tsv``) holds whole dialogues of debtor messages: questions,
hardship, hostility, contact restrictions, manipulation, other languages, distress,
cooperation, a dispute. Every voice answers every dialogue with the same seed, sensor and
policy, so the decisions are the same (checked: the run fails if they differ); a dialogue that
closes early restarts with the next seed and goes on with the remaining messages.

Per voice, over the panel's replies:

- ``invented_claims``: sent sentences that are no reviewed wording (written by the model) and
  that the independent claim probe :data:`INVENTED` flags (identity or status claims, legal
  words, refunds, other people, the agent's own feelings, beliefs or limits, greetings);
  ``model_sentences`` counts every sentence the model wrote, with the list kept for reading;
- ``unanswered_questions``: questions (:mod:`edge_agent.read.questions`) whose kind has no
  answer in the reply (a question of no known kind counts as unanswered); questions in a duty
  turn (stop, dispute, crisis) are counted apart (``deferred_questions``);
- ``repeated_sentences``: sentences sent twice in one dialogue (the opening disclosure aside);
- ``model_path_share``: replies whose path is the model's (``llm``, ``llm_retry``,
  ``fallback``) over all replies, ``model_spoke_uninstructed`` those on turns whose decision
  carried no persona instruction (the model then chooses the acknowledgement only);
- ``first_draft_rate``: replies whose every voiced slot was the model's first draft, over the
  replies where the model spoke; ``fallback_rate``;
- ``persona_readback``: over instructed replies with a persona-bearing (voiced) sentence, the
  share whose voiced sentences the project's ONNX sensor reads in the persona's family
  (:data:`FAMILIES`); ``persona_readback_independent``: the same by the lexicon reader (rules,
  no shared model); ``persona_readback_whole_reply``: the ONNX reading of the whole reply
  (duty texts and terms included; the sensor truncates to 64 tokens, so a long reply's last
  sentence is often not read at all);
- ``turn_ms`` p50/p95 (wall time of ``respond``), ``first_shown_ms`` p50 (the time before the
  realiser plus the realiser's time to its first safe sentence), ``floor_ms`` p50: the voice's
  evaluated and generated tokens at raw llama-cpp-python rates measured in this run;
- ``pairs``: per turn, the two voices' replies (same decision) for the blind comparison.
"""

from __future__ import annotations

import argparse
import csv
import json
import os
import re
import statistics
import sys
import time
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from edge_agent import Negotiator  # noqa: E402
from edge_agent.plan import sentence_key, split_sentences  # noqa: E402
from edge_agent.read.questions import Ask, questions  # noqa: E402
from edge_agent.sense import make_sensor  # noqa: E402
from edge_core import Scenario  # noqa: E402

PANEL = ROOT / "bench" / "data" / "voice_panel.tsv"
SCENARIO = Scenario(balance=15700.0, creditor_target_days=12, max_days=60,
                    creditor_name="Northwind Credit", debtor_name="Ms Lopez",
                    credit_type="business credit line")  # fmt: skip
FAMILIES = {"anger": "firm", "disgust": "firm", "fear": "concern", "sadness": "concern",
            "joy": "warm", "surprise": "warm", "neutral": "neutral"}  # fmt: skip
INVENTED = re.compile(
    r"\b(?:legal|notice|law|court|official|refund\w*|banker|boss|loved\s+one|friend|"
    r"colleague|manager|supervisor|i\s+believe|i\s+love|i\s+feel|i\s+trust|i\s+promise|"
    r"i\s+swear|i'?m\s+not\s+an?|i\s+am\s+not\s+an?|i\s+can'?t|i\s+cannot|i\s+don'?t|"
    r"i\s+do\s+not|i\s+won'?t|i've\s+worked|worked\s+with\s+you|dear|buddy|see\s+ya|"
    r"no\s+rush|no\s+pressure|apologi[sz]e|as\s+an\s+ai|language\s+model)\b", re.I)
"""The claim probe: written apart from the faithfulness check, so the figure is not the check
grading itself."""
DUTY_ACTIONS = ("close_stop", "pause_dispute", "close_failed")


def load_panel(path: Path, limit: int | None) -> dict[str, list[str]]:
    dialogues: dict[str, list[str]] = {}
    with path.open(encoding="utf-8") as fh:
        for row in csv.DictReader(fh, delimiter="\t"):
            dialogues.setdefault(row["dialogue"], []).append(row["message"])
    return {k: v[:limit] if limit else v for k, v in dialogues.items()}


def pct(values: list[float], q: float) -> float:
    if not values:
        return 0.0
    ordered = sorted(values)
    return round(ordered[min(len(ordered) - 1, round(q * (len(ordered) - 1)))], 1)


def make_voice(name: str, model: str, shown: list[float], reader: Any) -> Any:
    from tests.voice_helpers import model_voice, template_voice

    if name == "template":
        return template_voice(reader)
    return model_voice(model, mode=name, n_ctx=2048, on_shown=shown.append, reader=reader)


def answered(asks: tuple[Ask, ...], keys: list[str], tactic: str) -> list[str]:
    """The asks a reply leaves unanswered (by the plan keys it realised)."""
    missing = []
    for ask in asks:
        if ask in (Ask.PROPOSAL, Ask.RHETORICAL):
            continue
        if f"answer:{ask.value}" in keys:
            continue
        if ask == Ask.MONTHLY and tactic == "timeline_only":
            continue
        if ask == Ask.LONGEST and "answer:flexibility" in keys:
            continue
        missing.append(ask.value)
    return missing


def run_voice(name: str, panel: dict[str, list[str]], model: str,
              reader: Any) -> list[dict[str, Any]]:  # fmt: skip
    shown: list[float] = []
    voice = make_voice(name, model, shown, reader)
    floor = Floor(model) if name != "template" else None
    rows: list[dict[str, Any]] = []
    for d_index, (dialogue, messages) in enumerate(panel.items()):
        seed = d_index * 100
        agent = Negotiator(SCENARIO, seed=seed, sensor="lexicon", realiser=voice)
        opened = agent.open()
        sent: set[str] = set()
        rows.append(_row(name, dialogue, "", opened, 0.0, sent, shown, agent))
        for text in messages:
            if agent.status not in ("open", "awaiting_confirmation"):
                seed += 1
                agent = Negotiator(SCENARIO, seed=seed, sensor="lexicon", realiser=voice)
                sent = set()
                rows.append(_row(name, dialogue, "", agent.open(), 0.0, sent, shown, agent))
            start = time.perf_counter()
            reply = agent.respond(text)
            turn_ms = (time.perf_counter() - start) * 1000.0
            rows.append(_row(name, dialogue, text, reply, turn_ms, sent, shown, agent))
            stats = reply.trace["realiser"]["stats"]
            if floor is not None and stats.get("batches"):
                rows[-1]["floor_ms"] = round(floor.ms(stats["batches"],
                                                      stats.get("generated_tokens", 0)), 1)
            print(f"[{name}] {dialogue:<12} {rows[-1]['path']:<9} {turn_ms:6.0f} ms  "
                  f"{reply.text[:100]}", file=sys.stderr, flush=True)  # fmt: skip
    return rows


def _row(name: str, dialogue: str, text: str, reply: Any, turn_ms: float, sent: set[str],
         shown: list[float], agent: Negotiator) -> dict[str, Any]:  # fmt: skip
    """One reply's figures (a new dialogue's opening resets ``sent``)."""
    tr = reply.trace
    stats = tr["realiser"]["stats"]
    decision = tr["decision"]
    keys = list(stats.get("plan", []))
    sentences = split_sentences(reply.text)
    repeated = [s for s in sentences if sentence_key(s) in sent]
    sent.update(sentence_key(s) for s in sentences)
    slots = stats.get("slots", [])
    model_sentences = [s["text"] for s in slots if s["source"] == "model"
                       and stats.get("voice") == "rewrite"]  # fmt: skip
    asked = tuple(a for q in questions(text) for a in q.asks) if text else ()
    duty = decision["action"] in DUTY_ACTIONS or decision["tactic"] == "crisis"
    missing = [] if duty else answered(tuple(dict.fromkeys(asked)), keys, decision["tactic"])
    timings = tr.get("timings", {})
    before = sum(v for k, v in timings.items() if k not in ("realiser_ms", "guard_ms"))
    first = before + stats.get("first_shown_ms", timings.get("realiser_ms", 0.0)) if text else 0
    voiced_text = " ".join(s["text"] for s in slots)
    return {
        "voice": name, "dialogue": dialogue, "message": text, "reply": reply.text,
        "decision": decision, "persona": decision["persona"],
        "instructed": decision["instructed"], "path": tr["realiser"]["path"],
        "act": stats.get("act", ""), "plan": keys, "asks": [a.value for a in asked],
        "unanswered": missing, "deferred": len(asked) if duty else 0,
        "repeated": repeated, "model_sentences": model_sentences,
        "invented": [s for s in model_sentences if INVENTED.search(s)],
        "voiced_text": voiced_text, "slots": slots,
        "rejected": tr["realiser"]["rejected"], "turn_ms": round(turn_ms, 1),
        "first_shown_ms": round(first, 1), "reeval": stats.get("reeval_tokens", 0),
        "generated": stats.get("generated_tokens", 0),
    }  # fmt: skip


class Floor:
    """The raw llama-cpp-python floor for a turn's own tokens: the same batches evaluated (and
    the same number of tokens decoded one by one) on a second instance of the model, right
    after the turn, so the machine's load is the same for both figures."""

    def __init__(self, model: str) -> None:
        from edge_agent.llm.models import resolve_model
        from edge_agent.llm.runtime import LlamaRuntime

        self.rt = LlamaRuntime(resolve_model(model).path, n_ctx=2048)
        self.tokens = self.rt.tokenize("You are a skilled, humane debt collector. " * 120,
                                       add_bos=True)

    def ms(self, batches: list[int], generated: int) -> float:
        llm = self.rt.llm
        llm.reset()
        start, pos = time.perf_counter(), 0
        for size in batches:
            if size <= 0:
                continue
            llm.eval(self.tokens[pos: pos + size])
            pos += size
        for _ in range(generated):
            llm.eval(self.tokens[pos: pos + 1])
            pos += 1
        return (time.perf_counter() - start) * 1000.0


def raw_rates(model: str, reps: int = 3) -> dict[str, float]:
    """Raw llama-cpp-python prompt-evaluation and decode rates on this machine, now."""
    from edge_agent.llm.models import resolve_model
    from edge_agent.llm.runtime import get_runtime

    rt = get_runtime(resolve_model(model).path, n_ctx=2048)
    prompt = rt.tokenize("You are a skilled, humane debt collector. " * 12, add_bos=True)
    pe, dec = [], []
    for i in range(reps):
        with rt.lock:
            rt.snapshots.clear()
            rt.llm.reset()
            t = time.perf_counter()
            rt.llm.eval(prompt)
            pe.append(len(prompt) / (time.perf_counter() - t))
            count, first, last = 0, None, None
            for _ in rt.llm.create_completion(prompt, max_tokens=24, temperature=0.7, seed=i,
                                              stream=True, logit_bias={rt.llm.token_eos(): -1e9}):
                now = time.perf_counter()
                first = first or now
                last, count = now, count + 1
            if count > 1 and last and first and last > first:
                dec.append((count - 1) / (last - first))
    return {"prompt_tps": round(statistics.median(pe), 1),
            "decode_tps": round(statistics.median(dec), 1) if dec else 0.0}


def summarise(name: str, rows: list[dict[str, Any]], rates: dict[str, float] | None,
              sensors: dict[str, Any]) -> dict[str, Any]:  # fmt: skip
    replies = [r for r in rows if r["message"]]
    spoke = [r for r in rows if r["path"] in ("llm", "llm_retry", "fallback")]
    instructed = [r for r in rows if r["instructed"] and r["voiced_text"]]

    def readback(sensor: Any, field: str) -> float:
        hits = n = 0
        for r in instructed:
            text = r[field]
            if not text:
                continue
            probs = sensor.probs(text)
            n += 1
            hits += FAMILIES[max(probs, key=probs.get)] == FAMILIES[r["persona"]]
        return round(hits / n, 3) if n else 0.0

    floor = [r["floor_ms"] for r in replies if "floor_ms" in r]
    model_turns = [r for r in replies if "floor_ms" in r]
    return {
        "voice": name, "replies": len(rows), "debtor_messages": len(replies),
        "questions": sum(len([a for a in r["asks"] if a not in ("proposal", "rhetorical")])
                         for r in replies),
        "invented_claims": sum(len(r["invented"]) for r in rows),
        "model_sentences": sum(len(r["model_sentences"]) for r in rows),
        "unanswered_questions": sum(len(r["unanswered"]) for r in replies),
        "deferred_questions": sum(r["deferred"] for r in replies),
        "repeated_sentences": sum(len(r["repeated"]) for r in rows),
        "model_spoke": len(spoke),
        "model_path_share": round(len(spoke) / len(rows), 3) if rows else None,
        "model_spoke_uninstructed": sum(not r["instructed"] for r in spoke),
        "instructed_replies": sum(bool(r["instructed"]) for r in rows),
        "first_draft_rate": round(sum(r["path"] == "llm" for r in spoke) / len(spoke), 3)
        if spoke else None,
        "fallback_rate": round(sum(r["path"] == "fallback" for r in spoke) / len(spoke), 3)
        if spoke else None,
        "persona_replies": len(instructed),
        "persona_readback": readback(sensors["onnx"], "voiced_text"),
        "persona_readback_independent": readback(sensors["lexicon"], "voiced_text"),
        "persona_readback_whole_reply": readback(sensors["onnx"], "reply"),
        "turn_ms_p50": pct([r["turn_ms"] for r in replies], 0.5),
        "turn_ms_p95": pct([r["turn_ms"] for r in replies], 0.95),
        "first_shown_ms_p50": pct([r["first_shown_ms"] for r in replies], 0.5),
        "first_shown_ms_p95": pct([r["first_shown_ms"] for r in replies], 0.95),
        "floor_ms_p50": pct(floor, 0.5) if floor else None,
        "model_turn_ms_p50": pct([r["turn_ms"] for r in model_turns], 0.5) if floor else None,
        "model_first_shown_ms_p50": pct([r["first_shown_ms"] for r in model_turns], 0.5)
        if floor else None,
        "raw_rates": rates,
    }  # fmt: skip


def pairs(a: list[dict[str, Any]], b: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """The two voices' replies per turn, for the blind comparison (same decisions)."""
    out = []
    for x, y in zip(a, b, strict=True):
        if x["decision"] != y["decision"]:
            raise SystemExit(f"decisions differ in {x['dialogue']}: the voices are not "
                             f"comparable")
        out.append({"dialogue": x["dialogue"], "message": x["message"], "act": x["act"],
                    x["voice"]: x["reply"], y["voice"]: y["reply"],
                    "same": x["reply"] == y["reply"]})  # fmt: skip
    return out


def main() -> int:
    ap = argparse.ArgumentParser()
    ap.add_argument("out")
    ap.add_argument("--voices", default="template,choose")
    ap.add_argument("--model", default="llama")
    ap.add_argument("--panel", default=str(PANEL))
    ap.add_argument("--limit", type=int,  # bench/run.py --quick: two messages a dialogue
                    default=2 if os.environ.get("EDGE_AGENT_BENCH_QUICK") == "1" else None)
    ap.add_argument("--tone", action=argparse.BooleanOptionalAction, default=True,
                    help="narrow voiced variants to those the project's sensor reads as the "
                         "persona (both voices)")
    args = ap.parse_args()
    panel = load_panel(Path(args.panel), args.limit)
    sensors = {"onnx": make_sensor("onnx"), "lexicon": make_sensor("lexicon")}
    names = [v for v in args.voices.split(",") if v]
    runs: dict[str, list[dict[str, Any]]] = {}
    rates = None
    for name in names:
        reader = sensors["onnx"].probs if args.tone else None
        runs[name] = run_voice(name, panel, args.model, reader)
        if name != "template" and rates is None:
            rates = raw_rates(args.model)
    summary = {n: summarise(n, rows, rates if n != "template" else None, sensors)
               for n, rows in runs.items()}  # fmt: skip
    out: dict[str, Any] = {"panel": str(Path(args.panel).relative_to(ROOT)),
                           "messages": sum(len(v) for v in panel.values()),
                           "dialogues": len(panel), "model": args.model, "summary": summary,
                           "turns": runs}  # fmt: skip
    if "template" in runs and len(names) > 1:
        other = next(n for n in names if n != "template")
        out["pairs"] = pairs(runs["template"], runs[other])
    Path(args.out).parent.mkdir(parents=True, exist_ok=True)
    Path(args.out).write_text(json.dumps(out, indent=2, ensure_ascii=False))
    keys = ["invented_claims", "unanswered_questions", "repeated_sentences", "first_draft_rate",
            "persona_readback", "persona_readback_independent", "persona_readback_whole_reply",
            "turn_ms_p50", "first_shown_ms_p50", "model_turn_ms_p50", "floor_ms_p50",
            "model_path_share", "model_spoke_uninstructed"]  # fmt: skip
    print("| voice | " + " | ".join(keys) + " |")
    for n, s in summary.items():
        print(f"| {n} | " + " | ".join(str(s.get(k)) for k in keys) + " |")
    return 0


if __name__ == "__main__":
    sys.exit(main())
