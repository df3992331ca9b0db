"""Hostile tests of issue 21 (the deal: walk-away, evidence counted once, walk risk), through
the public surfaces: the reader (``edge_agent.read``), ``Negotiator`` on the template backend
with the lexicon sensor (deterministic and fast), and a saved session edited by hand.

Each defect found is a test that failed on ``deal2``; those fixed on this branch pass, the rest
are strict xfails whose reason says what breaks and why it was left."""

from __future__ import annotations

import json
import re

import pytest

from edge_agent import Negotiator
from edge_agent.read import read
from edge_agent.read.repeats import same_text
from edge_agent.read.walkaway import leaving
from edge_core import Scenario

SCENARIO = Scenario(balance=15700.0, creditor_target_days=12, max_days=60)


def agent(scenario: Scenario = SCENARIO, seed: int = 0) -> Negotiator:
    a = Negotiator(scenario, backend="template", sensor="lexicon", seed=seed)
    a.open()
    return a


def play(*messages: str, scenario: Scenario = SCENARIO) -> tuple[Negotiator, list]:
    a = agent(scenario)
    return a, [a.respond(m) for m in messages]


def closing(reply) -> str | None:
    return (reply.trace["policy"]["reason"].get("deal") or {}).get("closing")


# --- the reader: "goodbye" in the wrong context is no walk-away (fixed) -----------------------

NOT_WALKING = [
    "I never said goodbye",                      # negated
    "I won't say goodbye",                       # negated contraction (n't had no \b)
    "Don't say goodbye",
    "Is this goodbye?",                          # asked about
    "You said goodbye?",
    "my wife said goodbye to me and left",       # reported
    "I said goodbye to my job last month",       # reported, and a hardship disclosure
    "goodbye to 12 days, I need 40",             # a farewell to our figure, not to us
    "40 days or goodbye",                        # ultimatum: still waiting for our answer
    "45 days, I'm done here unless you agree.",  # conditional
    "no me voy",                                 # Spanish negation
    "No me voy a ir sin un acuerdo",
]
WALKING = [  # close positives that must still read as leaving
    "Thanks, but I'll just go to a debt charity. Goodbye.",
    "I'm done here, I'll deal with it through StepChange",
    "Adiós, no voy a pagar",
    "Goodbye to you",
    "Thanks, goodbye to all of you.",
    "Goodbye. Is this really the best you can do?",
    "I said goodbye. Bye.",
    "I'm not paying. Goodbye.",
    "I can't take this anymore, I'm done here. Goodbye.",
    "you will never see a penny. goodbye",
    "BYE!!! \N{WAVING HAND SIGN}",
    "good\u200bbye",
    "Me voy",
]


@pytest.mark.parametrize("text", NOT_WALKING)
def test_goodbye_in_the_wrong_context_is_not_a_walkaway(text: str) -> None:
    assert not leaving(text)
    assert "walkaway" not in read(text, 12).flags


@pytest.mark.parametrize("text", WALKING)
def test_leaving_still_reads_as_leaving(text: str) -> None:
    assert leaving(text)


@pytest.mark.parametrize(("text", "plain"), [
    ("goodbye to 12 days, I need 40", "I need 40"),
    ("I said goodbye to my job last month. I need 40 days.",
     "I lost my job last month. I need 40 days."),
])
def test_a_misread_goodbye_buys_no_closing_concession(text: str, plain: str) -> None:
    """On deal2 both got the closing split (26 days) where the plain message got 12."""
    (r,) = play(text)[1]
    (p,) = play(plain)[1]
    assert closing(r) is None
    assert r.offer_days == p.offer_days


def test_an_ultimatum_with_goodbye_earns_what_the_ultimatum_earns() -> None:
    """"45 days or goodbye." was met at 45 (closing move) on the second message; "45 days or I
    walk" is not: an ultimatum earns nothing by its words alone."""
    bye = play("50 days", "45 days or goodbye.")[1][-1]
    walk = play("50 days", "45 days or I walk")[1][-1]
    assert closing(bye) is None
    assert (bye.offer_days, bye.status) == (walk.offer_days, walk.status)


# --- what held: mandate, no chase, consent --------------------------------------------------

GOODBYES = ["Bye.", "40 days. Bye.", "100 days. Goodbye.", "0 days. Bye.", "-5 days, bye",
            "61 days. I'm done with you.", "60 days. Goodbye.", "BYE!!! \N{WAVING HAND SIGN}",
            "Adiós, no voy a pagar", "I'll deal with it through StepChange", "deal"]


@pytest.mark.parametrize(("target", "max_days"), [(12, 12), (12, 13), (12, 60), (5, 400)])
def test_goodbyes_never_breach_the_mandate_in_text_or_state(target: int, max_days: int) -> None:
    a = agent(Scenario(balance=15700.0, creditor_target_days=target, max_days=max_days))
    for m in GOODBYES:
        if a.status in ("agreed", "stop", "limit"):
            break
        r = a.respond(m)
        figures = [int(x) for x in re.findall(r"(\d+) days", r.text)]
        assert r.offer_days is None or target <= r.offer_days <= max_days, (m, r.offer_days)
        assert all(f == r.offer_days for f in figures), (m, r.text)
    saved = json.loads(a.to_json())
    assert all((t["decision"]["offer_days"] or 0) <= max_days for t in saved["turns"])


def test_repeated_goodbyes_get_one_closing_move_and_no_chase() -> None:
    replies = play("40 days. Bye.", "Bye.", "Hi again, 40 days?", "40 days. Bye.")[1]
    assert [closing(r) for r in replies][:2] == ["baseline", "stands"]  # never engaged
    blind = Negotiator(SCENARIO, policy="vanilla", backend="template", sensor="lexicon", seed=0)
    blind.open()
    same = [blind.respond(m).offer_days for m in ("40 days. Bye.", "Bye.", "Hi again, 40 days?",
                                                 "40 days. Bye.")]  # fmt: skip
    assert [r.offer_days for r in replies] == same  # the baseline's pace, no closing jump
    assert all(r.status == "open" for r in replies)


@pytest.mark.parametrize(("last", "agreed"), [
    ("deal", 45), ("yes", 45),
    ("ok bye", None), ("I'll deal with it through StepChange", None), ("no. bye", None),
    ("50 days. Bye.", None), ("what does that mean?", None),
])
def test_the_closing_meet_needs_a_clear_yes(last: str, agreed: int | None) -> None:
    replies = play("50 days", "45 days. Goodbye.", last)[1]
    assert (replies[1].offer_days, replies[1].status) == (45, "awaiting_confirmation")
    assert replies[-1].agreed_days == agreed


# --- the jobless debtor holding 45 days inside a 60-day mandate -----------------------------

STORY = ("I lost my job three months ago and I'm living on benefits. 45 days is the most I "
         "can manage.")


@pytest.mark.parametrize("hold", ["45 days.", STORY, "45 days. I have no job."])
def test_a_credible_stable_ask_in_the_mandate_is_met_within_four_messages(hold: str) -> None:
    replies = play(STORY, *[hold] * 5)[1]
    met = [i for i, r in enumerate(replies) if r.offer_days == 45]
    assert met and met[0] <= 3                  # the fourth message at the latest
    assert max(r.offer_days for r in replies) == 45  # never past the ask


# Was a strict xfail (a floor read as a refusal): fixed by the floor reading (issue 21).
def test_holding_45_as_cannot_do_less_is_met_at_45() -> None:
    replies = play(STORY, *["I really can't do less than 45 days, I have no income."] * 12)[1]
    assert max(r.offer_days for r in replies) == 45


# --- left as xfail --------------------------------------------------------------------------

# Was a strict xfail: an unengaged goodbye now gets the baseline's offer (lead's call).
def test_exaggerating_the_ask_with_a_goodbye_does_not_pay() -> None:
    modest = play("40 days. Bye.")[1][-1].offer_days
    assert play("1000 days. Bye.")[1][-1].offer_days <= modest
    assert play("Bye.")[1][-1].offer_days <= modest


@pytest.mark.xfail(strict=True, reason="'no chase' is read from the debtor moves' stored "
                   "'walkaway' flags, which session validation neither checks against the text "
                   "nor requires (old saves lack them): a save with the flag removed, or a "
                   "pre-feature save, buys a second closing move (26 -> 33). The fix (derive it "
                   "from our own past decisions, or re-read stored texts on resume) crosses the "
                   "NegotiationView/state contract, not a small change")
def test_an_edited_save_does_not_buy_a_second_closing_move() -> None:
    a, replies = play("I can pay in 90 days.", "I can pay in 70 days.", "Bye.")
    split = replies[-1].offer_days
    saved = json.loads(a.to_json())
    saved["turns"][-1]["move"]["flags"] = []
    b = Negotiator.from_json(json.dumps(saved), backend="template", sensor="lexicon")
    assert b.respond("Bye.").offer_days == split


EVASIONS = {
    "noise padding": ("asdf qwer zxcv uiop hjkl bnm, {s} lorem ipsum dolor sit amet "
                      "consectetur adipiscing"),
    "homoglyphs": "{c}",
}


@pytest.mark.xfail(strict=True, reason="repeats.SIMILAR is a Jaccard over word pairs: a dozen "
                   "junk words around the pasted story dilute the union below 0.7, and a "
                   "Cyrillic 'о' for 'o' makes every word new (normalise folds no confusables). "
                   "End to end the gain is small (lexicon sensor: offers 32, 42 instead of 31, "
                   "40 before 45 is met) because hardship saturates at two messages; containment "
                   "instead of Jaccard would also swallow a story extended by a new disclosure")
@pytest.mark.parametrize("kind", sorted(EVASIONS))
def test_a_pasted_story_disguised_is_still_a_repeat(kind: str) -> None:
    story = ("I lost my job three months ago and my wife is ill, I am living on benefits and "
             "cannot pay. 45 days is the most I can manage.")
    again = EVASIONS[kind].format(s=story, c=story.replace("o", "\u043e"))
    assert same_text(story, again)


# --- forbearance extraction: a goodbye appended to every plea (fixed) -----------------------

PLEA = "I'm desperate, I lost my job and I can't pay anything, please help me."


@pytest.mark.parametrize("goodbye", [" Goodbye.", " I'm done here."])
def test_a_goodbye_on_every_plea_does_not_launder_the_stall(goodbye: str) -> None:
    """On deal2 every walk-away message was skipped by the strategic-distress count: the plea
    with a goodbye appended four times read as no manipulation (0.0, against 0.5 for the bare
    plea), and four "55 days." then climbed 36 -> 37 -> 49 -> 55 (met). Only the first goodbye
    is exempt now; the closing move it earned (36) stands, and nothing more is given."""
    plain = play(*[PLEA] * 4, *["55 days."] * 4)[1]
    bye = play(*[PLEA + goodbye] * 4, *["55 days."] * 4)[1]

    def manipulation(r):
        return r.trace["policy"]["reason"]["deal"]["manipulation"]

    assert manipulation(bye[-1]) == manipulation(plain[-1]) > 0
    assert closing(bye[0]) == "split"
    assert {r.offer_days for r in bye} == {bye[0].offer_days}
    assert all(r.status == "open" for r in bye)
