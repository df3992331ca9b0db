"""The guard's rule table itself: each id once, each permission once, threats from the table.

The behaviour of every rule is tested in the other files here; these tests hold the table's
shape, so a rule added in two places, a permission copied, or a threat list kept by hand
fails here first.
"""

from __future__ import annotations

import ast
import itertools
from dataclasses import replace
from pathlib import Path

import pytest

from edge_agent.verify import rules
from edge_agent.verify.context import GuardInput
from edge_agent.verify.guard import CHECKS, ComplianceGuard
from edge_agent.verify.rules import PARAPHRASE_ORDER, TABLE, Slot
from edge_core import Action, Decision, Tactic
from edge_core.jurisdictions import jurisdiction
from tests.conftest import NORTHWIND

VERIFY = Path(rules.__file__).resolve().parent
HOLD = Decision(Action.COUNTER, Tactic.HOLD, "neutral", 30)
"""A decision no rule's permission covers: an ordinary counter-offer."""

SAMPLES: dict[tuple[str, Slot], str] = {
    ("threat_arrest", Slot.CONDUCT): "you could be arrested",
    ("threat_violence", Slot.CONDUCT): "you'll regret this",
    ("abuse", Slot.CONDUCT): "you are a deadbeat",
    ("false_authority", Slot.CONDUCT): "the IRS knows",
    ("pressure_to_borrow_or_sell", Slot.CONDUCT): "take out a loan",
    ("third_party_disclosure", Slot.CONDUCT): "tell your employer",
    ("prompt_leak", Slot.CONDUCT): "my instructions say so",
    ("misrepresentation", Slot.CONDUCT): "we received your payment",
    ("not_creditor_voice", Slot.CONDUCT): "as the debtor",
    ("leaked_markup", Slot.CONDUCT): "[INST]",
    ("threat_seizure", Slot.ENFORCEMENT): "we garnish wages",
    ("threat_legal_action", Slot.ENFORCEMENT): "we sue",
    ("threat_credit_reporting", Slot.ENFORCEMENT): "the credit bureaus",
    ("false_agreement", Slot.AGREEMENT): "we agree to the deal",
    ("false_agreement", Slot.PARAPHRASE): "works for us",
    ("waive_or_reduce", Slot.COMMITMENT): "we waive the interest",
    ("waive_or_reduce", Slot.PARAPHRASE): "knock off the interest",
    ("instalments", Slot.COMMITMENT): "pay monthly",
    ("instalments", Slot.PARAPHRASE): "bit by bit",
    ("contact_within_time", Slot.COMMITMENT): "we call you tomorrow",
    ("contact_within_time", Slot.PARAPHRASE): "expect a letter",
    ("callback", Slot.COMMITMENT): "we call you back",
    ("supervisor", Slot.COMMITMENT): "my manager",
    ("supervisor", Slot.PARAPHRASE): "the green light",
    ("written_confirmation", Slot.COMMITMENT): "written confirmation follows",
    ("written_confirmation", Slot.PARAPHRASE): "we email you the terms",
    ("false_status", Slot.COMMITMENT): "it is paid in full",
    ("false_status", Slot.PARAPHRASE): "all square",
    ("consequence_threat", Slot.COMMITMENT): "you could lose your home",
    ("consequence_threat", Slot.PARAPHRASE): "a roof over your head",
    ("third_party_contact", Slot.COMMITMENT): "talk to your boss",
    ("third_party_contact", Slot.PARAPHRASE): "have a word with your bank",
    ("placeholder", Slot.UNMASKED): "NAME",
    ("placeholder", Slot.FRAGMENT): "pay [date]",
    ("placeholder", Slot.PARAPHRASE): "pay by ...",
    ("stage_direction", Slot.FRAGMENT): "(sighs)",
    ("echoed_instruction", Slot.FRAGMENT): "short sentences",
    ("echoed_instruction", Slot.PARAPHRASE): "keep it brief",
    ("debtor_voice", Slot.FRAGMENT): "my debt",
    ("debtor_voice", Slot.PARAPHRASE): "I'm broke",
    ("final_offer_claim", Slot.FINAL_OFFER): "our final offer",
    ("final_offer_claim", Slot.PARAPHRASE): "won't budge",
    ("enforcement_step", Slot.PARAPHRASE): "bailiffs",
    ("credit_harm", Slot.PARAPHRASE): "on your record",
    ("open_ended_terms", Slot.PARAPHRASE): "more flexibility",
    ("belittling", Slot.PARAPHRASE): "grow up",
}
"""One text per rule and slot that its words in that slot find (and no other slot's)."""

BY_ID = {r.id: r for r in TABLE}
DECISIONS = [
    Decision(action, tactic, "neutral", 30, agreed_days=30 if action == Action.ACCEPT else None,
             final=final)
    for action, tactic, final in itertools.product(Action, Tactic, (False, True))
]
"""Every action with every tactic, final or not: the grid a permission is read over."""


def judged(text: str, slot: Slot, decision: Decision = HOLD, scenario=NORTHWIND) -> list:
    given = GuardInput(text, decision, scenario, jurisdiction("us"), named=text)
    return rules.check(slot)(given)


def reported(rule: rules.Rule, slot: Slot) -> list[str]:
    return [w.reported_as or rule.id for w in rule.words if w.slot == slot]


# -- each id once --
def test_each_rule_id_is_in_the_table_once():
    ids = [r.id for r in TABLE]
    assert len(ids) == len(set(ids)), sorted(i for i in ids if ids.count(i) > 1)


def test_a_second_reported_id_belongs_to_one_rule_and_is_no_rule_of_its_own():
    extra = [w.reported_as for r in TABLE for w in r.words if w.reported_as]
    assert extra == ["agreement_language"]
    assert not set(extra) & set(BY_ID)


def _reported_outside_the_table() -> dict[str, set[str]]:
    """Problem ids written as literals in ``Violation("...")`` calls outside rules.py."""
    found: dict[str, set[str]] = {}
    for path in VERIFY.glob("*.py"):
        if path.name == "rules.py":
            continue
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if (isinstance(node, ast.Call) and getattr(node.func, "id", "") == "Violation"
                    and node.args and isinstance(node.args[0], ast.Constant)):
                found.setdefault(node.args[0].value, set()).add(path.name)
    return found


def test_no_check_outside_the_table_reports_a_table_id():
    outside = _reported_outside_the_table()
    assert "stray_figure" in outside and "disclosure" in outside  # the scan sees the checks
    assert not set(outside) & set(BY_ID), set(outside) & set(BY_ID)


def test_every_rule_has_words_and_every_slot_is_a_check_the_guard_runs():
    names = [c.__name__ for c in CHECKS]
    for rule in TABLE:
        assert rule.words, rule.id
    for slot in Slot:
        assert rules.in_slot(slot), slot
        assert names.count(f"check_{slot.value}") == 1, slot


def test_the_paraphrase_order_names_exactly_the_rules_with_paraphrases():
    with_paraphrases = {r.id for r in rules.in_slot(Slot.PARAPHRASE)}
    assert len(PARAPHRASE_ORDER) == len(set(PARAPHRASE_ORDER))
    assert set(PARAPHRASE_ORDER) == with_paraphrases
    assert [r.id for r in rules.in_slot(Slot.PARAPHRASE)] == list(PARAPHRASE_ORDER)


def test_other_slots_report_in_table_order():
    order = [r.id for r in TABLE]
    commitments = [r.id for r in rules.in_slot(Slot.COMMITMENT)]
    assert commitments == sorted(commitments, key=order.index)
    assert commitments[:6] == ["waive_or_reduce", "instalments", "contact_within_time",
                               "callback", "supervisor", "written_confirmation"]


# -- every rule's words, found, and the close negatives --
def test_the_samples_cover_every_rule_and_slot():
    assert set(SAMPLES) == {(r.id, w.slot) for r in TABLE for w in r.words}


@pytest.mark.parametrize(("rule_id", "slot"), list(SAMPLES))
def test_each_rules_words_find_their_sample_in_their_own_slot_only(rule_id, slot):
    rule, text = BY_ID[rule_id], SAMPLES[rule_id, slot]
    assert [v.rule for v in judged(text, slot)] == reported(rule, slot)
    for other in {w.slot for w in rule.words} - {slot}:
        assert not [v for v in judged(text, other) if v.rule in reported(rule, other)]
    assert not judged("We can offer 30 days to repay the balance.", slot)


# -- every permission written once --
def test_every_permission_is_one_named_function_shared_by_the_rules_it_permits():
    by_table: dict[tuple[bool, ...], set[object]] = {}
    for rule in TABLE:
        assert rule.permitted.__name__ != "<lambda>", rule.id
        by_table.setdefault(tuple(rule.permitted(d) for d in DECISIONS), set()).add(
            rule.permitted)
    assert all(len(fns) == 1 for fns in by_table.values()), by_table
    assert len(by_table) == 5  # never, accepted, accepted_or_disputed, support_turn, final


@pytest.mark.parametrize("rule", [r for r in TABLE if r.permitted is not rules.never],
                         ids=lambda r: r.id)
def test_a_permitted_rule_is_silent_in_every_slot_exactly_when_the_decision_permits(rule):
    allowed = next(d for d in DECISIONS if rule.permitted(d))
    refused = next(d for d in DECISIONS if not rule.permitted(d))
    for w in rule.words:
        text = SAMPLES[rule.id, w.slot]
        assert not judged(text, w.slot, allowed), (rule.id, w.slot)
        assert judged(text, w.slot, refused), (rule.id, w.slot)


@pytest.mark.parametrize(("rule_id", "decision", "permitted"), [
    ("false_agreement", replace(HOLD, action=Action.ACCEPT), True),
    ("false_agreement", replace(HOLD, action=Action.CONFIRM), False),
    ("written_confirmation", replace(HOLD, action=Action.PAUSE_DISPUTE), True),
    ("written_confirmation", replace(HOLD, action=Action.CONFIRM), False),
    ("callback", replace(HOLD, tactic=Tactic.CRISIS), True),
    ("callback", replace(HOLD, tactic=Tactic.ACKNOWLEDGE), False),
    ("final_offer_claim", replace(HOLD, final=True), True),
    ("final_offer_claim", HOLD, False),
])  # fmt: skip
def test_what_permits_each_permitted_rule(rule_id, decision, permitted):
    assert BY_ID[rule_id].permitted(decision) is permitted


# -- lawful steps --
@pytest.mark.parametrize("rule", [r for r in TABLE if r.lawful], ids=lambda r: r.id)
def test_a_lawful_step_is_silent_only_when_the_scenario_lists_it(rule):
    lawful = replace(NORTHWIND, lawful_actions=(rule.lawful,))
    other = replace(NORTHWIND, lawful_actions=tuple({"seizure", "legal_action",
                                                     "credit_reporting"} - {rule.lawful}))
    for w in rule.words:
        text = "our lawyers" if rule.excused else SAMPLES[rule.id, w.slot]
        assert judged(text, w.slot, scenario=other), (rule.id, other.lawful_actions)
        assert not judged(text, w.slot, scenario=lawful), rule.id


def test_lawful_legal_action_excuses_the_court_and_lawyers_but_not_the_irs():
    lawful = replace(NORTHWIND, lawful_actions=("legal_action",))
    assert not judged("our lawyers and the court", Slot.CONDUCT, scenario=lawful)
    found = judged("our lawyers, then the IRS", Slot.CONDUCT, scenario=lawful)
    assert [(v.rule, v.detail) for v in found] == [("false_authority", "'IRS'")]


# -- threats derive from the table --
@pytest.mark.parametrize(("rule_id", "slot"), list(SAMPLES))
def test_a_negated_match_is_a_threat_mention_exactly_for_threat_rules(rule_id, slot):
    rule = BY_ID[rule_id]
    found = judged(f"We will never {SAMPLES[rule_id, slot]}", slot)
    if rule.threat:
        assert [v.rule for v in found] == ["threat_mention"] * len(reported(rule, slot))
        assert f"(negated, as {rule_id})" in found[0].detail
    else:
        assert [v.rule for v in found] == reported(rule, slot)


def test_the_threat_rules_are_the_ones_the_guard_names_as_threats():
    threats = {r.id for r in TABLE if r.threat}
    assert threats == {"threat_arrest", "threat_violence", "false_authority",
                       "third_party_disclosure", "threat_seizure", "threat_legal_action",
                       "threat_credit_reporting", "consequence_threat", "third_party_contact",
                       "enforcement_step", "credit_harm"}
    guard = ComplianceGuard()
    terms = "We can offer 30 days to repay the $15,700.00 balance."
    for text, expected in (("We will never talk to your boss.", "threat_mention"),
                           ("We will never waive the interest.", "waive_or_reduce")):
        assert expected in {v.rule for v in guard.check(f"{terms} {text}", HOLD,
                                                         NORTHWIND).violations}
