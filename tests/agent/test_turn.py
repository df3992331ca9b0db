"""The turn (``edge_agent/turn.py``): named stages over one context, the guard once per text,
each debtor message read once, and validation that replaces words, never decisions.

A scripted drafting realiser stands in for the language model (no model is loaded), so the
drafting path (retry, template fallback, declined decisions) runs in milliseconds.
"""

from __future__ import annotations

import pytest

from edge_agent import Negotiator
from edge_agent.read import turn_reading
from edge_agent.realise import TemplateRealiser
from edge_agent.realise.base import Draft, Realisation
from edge_agent.state.trace import TIMING_KEYS
from edge_agent.turn import context_planner, run_turn
from edge_agent.verify.guard import ComplianceGuard
from edge_core import Decision
from tests.conftest import NORTHWIND

MESSAGES = ("I need 150 days, that is far too fast.", "I lost my job last month.",
            "Could you do 45 days? I promise the money is coming.", "ok 40 days then")
BAD = "We agree to 900 days and waive all interest."


class CountingGuard(ComplianceGuard):
    def __init__(self) -> None:
        super().__init__()
        self.texts: list[str] = []

    def check(self, text, decision, scenario):
        self.texts.append(text)
        return super().check(text, decision, scenario)


class ScriptedDrafter:
    """A drafting realiser without a model: per decision it offers ``script`` drafts, where
    ``good`` stands for the template's text (which passes the guard) and ``own`` for a draft
    with a problem of its own (the guard is not asked)."""

    name = "llama:scripted"

    def __init__(self, script: tuple[str, ...], allowed: bool = True) -> None:
        self.script, self.allowed, self.drawn = script, allowed, 0

    def speaks(self, decision: Decision) -> bool:
        return self.allowed

    def drafts(self, decision, ctx):
        good = TemplateRealiser(context_planner()).realise(decision, ctx).text
        for attempt, kind in enumerate(self.script):
            self.drawn += 1
            text = good if kind == "good" else BAD
            problems = ("voice: sounds like the debtor",) if kind == "own" else ()
            yield Draft(text, "llm" if attempt == 0 else "llm_retry", attempt, problems,
                        record={"words": kind}, stats={"model": self.name, "kind": kind},
                        spent={"model": self.name, "attempts": attempt + 1})  # fmt: skip


def _agent(**kw) -> Negotiator:
    return Negotiator(NORTHWIND, seed=2, sensor="lexicon", **kw)


@pytest.mark.parametrize(("script", "path", "rejected", "checks"), [
    (("good",), "llm", [], 1),
    (("bad", "good"), "llm_retry", [0], 2),
    (("own", "good"), "llm_retry", [0], 1),
    (("bad", "bad"), "fallback", [0, 1], 3),     # two drafts, then the template's text
    (("own", "own"), "fallback", [0, 1], 1),
])  # fmt: skip
def test_drafts_are_judged_once_each_then_the_template_speaks(script, path, rejected, checks):
    guard = CountingGuard()
    agent = _agent(realiser=ScriptedDrafter(script), guard=guard)
    agent.open()
    guard.texts.clear()
    reply = agent.respond(MESSAGES[0])
    trace = reply.trace
    assert trace["realiser"]["path"] == path and trace["realiser"]["backend"] == "llama:scripted"
    assert [r["attempt"] for r in trace["realiser"]["rejected"]] == rejected
    assert len(guard.texts) == checks  # once per text judged: never twice on one draft
    assert trace["guard"]["ok"] and not trace["guard"]["replaced"]
    if path == "fallback":
        assert trace["realiser"]["stats"] == {"model": "llama:scripted", "attempts": 2}
    baseline = _agent()  # the template backend: the same decision, and here the same words
    baseline.open()
    expected = baseline.respond(MESSAGES[0])
    assert (reply.text, trace["decision"]) == (expected.text, expected.trace["decision"])


def test_a_decision_the_drafter_declines_and_a_crisis_keep_the_reviewed_wording():
    declining = ScriptedDrafter(("bad",), allowed=False)
    agent = _agent(realiser=declining)
    trace = agent.open().trace["realiser"]
    assert (trace["backend"], trace["path"], trace["stats"]) == (
        "llama:scripted", "template", {"model": "llama:scripted"})
    assert declining.drawn == 0  # nothing was drafted
    drafting = ScriptedDrafter(("good",))
    agent = _agent(realiser=drafting)
    agent.open()
    reply = agent.respond("honestly I want to die")
    assert reply.trace["decision"]["tactic"] == "crisis"
    assert (reply.trace["realiser"]["backend"], reply.trace["realiser"]["path"]) == (
        "template", "template")  # a crisis reply is never generated, not even drafted
    assert drafting.drawn == 1  # the opening only


class _Unsafe(TemplateRealiser):
    """Replies with a text no decision allows, every turn."""

    name = "unsafe"

    def realise(self, decision, ctx, on_token=None):
        return Realisation(BAD, self.name, "llm")


def test_validation_replaces_the_words_never_the_decision():
    safe, unsafe = _agent(), _agent(realiser=_Unsafe())
    pairs = [(safe.open(), unsafe.open())]
    pairs += [(safe.respond(m), unsafe.respond(m)) for m in MESSAGES]
    for a, b in pairs:
        assert b.trace["realiser"]["path"] == "guard_fallback" and b.trace["guard"]["replaced"]
        assert not b.trace["guard"]["ok"]  # the verdict on the text it replaced
        assert b.trace["decision"] == a.trace["decision"] and b.text == a.text
        assert a.trace["realiser"]["path"] == "template" and not a.trace["guard"]["replaced"]


def test_the_stages_fill_their_slots_and_time_themselves():
    agent = _agent()
    pipeline = agent._pipeline()
    opening = run_turn(pipeline, None)
    assert (opening.reading, opening.probs, opening.step) == (None, None, None)
    assert opening.decision is not None and opening.final and opening.path == "template"
    assert set(opening.timings) == {"policy_ms", "plan_ms", "realiser_ms", "guard_ms"}
    agent._commit_turn(pipeline, opening)
    ctx = run_turn(pipeline, MESSAGES[1])
    assert ctx.reading is not None and ctx.reading.move is not None
    assert ctx.reading.disclosed == {"job_loss"} and ctx.sensed is not None
    assert ctx.step is not None and ctx.view is not None and ctx.view.disclosed_now == {"job_loss"}
    assert ctx.verdict.ok and set(ctx.timings) == set(TIMING_KEYS)
    assert len(agent.session.turns) == 1  # running the stages commits nothing
    reply = agent._commit_turn(pipeline, ctx)
    assert list(reply.trace["timings"]) == list(TIMING_KEYS)


def test_each_debtor_message_is_read_once_also_after_a_resume(monkeypatch):
    read: list[str] = []
    detect = turn_reading.vulnerability.detect

    def counted(text: str) -> frozenset[str]:
        read.append(text)
        return detect(text)

    monkeypatch.setattr(turn_reading.vulnerability, "detect", counted)
    agent = _agent()
    agent.open()
    for m in MESSAGES[:3]:
        agent.respond(m)
    assert read == list(MESSAGES[:3])  # not 1 + 2 + 3 scans
    read.clear()
    resumed = Negotiator.from_json(agent.to_json(), sensor="lexicon")
    resumed.respond(MESSAGES[3])
    resumed.respond("fine, 40")
    assert read == [MESSAGES[3], *MESSAGES[:3], "fine, 40"]  # saved ones rebuilt once
    trace = resumed.last_reply().trace
    assert trace["vulnerability"]["disclosed"] == ["job_loss"]  # a disclosure holds
