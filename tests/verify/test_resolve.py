"""The one fallback policy (``verify/resolve.py``): who speaks, retry, template, refuse.

Deterministic fakes only (no model): scripted drafts and replies, verdicts chosen per text.
"""

from __future__ import annotations

import pytest

from edge_agent.realise.base import Draft, Realisation
from edge_agent.verify.guard import GuardResult, Violation
from edge_agent.verify.resolve import Offer, Refused, resolve, speaker
from edge_core import Action, Decision, Tactic

PASS = GuardResult()
FAIL = GuardResult((Violation("stray_figure", "'90' is not the offer"),))
TEMPLATE = "We can offer repayment within 20 days."


def _check(passing: set[str], seen: list[str]):
    def check(text: str) -> GuardResult:
        seen.append(text)
        return PASS if text in passing else FAIL

    return check


def _draft(text: str, attempt: int, *problems: str) -> Draft:
    return Draft(text, "llm" if attempt == 0 else "llm_retry", attempt, problems,
                 record={"words": text.upper()}, stats={"sent": attempt},
                 spent={"spent": attempt})  # fmt: skip


class _Drafter:
    name = "llama:fake"

    def __init__(self, allowed: bool) -> None:
        self.allowed = allowed

    def speaks(self, decision: Decision) -> bool:
        return self.allowed


class _Replier:
    name = "custom"


COUNTER = Decision(Action.COUNTER, Tactic.HOLD, "neutral", 20)
CRISIS = Decision(Action.SUPPORT, Tactic.CRISIS, "sadness", 20, supportive=True)
SUPPORT = Decision(Action.COUNTER, Tactic.SUPPORT, "sadness", 20, supportive=True)


@pytest.mark.parametrize(("decision", "realiser", "who"), [
    (CRISIS, _Drafter(True), "template"),     # a crisis reply is never generated
    (CRISIS, _Replier(), "template"),
    (SUPPORT, _Drafter(False), "declined"),   # the model may not phrase it
    (SUPPORT, _Drafter(True), "realiser"),    # close negative: the same, allowed
    (SUPPORT, _Replier(), "realiser"),        # a replying realiser never declines
    (COUNTER, _Drafter(True), "realiser"),
])  # fmt: skip
def test_who_speaks(decision, realiser, who):
    assert speaker(decision, realiser) == who


# (drafts, texts the guard passes) -> (path, text sent, attempts rejected, guard calls)
@pytest.mark.parametrize(("drafts", "passing", "path", "sent", "rejected", "checks"), [
    ([_draft("A", 0)], {"A"}, "llm", "A", [], 1),
    ([_draft("A", 0), _draft("B", 1)], {"B"}, "llm_retry", "B", [0], 2),
    ([_draft("A", 0, "voice: the debtor's words"), _draft("B", 1)], {"A", "B"}, "llm_retry",
     "B", [0], 1),                                   # its own problem: the guard is not asked
    ([_draft("A", 0), _draft("B", 1)], {TEMPLATE}, "fallback", TEMPLATE, [0, 1], 3),
    ([_draft("", 0, "context: too long")], {TEMPLATE}, "fallback", TEMPLATE, [0], 1),
    ([], {TEMPLATE}, "fallback", TEMPLATE, [], 1),
])  # fmt: skip
def test_drafts_retry_then_template(drafts, passing, path, sent, rejected, checks):
    seen: list[str] = []
    out = resolve(Offer("llama:fake", drafts), _check(passing, seen), lambda: TEMPLATE)
    assert (out.path, out.text, [r["attempt"] for r in out.rejected]) == (path, sent, rejected)
    assert out.checks == len(seen) == checks  # the guard runs once per text judged
    assert out.verdict.ok and not out.replaced and out.backend == "llama:fake"
    if path == "fallback" and drafts:
        assert out.stats == drafts[-1].spent  # what every attempt cost
    elif drafts:
        assert out.stats == next(d for d in drafts if d.text == sent).stats


def test_a_rejected_draft_keeps_what_it_said_and_why():
    out = resolve(Offer("llama:fake", [_draft("A", 0), _draft("B", 1, "dropped_sentence: 'x'")]),
                  _check({TEMPLATE}, []), lambda: TEMPLATE)  # fmt: skip
    assert out.rejected == [
        {"attempt": 0, "text": "A", "words": "A", "problems": FAIL.problems()},
        {"attempt": 1, "text": "B", "words": "B", "problems": ["dropped_sentence: 'x'"]},
    ]


def test_drafts_are_drawn_only_while_needed():
    drawn: list[int] = []

    def drafts():
        for attempt in range(3):
            drawn.append(attempt)
            yield _draft(f"D{attempt}", attempt)

    out = resolve(Offer("llama:fake", drafts()), _check({"D0"}, []), lambda: TEMPLATE)
    assert out.text == "D0" and drawn == [0]  # the retry is never generated


@pytest.mark.parametrize(("reply_ok", "path", "text", "replaced", "checks"), [
    (True, "template", "Fine reply.", False, 1),
    (False, "guard_fallback", TEMPLATE, True, 2),
])  # fmt: skip
def test_a_reply_is_kept_or_replaced_by_the_template(reply_ok, path, text, replaced, checks):
    reply = Realisation("Fine reply.", "custom", "template", {"k": 1}, [{"attempt": 0}])
    passing = {TEMPLATE} | ({"Fine reply."} if reply_ok else set())
    seen: list[str] = []
    out = resolve(Offer("custom", reply=reply), _check(passing, seen), lambda: TEMPLATE)
    assert (out.path, out.text, out.replaced, out.checks) == (path, text, replaced, checks)
    # The trace keeps the reply's own figures, and the verdict on the reply it replaced.
    assert out.stats == {"k": 1} and out.rejected == [{"attempt": 0}]
    assert out.verdict.ok is reply_ok and seen[0] == "Fine reply."


@pytest.mark.parametrize("offer", [
    Offer("custom", reply=Realisation("bad", "custom", "template")),
    Offer("llama:fake", [_draft("bad", 0)]),
    Offer("llama:fake", []),
])  # fmt: skip
def test_a_template_text_that_fails_refuses_the_turn(offer):
    with pytest.raises(Refused, match="template text failed the guard"):
        resolve(offer, _check(set(), []), lambda: TEMPLATE)
