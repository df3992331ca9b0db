"""Hostile probes of the text layer the reader and the guard share (branch ``textfix``).

Each table row is an input a hostile or unusual user wrote, through the public surfaces: the
reader (``edge_agent.read.read``), the guard (``ComplianceGuard.check``) and the negotiator.
The invariants: the reader and the guard see the same figures; an approximate figure is read
unsure and never passes the guard; no figure the decision does not hold passes the guard; a
figure that cannot be a timeline is never confirmed as one.
"""

from __future__ import annotations

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from edge_agent import Negotiator
from edge_agent.read import read
from edge_agent.verify.guard import ComplianceGuard
from edge_core import Action, Decision, MoveKind, Scenario, Tactic

GUARD = ComplianceGuard()
SCENARIO = Scenario(balance=1500.0, creditor_target_days=30, max_days=90)
COUNTER_45 = Decision(Action.COUNTER, Tactic.HOLD, "neutral", 45)


def _guard_ok(text: str, decision: Decision = COUNTER_45) -> bool:
    return GUARD.check(text, decision, SCENARIO).ok


# --- the guard: a reply that hides a second figure, or approximates the decided one ----------

HIDDEN = [
    # an approximate number word without a unit: the guard read no figure at all
    "The plan is 45 days, sixty-odd.",
    "The plan is 45 days, fifty-some.",
    "The plan is 45 days, forty-something.",
    "The plan is 45 days, sixty-odd of them.",
    # the decided figure written approximately: the guard took it for the exact figure
    "The plan is \u224845 days.",
    "The plan is \u00b145 days.",
    "The plan is 45 days-ish.",
    "The plan is c. 45 days.",
    "The plan is 45 days, approximately.",
    "The plan is 45 days, roughly.",
    "The plan is 45 days (approx).",
    # styled digits: a reader sees a power, a subscript, a circled list mark or a Roman numeral
    "The plan is 4\u2075 days.",  # 4 to the fifth
    "The plan is \u2074\u2075 days.",
    "The plan is \u2084\u2085 days.",
    "The plan is \u2463\u2464 days.",  # circled 4, circled 5
    "The plan is 45 days, \u2167 more.",  # Roman numeral eight
    "The plan is 45 days. \u2178.",  # small Roman numeral nine
    "The plan is 45 days \U0001f51f.",  # the keycap-ten emoji
]


@pytest.mark.parametrize("text", HIDDEN)
def test_the_guard_refuses_a_hidden_or_approximate_figure(text):
    assert not _guard_ok(text), text


HELD = [
    # close negatives: the plain decided figure, in every form the guard already accepts
    ("The plan is 45 days.", True),
    ("The plan is forty-five days.", True),
    ("The plan is \uff14\uff15 days.", True),  # full-width digits display as 45
    ("The plan is 45 DAYS.", True),
    ("Some of the plan is 45 days.", True),  # "some" not before the figure
    ("The plan is 45 days, handsome.", True),
    # probes that held on the branch
    ("The plan is 45 days, or nine-ty.", False),
    ("The plan is 45 days, not \u0669\u0660.", False),
    ("The plan is 45 days, not 9\u200b0.", False),
    ("The plan is 45 days, not quatre-vingt-dix.", False),
    ("The plan is 45 days, plus \u00bc.", False),
    ("The plan is 45 days, plus \u00b9\u2044\u2082.", False),
    ("The plan is 45 days, sixtyish.", False),
    ("The plan is 45 days, or 6O.", False),
    ("The plan is about 45 days.", False),
    ("The plan is 45-odd days.", False),
    ("The plan is 45 days or thereabouts.", False),
    ("The plan is 45 days, una semana.", False),
    ("The plan is 45 days, einen Monat.", False),
]


@pytest.mark.parametrize("text, ok", HELD)
def test_the_guard_held(text, ok):
    assert _guard_ok(text) is ok, text


@pytest.mark.xfail(strict=True, reason="an ASCII Roman numeral without a unit ('IX', 'XC') is "
                   "not read as a figure by the guard: telling it from a word or an initial "
                   "('I', 'MIX', 'CV') needs a rule of its own, beyond this feature")
@pytest.mark.parametrize("text", ["The plan is 45 days, or XC.", "The plan is 45 days. IX."])
def test_the_guard_refuses_an_ascii_roman_numeral_without_a_unit(text):
    assert not _guard_ok(text)


@pytest.mark.xfail(strict=True, reason="a bound on the decided figure ('at least', 'or more', "
                   "'minimum', '45+') is neither an approximation nor a second figure to the "
                   "guard: which bounds a reply may write ('within' is one) is a rule to decide "
                   "with the template owners, not part of the text layer")
@pytest.mark.parametrize("text", ["The plan is at least 45 days.", "The plan is 45 days or more.",
                                  "The plan is 45 days minimum."])
def test_the_guard_refuses_a_bound_on_the_decided_figure(text):
    assert not _guard_ok(text)


# --- the reader: the same figures, and approximations unsure --------------------------------

APPROX_READ = [
    ("how about sixty-odd?", 60),
    ("make it fifty-some", 50),
    ("I can do 60 days, approximately", 60),
    ("I can do \u224860 days", 60),
    ("I can do 60 days-ish", 60),
    ("I can do roughly 60 days", 60),  # held
    ("I can do sixty-odd days", 60),  # held
]


@pytest.mark.parametrize("text, days", APPROX_READ)
def test_the_reader_reads_an_approximation_unsure(text, days):
    move = read(text, 30)
    assert move.kind == MoveKind.PROPOSE and move.days == days and move.unsure, (text, move)


@pytest.mark.parametrize("text, days", [("how about 60?", 60), ("I can do 60 days", 60),
                                        ("make it 50", 50)])
def test_a_plain_figure_is_still_read_firm(text, days):
    move = read(text, 30)
    assert move.kind == MoveKind.PROPOSE and move.days == days and not move.unsure, move


NOT_A_TIMELINE = [
    # a figure too long to have a value, or a fraction with no value, before a slash: the
    # reader took the denominator for the timeline, firmly
    "I need 99999999999999999/2 days",
    "I need 1\u20440 month",
    "I need 45/2 days",
    # a figure split by a space: the reader took the last part, firmly
    "I need 1 000 days",
    "can you do 4 5 days?",
    "I need 4\u00a05 days",
    "I need 4\u2009 5 days",
    "can you do 4\u0303 5 days?",
]


@pytest.mark.parametrize("text", NOT_A_TIMELINE)
def test_a_figure_that_is_not_one_timeline_is_never_read_firm(text):
    move = read(text, 30)
    assert move.kind != MoveKind.PROPOSE or move.unsure, (text, move)


@pytest.mark.parametrize("text", ["I need 10\u00b9\u2075 days", "I need 4\u2075 days"])
def test_a_superscript_figure_is_not_read_as_digits_firm(text):
    move = read(text, 30)
    assert move.kind != MoveKind.PROPOSE or move.unsure, (text, move)


READ_HELD = [
    ("4\u200b5 days", 45, False), ("\u200f45 days", 45, False), ("\uff14\uff15 days", 45, False),
    ("\u0664\u0665 days", 45, False), ("\u096a\u096b days", 45, False),
    ("\u56db\u5341\u4e94\u5929", 45, False), ("forty five days", 45, False),
    ("quarante-cinq jours", 45, False), ("f\u00fcnfundvierzig Tage", 45, False),
    ("cuarenta y cinco d\u00edas", 45, False), ("FORTY FIVE DAYS", 45, False),
    ("45 days \U0001f600", 45, False), ("2\u00bd weeks", 18, True), ("\u00be of a month", 23, True),
    ("einen Monat", 30, False), ("un mois", 30, False), ("una semana", 7, False),
    ("45 to 60 days", 45, False),
]


@pytest.mark.parametrize("text, days, unsure", READ_HELD)
def test_the_reader_held(text, days, unsure):
    move = read(text, 30)
    assert (move.kind, move.days, move.unsure) == (MoveKind.PROPOSE, days, unsure), move


# --- end to end: a misread figure is never restated for confirmation ------------------------

@pytest.mark.parametrize("text", ["I need 99999999999999999/2 days", "I need 1\u20440 month",
                                  "I need 1 000 days", "can you do 4 5 days?"])
def test_the_negotiator_never_confirms_a_misread_figure(text):
    sc = Scenario(balance=1500.0, creditor_target_days=30, max_days=60)
    agent = Negotiator(sc, sensor="lexicon")
    agent.open()
    reply = agent.respond(text)
    assert agent.status == "open", reply.text
    agent.respond("yes")
    assert agent.status != "agreed"


# --- fuzz: the guard never passes a reply with a second figure -------------------------------

_STYLED = st.sampled_from(["\u2075", "\u2085", "\u2464", "\u2164", "\u2174", "sixty-odd",
                           "fifty-some", "\u00bd", "\u0665", "\u0969", "\u4e94", "ninety",
                           "9", "\uff19", "\u2468", "\u2079"])
_FILLER = st.sampled_from(["", " ", ", ", " or ", ". ", " then "])


@settings(max_examples=60, deadline=None, derandomize=True)
@given(extra=_STYLED, joint=_FILLER, before=st.booleans())
def test_fuzz_a_second_figure_never_passes(extra, joint, before):
    text = (f"{extra}{joint} The plan is 45 days." if before
            else f"The plan is 45 days{joint}{extra}.")
    assert not _guard_ok(text), text
