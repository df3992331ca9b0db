"""Issue 23.4: the reviewed bilingual notices, and the guard's one exception for them."""

from __future__ import annotations

import re

import pytest

from edge_agent.text.language import language_problem
from edge_agent.text.language_notices import NOTICES, notice_text, reviewed_passages
from edge_agent.verify.guard import ComplianceGuard
from edge_core import Action, Decision, Scenario, Tactic

GUARD = ComplianceGuard()
NAMED = Scenario(balance=15700.0, creditor_target_days=12, max_days=60,
                 creditor_name="Northwind Credit", debtor_name="Ms Lopez")
UNNAMED = Scenario(balance=15700.0, creditor_target_days=12, max_days=60)
HOLD = Decision(Action.COUNTER, Tactic.HOLD, "neutral", 12)
TERMS = "Our offer remains repayment of the $15,700.00 balance within 12 days."
FORMAL = {"es": r"\bsolicite\b", "fr": r"\b[Dd]emandez\b|\b[Vv]euillez\b", "de": r"\bSie\b"}
INFORMAL = {"es": r"\b(?:tú|pide|puedes|tienes)\b", "fr": r"\b(?:tu|demande|peux-tu)\b",
            "de": r"\b(?:du|dich|dein\w*)\b"}


def cases():
    for code in NOTICES:
        for again in (False, True):
            for scenario in (NAMED, UNNAMED):
                yield pytest.param(code, again, scenario,
                                   id=f"{code}-{'again' if again else 'notice'}-"
                                      f"{'named' if scenario is NAMED else 'unnamed'}")


@pytest.mark.parametrize("code,again,scenario", cases())
def test_each_notice_is_english_then_the_language_formal_and_without_figures(code, again,
                                                                             scenario):
    text = notice_text(code, scenario.creditor_name, again=again)
    n = NOTICES[code]
    english = (n.again_en if again else n.notice_en).format(creditor=scenario.creditor_name)
    assert text.startswith(english)
    foreign = text[len(english):].strip()
    assert foreign in reviewed_passages(scenario.creditor_name)
    assert language_problem(english, "en", ignore=(scenario.creditor_name,)) == ""
    assert language_problem(foreign, code, ignore=(scenario.creditor_name,)) == ""
    assert re.search(FORMAL[code], foreign) and not re.search(INFORMAL[code], foreign)
    assert not re.search(r"\d", text)  # never a phone number or any figure
    assert "the creditor" not in foreign  # an unnamed creditor is named in the language
    assert "{" not in text and "}" not in text


@pytest.mark.parametrize("code", list(NOTICES))
@pytest.mark.parametrize("scenario", [NAMED, UNNAMED], ids=["named", "unnamed"])
def test_the_guard_passes_a_reply_carrying_a_notice(code, scenario):
    for again in (False, True):
        reply = f"{notice_text(code, scenario.creditor_name, again=again)} {TERMS}"
        assert GUARD.check(reply, HOLD, scenario).ok, GUARD.check(reply, HOLD,
                                                                  scenario).problems()


BROKEN = [
    "Muy buen. Our offer remains repayment of the $15,700.00 balance within 12 days.",
    "Solo puedo escribir en inglés. " + TERMS,  # a part of a notice is not a reviewed text
    notice_text("es", "Northwind Credit").replace("solicite", "pide") + " " + TERMS,
    notice_text("fr", "Northwind Credit") + " Nous acceptons 12 jours. " + TERMS,
    notice_text("de", "Northwind Credit") + " Wir akzeptieren 12 Tage. " + TERMS,
]


@pytest.mark.parametrize("reply", BROKEN)
def test_close_negatives_other_foreign_text_still_fails_the_guard(reply):
    verdict = GUARD.check(reply, HOLD, NAMED)
    assert not verdict.ok
    assert any(v.rule == "wrong_language" for v in verdict.violations)


def test_a_notice_for_another_creditor_is_not_the_reviewed_text():
    reply = f"{notice_text('es', 'Acme Bank')} {TERMS}"
    assert not GUARD.check(reply, HOLD, NAMED).ok
