"""The text layer's holes found by the hostile review of round 3, each read alike by the reader
and the guard (the rule of ``tests/text/test_durations.py``):

1. an invisible character inside a number ("4\\u200b5 days") is dropped before any reading;
2. an approximate figure ("sixty-odd days", "about sixty days") is a figure to both;
3. a unit after another language's article ("einen Monat", "una semana") is a duration;
4. no figure makes the reader or the guard raise: a figure past MAX_FIGURE_DIGITS digits has
   no value, the reader calls it unusable and the guard refuses it;
5. vulgar fractions read as what they are ("½ day" is not 1 day; "1½" is not "11⁄2").

Each case is checked on the reader (``read``) and on the guard (``ComplianceGuard.check`` on a
reply holding the phrase), with close negatives beside it.
"""

from __future__ import annotations

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from edge_agent.read import read
from edge_agent.read.figures import find_figures
from edge_agent.text.durations import UNUSABLE_DAYS, find_durations, scan
from edge_agent.text.normalise import nfkc, normalise
from edge_agent.text.numbers import MAX_FIGURE_DIGITS, usable_digits
from edge_agent.text.visible import visible
from edge_agent.verify.guard import ComplianceGuard
from edge_core import Action, Decision, MoveKind, Tactic
from tests.conftest import NORTHWIND
from tests.text.test_durations import message

GUARD = ComplianceGuard()
SETTINGS = settings(max_examples=200, deadline=None,
                    suppress_health_check=[HealthCheck.too_slow])
DAY_RULES = {"days_missing", "days_mismatch"}


def _rules(phrase: str, days: int) -> set[str]:
    """The rules a counter of ``days`` breaks when its reply states ``phrase``."""
    reply = f"We can offer {phrase} to repay the $15,700.00 balance."
    decision = Decision(Action.COUNTER, Tactic.HOLD, "neutral", days)
    return {v.rule for v in GUARD.check(reply, decision, NORTHWIND).violations}


def _reader_days(text: str) -> list[int]:
    return [f.low for f in find_figures(normalise(text))]


def _guard_days(text: str) -> list[int]:
    return [d.low for d in find_durations(text)]


# -- 1. invisible characters inside a number ------------------------------------------------------

INVISIBLE = ("\u200b", "\u00ad", "\u2060", "\ufeff", "\u200d", "\u180e", "\x1b")


@pytest.mark.parametrize("ch", INVISIBLE)
def test_an_invisible_character_inside_a_number_is_not_read(ch):
    text = f"I can pay in 4{ch}5 days"
    # Before: the reader read "5 days" while the guard, which judges what is shown, read 45.
    assert read(text).days == 45
    assert _reader_days(text) == _guard_days(text) == [45]
    assert DAY_RULES.isdisjoint(_rules(f"4{ch}5 days", 45))
    assert "days_mismatch" in _rules(f"4{ch}5 days", 5)
    assert "invisible_characters" in _rules(f"4{ch}5 days", 45)  # still refused for it


@pytest.mark.parametrize(
    ("text", "days"),
    [
        ("I can pay in fo\u200brty days", 40),  # inside a number word too
        ("I can pay in 4\u200b5\u00ad0 days", 450),
        # close negatives: a visible gap is not an invisible one
        ("I can pay in 4 5 days", 5),
        ("I can pay in 4, 5 days", 5),
        ("I can pay in 45 days", 45),
    ],
)
def test_the_reader_and_the_guard_read_what_is_shown(text, days):
    assert read(text).days == days
    assert _reader_days(text)[-1:] == _guard_days(text)[-1:] == [days]


@st.composite
def hidden(draw: st.DrawFn) -> tuple[str, str]:
    """A message with invisible characters inserted anywhere, and the message without them."""
    text = draw(message())
    out = []
    for ch in text:
        out.append(ch)
        if draw(st.integers(0, 3)) == 0:
            out.append(draw(st.sampled_from(INVISIBLE)))
    return "".join(out), text


@SETTINGS
@given(hidden())
def test_invisible_characters_change_no_figure(pair):
    text, shown = pair
    assert visible(text) == shown
    assert _reader_days(text) == _reader_days(shown) == _guard_days(text)


# -- 2. approximate figures -----------------------------------------------------------------------


@pytest.mark.parametrize(
    ("phrase", "days", "approx"),
    [
        ("sixty-odd days", 60, True),
        ("fifty-some days", 50, True),
        ("forty-ish days", 40, True),
        ("fortyish days", 40, True),
        ("sixty-something days", 60, True),
        ("about sixty days", 60, True),
        ("around 45 days", 45, True),
        ("roughly 45 days", 45, True),
        ("~45 days", 45, True),
        ("sixty days or so", 60, True),
        ("45 days, give or take", 45, True),
        # close negatives: offered, not approximated
        ("sixty days", 60, False),
        ("how about 45 days", 45, False),
        ("what about 45 days", 45, False),
        ("45 days", 45, False),
    ],
)
def test_an_approximate_figure_is_a_figure_to_both(phrase, days, approx):
    [d] = find_durations(phrase)
    assert (d.low, d.approx) == (days, approx)
    move = read(f"I can do {phrase}.")
    # The reader reads the figure approximated, and is unsure of it (the agent asks).
    assert (move.kind, move.days, move.unsure) == (MoveKind.PROPOSE, days, approx)
    assert _reader_days(phrase) == [days]
    # The guard counts it: never missing, and a mismatch unless stated exactly.
    found = _rules(phrase, days)
    assert "days_missing" not in found
    assert ("days_mismatch" in found) is approx
    assert "days_mismatch" in _rules(phrase, days + 1)


def test_approximation_words_without_a_figure_are_nothing():
    for text in ("about a week of stress", "someone said days ago", "some days are hard"):
        assert [d.low for d in find_durations(text)] == _reader_days(text)
    assert find_durations("some days are hard") == []
    assert [d.approx for d in find_durations("someone said 45 days")] == [False]


# -- 3. other languages' articles and units -------------------------------------------------------


@pytest.mark.parametrize(
    ("phrase", "days"),
    [
        ("einen Monat", 30), ("ein Monat", 30), ("eine Woche", 7), ("einem Monat", 30),
        ("zwei Wochen", 14), ("drei Monate", 90), ("zwei Jahre", 730),
        ("un mois", 30), ("une semaine", 7), ("d'un mois", 30), ("trois mois", 90),
        ("deux ans", 730), ("un mes", 30), ("una semana", 7), ("dos semanas", 14),
        ("un año", 365), ("una quincena", 14), ("un mese", 30), ("een maand", 30),
    ],
)
def test_a_unit_after_another_languages_article_or_number_is_a_duration(phrase, days):
    assert _guard_days(phrase) == _reader_days(phrase) == [days]
    assert read(phrase).days == days
    assert DAY_RULES.isdisjoint(_rules(phrase, days))
    assert "days_mismatch" in _rules(phrase, days + 1)


@pytest.mark.parametrize(
    "text",
    ["un problema", "eine Frage", "une question", "una pregunta", "I have one question",
     "an issue", "un mes no es posible"],
)
def test_an_article_is_one_only_before_a_unit(text):
    assert _guard_days(text) == _reader_days(text)
    if "mes" not in text:
        assert _guard_days(text) == []


# -- 4. figures too long to have a value ----------------------------------------------------------


@pytest.mark.parametrize(
    ("digits", "usable"),
    [("9" * MAX_FIGURE_DIGITS, True), ("1" + "0" * MAX_FIGURE_DIGITS, False),
     ("0" * 40 + "45", True), ("12.5", True), ("1" * 400, False)],
)
def test_the_bound_counts_significant_digits(digits, usable):
    assert usable_digits(digits) is usable


@pytest.mark.parametrize("n", [16, 400, 5000])  # 5000: past Python's int() string limit
def test_a_huge_figure_is_unusable_to_the_reader_and_refused_by_the_guard(n):
    figure = "1" + "0" * (n - 1)
    move = read(f"pay in {figure} days")  # before: OverflowError
    assert move.kind == MoveKind.NONE and move.days is None and "invalid_figure" in move.flags
    [d] = find_durations(f"pay in {figure} days")
    assert (d.usable, d.low, d.valid) == (False, UNUSABLE_DAYS, False)
    assert "days_mismatch" in _rules(f"{figure} days", 45)
    for text in (f"{figure} days + 1 week", f"{figure} weeks and a half", f"{figure}½ days",
                 f"{figure} 1/2 days", f"how about {figure}?", f"{figure},000 days"):
        assert _reader_days(text) == _guard_days(text)  # and neither raises
        read(text)


@pytest.mark.parametrize(
    ("text", "days", "valid"),
    [("1234567890 days", 1234567890, False), ("999999999999999 days", 999999999999999, False),
     ("3650 days", 3650, True)],
)
def test_long_figures_under_the_bound_keep_their_value(text, days, valid):
    [d] = find_durations(text)
    assert (d.usable, d.low, d.valid) == (True, days, valid)


_HUGE = st.integers(10, 600).map(lambda n: "9" * n)


@SETTINGS
@given(st.lists(st.one_of(st.text(max_size=40), _HUGE,
                          st.sampled_from([" days", " weeks", "½", " + ", "/2", " or so", ","])),
                max_size=8).map("".join))
def test_no_text_makes_the_reader_or_the_guard_raise(text):
    move = read(text)
    assert move.days is None or 1 <= move.days <= 3650
    assert _reader_days(text) == _guard_days(text)
    assert [(d.low, d.high) for d in scan(normalise(text))] == [
        (d.low, d.high) for d in find_durations(text)]
    _rules(text, 30)


@SETTINGS
@given(st.integers(10**9, 10**10 - 1), st.sampled_from(["days", "weeks", "months"]))
def test_ten_digit_day_counts_are_found_and_invalid(n, unit):
    [d] = find_durations(f"I can do {n} {unit}")
    assert d.usable and not d.valid and d.value == n
    assert read(f"I can do {n} {unit}").days is None


# -- 5. vulgar fractions --------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("phrase", "days", "unsure"),
    [
        ("1½ months", 45, False),
        ("1 ½ months", 45, False),
        ("½ a month", 15, False),
        ("¾ of a month", 23, True),  # 22.5 days, rounded: the agent asks
        ("2½ weeks", 18, True),  # 17.5 days
        ("1⁄2 month", 15, False),  # typed with the fraction slash
        ("¹⁄₂ month", 15, False),
        ("3 ⅛ weeks", 22, True),
        ("1.5 months", 45, False),  # close negative: the decimal it stands for
    ],
)
def test_vulgar_fractions_read_as_fractions(phrase, days, unsure):
    move = read(f"I can do {phrase}.")
    assert (move.days, move.unsure) == (days, unsure)
    assert _reader_days(phrase) == _guard_days(phrase) == [days]


@pytest.mark.parametrize("phrase", ["½ day", "½ days", "½ a day", "0.5 days", "1/2 day",
                                    "¼ day", "⅞ of a day"])
def test_less_than_a_day_is_not_one_day(phrase):
    # Before: "½ day" read as 1 day (0.5 rounded up) and became a proposal.
    move = read(f"I can do {phrase}.")
    assert move.days is None and "invalid_figure" in move.flags
    assert [f.notes for f in find_figures(normalise(phrase))] == [["less than a day"]]
    [d] = find_durations(phrase)
    assert not d.valid and not d.exact
    assert "days_mismatch" in _rules(phrase, 1)  # not the decided 1 day either


def test_one_day_is_still_one_day():
    assert read("I can do 1 day.").days == 1
    assert DAY_RULES.isdisjoint(_rules("1 day", 1))


@pytest.mark.parametrize("phrase", ["1½ months", "2½ weeks", "¾ of a month", "⅛ month"])
def test_the_guard_refuses_a_vulgar_fraction_even_at_the_decided_days(phrase):
    [d] = find_durations(phrase)
    found = _rules(phrase, d.low)
    assert "stray_figure" in found and "invented_terms" in found
    assert "wrong_language" not in found  # a fraction sign is not a foreign word
    assert _rules("45 days", 45) == set()  # close negative: the figure in ASCII digits


def test_nfkc_keeps_a_vulgar_fraction_that_would_change_its_number():
    # NFKC spells "1½" "11⁄2": eleven halves to anything that reads it after.
    assert nfkc("1½ months") == "1½ months"
    assert nfkc("１½ ﬁne") == "1½ fine"
    # Superscript and subscript digits are kept too (a styled numeral the guard refuses;
    # the reader sets them apart before folding and reads "¹⁄₂ day" as half a day).
    assert nfkc("¹⁄₂") == "¹⁄₂"
    assert nfkc("４⁵") == "4⁵"
