"""Roles on the shared duration spans (``edge_agent.read.figures``)."""

from __future__ import annotations

import pytest

from edge_agent.read.figures import find_figures
from edge_agent.text.durations import scan
from edge_agent.text.normalise import normalise


def test_figures_report_refusal_and_positions():
    # Moved from the legacy parser's tests (find_durations with ``negated``): the reader's
    # roles say the same, and the spans are where the figures were written.
    text = normalise("I can't do 30 days but 2 months is fine")
    found = find_figures(text)
    assert [(f.low, f.role) for f in found] == [(30, "refused"), (60, "proposal")]
    assert text[found[1].start : found[1].end] == "2 months"


@pytest.mark.parametrize(
    ("text", "figures"),
    [
        # text, [(low, high, role, vague, bare, notes)]
        ("30 working days", [(30, 30, "proposal", True, False,
                              ["business days: the calendar days are unclear"])]),
        ("30 more days", [(30, 30, "delta", False, False, ["relative to another figure"])]),
        ("-10 days", [(10, 10, "invalid", False, False, ["a negative figure"])]),
        ("0 days", [(0, 0, "invalid", False, False, ["zero days"])]),
        ("11 years", [(4015, 4015, "invalid", False, False, ["beyond 3650 days"])]),
        ("a few weeks", [(21, 21, "proposal", True, False, [])]),
        ("30-ish days", [(30, 30, "proposal", True, False, [])]),
        ("make it 35", [(35, 35, "proposal", False, True, [])]),
        ("make it 400", []),  # a bare number above a year is not days
        ("俩个月", [(60, 60, "proposal", False, False, [])]),
        ("a ninety-day plan would work", [(90, 90, "proposal", False, False, [])]),
    ],
)
def test_roles_on_the_shared_spans(text, figures):
    found = find_figures(normalise(text))
    assert [(f.low, f.high, f.role, f.vague, f.bare, f.notes) for f in found] == figures


def test_every_figure_is_a_span_of_the_shared_grammar():
    text = normalise("My rent is due in 3 days. I cannot do 30 days. How about 45?")
    assert [(f.low, f.start, f.end) for f in find_figures(text)] == [
        (d.low, d.start, d.end) for d in scan(text)]
    assert [f.role for f in find_figures(text)] == ["other", "refused", "proposal"]
