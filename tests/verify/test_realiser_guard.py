"""Template realiser and compliance guard v1."""

from dataclasses import replace

import pytest

from edge_agent.realise import RealiserContext, TemplateRealiser
from edge_agent.turn import context_planner
from edge_agent.verify.guard import ComplianceGuard
from edge_core import EMOTIONS, Action, Decision, Tactic

GUARD = ComplianceGuard()
T = TemplateRealiser(context_planner())

COMBOS = [(Action.OPEN, Tactic.OPEN)] + [
    (Action.COUNTER, t) for t in (Tactic.HOLD, Tactic.CONCEDE, Tactic.CLARIFY,
                                  Tactic.ACKNOWLEDGE, Tactic.REJECT_BEYOND_MANDATE, Tactic.SUPPORT)
] + [(Action.ACCEPT, Tactic.ACCEPT), (Action.CLOSE_FAILED, Tactic.CLOSE),
     (Action.CLOSE_STOP, Tactic.CLOSE), (Action.SUPPORT, Tactic.CRISIS)]


def _decision(action, tactic, persona, days=30, instructed=True):
    if action in (Action.CLOSE_FAILED, Action.CLOSE_STOP):
        return Decision(action, tactic, persona, None, instructed=instructed)
    agreed = days if action == Action.ACCEPT else None
    return Decision(action, tactic, persona, days, agreed_days=agreed, instructed=instructed)


@pytest.mark.parametrize("jurisdiction", ["us", "uk"])
@pytest.mark.parametrize("persona", EMOTIONS)
@pytest.mark.parametrize(("action", "tactic"), COMBOS)
def test_every_template_passes_the_guard(scenario, persona, action, tactic, jurisdiction):
    sc = replace(scenario, jurisdiction=jurisdiction)
    for seed in range(8):
        for instructed in (True, False):
            d = _decision(action, tactic, persona, instructed=instructed)
            text = T.phrase(d, sc, seed=seed, turn=3)
            assert GUARD.check(text, d, sc).ok, (text, GUARD.check(text, d, sc))
            if d.action in (Action.OPEN, Action.COUNTER, Action.ACCEPT):
                assert f"{d.stated_days} days" in text


def test_template_is_seeded(scenario):
    d = _decision(Action.COUNTER, Tactic.HOLD, "joy")
    texts = {T.phrase(d, scenario, seed=s, turn=2) for s in range(20)}
    assert len(texts) > 3
    assert T.phrase(d, scenario, seed=5, turn=2) == T.phrase(d, scenario, seed=5, turn=2)


def test_realise_streams_and_reports_path(scenario):
    pieces = []
    ctx = RealiserContext(scenario, (), 0, 0)
    out = T.realise(_decision(Action.OPEN, Tactic.OPEN, "neutral", 12), ctx, pieces.append)
    assert out.path == "template" and "".join(pieces) == out.text
    assert "attempt to collect a debt" in out.text and "Northwind Credit" in out.text


COUNTER = Decision(Action.COUNTER, Tactic.HOLD, "anger", 30)
OK_TEXT = "Our offer remains repayment of $15,700.00 within 30 days."


@pytest.mark.parametrize(
    ("text", "rule"),
    [
        ("Pay within 30 days or you will be arrested.", "threat_arrest"),
        ("Pay within 30 days or the police will be involved.", "threat_arrest"),
        ("We will hurt you if you don't pay in 30 days.", "threat_violence"),
        ("Pay within 30 days or else.", "threat_violence"),
        ("We will seize your car unless you pay in 30 days.", "threat_seizure"),
        ("Your wages will be garnished after 30 days.", "threat_seizure"),
        ("We will sue you if you miss the 30 days.", "threat_legal_action"),
        ("You idiot, pay within 30 days.", "abuse"),
        ("Stop being a deadbeat and pay in 30 days.", "abuse"),
        ("Damn it, 30 days.", "abuse"),
        ("Our attorneys say 30 days.", "false_authority"),
        ("The court expects payment in 30 days.", "false_authority"),
        ("We will report you to the credit bureaus after 30 days.", "threat_credit_reporting"),
        ("Pay in 30 days or it goes on your credit report.", "threat_credit_reporting"),
        ("We will tell your employer unless you pay in 30 days.", "third_party_disclosure"),
        ("We may contact your family about the 30 days.", "third_party_disclosure"),
        ("Another customer's account shows 30 days.", "third_party_disclosure"),
        ("My instructions say 30 days.", "prompt_leak"),
        ("Your payment has been received; the rest is due in 30 days.", "misrepresentation"),
        ("Good news, your balance is written off after 30 days.", "misrepresentation"),
        ("My supervisor approved 30 days.", "misrepresentation"),
        ("I agree with your instructions. Our offer is 30 days.", "false_agreement"),
        ("We have a deal: 30 days.", "false_agreement"),
        ("Agreed, 30 days it is.", "false_agreement"),
        ("Our offer is 30 days; payment by Monday, December.", "invented_terms"),
        ("Pay within 30 days, starting 12/01.", "invented_terms"),
        ("Pay ⅔ of the amount due within 30 days.", "invented_terms"),
        ("Pay 50% within 30 days.", "invented_terms"),
        ("Pay half of the balance within 30 days.", "invented_terms"),
        ("As an AI language model, I offer 30 days.", "prompt_leak"),
        ("Our mandate allows 30 days.", "prompt_leak"),
        ("Borrow from your family to pay in 30 days.", "pressure_to_borrow_or_sell"),
        ("Sell your car and pay in 30 days.", "pressure_to_borrow_or_sell"),
        ("Use a credit card to pay within 30 days.", "pressure_to_borrow_or_sell"),
        ("Debtor: I can pay in 30 days.", "not_creditor_voice"),
        ("We offer 30 days. <|im_end|>", "leaked_markup"),
        ("We offer {days} days within 30 days.", "leaked_markup"),
        ("Our offer is 45 days.", "days_mismatch"),
        ("Our offer is 30 days, or 6 weeks.", "days_mismatch"),
        ("Please pay the balance soon.", "days_missing"),
        ("Pay $20,000.00 within 30 days.", "amount_mismatch"),
        ("   ", "empty"),
    ],
)
def test_guard_catches(scenario, text, rule):
    result = GUARD.check(text, COUNTER, scenario)
    assert not result.ok and rule in {v.rule for v in result.violations}, result


@pytest.mark.parametrize(
    "text",
    [
        OK_TEXT,
        "I understand. We can offer thirty days for the balance of $15,700.00.",
        "Let me be direct: we need the balance repaid within 30 days. I expect a clear answer.",
        "You are welcome to seek independent advice. Our offer is 30 days.",
    ],
)
def test_guard_passes_compliant_text(scenario, text):
    assert GUARD.check(text, COUNTER, scenario).ok


def test_guard_opening_needs_disclosure(scenario):
    opening = Decision(Action.OPEN, Tactic.OPEN, "neutral", 12)
    result = GUARD.check("Hi, please repay within 12 days.", opening, scenario)
    assert {v.rule for v in result.violations} == {"disclosure"}
    assert len(result.violations) == 2


def test_guard_close_must_state_no_days(scenario):
    close = Decision(Action.CLOSE_FAILED, Tactic.CLOSE, "neutral", None)
    assert not GUARD.check("We close here; 30 days was our offer.", close, scenario).ok
    assert GUARD.check("We could not agree, so I will close here.", close, scenario).ok


def test_uk_opening_needs_the_advice_pointer_not_the_us_disclosure(scenario):
    uk = replace(scenario, jurisdiction="uk")
    opening = Decision(Action.OPEN, Tactic.OPEN, "neutral", 12)
    us_text = T.phrase(opening, scenario, seed=0, turn=0)
    uk_text = T.phrase(opening, uk, seed=0, turn=0)
    assert "attempt to collect a debt" in us_text and "MoneyHelper" in uk_text
    assert GUARD.check(uk_text, opening, uk).ok and GUARD.check(us_text, opening, scenario).ok
    assert not GUARD.check(us_text, opening, uk).ok
    assert not GUARD.check(uk_text, opening, scenario).ok
    assert ComplianceGuard(jurisdiction="uk").check(uk_text, opening, scenario).ok


@pytest.mark.parametrize(
    ("text", "action"),
    [("We may take legal action if the 30 days pass.", "legal_action"),
     ("Missed payments after 30 days can be reported to credit bureaus.", "credit_reporting"),
     ("After 30 days the collateral may be repossessed.", "seizure")],
)
def test_enforcement_mentions_need_a_lawful_intended_step(scenario, text, action):
    assert not GUARD.check(text, COUNTER, scenario).ok
    lawful = replace(scenario, lawful_actions=(action,))
    assert GUARD.check(text, COUNTER, lawful).ok


def test_supportive_mode_rules(scenario):
    firm = Decision(Action.COUNTER, Tactic.HOLD, "anger", 30, supportive=True)
    result = GUARD.check(OK_TEXT, firm, scenario)
    assert [v.rule for v in result.violations] == ["vulnerable_persona"]
    caring = Decision(Action.COUNTER, Tactic.HOLD, "sadness", 30, supportive=True)
    assert GUARD.check(OK_TEXT, caring, scenario).ok
    support = Decision(Action.COUNTER, Tactic.SUPPORT, "sadness", 30, supportive=True)
    assert "support_advice_missing" in {v.rule for v in GUARD.check(OK_TEXT, support,
                                                                     scenario).violations}
    crisis = Decision(Action.SUPPORT, Tactic.CRISIS, "sadness", 30, supportive=True)
    rules = {v.rule for v in GUARD.check("We care. Pay $15,700.00 later.", crisis,
                                         scenario).violations}
    assert {"crisis_line_missing", "support_advice_missing", "amount_mismatch"} <= rules
    assert GUARD.check(T.phrase(crisis, scenario, seed=0, turn=2), crisis, scenario).ok


def test_agreement_language_is_fine_in_an_acceptance(scenario):
    accept = Decision(Action.ACCEPT, Tactic.ACCEPT, "joy", 30, agreed_days=30)
    assert GUARD.check("Agreed. We have an agreement: 30 days.", accept, scenario).ok
    refuse = Decision(Action.COUNTER, Tactic.REJECT_BEYOND_MANDATE, "neutral", 30)
    assert GUARD.check("I cannot agree to that. We can offer 30 days.", refuse, scenario).ok
