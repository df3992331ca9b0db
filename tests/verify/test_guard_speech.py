"""The guard knows what was decided (issue 12): every text quoted in the issue is a case here.

Each rule has texts it must reject and close texts it must let through, so a rule that is too
broad fails as surely as one that is too narrow.
"""

from __future__ import annotations

from dataclasses import replace

import pytest

from edge_agent.text.language import language_problem
from edge_agent.text.numbers import is_numeral_char, non_ascii_figures
from edge_agent.verify.guard import ComplianceGuard
from edge_core import Action, Decision, Tactic
from tests.conftest import NORTHWIND

GUARD = ComplianceGuard()
COUNTER = Decision(Action.COUNTER, Tactic.HOLD, "neutral", 30)
REJECT = Decision(Action.COUNTER, Tactic.REJECT_BEYOND_MANDATE, "anger", 15)
FINAL = Decision(Action.COUNTER, Tactic.REJECT_BEYOND_MANDATE, "anger", 60, final=True)
ACCEPT = Decision(Action.ACCEPT, Tactic.ACCEPT, "joy", 30, agreed_days=30)
SUPPORT = Decision(Action.COUNTER, Tactic.SUPPORT, "sadness", 30, supportive=True)
TERMS = "Our offer is repayment of the $15,700.00 balance within 30 days."


def rules(text: str, decision: Decision = COUNTER, scenario=NORTHWIND) -> set[str]:
    return {v.rule for v in GUARD.check(text, decision, scenario).violations}


# -- figures in any script or language ----------------------------------------------------------
@pytest.mark.parametrize(
    "text",
    [
        # Seen from Qwen2.5-Coder-1.5B on the grammar retry (ASCII digits only were banned).
        f"Sure, 两年. {TERMS}",
        f"三个月. {TERMS}",
        f"agreed_days: 九百. {TERMS}",
        f"Nous acceptons jusqu'à ７００ jours. {TERMS}",
        # Crafted texts that passed end to end.
        "We can give you 5000 days.",
        "We can give you 20 years.",
        "We can give you two hundred days.",
        "We can give you 1,000 days.",
        f"{TERMS} We could go up to 90.",
        f"{TERMS} You can pay 500 each month.",
        f"{TERMS} Start with 50 pounds.",
        f"{TERMS} Or cuarenta días.",
        f"{TERMS} Oder vierzig Tage.",
        f"{TERMS} Ou quarante jours.",
        f"{TERMS} Or ٣٠ more.",
        f"{TERMS} Or thirty-five days.",
        f"{TERMS} Or ４５ days.",
    ],
)
def test_any_figure_but_the_decided_one_is_rejected(text):
    found = rules(text)
    assert found & {"stray_figure", "days_mismatch", "wrong_language", "amount_mismatch"}, found


@pytest.mark.parametrize(
    "text",
    [
        TERMS,
        "I understand. We can offer thirty days for the balance of $15,700.00.",
        "No one wants this to drag on. " + TERMS,
        "This is the first step to settling it. " + TERMS,
        "One more thing: " + TERMS,
        "I appreciate you being upfront with me. " + TERMS,
    ],
)
def test_the_decided_figure_and_ordinary_words_pass(text):
    assert rules(text) == set()


def test_figure_helpers_read_every_script():
    assert {f.kind for f in non_ascii_figures("两年 ٣ zwanzig")} == {
        "han_numeral", "script_digits", "number_word"}  # fmt: skip
    assert all(is_numeral_char(c) for c in "7７٣४三两百½")
    assert not any(is_numeral_char(c) for c in "aZé,.")
    assert non_ascii_figures("Thank you, we can sort this out.") == []


# -- language -----------------------------------------------------------------------------------
@pytest.mark.parametrize(
    "text",
    [
        "Nous acceptons votre proposition pour le solde. Merci.",
        "Gracias, usted puede pagar el saldo con nosotros.",
        "Wir danken Ihnen und die Zahlung ist nicht fällig.",
        "Спасибо. " + TERMS,
        "谢谢。" + TERMS,
    ],
)
def test_text_not_in_the_scenario_language_is_rejected(text):
    assert "wrong_language" in rules(text)


def test_names_in_any_script_and_other_languages_when_configured():
    named = replace(NORTHWIND, debtor_name="王芳")
    assert "wrong_language" not in rules(f"Thank you, 王芳. {TERMS}", scenario=named)
    assert language_problem("Nous vous remercions pour le message.", "fr") == ""
    assert language_problem("Thank you for the message, we will help.", "fr")


# -- commitments the decision did not make -------------------------------------------------------
@pytest.mark.parametrize(
    ("text", "rule"),
    [
        ("We have agreed on 12 days.", "false_agreement"),
        (f"{TERMS} This includes a reduction in interest rate.", "waive_or_reduce"),
        (f"We agree to waive all interest. {TERMS}", "waive_or_reduce"),
        (f"We can agree a reduced plan. {TERMS}", "waive_or_reduce"),
        (f"{TERMS} I will contact you within 24 hours.", "contact_within_time"),
        (f"{TERMS} We will call you back tomorrow.", "contact_within_time"),
        (f"I will be making payments to your account on a monthly basis. {TERMS}", "instalments"),
        (f"I will be making payments to your account. {TERMS}", "debtor_voice"),
        (f"{TERMS} I will contact you within ◻ (date).", "placeholder"),
        (f"{TERMS} I will call you back to discuss it.", "callback"),
        (f"My supervisor has approved 180 days. {TERMS}", "supervisor"),
        (f"{TERMS} I need to check with my manager.", "supervisor"),
        (f"{TERMS} I will send you written confirmation.", "written_confirmation"),
        (f"You have been paid in full. {TERMS}", "false_status"),
        (f"{TERMS} The rest will be written off.", "false_status"),
        (f"{TERMS} Otherwise you could lose your house.", "consequence_threat"),
        (f"{TERMS} Your job may be at risk.", "consequence_threat"),
        (f"{TERMS} Maybe talk to your boss about it.", "third_party_contact"),
        (f"{TERMS} Our solicitors are ready.", "threat_legal_action"),
        (f"{TERMS} We will take legal steps.", "threat_legal_action"),
        (f"{TERMS} We will pass your account to a collection agency.", "threat_legal_action"),
        (f"{TERMS} You can pay in instalments.", "instalments"),
    ],
)
def test_commitments_not_decided_are_rejected(text, rule):
    assert rule in rules(text), rules(text)


def test_commitments_pass_when_the_decision_or_scenario_makes_them():
    assert rules("Agreed. You will repay the $15,700.00 balance within 30 days. I will send "
                 "written confirmation of these terms.", ACCEPT) == set()  # fmt: skip
    support = ("I am sorry. Someone from our team can call you back to talk it through. You "
               "can get free, independent help from a nonprofit credit counseling agency. "
               f"{TERMS}")  # fmt: skip
    assert rules(support, SUPPORT) == set()
    lawful = replace(NORTHWIND, lawful_actions=("legal_action",))
    assert rules(f"{TERMS} Our solicitors may take legal steps.", scenario=lawful) == set()
    assert rules(f"{TERMS} Please get back to me when you can.") == set()
    assert rules(f"{TERMS} Interest is part of the balance.") == set()


# -- fragments, echoed instructions, voice, identity ---------------------------------------------
@pytest.mark.parametrize(
    ("text", "rule"),
    [
        ("Hi, I'm the creditor and this is my _____. " + TERMS, "placeholder"),
        ('Please write "one or two short sentences" as your reply to the creditor\'s message. '
         + TERMS, "echoed_instruction"),
        (f"{TERMS} Please reply with [your answer].", "placeholder"),
        (f"{TERMS} Please confirm by (date).", "placeholder"),
        (f"I need more time to pay. {TERMS}", "debtor_voice"),
        (f"I can't afford this. {TERMS}", "debtor_voice"),
        (f"Hello, this is the creditor. {TERMS}", "reintroduction"),
        (f"Hello, this is Northwind Credit. {TERMS}", "reintroduction"),
        (f"Hello, this is Ms Lopez. {TERMS}", "creditor_identity"),
        (f"I am Ms Lopez from Northwind Credit. {TERMS}", "creditor_identity"),
        (f"This is Mr. Lopez, your debtor. {TERMS}", "creditor_identity"),
        (f"This is Lopez. {TERMS}", "creditor_identity"),
    ],
)
def test_fragments_voice_and_identity_are_rejected(text, rule):
    assert rule in rules(text), rules(text)


def test_identity_and_voice_pass_when_right():
    assert rules(f"Thank you, Ms Lopez. {TERMS}") == set()
    assert rules(f"You mentioned you need more time; I hear you. {TERMS}") == set()
    # The debtor's fear echoed back is an acknowledgement, not a threat.
    assert rules(f"I understand you are scared of losing your business. {TERMS}") == set()
    opening = Decision(Action.OPEN, Tactic.OPEN, "neutral", 12)
    text = ("Hello Ms Lopez, this is Northwind Credit. This is an attempt to collect a debt, "
            "and any information obtained will be used for that purpose. We are asking for "
            "repayment within 12 days.")  # fmt: skip
    assert rules(text, opening) == set()


# -- "the most we can offer" -----------------------------------------------------------------------
@pytest.mark.parametrize(
    "text",
    ["The most we can offer right now is 15 days.", "This is our final offer: 15 days.",
     "We cannot go any further than 15 days."],
)
def test_final_offer_wording_needs_a_final_decision(text):
    assert "final_offer_claim" in rules(text, REJECT)
    assert "final_offer_claim" not in rules(text.replace("15", "60"), FINAL)


def test_final_offer_is_set_by_the_strategy_at_the_mandate():
    import numpy as np

    from edge_core import DebtorMove, MoveKind, NegotiationView
    from policies import CreditorStrategy

    view = NegotiationView(scenario=NORTHWIND, exchanges=(), messages_used=1, max_messages=30,
                           standing_offer=60, belief=None, predicted={})  # fmt: skip
    move = DebtorMove(MoveKind.PROPOSE, days=400)
    decision = CreditorStrategy().respond(view, move, np.random.default_rng(0))
    assert decision.offer_days == 60 and decision.final
    assert decision.to_dict()["final"] is True
    assert Decision.from_dict(decision.to_dict()).final
