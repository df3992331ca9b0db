"""Durations: the one grammar of a stated timeline, shared by the reader and the guard.

A duration is a figure with a unit of time ("45 days", "4 wks", "a couple of weeks", "60-90
days", "between two and three months", "30 working days", "俩个月") or a bare number offered
as days ("how about 45?", "make it 35"). The grammar reads the reading form of a text
(:func:`edge_agent.text.normalise.normalise`), so every spelling normalisation knows (number
words, script digits, Han numerals, typos, fractions) is a duration here, for both users:

- the reader (:mod:`edge_agent.read.figures`) gives each span a role: the debtor's proposal, a
  refused figure, an echo of ours, a number about something else;
- the guard (:mod:`edge_agent.verify.guard`) checks that the days a reply states are the decided
  ones, and that no other figure is left over.

Why one grammar: with two, a reply saying "We can offer 30 working days" or "4 wks" was a
timeline to the reader and, to the guard, a missing one plus a stray figure. The claim "the
guard and the reader find the same durations in any text" is a test
(``tests/text/test_durations.py``).

A span says what was written (``value``, ``value_high``, ``unit``) and what it amounts to in
days (``low``, ``high``); also its sign, an approximation ("30-ish"), a modifier ("more",
"working") and whether the figure is a vague word ("a few"). What it means is the caller's
business: the reader makes a negative, zero or over-ten-year figure ``invalid``, the guard a
mismatch.
"""

from __future__ import annotations

import math
import re
from dataclasses import dataclass, replace

from edge_agent.text.normalise import normalise_with_positions
from edge_agent.text.numbers import (
    MAX_FIGURE_DIGITS,
    QUANTITY_WORDS,
    format_number,
    number_value,
    usable_digits,
)
from edge_agent.text.units import DAYS_PER_UNIT, UNIT_PATTERN, unit_of

MAX_DAYS = 3650
"""Ten years: a longer figure is not read as a repayment timeline."""

_I = re.IGNORECASE
_SMALL = ("zero|one|two|three|four|five|six|seven|eight|nine|ten|eleven|twelve|"
          "a\\s+couple\\s+of|couple\\s+of|a\\s+couple|a\\s+few|few|several|an?")
_NUMBER = rf"(?:\d+(?:\.\d+)?|{_SMALL})"
DURATION = re.compile(
    rf"(?<![\w$£€.,/\u2044])(?P<sign>-\s?|minus\s+|negative\s+)?(?:between\s+)?(?P<low>{_NUMBER})"
    rf"(?P<approx>\s*-?\s*(?:ish|something|some|odd|or\s+so)\b)?"
    rf"(?:\s*(?:-|to|or|and|until|till)(?:\s+(?:maybe|perhaps|possibly|even))?\s*"
    rf"(?P<high>{_NUMBER}))?"
    rf"\s*-?\s*(?P<mod>(?:more|extra|additional|further|business|calendar|working)\s+)?"
    rf"(?P<unit>{UNIT_PATTERN})(?![\w])",
    _I,
)
"""A figure (or a range) and its unit, in the reading form."""
APPROX_BEFORE = re.compile(
    r"(?:(?<!\bhow\s)(?<!\bwhat\s)\babout|\baround|\bapproximately|\bapprox\.?|\broughly|"
    r"\bcirca|\bca\.|\bnearly|\balmost|\bclose\s+to|\bsome|\bjust\s+(?:over|under)|"
    r"\b(?:a\s+little|a\s+bit|slightly)\s+(?:over|under|more\s+than|less\s+than)|\bc\.|"
    r"~|\u2248|\u00b1)\s*$", _I)
APPROX_AFTER = re.compile(
    r"\s*,?\s*\(?(?:or\s+so|or\s+thereabouts|give\s+or\s+take|more\s+or\s+less|approximately|"
    r"approx|roughly)\b|\s*-?\s*ish\b|\s*-\s*(?:odd|some|something)\b|\s*\u00b1", _I)
"""An approximation written around a figure ("about 60 days", "60 days or so", "~45 days",
"≈45 days", "45 days, approximately", "45 days-ish", "how about sixty-odd"):
still a figure (the guard refuses it unless it is exactly the decided days, which an
approximation is not), read by the reader as the figure it approximates, unsure. "How about"
and "what about" offer a figure, they do not approximate it."""
BARE = re.compile(
    r"\b(?:how\s+about|what\s+about|make\s+it|can\s+do|could\s+do|can\s+manage|can\s+offer|"
    r"i\s+offer|i\s+propose|i\s+need|i'?ll\s+do|settle\s+(?:for|on)|meet\s+(?:me\s+|you\s+)?at|counter\s+"
    r"(?:with|at)|go\s+(?:with|for)|i\s+say|actually|i\s+mean|make\s+that|rather)\s+"
    r"(?P<low>\d{1,4})\b(?!\s*[\d/\u2044])"  # "i need 1 000 days", "45/2": not "45"
    r"(?!\s*(?:%|percent|dollars?|usd|bucks|pounds?|euros?|k\b|hours?|minutes?|am\b|pm\b|"
    r"[.,]\d))",
    _I,
)
"""A bare number proposed without a unit ("how about 45?", "make it 35"): days by context."""
MAX_BARE_DAYS = 365
"""A bare number above a year is not taken for days."""
UNUSABLE_DAYS = 10**MAX_FIGURE_DIGITS
"""The days of a figure too long to have a value: it has more digits than this has."""


@dataclass(frozen=True, slots=True)
class Duration:
    """A stated timeline: ``low``..``high`` days (equal unless a range), where it was, and how
    it was written."""

    low: int
    high: int
    start: int
    end: int
    value: float
    """The figure as written, in ``unit`` (2 for "2 weeks"; 1 for "a month", 3 for "a few")."""
    value_high: float
    """The top of a range as written ("3" of "2 to 3 months"); ``value`` if not a range."""
    unit: str | None
    """"day", "week", "fortnight", "month" or "year"; None for a bare number (days)."""
    negative: bool = False
    """Written with a minus ("-10 days", "minus 3 weeks")."""
    approx: bool = False
    """Written as an approximation ("30-ish days", "30 or so days")."""
    modifier: str = ""
    """"more", "extra", "additional", "further", "business", "calendar" or "working"."""
    vague: bool = False
    """The figure is a vague word ("a few", "several", "a couple of")."""
    fraction: bool = False
    """The days are not a whole number ("½ day", "2½ weeks" is 17.5): ``low`` and ``high``
    are rounded half up, which for less than a day is not a timeline at all."""
    usable: bool = True
    """False for a figure too long to have a value (more than
    :data:`~edge_agent.text.numbers.MAX_FIGURE_DIGITS` digits): ``low`` and ``high`` are
    then :data:`UNUSABLE_DAYS`, a bound below its true value."""

    @property
    def bare(self) -> bool:
        return self.unit is None

    @property
    def exact(self) -> bool:
        """Stated as a firm number of calendar days: no sign, approximation or vague word, and
        no modifier but "calendar" ("30 working days" is some 42 calendar days, "30 more days"
        is relative to another figure)."""
        return not (self.negative or self.approx or self.vague or self.fraction
                    or not self.usable) and self.modifier in ("", "calendar")

    def stated(self) -> str:
        """The days as stated, for a message: "30", "30-40", "-30", "about 21", "30 working"."""
        if not self.usable:
            return f"more than {UNUSABLE_DAYS}"
        days = f"{self.low}" if self.low == self.high else f"{self.low}-{self.high}"
        if self.fraction and self.low == self.high:  # "0.5", not the rounded "1"
            days = format_number(self.value * DAYS_PER_UNIT[self.unit or "day"])
        sign = "-" if self.negative else ""
        about = "about " if self.approx or self.vague else ""
        modifier = f" {self.modifier}" if self.modifier not in ("", "calendar") else ""
        return f"{about}{sign}{days}{modifier}"

    @property
    def valid(self) -> bool:
        """A timeline anyone negotiates: positive, at least a day, at most :data:`MAX_DAYS`."""
        return (not self.negative and self.usable and self.low >= 1 and self.high <= MAX_DAYS
                and self.value * DAYS_PER_UNIT[self.unit or "day"] >= 1)  # "½ day" is not 1


def scan(normalised: str) -> list[Duration]:
    """Every duration in ``normalised`` (a text in the reading form), in order of appearance;
    positions are in that text. What the reader uses: its roles read the same text."""
    found: list[Duration] = []
    for m in DURATION.finditer(normalised):
        unit = unit_of(m.group("unit"))
        lo_txt, hi_txt = m.group("low").lower(), (m.group("high") or "").lower()
        approx = bool(m.group("approx") or APPROX_BEFORE.search(normalised, 0, m.start())
                      or APPROX_AFTER.match(normalised, m.end()))
        common = {"negative": bool(m.group("sign")), "approx": approx,
                  "modifier": (m.group("mod") or "").strip().lower()}
        if not all(usable_digits(t) for t in (lo_txt, hi_txt) if t[:1].isdigit()):
            big = float(UNUSABLE_DAYS)
            found.append(Duration(UNUSABLE_DAYS, UNUSABLE_DAYS, m.start(), m.end(), big, big,
                                  unit, usable=False, **common))
            continue
        lo = number_value(lo_txt)
        if lo is None:
            continue
        hi = number_value(hi_txt) if hi_txt else None
        hi = lo if hi is None else hi
        per = DAYS_PER_UNIT[unit]
        low, high = sorted((math.floor(lo * per + 0.5), math.floor(hi * per + 0.5)))
        found.append(Duration(
            low, high, m.start(), m.end(), lo, hi, unit,
            vague=re.sub(r"\s+", " ", lo_txt) in QUANTITY_WORDS,
            fraction=lo * per != int(lo * per) or hi * per != int(hi * per), **common,
        ))
    spans = list(found)
    for m in BARE.finditer(normalised):
        if any(d.start <= m.start("low") < d.end for d in spans):
            continue
        value = int(m.group("low"))
        if 1 <= value <= MAX_BARE_DAYS:  # "how about sixty-odd?" is read "how about 60 -odd?"
            approx = bool(APPROX_BEFORE.search(normalised, 0, m.start("low"))
                          or APPROX_AFTER.match(normalised, m.end()))
            found.append(Duration(value, value, m.start("low"), m.end(), value, value, None,
                                  approx=approx))
    found.sort(key=lambda d: d.start)
    return found


def find_durations(text: str) -> list[Duration]:
    """Every duration stated in ``text`` as written, in order; positions are in ``text``.

    The spans of :func:`scan` over the reading form of ``text``, located back in ``text``: a
    rewritten figure covers all it was written as ("4 wks", "俩个月", "thirty days")."""
    form = normalise_with_positions(text)
    out = []
    for d in scan(form.text):
        start, end = form.source_span(d.start, d.end)
        out.append(replace(d, start=start, end=end))
    return out


def without_durations(text: str, replacement: str = " ") -> str:
    """``text`` with every stated duration replaced by ``replacement`` (overlapping spans, as a
    corrected unit gives, replaced once)."""
    merged: list[list[int]] = []
    for d in find_durations(text):
        if merged and d.start < merged[-1][1]:
            merged[-1][1] = max(merged[-1][1], d.end)
        else:
            merged.append([d.start, d.end])
    for start, end in reversed(merged):
        text = text[:start] + replacement + text[end:]
    return text


__all__ = ["APPROX_AFTER", "APPROX_BEFORE", "BARE", "DURATION", "MAX_DAYS", "UNUSABLE_DAYS",
           "Duration", "find_durations", "scan", "without_durations"]
