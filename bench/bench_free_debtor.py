"""The free LLM debtor's voiced share per model and persona, and what one message costs.

Usage: ``python bench/bench_free_debtor.py OUT.json [--models k1,k2] [--personas a,b]
[--seed N] [--check 1|2]``. Run any model over 0.5B parameters under ``nice -n 19`` on a
shared machine.

Each persona is one debtor (:class:`sims.free_debtor.FreeLlmDebtor`, CRAD row 1 or the
Northwind scenario) that answers the same fixed creditor messages with the same fixed plans,
in order, like the messages of one dialogue, with seeded draws: so two runs of the same code
and model write the same drafts, and a change of the check or the prompt is measured on the
same asks. Per model and persona it reports:

- ``voiced``: messages the model wrote that the check kept (within the debtor's three
  drafts), the headline's "debtor voiced";
- ``first_kept_v1`` / ``first_kept_v2``: first drafts the check of version 1 (before
  :mod:`sims.debtor_drafts`) and of version 2 keep; the same drafts, so the difference is
  exactly what the stricter check refuses;
- ``refused``: why drafts were refused (the check's first reason, by kind);
- ``ms_per_message``, and per generation the prompt tokens, those reused from the KV cache and
  those evaluated: whether one ``Llama`` serves every message of a debtor and its persona
  prefix is reused across messages.
"""

from __future__ import annotations

import argparse
import json
import statistics
import sys
import time
from collections import Counter
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from edge_core import Scenario  # noqa: E402
from sims.debtor import key_rng  # noqa: E402
from sims.free_debtor import _TASK_TALK, FreeLlmDebtor, Plan, echoes, parrots  # noqa: E402
from sims.headline import ADVERSARIAL  # noqa: E402

MODELS = ("llama:smollm2-135m-instruct-q4_1", "llama:qwen2.5-coder-0.5b-instruct-q4_k_m",
          "llama:qwen2.5-coder-1.5b-instruct-q4_k_m")  # fmt: skip
CASES = (
    # (the creditor's message, its standing offer, the plan the code decided)
    ("Hello, this is Northwind Credit about the overdue balance. We can offer repayment "
     "within 12 days.", 12, Plan("counter", 90, 12, ("hardship_claim",), "anger")),
    ("That is beyond what we can accept; our offer is 20 days.", 20,
     Plan("counter", 75, 20, ("threat",), "anger")),
    ("I hear that this is hard. We can extend to 30 days, and that is a real concession.", 30,
     Plan("no_offer", None, 30, ("false_payment",), "neutral")),
    ("Can you tell me what you could afford? Our offer stands at 30 days.", 30,
     Plan("counter", 60, 30, ("guilt",), "sadness")),
    ("We can do 45 days if you confirm today.", 45, Plan("accept", None, 45, (), "joy")),
)  # fmt: skip


def first_kept_v1(debtor: FreeLlmDebtor, text: str, plan: Plan) -> bool:
    """The check before version 2: empty, parrot, task talk, the reader's move."""
    from edge_agent.read import read

    if not text or parrots(text, debtor._creditor_text):
        return False
    if _TASK_TALK.search(text) or echoes(text, debtor.instructions(plan)):
        return False
    return plan.carried_by(read(text, debtor._offer, balance=debtor.scenario.balance))


class CheckV1Debtor(FreeLlmDebtor):
    """The debtor with the check of version 1 (``--check 1``): what the voiced share was."""

    def refusal(self, text: str, plan: Plan) -> str | None:
        from edge_agent.read import read
        from sims.free_debtor import describe

        if not text:
            return "Your last reply was empty. Try again."
        if parrots(text, self._creditor_text):
            return "Your last reply repeated the collector's words. Answer in your own words."
        if _TASK_TALK.search(text) or echoes(text, self.instructions(plan)):
            return "Your last reply talked about the task. Reply only with the message itself."
        move = read(text, self._offer, balance=self.scenario.balance)
        if not plan.carried_by(move):
            return (f'Your last reply ("{text[:200]}") reads as {describe(move)}, which is not '
                    "what you mean. Try again.")  # fmt: skip
        return None


def reason_kind(feedback: str) -> str:
    for key, kind in (("empty", "empty"), ("repeated the collector", "parrot"),
                      ("talked about the task", "task talk or recital"),
                      ("told a story", "narration"), ("also named", "another number"),
                      ("reads as", "wrong move")):  # fmt: skip
        if key in feedback:
            return kind
    return "other"


class Recorder:
    """Wraps a runtime's ``generate`` to keep every draft and its prompt-token counts."""

    def __init__(self, runtime: Any) -> None:
        self.runtime = runtime
        self.calls: list[dict[str, Any]] = []
        self._generate = runtime.generate

    def __getattr__(self, name: str) -> Any:
        return getattr(self.runtime, name)

    def generate(self, tokens: Any, **kw: Any) -> Any:
        gen = self._generate(tokens, **kw)
        st = gen.stats
        self.calls.append({"text": gen.text, "prompt_tokens": st.prompt_tokens,
                           "reused_tokens": st.reused_tokens, "reeval_tokens": st.reeval_tokens,
                           "ms": round(st.total_ms, 1)})  # fmt: skip
        return gen


def scenario() -> Scenario:
    try:
        return Scenario.load_crad(None)[0]
    except (OSError, ValueError):  # no CRAD here: the fixed Northwind case
        return Scenario(balance=15700.0, creditor_target_days=12, max_days=60,
                        creditor_name="Northwind Credit", debtor_name="Ms Lopez")  # fmt: skip


def bench_model(backend: str, personas: list[str], seed: int,
                check: int = 2) -> dict[str, Any]:  # fmt: skip
    from sims.runner import debtor_runtime

    runtime = debtor_runtime(backend)
    sc = scenario()
    out: dict[str, Any] = {"personas": {}}
    for persona in personas:
        rec = Recorder(runtime)
        kind = CheckV1Debtor if check == 1 else FreeLlmDebtor
        debtor = kind(sc, persona, seed, key="bench", runtime=rec)
        assert debtor_runtime(backend) is runtime  # one Llama per model and process
        rows = []
        for i, (said, offer, plan) in enumerate(CASES):
            debtor._offer, debtor._creditor_text = offer, said
            before = len(rec.calls)
            start = time.perf_counter()
            text, drafts = debtor._generate(plan, key_rng(seed, "bench-free-debtor", persona, i))
            ms = (time.perf_counter() - start) * 1000
            calls = rec.calls[before:]
            first = FreeLlmDebtor.refusal(debtor, _clean(calls[0]["text"]), plan)
            reasons = [reason_kind(r) for r in (
                debtor.refusal(_clean(c["text"]), plan) for c in calls) if r]
            rows.append({"case": i, "voiced": text is not None, "drafts": drafts, "ms": ms,
                         "first_kept_v2": first is None,
                         "first_kept_v1": first_kept_v1(debtor, _clean(calls[0]["text"]), plan),
                         "refused": reasons, "sent": text, "generations": calls})  # fmt: skip
        n = len(rows)
        out["personas"][persona] = {
            "messages": n,
            "voiced": sum(r["voiced"] for r in rows) / n,
            "first_kept_v1": sum(r["first_kept_v1"] for r in rows) / n,
            "first_kept_v2": sum(r["first_kept_v2"] for r in rows) / n,
            "drafts_mean": sum(r["drafts"] for r in rows) / n,
            "ms_per_message": statistics.median(r["ms"] for r in rows),
            "refused": dict(Counter(k for r in rows for k in r["refused"])),
            "rows": rows,
        }  # fmt: skip
    per = list(out["personas"].values())
    gens = [g for p in per for r in p["rows"] for g in r["generations"]]
    out["all"] = {
        "messages": sum(p["messages"] for p in per),
        "voiced": sum(p["voiced"] * p["messages"] for p in per) / sum(p["messages"] for p in per),
        "first_kept_v1": statistics.mean(p["first_kept_v1"] for p in per),
        "first_kept_v2": statistics.mean(p["first_kept_v2"] for p in per),
        "ms_per_message_median": statistics.median(r["ms"] for p in per for r in p["rows"]),
        "prompt_tokens_mean": statistics.mean(g["prompt_tokens"] for g in gens),
        "reused_tokens_mean": statistics.mean(g["reused_tokens"] for g in gens),
        "reeval_tokens_mean": statistics.mean(g["reeval_tokens"] for g in gens),
        "refused": dict(sum((Counter(p["refused"]) for p in per), Counter())),
    }  # fmt: skip
    return out


def _clean(text: str) -> str:
    from sims.llm_debtor import clean

    return clean(text)


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("out", type=Path)
    ap.add_argument("--models", default=",".join(MODELS))
    ap.add_argument("--personas", default=",".join(ADVERSARIAL))
    ap.add_argument("--seed", type=int, default=0)
    ap.add_argument("--check", type=int, choices=(1, 2), default=2,
                    help="the debtor's check: 2 (this code) or 1 (before sims/debtor_drafts)")
    args = ap.parse_args(argv)
    import subprocess

    from edge_agent.llm.errors import LlmError

    commit = subprocess.run(["git", "-C", str(ROOT), "rev-parse", "--short", "HEAD"],
                            capture_output=True, text=True, check=False).stdout.strip()
    doc: dict[str, Any] = {"seed": args.seed, "cases": len(CASES), "check": args.check,
                           "commit": commit, "models": {}}  # fmt: skip
    for backend in [m for m in args.models.split(",") if m]:
        try:
            doc["models"][backend] = bench_model(backend, args.personas.split(","), args.seed,
                                                 args.check)  # fmt: skip
        except (LlmError, OSError) as exc:  # a model not installed here is reported, not fatal
            doc["models"][backend] = {"skipped": str(exc)[:300]}
        summary = doc["models"][backend].get("all", doc["models"][backend])
        print(backend, json.dumps({k: v for k, v in summary.items() if k != "rows"}))
    args.out.write_text(json.dumps(doc, indent=1) + "\n", encoding="utf-8")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
