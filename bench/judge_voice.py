"""Blind comparison of two voices on the same decisions, judged by a local model.

Usage::

    python bench/judge_voice.py BENCH.json OUT.json [--judge llama:<manifest key>]
    python bench/judge_voice.py BENCH.json KEY.json --sheet SHEET.md   # for a human or agent
    python bench/judge_voice.py BENCH.json OUT.json --score KEY.json ANSWERS.txt

``BENCH.json`` is ``bench/bench_voice.py``'s output with ``pairs`` (the template voice and a
model voice answering the same debtor message under the same decision). For every pair whose
replies differ, the judge (a model that never saw the code or which voice is which) is asked,
as a collections supervisor, which reply it would rather its collector sent: ``A``, ``B`` or
``tie``. The voices are shuffled to A/B per turn with a seeded generator, and every pair is
asked twice with the order swapped; only a preference that survives the swap counts, anything
else is a tie (a judge that prefers whatever comes first says nothing about the voices).
Identical replies are ties without asking. The answer is read from the judge's next-token
probabilities over the three answers, so it cannot wander off.

A local judge must pass calibration first: on pairs where one reply carries a sentence the
issue quotes ("This is a legal notice", "I believe in you"), Qwen2.5-Coder-1.5B answered "A"
in every order, so it cannot tell replies apart, and the blind comparison is made from a
sheet instead (``--sheet``): every pair shuffled to A/B per turn, the key kept apart, the
reviewer's one-line answers (``1 A``, ``2 tie``...) unblinded by ``--score``.

Reported: per voice the share preferred, the ties, the share "model preferred or tied", and
the same by kind of act (the plan's ``act``), which is what decides where the plan's template
wording is used instead of the model's.
"""

from __future__ import annotations

import argparse
import json
import sys
from collections import Counter
from pathlib import Path
from typing import Any

import numpy as np

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from edge_agent.llm.models import resolve_model  # noqa: E402
from edge_agent.llm.prompt import ChatFormat, Message  # noqa: E402
from edge_agent.llm.runtime import get_runtime  # noqa: E402

SYSTEM = (
    "You supervise debt collectors. You judge replies the way a careful collections "
    "supervisor would: a good reply is honest, humane, professional and clear, answers what "
    "the debtor asked, acknowledges what they said, fits their situation, and states the "
    "terms plainly. A reply that is cold, formulaic, off-topic, or that says something the "
    "company would have to apologise for is worse."
)
ASK = (
    "The debtor wrote:\n{message}\n\nReply A:\n{a}\n\nReply B:\n{b}\n\nBoth replies offer the "
    "same terms. Which reply would you rather your collector sent? Answer with one word: A, "
    "B, or tie."
)


class Judge:
    def __init__(self, backend: str) -> None:
        spec = resolve_model(backend)
        self.rt = get_runtime(spec.path, n_ctx=2048)
        self.chat = ChatFormat(self.rt.chat_template, self.rt.bos_text, self.rt.eos_text)
        self.answers = {k: self.rt.tokenize(k, add_bos=False)[0] for k in ("A", "B", "tie")}
        self.name = spec.key

    def ask(self, message: str, a: str, b: str) -> dict[str, float]:
        msgs = [Message("system", SYSTEM),
                Message("user", ASK.format(message=message or "(the call has just started)",
                                           a=a, b=b))]  # fmt: skip
        tokens = self.rt.tokenize_prompt(self.chat.render(msgs))
        logits, _ = self.rt.next_logits(tokens)
        scores = np.array([logits[t] for t in self.answers.values()], dtype=np.float64)
        probs = np.exp(scores - scores.max())
        probs /= probs.sum()
        return dict(zip(self.answers, probs.round(4).tolist(), strict=True))


def verdict(first: dict[str, float], second: dict[str, float]) -> str:
    """``x`` / ``y`` when the same voice wins in both orders (x was A in the first ask),
    else ``tie``."""
    one = max(first, key=first.get)
    two = max(second, key=second.get)
    if one == "A" and two == "B":
        return "x"
    if one == "B" and two == "A":
        return "y"
    return "tie"


def _summary(rows: list[dict[str, Any]], model_voice: str, judge: str) -> dict[str, Any]:
    count = Counter(r["winner"] for r in rows)
    by_act: dict[str, Counter] = {}
    for r in rows:
        by_act.setdefault(r["act"], Counter())[r["winner"]] += 1
    n = len(rows)
    return {
        "judge": judge, "blind": "voices shuffled to A/B per turn",
        "turns": n, "identical": sum(r.get("asked") is False for r in rows),
        "template_preferred": count["template"], "model_preferred": count[model_voice],
        "ties": count["tie"],
        "model_preferred_or_tied": round((count[model_voice] + count["tie"]) / n, 3) if n else 0,
        "by_act": {a: {"template": c["template"], "model": c[model_voice], "tie": c["tie"]}
                   for a, c in sorted(by_act.items())},
    }  # fmt: skip


def sheet(pairs: list[dict[str, Any]], model_voice: str, rng: np.random.Generator,
          out: Path, key: Path) -> None:
    """The blind sheet (markdown, no voice named) and its key (which voice was A)."""
    identical = [p for p in pairs if p["same"]]
    lines = ["# Which reply would you rather your collector sent?", "",
             "For each numbered turn, answer one line: the number, then A, B or tie. Both "
             "replies offer the same terms; judge them as a collections supervisor would.", ""]
    keys = []
    pairs = [p for p in pairs if not p["same"]]  # identical replies are ties: not asked
    for i, pair in enumerate(pairs, 1):
        a, b = ("template", model_voice) if rng.random() < 0.5 else (model_voice, "template")
        keys.append({"n": i, "a": a, "b": b})
        lines += [f"## {i}", f"Debtor: {pair['message']}", "", f"A: {pair[a]}", "",
                  f"B: {pair[b]}", ""]
    out.write_text("\n".join(lines))
    key.write_text(json.dumps({"model_voice": model_voice, "pairs": pairs, "keys": keys,
                               "identical": identical}, indent=1, ensure_ascii=False))


def score(key: Path, answers: Path, out: Path, reviewer: str) -> dict[str, Any]:
    """Unblind a reviewer's answers (lines ``N A``, ``N B`` or ``N tie``)."""
    data = json.loads(key.read_text())
    said = {}
    for line in answers.read_text().splitlines():
        parts = line.replace(".", " ").replace(":", " ").split()
        if len(parts) >= 2 and parts[0].isdigit():
            said[int(parts[0])] = parts[1].strip().lower()
    rows = []
    for k, pair in zip(data["keys"], data["pairs"], strict=True):
        answer = said.get(k["n"], "tie")
        winner = k["a"] if answer == "a" else k["b"] if answer == "b" else "tie"
        rows.append({**pair, "winner": winner, "answer": answer, "asked": True})
    rows += [{**pair, "winner": "tie", "asked": False} for pair in data.get("identical", [])]
    summary = _summary(rows, data["model_voice"], reviewer)
    out.write_text(json.dumps({"summary": summary, "rows": rows}, indent=2, ensure_ascii=False))
    return summary


def main() -> int:
    ap = argparse.ArgumentParser()
    ap.add_argument("bench")
    ap.add_argument("out")
    ap.add_argument("--judge", default="llama:qwen2.5-coder-1.5b-instruct-q4_k_m")
    ap.add_argument("--seed", type=int, default=20)
    ap.add_argument("--sheet", default="", help="write a blind sheet (OUT is then its key)")
    ap.add_argument("--score", nargs=2, metavar=("KEY", "ANSWERS"), default=None)
    ap.add_argument("--reviewer", default="a reviewer who did not see the code")
    args = ap.parse_args()
    if args.score:
        summary = score(Path(args.score[0]), Path(args.score[1]), Path(args.out),
                        args.reviewer)
        print(json.dumps(summary, indent=2))
        return 0
    data = json.loads(Path(args.bench).read_text())
    pairs = [p for p in data["pairs"] if p["message"]]  # openings are duty texts
    voices = [k for k in pairs[0] if k not in ("dialogue", "message", "act", "same")]
    model_voice = next(v for v in voices if v != "template")
    rng = np.random.default_rng(args.seed)
    if args.sheet:
        sheet(pairs, model_voice, rng, Path(args.sheet), Path(args.out))
        return 0
    judge = Judge(args.judge)
    rows: list[dict[str, Any]] = []
    for i, pair in enumerate(pairs):
        if pair["same"]:
            rows.append({**pair, "winner": "tie", "asked": False})
            continue
        x, y = ("template", model_voice) if rng.random() < 0.5 else (model_voice, "template")
        first = judge.ask(pair["message"], pair[x], pair[y])
        second = judge.ask(pair["message"], pair[y], pair[x])
        v = verdict(first, second)
        winner = {"x": x, "y": y}.get(v, "tie")
        rows.append({**pair, "winner": winner, "asked": True, "a_first": x,
                     "first": first, "second": second})  # fmt: skip
        print(f"[{i + 1}/{len(pairs)}] {pair['act']:<12} {winner}", file=sys.stderr, flush=True)
    summary = _summary(rows, model_voice, judge.name)
    Path(args.out).write_text(json.dumps({"summary": summary, "rows": rows}, indent=2,
                                         ensure_ascii=False))  # fmt: skip
    print(json.dumps(summary, indent=2))
    return 0


if __name__ == "__main__":
    sys.exit(main())
