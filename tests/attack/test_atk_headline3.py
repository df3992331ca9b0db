"""Attacks on branch ``headline3`` (issue 22): the free debtor's draft checks
(:mod:`sims.debtor_drafts`), the headline's starting state (:mod:`sims.learned_start`, ``sim
headline --warmup/--learned``) and its resume. Each table row is one hostile input; the rows
that broke on the branch carry a comment."""

from __future__ import annotations

import pytest

from sims.debtor_drafts import narrates, other_numbers, recites

# --- other_numbers: a draft may name only the planned days ---------------------------------

PLANNED = {45}

REFUSED_FIGURES = [
    # broke: digits of other scripts outside a duration were not seen
    ("45 days and \uff14\uff10 dollars", "\uff14\uff10"),          # full-width 40
    ("45 days, \u06f3\u06f0\u06f0 dollars", "\u06f3\u06f0\u06f0"),  # Persian 300
    ("I have \u0664\u0660 problems, 45 days", "\u0664\u0660"),       # Arabic-Indic 40
    ("Give me \u0664\u0660 \u064a\u0648\u0645\u0627", "\u0664\u0660"),  # Arabic 40 days
    ("45 days, \u0969\u0966\u0966 rupees", "\u0969\u0966\u0966"),    # Devanagari 300
    # broke: an amount equal to the planned days, or in small words, passed
    ("I can pay $45 now and need 45 days.", "$45"),
    ("I need 45 days, 45k now", "45k"),
    ("I can pay fifty bucks now, 45 days.", "50 bucks"),
    ("I can pay five grand, 45 days.", "5 grand"),
    ("I need 45 days; ninety-nine dollars now.", "99 dollars"),
    # broke: a Han numeral amount
    ("\u6211\u9700\u898145\u5929\uff0c\u5148\u4ed8\u4e09\u767e\u5143", "\u4e09\u767e"),
    # held
    ("I need forty days.", "forty days"),
    ("Give me \uff14\uff10 days.", "\uff14\uff10 days"),
    ("Pay on the 3rd, I need 45 days.", "3"),
    ("Since March 2025 we are struggling, 45 days please.", "2025"),
    ("I need 45 days, not 30.", "30"),
    ("I need 45 days or 6 weeks.", "6 weeks"),
    ("I need 45 days, that is a fortnight more.", "a fortnight"),
    ("I need 45 days, \u20ac300 up front", "300"),
    ("Necesito 45 d\u00edas, pagar\u00e9 300 euros.", "300"),
    ("Necesito cuarenta y cinco d\u00edas y trescientos euros", "300"),
    ("I need 45 days, twelve hundred dollars", "1200"),
    ("I need 45 days, 1.5k now", "1.5"),
    ("I need 45 days. Call me at 555-1234", "555"),
    ("I need 45 days, the 2nd time I ask", "2"),
]


@pytest.mark.parametrize(("draft", "figure"), REFUSED_FIGURES)
def test_a_figure_the_plan_did_not_give_is_named(draft, figure):
    assert figure in other_numbers(draft, PLANNED)


KEPT = [
    "45", "45 days", "I need 45 days.", "I need forty-five days.", "forty five",
    "Give me \u0664\u0665 days.", "Give me \uff14\uff15 days.",        # 45 in other scripts
    "I have two kids, I need 45 days.", "I need 45 days, one more chance please",
    "I need 45 days, a dozen invoices are late", "Forty-five days, my two kids are sick",
    "45 days, ok?", "I need 45 days, half now.", "I can't pay before the storm clears: 45 days.",
]


@pytest.mark.parametrize("draft", KEPT)
def test_the_planned_days_and_small_counts_are_not_other_figures(draft):
    assert other_numbers(draft, PLANNED) == []


def test_an_acceptance_may_name_the_offer():
    assert other_numbers("Yes, I agree to 30 days.", {45, 30}) == []
    assert other_numbers("Yes, I agree to $30 and 30 days.", {45, 30}) == ["$30"]


# --- narrates: the debtor speaks, it does not tell a scene ---------------------------------

NARRATION = [
    # broke: single quotes, guillemets, a quote closed but never opened, "the debtor"
    ("'Pay in 30 days,' she said. I need 45 days.", "she said"),
    ("\u2018Pay now\u2019 she replied. 45 days", "she replied"),
    ("\u00abPay now\u00bb, she said. 45 days", "she said"),
    ('I need 45 days," he said.', "he said"),
    ("The debtor asks for 45 days.", "The debtor"),
    # held
    ("The collector said pay now.", "The collector"),
    ('"Pay now", you said. I need 45 days.', "you said"),
    ("\u201cPay now,\u201d said the man. 45 days.", "said"),
    ("The business owner sighs. 45 days.", "The business owner"),
]


@pytest.mark.parametrize(("draft", "part"), NARRATION)
def test_narration_is_found(draft, part):
    found = narrates(draft)
    assert found is not None and part in found


SPEECH = [
    "I can't pay, that's what I said before.", "I need 45 days, don't push me.",
    "My accountant said we need 45 days.", "You're asking the impossible; 45 days.",
    "I won't sign today.", "It's the bank's fault, I need 45 days.",
]


@pytest.mark.parametrize("draft", SPEECH)
def test_first_person_speech_with_apostrophes_is_not_narration(draft):
    assert narrates(draft) is None


@pytest.mark.parametrize(("draft", "recited"), [
    ("You need 45 days.", True), ("YOU NEED 45 DAYS", True),
    ("You  need 45 days", True),  # broke: two spaces slipped past
    ("You need\n45 days", True),
    ("I need 45 days.", False), ("You need 40 days? I need 45 days.", False),
])  # fmt: skip
def test_the_recited_instruction_is_found(draft, recited):
    assert (recites(draft, 45) is not None) is recited
