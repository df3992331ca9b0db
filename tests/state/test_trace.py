"""The trace type (``state/trace.py``): the dict it writes, its one shape check, and the view
displays read it through."""

from __future__ import annotations

import json

import pytest

from edge_agent import Negotiator, SessionFormatError
from edge_agent.state.trace import TIMING_KEYS, Spoken, Trace, TraceView, check_shape
from edge_core import Action, Decision, Tactic
from edge_core.emotions import EMOTIONS
from tests.conftest import NORTHWIND

ANSWERED_KEYS = ["turn", "move", "reading", "debtor_ask", "sensor", "belief", "predicted_next",
                 "signals", "vulnerability", "policy", "decision", "offer", "status",
                 "awaiting_confirmation", "restrictions", "realiser", "guard", "timings",
                 "display"]  # display: added at the end (issue 20 item 4), old keys keep order
OPENING_KEYS = ["turn", *ANSWERED_KEYS[9:]]


def _dialogue():
    agent = Negotiator(NORTHWIND, seed=5, sensor="lexicon")
    return agent, [agent.open(), agent.respond("I lost my job, 90 days"),
                   agent.respond("ok 40 then")]


def test_the_live_trace_has_the_saved_keys_in_the_saved_order():
    agent, replies = _dialogue()
    assert list(replies[0].trace) == OPENING_KEYS
    assert list(replies[0].trace["timings"]) == ["policy_ms", "plan_ms", "realiser_ms", "guard_ms"]
    for r in replies[1:]:
        assert list(r.trace) == ANSWERED_KEYS and list(r.trace["timings"]) == list(TIMING_KEYS)
    saved = json.loads(agent.to_json())["turns"]
    assert [t["trace"] for t in saved] == [r.trace for r in replies]


def test_to_dict_writes_each_entry_from_the_decision():
    confirm = Decision(Action.CONFIRM, Tactic.CONFIRM, "joy", 30, mode="m", reason={"k": 1})
    spoken = Spoken("template", "template", {}, [], {"ok": True, "violations": []}, False)
    d = Trace(3, "eq", confirm, ("not_at_work",), spoken, {"guard_ms": 1.23456,
                                                          "policy_ms": 2.0}).to_dict()
    assert list(d) == OPENING_KEYS[:-1] and d["turn"] == 3  # built without display figures
    assert (d["status"], d["awaiting_confirmation"], d["offer"]) == (
        "awaiting_confirmation", 30, 30)
    assert d["policy"] == {"name": "eq", "mode": "m", "persona": "joy", "reason": {"k": 1}}
    assert d["guard"] == {"ok": True, "violations": [], "replaced": False}
    assert d["timings"] == {"policy_ms": 2.0, "guard_ms": 1.2346}  # stage order, 4 places
    counter = Decision(Action.COUNTER, Tactic.HOLD, "joy", 30)  # close negative: no confirm
    d = Trace(3, "eq", counter, (), spoken).to_dict()
    assert (d["status"], d["awaiting_confirmation"], d["restrictions"]) == ("open", None, [])


def _good_answered() -> dict:
    probs = {e: 1 / 7 for e in EMOTIONS}
    return {"belief": dict(probs), "predicted_next": dict(probs),
            "guard": {"ok": True, "replaced": False, "violations": []},
            "realiser": {"backend": "template", "path": "template", "stats": {}, "rejected": []},
            "vulnerability": {"now": [], "disclosed": [], "supportive": False,
                              "human_followup_offered": False},
            "timings": {"parse_ms": 0.1}}


@pytest.mark.parametrize(("edit", "answers", "error"), [
    ({}, True, None),
    ({"belief": None}, False, None),  # the opening has no belief to read
    ({"belief": None}, True, "trace.belief"),
    ({"predicted_next": {"joy": 1.0}}, True, "trace.predicted_next"),
    ({"guard": {"ok": "yes"}}, True, "trace.guard"),
    ({"guard": {"ok": True}}, True, None),  # entries may be partial, not mistyped
    ({"realiser": []}, True, "trace.realiser"),
    ({"vulnerability": {"supportive": 1}}, True, "trace.vulnerability"),
    ({"timings": {"parse_ms": "fast"}}, True, "trace.timings"),
    ({"timings": {"parse_ms": 3}}, True, None),
    ({"extra": [1]}, True, None),  # unknown entries are dropped by trusted(), not refused
])  # fmt: skip
def test_the_one_shape_check(edit, answers, error):
    trace = {**_good_answered(), **edit}
    if error is None:
        check_shape("turn 1", trace, answers)
    else:
        with pytest.raises(SessionFormatError, match=f"turn 1: {error}"):
            check_shape("turn 1", trace, answers)


def test_a_trace_that_is_not_an_object_is_refused():
    with pytest.raises(SessionFormatError, match="trace must be an object"):
        check_shape("turn 2", ["not", "a", "dict"], answers=True)


@pytest.mark.parametrize(("trace", "read"), [
    ({}, {"answered": False, "mode": None, "replaced": False, "path": None,
          "restrictions": [], "rejected": []}),
    ({"sensor": {"top": "joy", "probs": {"joy": 0.9}}, "policy": {"mode": "eq:hmm"},
      "guard": {"replaced": True}, "realiser": {"path": "guard_fallback", "rejected": [{}]},
      "restrictions": ["no_calls"]},
     {"answered": True, "mode": "eq:hmm", "replaced": True, "path": "guard_fallback",
      "restrictions": ["no_calls"], "rejected": [{}]}),
    ({"sensor": "oops", "policy": None, "guard": [], "realiser": {"rejected": "x"},
      "restrictions": "a"},  # what an older or edited save might hold: defaults, no crash
     {"answered": False, "mode": None, "replaced": False, "path": None, "restrictions": [],
      "rejected": []}),
])  # fmt: skip
def test_the_view_displays_read_through(trace, read):
    view = TraceView.of(trace)
    assert {k: getattr(view, k) for k in read} == read


def test_the_view_reads_a_live_reply_like_the_raw_dict():
    _, replies = _dialogue()
    view = TraceView.of(replies[1].trace)
    t = replies[1].trace
    assert view.answered and view.sensor_top == t["sensor"]["top"]
    assert view.sensor_probs == t["sensor"]["probs"] and view.reading == t["reading"]
    assert view.timings == t["timings"] and view.debtor_ask == t["debtor_ask"]
    assert not TraceView.of(replies[0].trace).answered and TraceView.of(None).raw == {}
