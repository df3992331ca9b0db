"""LLM runtime benchmark: throughput vs raw llama-cpp-python, prefix reuse, reply validity, RSS.

Usage: ``python bench/bench_llm.py [OUT.json] [--sections a,b] [--candidates k1,k2] [--merge]``
(``make bench`` runs it through ``bench/run.py``). Every figure is measured in this run; the
machine may be shared, so throughput is a ratio against raw ``Llama.create_completion`` on the
same prompt, model and threads, measured interleaved in the same process.

Sections:
1. throughput: decode tokens/s through the agent's runtime (streaming callback, sentence
   stream, KV snapshot bookkeeping) vs raw ``create_completion``; EOS is banned in both so each
   run generates exactly the same number of tokens.
2. dialogue: a scripted 12-turn dialogue through ``Negotiator(backend="llama")``: per turn the
   prompt tokens, tokens re-evaluated (share of the prompt), TTFT, LLM time, and the EQ stages'
   own time (parse + sensor + tracker + policy + guard).
3. rss: peak RSS of a full dialogue, in a child process running only that dialogue.
4. validity: validated-reply rate and fallback rate of each candidate model over a fixed set
   of decisions (8 kinds x 7 personas = 56 by default).
5. sensor: the ``llm`` sensor (calibrated and not) vs the ONNX sensor, when installed, and the
   lexicon sensor, on a label-balanced sample of the GoEmotions-Ekman test split.
"""

from __future__ import annotations

import argparse
import json
import os
import resource
import statistics
import subprocess
import sys
import time
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from edge_agent import Negotiator  # noqa: E402
from edge_agent.llm.errors import ModelNotFound  # noqa: E402
from edge_agent.llm.models import load_manifest  # noqa: E402
from edge_agent.llm.runtime import unload_all  # noqa: E402
from edge_agent.realise.base import DialogueTurn, RealiserContext  # noqa: E402
from edge_agent.realise.llama import make_llama_realiser  # noqa: E402
from edge_agent.realise.template import TemplateRealiser  # noqa: E402
from edge_agent.turn import context_planner, speak  # noqa: E402
from edge_agent.verify.guard import ComplianceGuard  # noqa: E402
from edge_core import EMOTIONS, Action, Decision, Scenario, Tactic  # noqa: E402

SCENARIO = Scenario(
    balance=15700.0,
    creditor_target_days=12,
    max_days=60,
    creditor_name="Northwind Credit",
    debtor_name="Ms Lopez",
)
DEBTOR_SCRIPT = (
    "I need 150 days, I lost my job.", "That is far too short. I can't do it.",
    "What happens if I miss the deadline?", "Please, my hours were cut. 120 days?",
    "I'm really stressed about this, I have two kids.", "Still impossible. 100 days.",
    "Why can't you be more flexible?", "I could maybe manage 90 days.",
    "That's not enough time for me.", "Honestly this is making me anxious.",
    "Can we talk about 80 days?", "I don't know what else to say.",
)  # fmt: skip
GOEMOTIONS = ROOT.parent / "shared" / "datasets" / "goemotions-ekman" / "test.tsv"


def log(msg: str) -> None:
    print(msg, flush=True)


# -- 1. throughput --------------------------------------------------------------------------------
def throughput(reps: int = 9, n_tokens: int = 64) -> dict[str, Any]:
    """Decode rate, agent path vs raw, interleaved with alternating order.

    Wall-clock rates swing with other load on a shared machine; the CPU time of this process
    (one llama.cpp thread by default) measures the work itself, so both ratios are reported.
    """
    from edge_agent.llm.output import SentenceStream

    realiser = make_llama_realiser("llama")
    rt = realiser.runtime
    hist = (
        DialogueTurn("creditor", "Hello, this is Northwind Credit."),
        DialogueTurn("debtor", DEBTOR_SCRIPT[0]),
    )
    decision = Decision(Action.COUNTER, Tactic.ACKNOWLEDGE, "sadness", 20)
    built = realiser.prompts.build(SCENARIO, hist, decision, max_tokens=n_tokens)
    prompt, stop = built.tokens, built.stop  # both paths stop on the realiser's sequences
    ban_eos = {rt.llm.token_eos(): -1e9}
    rt.generate(prompt, max_tokens=2, temperature=0.7, seed=0)  # warm the cache and the pages

    def agent(seed: int) -> tuple[int, float, float]:
        stream = SentenceStream(lambda _piece: None, max_sentences=10**6)
        w, c = time.perf_counter(), time.process_time()
        gen = rt.generate(
            prompt, max_tokens=n_tokens, temperature=0.7, seed=seed, on_text=stream.feed,
            stop=stop,
            logit_bias=ban_eos,
        )  # fmt: skip
        return gen.stats.generated_tokens, time.perf_counter() - w, time.process_time() - c

    def raw(seed: int) -> tuple[int, float, float]:
        with rt.lock:
            w, c = time.perf_counter(), time.process_time()
            out = rt.llm.create_completion(
                prompt, max_tokens=n_tokens, temperature=0.7, seed=seed, stop=list(stop),
                logit_bias=ban_eos,
            )  # fmt: skip
            return (
                out["usage"]["completion_tokens"],
                time.perf_counter() - w,
                time.process_time() - c,
            )

    runs: dict[str, list[tuple[int, float, float]]] = {"agent": [], "raw": []}
    for i in range(reps):
        order = (("agent", agent), ("raw", raw)) if i % 2 == 0 else (("raw", raw), ("agent", agent))
        for name, fn in order:
            runs[name].append(fn(i))

    res: dict[str, Any] = {
        "model": realiser.name, "n_threads": rt.n_threads, "prompt_tokens": len(prompt),
        "tokens_per_run": n_tokens, "reps": reps,
        "generated": sorted({n for n, _, _ in runs["agent"] + runs["raw"]}),
    }  # fmt: skip
    for name in ("agent", "raw"):
        res[f"{name}_tps_wall"] = [round(n / w, 2) for n, w, _ in runs[name]]
        res[f"{name}_tps_wall_median"] = round(
            statistics.median(n / w for n, w, _ in runs[name]), 2
        )
        res[f"{name}_tps_cpu_median"] = round(statistics.median(n / c for n, _, c in runs[name]), 2)
    res["ratio_wall"] = round(res["agent_tps_wall_median"] / res["raw_tps_wall_median"], 3)
    res["ratio_cpu"] = round(res["agent_tps_cpu_median"] / res["raw_tps_cpu_median"], 3)
    return res


# -- 2. dialogue ----------------------------------------------------------------------------------
def run_dialogue(backend: str = "llama", turns: int = 12) -> list[dict[str, Any]]:
    agent = Negotiator(SCENARIO, policy="eq", backend=backend, seed=0, sensor="lexicon")
    rows = [_row(agent.open())]
    for msg in DEBTOR_SCRIPT[:turns]:
        if agent.status != "open":
            break
        rows.append(_row(agent.respond(msg)))
    return rows


def _row(reply: Any) -> dict[str, Any]:
    tr = reply.trace
    # A turn the template spoke (a fallback, or no model loaded) has no LLM statistics: its
    # figures are zero so the section still runs to the end and its path says why.
    st = {"prompt_tokens": 0, "reeval_tokens": 0, "ttft_ms": 0.0, "total_ms": 0.0,
          "generated_tokens": 0, "decode_tps": 0.0, **(tr["realiser"].get("stats") or {})}
    tm = tr["timings"]
    eq = sum(tm.get(k, 0.0) for k in ("parse_ms", "sensor_ms", "tracker_ms", "policy_ms",
                                      "guard_ms"))  # fmt: skip
    return {
        "turn": tr["turn"], "path": tr["realiser"]["path"], "prompt_tokens": st["prompt_tokens"],
        "reeval_tokens": st["reeval_tokens"],
        "reeval_share": round(st["reeval_tokens"] / max(1, st["prompt_tokens"]), 3),
        "ttft_ms": st["ttft_ms"], "llm_ms": st["total_ms"], "generated": st["generated_tokens"],
        "decode_tps": st["decode_tps"], "eq_stages_ms": round(eq, 3),
        "eq_timings": {k: v for k, v in tm.items() if k != "realiser_ms"}, "text": reply.text,
    }  # fmt: skip


def summarise_dialogue(rows: list[dict[str, Any]]) -> dict[str, Any]:
    later = [r for r in rows if r["turn"] >= 1]
    t10 = next((r for r in rows if r["turn"] == 10), rows[-1])
    first3 = [r["ttft_ms"] for r in later[:3]]
    last3 = [r["ttft_ms"] for r in later[-3:]]
    return {
        "turns": len(rows),
        "turn10": {k: t10[k] for k in ("turn", "prompt_tokens", "reeval_tokens", "reeval_share",
                                        "ttft_ms")},
        "ttft_ms_turns_1_3_median": round(statistics.median(first3), 1),
        "ttft_ms_last_3_median": round(statistics.median(last3), 1),
        "prompt_tokens_first_last": [later[0]["prompt_tokens"], later[-1]["prompt_tokens"]],
        "llm_ms_per_turn_median": round(statistics.median(r["llm_ms"] for r in rows), 1),
        "eq_stages_ms_per_turn_median": round(statistics.median(r["eq_stages_ms"] for r in later),
                                              3),
        "paths": {p: sum(r["path"] == p for r in rows) for p in {r["path"] for r in rows}},
    }  # fmt: skip


# -- 3. peak RSS ----------------------------------------------------------------------------------
def vm_hwm_mb() -> float:
    """This process's peak RSS. Not ``ru_maxrss``: Linux carries that across ``exec`` from the
    parent, so a child started by a big process would report the parent's peak."""
    for line in Path("/proc/self/status").read_text().splitlines():
        if line.startswith("VmHWM:"):
            return int(line.split()[1]) / 1024
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def rss_child() -> None:
    if "--baseline" in sys.argv:
        import llama_cpp  # noqa: F401

        print(json.dumps({"peak_rss_mb": vm_hwm_mb()}))
        return
    run_dialogue()
    print(json.dumps({"peak_rss_mb": vm_hwm_mb()}))


def peak_rss() -> dict[str, Any]:
    proc = subprocess.run([sys.executable, __file__, "--rss-child"], capture_output=True,
                          text=True, cwd=ROOT, check=True)  # fmt: skip
    base = subprocess.run([sys.executable, __file__, "--rss-child", "--baseline"],
                          capture_output=True, text=True, cwd=ROOT, check=True)  # fmt: skip
    peak = json.loads(proc.stdout.strip().splitlines()[-1])["peak_rss_mb"]
    imports = json.loads(base.stdout.strip().splitlines()[-1])["peak_rss_mb"]
    return {"peak_rss_mb": round(peak, 1), "python_and_imports_mb": round(imports, 1)}


# -- 4. validity over a fixed decision set ---------------------------------------------------------
KINDS: tuple[tuple[Action, Tactic, str | None], ...] = (
    (Action.OPEN, Tactic.OPEN, None),
    (Action.COUNTER, Tactic.HOLD, "That's too fast for me. I need 90 days."),
    (Action.COUNTER, Tactic.CONCEDE, "I really can't do that. Could you give me 60 days?"),
    (Action.COUNTER, Tactic.CLARIFY, "What exactly are you asking me to pay, and by when?"),
    (Action.COUNTER, Tactic.ACKNOWLEDGE, "I lost my job last month and things are really hard."),
    (Action.COUNTER, Tactic.REJECT_BEYOND_MANDATE, "The only thing I can manage is 200 days."),
    (Action.ACCEPT, Tactic.ACCEPT, "OK, I can do {days} days."),
    (Action.CLOSE_FAILED, Tactic.CLOSE, "No. I'm not agreeing to anything."),
)


def decision_set() -> list[tuple[Decision, tuple[DialogueTurn, ...], int]]:
    """8 kinds x 7 personas, fixed: (decision, history, turn)."""
    opening = TemplateRealiser(context_planner()).phrase(
        Decision(Action.OPEN, Tactic.OPEN, "neutral", 12), SCENARIO, seed=0, turn=0)
    out = []
    for k, (action, tactic, debtor) in enumerate(KINDS):
        for p, persona in enumerate(EMOTIONS):
            days = None if action == Action.CLOSE_FAILED else 12 + 4 * ((k + p) % 7)
            agreed = days if action == Action.ACCEPT else None
            d = Decision(action, tactic, persona, days, agreed_days=agreed)
            hist: tuple[DialogueTurn, ...] = ()
            if debtor is not None:
                hist = (
                    DialogueTurn("creditor", opening),
                    DialogueTurn("debtor", debtor.format(days=days)),
                )
            out.append((d, hist, 0 if action == Action.OPEN else 1 + p))
    return out


def validity(backend: str, limit: int | None = None) -> dict[str, Any]:
    realiser = make_llama_realiser(backend)
    guard = ComplianceGuard()
    paths: list[str] = []
    problems: dict[str, int] = {}
    ms: list[float] = []
    samples = []
    for d, hist, turn in decision_set()[:limit]:
        ctx = RealiserContext(SCENARIO, hist, turn, 0)
        t = time.perf_counter()
        # The realise and verify stages as a turn runs them: drafts judged by the guard, the
        # template when both fail (the realiser only drafts since issue 19).
        out = speak(d, realiser, TemplateRealiser(), ctx,
                    lambda text, d=d: guard.check(text, d, SCENARIO))
        ms.append((time.perf_counter() - t) * 1000)
        paths.append(out.path)
        for rej in out.rejected:
            for prob in rej["problems"]:
                key = prob.split(":")[0]
                problems[key] = problems.get(key, 0) + 1
        if len(samples) < 8 and out.path != "fallback":
            samples.append(
                {
                    "decision": f"{d.action.value}/{d.tactic.value}/{d.persona}",
                    "path": out.path,
                    "text": out.text,
                }
            )
    n = len(paths)
    res = {
        "backend": realiser.name, "decisions": n,
        "first_draft_rate": round(paths.count("llm") / n, 3),
        "validated_reply_rate": round((paths.count("llm") + paths.count("llm_retry")) / n, 3),
        "fallback_rate": round(paths.count("fallback") / n, 3),
        "paths": {p: paths.count(p) for p in ("llm", "llm_retry", "fallback")},
        "rejection_reasons": dict(sorted(problems.items(), key=lambda kv: -kv[1])),
        "ms_per_decision_median": round(statistics.median(ms), 1), "samples": samples,
    }  # fmt: skip
    unload_all()
    return res


# -- 5. sensors -----------------------------------------------------------------------------------
def sensor_sample(per_label: int) -> list[tuple[str, str]]:
    rows: dict[str, list[str]] = {e: [] for e in EMOTIONS}
    with GOEMOTIONS.open(encoding="utf-8") as fh:
        for line in fh:
            text, labels, _ = line.rstrip("\n").split("\t")
            if "," in labels:
                continue  # single-label examples only
            label = EMOTIONS[int(labels)]
            if len(rows[label]) < per_label:
                rows[label].append(text)
    return [(t, e) for e in EMOTIONS for t in rows[e]]


def score_sensor(sensor: Any, sample: list[tuple[str, str]]) -> dict[str, Any]:
    t = time.perf_counter()
    preds = []
    for text, _ in sample:
        p = sensor.probs(text)
        preds.append(max(p, key=p.get))
    ms = (time.perf_counter() - t) * 1000 / len(sample)
    gold = [g for _, g in sample]
    f1s = []
    for e in EMOTIONS:
        tp = sum(p == e == g for p, g in zip(preds, gold, strict=True))
        fp = sum(p == e != g for p, g in zip(preds, gold, strict=True))
        fn = sum(g == e != p for p, g in zip(preds, gold, strict=True))
        f1s.append(0.0 if tp == 0 else 2 * tp / (2 * tp + fp + fn))
    acc = sum(p == g for p, g in zip(preds, gold, strict=True)) / len(gold)
    return {"accuracy": round(acc, 3), "macro_f1": round(sum(f1s) / len(f1s), 3),
            "ms_per_message": round(ms, 1),
            "predicted": {e: preds.count(e) for e in EMOTIONS}}  # fmt: skip


def sensors(per_label: int) -> dict[str, Any]:
    from edge_agent.sense import make_sensor

    if not GOEMOTIONS.is_file():
        return {"skipped": f"{GOEMOTIONS} not found"}
    sample = sensor_sample(per_label)
    res: dict[str, Any] = {"examples": len(sample), "per_label": per_label,
                           "data": "GoEmotions-Ekman test, single-label"}  # fmt: skip
    llm = make_sensor("llm", calibrate=True)
    res["llm_calibrated"] = score_sensor(llm, sample)
    llm.calibrate = False
    res["llm_uncalibrated"] = score_sensor(llm, sample)
    res["lexicon"] = score_sensor(make_sensor("lexicon"), sample)
    try:
        res["onnx"] = score_sensor(make_sensor("onnx"), sample)
    except Exception as exc:  # not built yet on this machine
        res["onnx"] = {"skipped": f"{type(exc).__name__}: {exc}"}
    unload_all()
    return res


# -- main -----------------------------------------------------------------------------------------
SECTIONS = ("throughput", "dialogue", "rss", "validity", "sensor")


def main() -> int:
    ap = argparse.ArgumentParser()
    ap.add_argument("out", nargs="?", default=str(ROOT / "bench" / "results" / "llm.json"))
    quick = os.environ.get("EDGE_AGENT_BENCH_QUICK") == "1"  # bench/run.py --quick
    ap.add_argument("--decisions", type=int, default=8 if quick else None,
                    help="limit the decision set")
    ap.add_argument("--sensor-n", type=int, default=3 if quick else 20,
                    help="examples per emotion")
    ap.add_argument("--candidates", default="", help="comma-separated manifest keys (all)")
    ap.add_argument("--sections", default=",".join(SECTIONS), help="comma-separated subset")
    ap.add_argument("--merge", action="store_true", help="update the existing JSON file")
    ap.add_argument("--rss-child", action="store_true", help=argparse.SUPPRESS)
    ap.add_argument("--baseline", action="store_true", help=argparse.SUPPRESS)
    args = ap.parse_args()
    if args.rss_child:
        rss_child()
        return 0
    out = Path(args.out)
    results: dict[str, Any] = json.loads(out.read_text()) if args.merge and out.exists() else {}
    sections = set(args.sections.split(","))
    if "throughput" in sections:
        log("== throughput: agent vs raw create_completion (same prompt, model, threads)")
        results["throughput"] = throughput()
        log(json.dumps(results["throughput"]))
        unload_all()
    if "dialogue" in sections:
        log("== dialogue (12 debtor turns, default model)")
        rows = run_dialogue()
        results["dialogue"] = {"summary": summarise_dialogue(rows), "turns": rows}
        for r in rows:
            log(
                f"turn {r['turn']:2d} {r['path']:9s} prompt {r['prompt_tokens']:4d} "
                f"re-eval {r['reeval_tokens']:4d} ({r['reeval_share']:.0%}) "
                f"ttft {r['ttft_ms']:7.1f} ms "
                f"llm {r['llm_ms']:7.1f} ms  eq stages {r['eq_stages_ms']:6.2f} ms"
            )
        log(json.dumps(results["dialogue"]["summary"]))
        unload_all()
    if "rss" in sections:
        log("== peak RSS of a full dialogue (child process)")
        results["rss"] = peak_rss()
        log(json.dumps(results["rss"]))
    man = load_manifest()
    if "validity" in sections:
        results.setdefault("validity", {})
        keys = [k for k in args.candidates.split(",") if k] or (
            [man["default"]] if quick else list(man["candidates"]))
        for key in keys:
            log(f"== validity over the fixed decision set: {key}")
            try:
                results["validity"][key] = validity(f"llama:{key}", args.decisions)
            except ModelNotFound as exc:  # an optional candidate that is not installed
                results["validity"][key] = {"skipped": str(exc)}
            log(json.dumps({k: v for k, v in results["validity"][key].items() if k != "samples"}))
    if "sensor" in sections:
        log("== sensors")
        results["sensor"] = sensors(args.sensor_n)
        log(json.dumps(results["sensor"]))
    results["default_model"] = man["default"]
    out.parent.mkdir(parents=True, exist_ok=True)
    out.write_text(json.dumps(results, indent=2))
    log(f"wrote {out}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
