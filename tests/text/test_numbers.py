"""The one numeral reader: values of number phrases, Han numerals from one table, script digits,
fractions, and the figures the guard finds (``edge_agent.text.numbers``)."""

from __future__ import annotations

import unicodedata

import pytest

from edge_agent.text.normalise import normalise
from edge_agent.text.numbers import (
    HAN_NUMERALS,
    QUANTITY_WORDS,
    VULGAR_FRACTION,
    ascii_digits,
    format_number,
    han_numerals,
    han_value,
    is_han_numeral,
    is_numeral_char,
    non_ascii_figures,
    number_value,
    script_digits,
    vulgar_as_decimal,
    words_to_digits,
)
from edge_agent.text.units import DAYS_PER_UNIT, days_in, unit_of


@pytest.mark.parametrize(
    ("text", "value"),
    [
        # The legacy parser's words_to_number cases (tests/text/test_parsing.py), unchanged.
        ("forty-five", 45), ("a hundred and twenty", 120), ("twelve", 12), ("7", 7),
        ("a couple of", 2), ("sixty six", 66), ("banana", None),
        # More, with close negatives.
        ("1.5", 1.5), ("a", 1), ("an", 1), ("several", 4), ("a few", 3), ("one hundred", 100),
        ("zero", 0), ("  Forty\tfive ", 45), ("", None), ("twenty twenty", None),
        ("first", None), ("a dozen", None), ("1.5.2", None),
    ],
)
def test_number_value(text, value):
    got = number_value(text)
    assert got == value and type(got) is type(value)


def test_quantity_words_are_vague_figures():
    assert QUANTITY_WORDS == {"a couple of": 2, "couple of": 2, "a couple": 2, "a few": 3,
                              "few": 3, "several": 4}


@pytest.mark.parametrize(
    ("run", "value"),
    [("三", 3), ("三十", 30), ("十", 10), ("十五", 15), ("二十五", 25), ("九百", 900),
     ("一百二十", 120), ("两", 2), ("兩", 2), ("俩", 2), ("倆", 2), ("廿", 20), ("廿五", 25),
     ("卅", 30), ("卌", 40), ("〇", 0), ("零", 0)],
)
def test_han_values_come_from_one_table(run, value):
    assert han_value(run) == value
    assert normalise(f"{run}天") == f"{value} days"  # the reader reads it
    assert [f.text for f in han_numerals(f"{run}天")] == [run]  # the guard finds it
    assert all(is_numeral_char(ch) for ch in run)  # and the vocabulary ban bans it


def test_every_han_numeral_is_read_by_the_reader_and_found_by_the_guard():
    for ch in HAN_NUMERALS:
        assert is_han_numeral(ch) and is_numeral_char(ch), ch
        assert normalise(f"{ch}个月").endswith("months"), ch


def test_other_han_numerals_are_figures_to_the_guard_but_not_read():
    # 千 and the financial 壹 have Unicode values: the guard refuses them in a reply, the reader
    # does not pretend to read them.
    for ch in "千万壹":
        assert is_han_numeral(ch) and ch not in HAN_NUMERALS
        assert han_numerals(f"{ch}天")[0].kind == "han_numeral"
    assert not is_han_numeral("天") and not is_han_numeral("a") and not is_han_numeral("7")


@pytest.mark.parametrize(
    ("text", "ascii"),
    [("٣٠", "30"), ("۳۰", "30"), ("३०", "30"), ("১২", "12"), ("๓๐", "30"), ("１２", "12"),
     ("30", "30"), ("x²", "x²")],  # a superscript is a digit but not a decimal digit
)
def test_script_digits_read_as_ascii(text, ascii):
    assert ascii_digits(text) == ascii


def test_script_digits_are_figures_to_the_guard():
    assert [(f.text, f.value) for f in script_digits("within ٣٠ or ४५ days")] == [
        ("٣٠", 30), ("४५", 45)]
    assert script_digits("within 30 days") == []


@pytest.mark.parametrize(
    ("text", "digits"),
    [("three hundred and sixty five days", "365 days"), ("forty-five days", "45 days"),
     ("the first 10 days", "the first 10 days"), ("a third now", "a third now"),
     ("half a month", "half a month"), ("no one", "no 1")],
)
def test_words_to_digits_keeps_ordinals_as_words(text, digits):
    assert words_to_digits(text, "en") == digits


def test_words_to_digits_reads_other_languages():
    assert words_to_digits("treinta días", "es") == "30 días"
    assert words_to_digits("trente jours", "fr") == "30 jours"


@pytest.mark.parametrize(
    ("text", "decimal"),
    [("2½", "2.5"), ("½", "0.5"), ("1 ¾", "1.75"), ("⅓", "0.33"), ("2 ⅔", "2.67")],
)
def test_vulgar_fractions(text, decimal):
    assert VULGAR_FRACTION.sub(vulgar_as_decimal, text) == decimal


@pytest.mark.parametrize(("value", "text"), [(2.0, "2"), (2.5, "2.5"), (1 / 3, "0.33"),
                                             (14, "14"), (0.25, "0.25")])
def test_format_number(value, text):
    assert format_number(value) == text


def test_the_guard_finds_numbers_not_written_in_ascii_digits():
    kinds = {f.kind for f in non_ascii_figures("两年 ٣ zwanzig")}
    assert kinds == {"han_numeral", "script_digits", "number_word"}
    assert non_ascii_figures("No one will call; this one is the first step.") == []
    assert [f.value for f in non_ascii_figures("one month")] == [1.0]
    assert non_ascii_figures("７ days") == []  # full-width is folded to ASCII first


def test_is_numeral_char_covers_every_script_and_nothing_else():
    assert all(is_numeral_char(c) for c in "7７٣४三两俩廿百½Ⅻ")
    assert not any(is_numeral_char(c) for c in "aZé,. 天月")


def test_one_unit_table():
    assert DAYS_PER_UNIT == {"day": 1, "week": 7, "fortnight": 14, "month": 30, "year": 365}
    assert [unit_of(w) for w in ("wk", "Working  days", "mo", "mois", "quincena")] == [
        "week", "day", "month", "month", "fortnight"]
    assert (days_in(2, "weeks"), days_in(1.5, "month"), days_in(1, "fortnight")) == (14, 45, 14)
    with pytest.raises(KeyError):
        unit_of("hours")


def test_han_table_values_agree_with_unicode_where_it_has_one():
    for ch, value in HAN_NUMERALS.items():
        known = unicodedata.numeric(ch, None)
        assert known is None or known == value, ch
