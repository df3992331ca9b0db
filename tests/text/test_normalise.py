"""The two normalisations (``nfkc`` for the guard's rules, ``normalise`` for reading) and the
positions that let a span of the reading form be found in the text as written."""

from __future__ import annotations

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from edge_agent.text.normalise import nfkc, normalise, normalise_with_positions


@pytest.mark.parametrize(
    ("text", "folded", "read"),
    [
        ("１２ days", "12 days", "12 days"),
        ("thirty days", "thirty days", "30 days"),  # nfkc changes no word
        ("٣٠ days", "٣٠ days", "30 days"),
        ("I’m ok", "I’m ok", "I'm ok"),
        ("ﬁne", "fine", "fine"),
        ("4 wks", "4 wks", "4 weeks"),
        ("俩个月", "俩个月", "2 months"),
        ("a ninety-day plan", "a ninety-day plan", "a 90 -day plan"),
        # NFKC would spell "2½" as "21\u20442" (eleven halves): nfkc keeps the sign.
        ("2½ weeks", "2½ weeks", "2.5 weeks"),
    ],
)
def test_nfkc_folds_forms_and_normalise_spells_figures(text, folded, read):
    assert (nfkc(text), normalise(text)) == (folded, read)


@pytest.mark.parametrize(
    ("raw", "clean"),
    [
        ("1 week + 1 week", "14 days"), ("a month and a half", "1.5 months"),
        ("2 and a half weeks", "2.5 weeks"), ("half a month", "0.5 month"),
        ("12 days... I mean weeks", "12 weeks ... I mean  12 weeks"),
        ("廿五天", "25 days"), ("三十天", "30 days"), ("两个星期", "2 weeks"),
        ("thirtydays", "30 days"), ("fourty-five days", "45 days"),
        ("someone-day", "someone-day"),  # not a number word, not set apart
    ],
)
def test_normalise_spells_each_figure_once(raw, clean):
    assert normalise(raw) == clean


def test_positions_locate_rewritten_figures_in_the_text_as_written():
    text = "Ok: 4 wks, or 俩个月, or thirty days."
    form = normalise_with_positions(text)
    assert form.text == normalise(text) == "Ok: 4 weeks, or 2 months , or 30 days."
    for written, spelled in (("4 wks", "4 weeks"), ("俩个月", "2 months"),
                             ("thirty days", "30 days")):
        start = form.text.index(spelled)
        a, b = form.source_span(start, start + len(spelled))
        assert text[a:b] == written
    assert form.source_span(0, 0) == (0, 0)
    assert form.source_span(len(form.text), len(form.text)) == (len(text), len(text))


def test_positions_survive_composition_and_stripping():
    text = "  e\u0301te\u0301 ４５ days  "  # NFKC composes é: mapped by alignment
    form = normalise_with_positions(text)
    start = form.text.index("45 days")
    a, b = form.source_span(start, start + len("45 days"))
    assert text[a:b] == "４５ days"


@settings(max_examples=300, deadline=None)
@given(st.text(max_size=80) | st.sampled_from(["thirty days", "4 wks", "俩个月", "1,000 days",
                                               "2½ weeks", "1 week + 1 week"]))
def test_the_positioned_form_is_the_reading_form_and_every_span_is_inside_the_text(text):
    form = normalise_with_positions(text)
    assert form.text == normalise(text)
    assert len(form.starts) == len(form.ends) == len(form.text)
    assert all(0 <= a <= b <= len(text) for a, b in zip(form.starts, form.ends, strict=True))
    for start in range(len(form.text)):
        a, b = form.source_span(start, start + 1)
        assert 0 <= a <= b <= len(text)
