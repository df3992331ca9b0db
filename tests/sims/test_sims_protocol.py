"""The CRAD protocol's edge cases, with scripted debtors (structured moves + matching text)."""

from __future__ import annotations

from edge_agent import Reply
from edge_agent.sense import make_sensor
from edge_core import Scenario
from sims import DebtorTurn, PolicySpec, run_dialogue
from sims.personas import HiddenState
from sims.protocol import _after_creditor, _after_debtor

SC = Scenario(balance=15700.0, creditor_target_days=12, max_days=60, scenario_id="t")


class Scripted:
    """Says the given turns in order, then repeats the last one."""

    def __init__(self, *turns: DebtorTurn) -> None:
        self.turns = list(turns)
        self.hidden = HiddenState("scripted", 90, 30, "unknown", 0.5)
        self.seen: list[int | None] = []

    def respond(self, msg, time):
        self.seen.append(msg.offer_days)
        return self.turns.pop(0) if len(self.turns) > 1 else self.turns[0]

    def reopen(self):
        return None


def propose(days: int) -> DebtorTurn:
    return DebtorTurn(f"I need {days} days.", days, False, False, "neutral", "propose")


def play(debtor, policy="vanilla", **kw):
    return run_dialogue(
        SC, debtor, PolicySpec.parse(policy), seed=0, sensor=make_sensor("lexicon"), **kw
    )


def test_debtor_accepting_the_standing_offer_agrees_at_it():
    accept = DebtorTurn("OK, 12 days works for me. Deal.", None, True, False, "joy", "accept")
    rec = play(Scripted(accept))
    assert rec["outcome"]["agreed"] and rec["outcome"]["agreed_days"] == 12
    assert rec["outcome"]["outcome"] == "debtor_accept" and rec["outcome"]["messages"] == 2
    assert rec["outcome"]["creditor_status"] == "agreed"  # the creditor read the text alike


def test_offers_exactly_tolerance_apart_agree_and_one_more_does_not():
    rec = play(Scripted(propose(17)))
    assert rec["outcome"]["agreed_days"] == 17
    assert rec["outcome"]["outcome"] == "within_tolerance"
    rec = play(
        Scripted(propose(18), DebtorTurn("I am leaving.", None, False, True, "anger", "leave"))
    )
    assert not rec["outcome"]["agreed"] and rec["outcome"]["outcome"] == "debtor_left"
    assert rec["outcome"]["messages"] == 4


def test_thirty_message_limit_fails_politely():
    rec = play(Scripted(propose(500)))
    out = rec["outcome"]
    assert not out["agreed"] and out["outcome"] == "limit" and out["messages"] == 30
    counted = [m["index"] for m in rec["messages"] if m["index"]]
    assert counted == list(range(1, 31))
    last = rec["messages"][-1]
    assert last["role"] == "creditor" and last["index"] is None and last["status"] == "failed"


def test_shorter_limit_is_respected():
    rec = play(Scripted(propose(500)), max_messages=6)
    assert rec["outcome"]["messages"] == 6
    assert max(m["index"] or 0 for m in rec["messages"]) == 6


def test_creditor_counter_within_tolerance_of_debtor_standing_offer_agrees():
    reply = Reply("text", "neutral", 45, "open", None, {})
    decided = _after_creditor(reply, debtor_offer=50, tolerance=5, index=9)
    assert decided == {
        "agreed": True,
        "agreed_days": 45,
        "outcome": "within_tolerance",
        "messages": 9,
        "closed_by": "within_tolerance",
    }
    assert _after_creditor(Reply("t", "neutral", 44, "open", None, {}), 50, 5, 9) is None


def test_creditor_agreement_the_debtor_never_offered_is_a_mismatch():
    lying = DebtorTurn("Deal.", None, False, False, "neutral", "no_offer")  # says deal, means no
    rec = play(Scripted(lying))
    assert rec["outcome"]["outcome"] == "mismatch" and not rec["outcome"]["agreed"]


def test_no_emitted_creditor_text_breaks_the_rules():
    rec = play(Scripted(propose(80), propose(70), propose(60), propose(50)), policy="eq")
    creditor = [m for m in rec["messages"] if m["role"] == "creditor"]
    assert creditor and all(m["emitted_violations"] == [] for m in creditor)


def test_within_tolerance_beyond_the_mandate_is_no_deal():
    assert _after_debtor(propose(17), 12, 5, 2, max_days=14) is None
    assert _after_debtor(propose(17), 12, 5, 2, max_days=17)["agreed_days"] == 17
    # the creditor's in-mandate counter within 5 days of the debtor's 17 does agree (at 12)
    tight = Scenario(balance=15700.0, creditor_target_days=12, max_days=14, scenario_id="m")
    rec = run_dialogue(
        tight,
        Scripted(propose(17)),
        PolicySpec.parse("vanilla"),
        seed=0,
        sensor=make_sensor("lexicon"),
    )
    assert rec["outcome"]["agreed_days"] == 12 and rec["outcome"]["creditor_status"] == "agreed"


def test_the_simulated_debtor_confirms_restated_terms_and_the_cost_is_reported():
    accept = DebtorTurn("OK, 12 days works for me. Deal.", None, True, False, "joy", "accept")
    rec = play(Scripted(accept))
    out = rec["outcome"]
    assert out["creditor_status"] == "agreed" and out["confirmation_messages"] == 2
    confirmations = [m for m in rec["messages"] if m.get("confirmation")]
    assert [m["text"] for m in confirmations] == ["Yes, I agree to 12 days."]
    restated = [m for m in rec["messages"] if m["role"] == "creditor"
                and m["status"] == "awaiting_confirmation"]
    assert restated and "To confirm:" in restated[0]["text"]
    assert out["messages"] == 2  # the confirmation is outside the protocol's message count


def test_no_confirmation_without_an_agreement():
    rec = play(Scripted(propose(150)))
    assert not rec["outcome"]["agreed"] and "confirmation_messages" not in rec["outcome"]
    assert not any(m.get("confirmation") for m in rec["messages"])
