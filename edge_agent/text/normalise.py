"""Text normalisation: one spelling for every way people write a number.

Two normalisations, with two names, because they mean two things:

- :func:`nfkc` only folds compatibility forms (full-width "１２" is "12", "ﬁ" is "fi"). The
  guard judges replies on it: it changes no word, so a rule still sees what was written.
- :func:`normalise` is the reading form, what the reader (and the duration grammar, for the
  guard too) works on: the same meaning with one spelling of every figure. After NFKC, decimal
  digits of any script ("٣٠", "३०") become ASCII, curly quotes become straight ones, Han
  numerals and unit words become digits and English units ("三十天" -> "30 days"), common typos
  are mended ("wks", "fourty"), thousands separators are removed ("1,000" and "1.000" both
  read 1000; a balance "$15,700.00" keeps its cents), number words of any size become digits
  through the maintained ``text2num`` library ("three hundred and sixty five" -> 365, also in
  Spanish, French, German, Italian, Portuguese and Dutch when the message uses that language's
  day, week or month words), and fractions, halves, sums and corrected units are spelled as one
  figure ("2½ weeks", "a month and a half", "1 week + 1 week", "12 days... I mean weeks").

:func:`normalise_with_positions` gives the reading form together with where each of its
characters came from, so a span found in the reading form (a duration) can be located in the
text as written: the guard removes the durations it has checked from the reply itself.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Callable
from dataclasses import dataclass
from difflib import SequenceMatcher
from functools import lru_cache

from edge_agent.text.numbers import (
    HAN_RUN,
    SLASH_FRACTION,
    VULGAR_FRACTION,
    ascii_digits,
    fold_compatibility,
    format_number,
    han_value,
    slash_as_decimal,
    usable_digits,
    vulgar_as_decimal,
    words_to_digits,
)
from edge_agent.text.units import FOREIGN_UNIT_PATTERN, UNIT_PATTERN, days_in
from edge_agent.text.visible import visible

_QUOTES = str.maketrans({"(": " ", ")": " ", "[": " ", "]": " ", "\u2019": "'", "\u2018": "'",
                         "\u02bc": "'", "\u201c": '"', "\u201d": '"', "\u2013": "-",
                         "\u2014": "-", "\u2212": "-"})
# Language of the timeline words, so text2num reads that language's number words.
_LANG_UNITS: tuple[tuple[str, re.Pattern[str]], ...] = (
    ("es", re.compile(r"\b(?:d[ií]as?|semanas?|mes(?:es)?|quincena|años?)\b", re.I)),
    ("fr", re.compile(r"\b(?:jours?|semaines?|mois|quinzaine|ans|années?)\b", re.I)),
    ("de", re.compile(r"\b(?:tage?n?|wochen?|monate?n?|jahre?n?)\b", re.I)),
    ("it", re.compile(r"\b(?:giorni|giorno|settimane?|mesi|mese|anni|anno)\b", re.I)),
    ("pt", re.compile(r"\b(?:dias?|semanas?|meses|anos?)\b", re.I)),
    ("nl", re.compile(r"\b(?:dagen|weken|maanden|jaar|jaren)\b", re.I)),
)
_TYPOS = {
    "fourty": "forty", "ninty": "ninety", "tweny": "twenty", "twelth": "twelve",
    "thrity": "thirty", "fifity": "fifty", "sixy": "sixty", "hundered": "hundred",
    "hundread": "hundred", "thousnad": "thousand", "dyas": "days", "dayz": "days",
    "dys": "days", "weks": "weeks", "wks": "weeks", "mnths": "months", "mths": "months",
    "monts": "months", "yrs": "years",
}  # fmt: skip
_TYPO = re.compile(r"\b(?:" + "|".join(_TYPOS) + r")\b", re.I)
_COMMA_THOUSANDS = re.compile(r"(?<![\d.,])\d{1,3}(?:,\d{3})+(?:\.\d+)?(?![\d,])")
_DOT_THOUSANDS = re.compile(r"(?<![\d.,])\d{1,3}(?:\.\d{3})+(?![\d.,])")
_DECIMAL_COMMA = re.compile(r"(?<![\d.,])(\d+),(\d)(?=\s*(?:days?|weeks?|months?|years?)\b)", re.I)
_SPACES = re.compile(r"[ \t\u00a0]+")
_AND_A_HALF = re.compile(r"\b(\d+)\s+and\s+a\s+half\s+(days?|weeks?|months?|years?)\b", re.I)
_UNIT_AND_A_HALF = re.compile(r"\ban?\s+(day|week|fortnight|month|year)\s+and\s+a\s+half\b",
                              re.I)
_UNITS = r"days?|weeks?|fortnights?|months?|years?"
_N_UNIT_AND_A_HALF = re.compile(rf"\b(\d+(?:\.\d+)?)\s+({_UNITS})\s+and\s+a\s+half\b", re.I)
_SLASH_FRACTION = re.compile(rf"\b(?:(\d+)\s+)?([1-3])/([2-4])\s*(?=(?:{_UNITS})\b)", re.I)
_SUM = re.compile(rf"\b(\d+(?:\.\d+)?)\s*({_UNITS})\s*(?:\+|plus)\s*(\d+(?:\.\d+)?)\s*"
                  rf"({_UNITS})\b", re.I)
_UNIT_CORRECTION = re.compile(
    rf"\b(\d+(?:\.\d+)?)\s+(?:{_UNITS})(\W+(?:i\s+mean|sorry|actually|make\s+that|no)\W+)"
    rf"({_UNITS})\b", re.I)
"""A corrected unit ("12 days... I mean weeks") repeats the figure with it: "12 weeks ... I mean
12 weeks", so the correction is read with its figure."""
_NUMBER_WORD = (r"(?:zero|one|two|three|four|five|six|seven|eight|nine|ten|eleven|twelve|"
                r"thirteen|fourteen|fifteen|sixteen|seventeen|eighteen|nineteen|twenty|thirty|"
                r"forty|fifty|sixty|seventy|eighty|ninety|hundred|thousand)")
_GLUED_NUMBER_WORD = re.compile(
    rf"\b({_NUMBER_WORD})(?=-?(?:more|extra|additional|further|business|calendar|working|"
    rf"{UNIT_PATTERN})\b)", re.I)
"""A number word written onto its unit ("a ninety-day plan", "thirtydays"): text2num reads a
number word only as a word of its own, so it is set apart first."""
_HAN = re.compile(r"[\u3007\u4e00-\u9fff]")
_CJK_NUMBER = r"(\d+(?:\.\d+)?)"
_CJK_WEEK = r"(?:星期|周|週|礼拜|禮拜)"
_CJK_HALVES = ((re.compile(r"(\d+)\s*(?:个|個)?\s*半\s*(?:个|個)?\s*月"), r" \1.5 个月 "),
               (re.compile(rf"(\d+)\s*(?:个|個)?\s*半\s*(?:个|個)?\s*{_CJK_WEEK}"), r" \1.5 周 "),
               (re.compile(rf"(\d+)\s*(?:个|個)?\s*{_CJK_WEEK}\s*半"), r" \1.5 周 "),
               (re.compile(r"(\d+)\s*(?:个|個)\s*月\s*半"), r" \1.5 个月 "),
               (re.compile(r"(?<![\d.])半\s*(?:个|個)\s*月"), r" 0.5 个月 "),
               (re.compile(rf"(?<![\d.])半\s*(?:个|個)?\s*{_CJK_WEEK}"), r" 0.5 周 "))
"""Halves: 一个半月 (a month and a half), 一周半 / 一个半星期 (a week and a half), 半个月 (half a
month): 半 must not be dropped, or "a month and a half" reads as one month."""
_CJK_UNITS = ((re.compile(rf"{_CJK_NUMBER}\s*(?:个|個)?\s*(?:天|日)"), "days"),
              (re.compile(rf"{_CJK_NUMBER}\s*(?:个|個)?\s*{_CJK_WEEK}"), "weeks"),
              (re.compile(rf"{_CJK_NUMBER}\s*(?:个|個)\s*月"), "months"))
_RAISED_DIGITS = re.compile("[\u2070\u00b9\u00b2\u00b3\u2074-\u2079\u2080-\u2089]+")
"""Superscript and subscript digits: NFKC writes "4⁵" (four to the fifth) and "10¹⁵" as "45" and
"1015". Set apart ("4 5", "10 15"), the figure before them is a split number, which the reader
asks about, and the guard refuses them as styled numerals."""
_HALF_A = re.compile(r"\bhalf\s+an?\s+(day|week|month|year)\b", re.I)
_FRACTION_OF_A = re.compile(
    r"(?<![\d.])(0?\.\d+)\s+(?:of\s+)?an?\s+(day|week|fortnight|month|year)\b", re.I)
"""A fraction of one unit ("¾ of a month", "½ a day", read "0.75 of a month" by then): "0.75
month", not "a month"."""
_APPROX_SUFFIX = re.compile(rf"\b({_NUMBER_WORD}(?:-?(?:one|two|three|four|five|six|seven|"
                            rf"eight|nine))?)-?(ish|odd|some|something)\b", re.I)
"""A number word with an approximation glued on ("sixty-odd", "fifty-some", "fortyish"):
text2num reads neither "sixty-odd" nor "fortyish", so the suffix is set apart ("sixty -odd")
and the duration grammar reads an approximate figure."""
_FOREIGN_ARTICLE = re.compile(
    rf"\b(?:ein|eine|einen|einem|einer|eines|un|une|una|uno|um|uma|een)\s+"
    rf"(?=(?:{FOREIGN_UNIT_PATTERN})\b)", re.I)
"""An indefinite article before another language's unit ("einen Monat", "un mois", "una
semana"): one unit. text2num reads "un" and "ein" but not "einen", "eine" or "una" as one."""


def nfkc(text: str) -> str:
    """NFKC: full-width and compatibility forms become their plain equivalents. No word
    changes: what the guard's rules read. A vulgar fraction keeps its sign ("1½", which NFKC
    would spell "11⁄2", eleven halves: :func:`~edge_agent.text.numbers.fold_compatibility`)."""
    return fold_compatibility(text)


def normalise(text: str) -> str:
    """The text a reader works on: same meaning, one spelling of every figure."""
    spelling = _Spelling(text, track=False)
    _spell(spelling)
    return spelling.text


@dataclass(frozen=True)
class Normalised:
    """The reading form of a text (:func:`normalise`) and, for each of its characters, the span
    of the original text it was written from."""

    text: str
    starts: tuple[int, ...]
    ends: tuple[int, ...]
    source_length: int

    def source_span(self, start: int, end: int) -> tuple[int, int]:
        """Where ``text[start:end]`` was written in the original text: a rewritten figure
        ("4 weeks" from "4 wks", "60 days" from "俩个月") maps to all that it was written as."""
        if start >= end:
            at = self.starts[start] if start < len(self.starts) else self.source_length
            return at, at
        return min(self.starts[start:end]), max(self.ends[start:end])


@lru_cache(maxsize=256)
def normalise_with_positions(text: str) -> Normalised:
    """:func:`normalise`, and where each character of the result came from."""
    spelling = _Spelling(text, track=True)
    _spell(spelling)
    return Normalised(spelling.text, tuple(spelling.starts), tuple(spelling.ends), len(text))


def _spell(s: _Spelling) -> None:
    """The reading form, step by step (the order matters: each step reads the spelling the
    steps before it wrote)."""
    # What the screen shows: the guard judges a reply without its invisible characters, so
    # the reading form drops the same ones ("4\u200b5 days" is 45 days to both, not 5).
    s.per_char(visible)
    s.sub(VULGAR_FRACTION, vulgar_as_decimal)  # before NFKC, which spells "1½" as "11⁄2"
    # before NFKC, which writes "10¹⁵" as "1015": set apart, "10 15"
    s.sub(_RAISED_DIGITS, lambda m: " " + unicodedata.normalize("NFKC", m.group(0)))
    s.fold_nfkc()
    s.sub(SLASH_FRACTION, slash_as_decimal)  # "1⁄2" typed with the fraction slash, "¹⁄₂"
    s.per_char(ascii_digits)
    s.per_char(lambda ch: ch.translate(_QUOTES))
    if _HAN.search(s.text):  # Chinese/Japanese numerals and units: "三十天" -> " 30 days "
        s.sub(HAN_RUN, lambda m: f" {han_value(m.group(0))} ")
        for pattern, half in _CJK_HALVES:
            s.sub(pattern, half)
        for pattern, unit in _CJK_UNITS:
            s.sub(pattern, rf" \1 {unit} ")
    s.sub(_SPACES, " ")
    s.sub(_TYPO, lambda m: _TYPOS[m.group(0).lower()])
    s.sub(_COMMA_THOUSANDS, lambda m: m.group(0).replace(",", ""))
    s.sub(_DOT_THOUSANDS, lambda m: m.group(0).replace(".", ""))
    s.sub(_DECIMAL_COMMA, r"\1.\2")
    s.sub(_GLUED_NUMBER_WORD, r"\1 ")
    s.sub(_APPROX_SUFFIX, r"\1 -\2")
    s.sub(_FOREIGN_ARTICLE, "1 ")
    s.rewrite(lambda t: words_to_digits(t, "en"))
    for lang, units in _LANG_UNITS:
        if units.search(s.text):
            s.rewrite(lambda t, lang=lang: words_to_digits(t, lang))  # type: ignore[misc]
    s.sub(_SLASH_FRACTION, _slash_fraction)
    s.sub(_AND_A_HALF, r"\1.5 \2")
    s.sub(_N_UNIT_AND_A_HALF, _and_a_half)
    s.sub(_SUM, _sum)
    s.sub(_UNIT_CORRECTION, r"\1 \3 \2 \1 \3")
    s.sub(_UNIT_AND_A_HALF, r"1.5 \1s")
    s.sub(_HALF_A, r"0.5 \1")
    s.sub(_FRACTION_OF_A, r"\1 \2")
    s.strip()


# A step that computes with a figure leaves a figure too long to have a value as written
# (MAX_FIGURE_DIGITS): the duration grammar then finds it and says it has none.


def _slash_fraction(m: re.Match[str]) -> str:
    """"1/2 day", "2 3/4 weeks" -> "0.5 day", "2.75 weeks"."""
    if not usable_digits(m.group(1) or "0"):
        return m.group(0)
    return format_number(int(m.group(1) or 0) + int(m.group(2)) / int(m.group(3))) + " "


def _and_a_half(m: re.Match[str]) -> str:
    """"2 weeks and a half" -> "2.5 weeks"."""
    if not usable_digits(m.group(1)):
        return m.group(0)
    return f"{format_number(float(m.group(1)) + 0.5)} {m.group(2)}"


def _sum(m: re.Match[str]) -> str:
    """"1 week + 1 week" -> "14 days": one figure, not two."""
    if not (usable_digits(m.group(1)) and usable_digits(m.group(3))):
        return m.group(0)
    total = days_in(float(m.group(1)), m.group(2)) + days_in(float(m.group(3)), m.group(4))
    return f"{format_number(total)} days"


class _Spelling:
    """A text being rewritten step by step, and (when tracked) for each of its characters the
    span ``[starts[i], ends[i])`` of the original text it came from.

    A regular-expression step maps each replacement to the span its match covered; a step
    that rewrites the whole text (text2num) is mapped by aligning the two texts, which is
    exact for what it does (number words replaced by digits, everything else unchanged)."""

    def __init__(self, text: str, *, track: bool) -> None:
        self.text = text
        self.track = track
        self.starts: list[int] = list(range(len(text))) if track else []
        self.ends: list[int] = list(range(1, len(text) + 1)) if track else []
        self.length = len(text)

    def _point(self, at: int) -> int:
        """The original position of the gap before character ``at``."""
        if at < len(self.starts):
            return self.starts[at]
        return self.ends[-1] if self.ends else 0

    def _span(self, a: int, b: int) -> tuple[int, int]:
        if a >= b:
            point = self._point(a)
            return point, point
        return min(self.starts[a:b]), max(self.ends[a:b])

    def _rebuild(self, pieces: list[tuple[int, int, str]], new: str) -> None:
        """Replace ``text[a:b]`` by ``out`` for each ``(a, b, out)`` (in order, disjoint)."""
        starts: list[int] = []
        ends: list[int] = []
        pos = 0
        for a, b, out in pieces:
            starts.extend(self.starts[pos:a])
            ends.extend(self.ends[pos:a])
            lo, hi = self._span(a, b)
            starts.extend([lo] * len(out))
            ends.extend([hi] * len(out))
            pos = b
        starts.extend(self.starts[pos:])
        ends.extend(self.ends[pos:])
        self.text, self.starts, self.ends = new, starts, ends

    def sub(self, pattern: re.Pattern[str], repl: str | Callable[[re.Match[str]], str]) -> None:
        """``pattern.sub(repl, text)``."""
        if not self.track:
            self.text = pattern.sub(repl, self.text)
            return
        pieces: list[tuple[int, int, str]] = []
        # A template without group references is the same text for every match.
        expand: Callable[[re.Match[str]], str] = (
            repl if callable(repl) else (lambda m: repl) if "\\" not in repl
            else (lambda m: m.expand(repl)))

        def record(m: re.Match[str]) -> str:
            out = expand(m)
            if out != m.group(0):  # a match replaced by itself maps as it was
                pieces.append((m.start(), m.end(), out))
            return out

        new = pattern.sub(record, self.text)
        if pieces:
            self._rebuild(pieces, new)

    def per_char(self, fn: Callable[[str], str]) -> None:
        """A rewrite that maps each character on its own (``fn(text)`` is the same as
        ``"".join(fn(ch) for ch in text)``)."""
        new = fn(self.text)
        if new == self.text:
            return
        if self.track:
            pieces = [(i, i + 1, out) for i, ch in enumerate(self.text) if (out := fn(ch)) != ch]
            self._rebuild(pieces, new)
        else:
            self.text = new

    def fold_nfkc(self) -> None:
        """NFKC of the whole text; mapped character by character when that gives the same
        text (it does unless characters compose across each other)."""
        whole = nfkc(self.text)
        if whole == self.text:
            return
        if self.track and "".join(nfkc(ch) for ch in self.text) == whole:
            self.per_char(lambda text: "".join(nfkc(ch) for ch in text))
        else:
            self.rewrite(lambda _: whole)

    def rewrite(self, fn: Callable[[str], str]) -> None:
        """A rewrite of the whole text, mapped by aligning the old text with the new."""
        new = fn(self.text)
        if new == self.text:
            return
        if not self.track:
            self.text = new
            return
        pieces = [(i1, i2, new[j1:j2]) for tag, i1, i2, j1, j2 in
                  SequenceMatcher(None, self.text, new, autojunk=False).get_opcodes()
                  if tag != "equal"]  # fmt: skip
        self._rebuild(pieces, new)

    def strip(self) -> None:
        """``str.strip``."""
        new = self.text.strip()
        if new == self.text:
            return
        if self.track:
            lead = len(self.text) - len(self.text.lstrip())
            self.starts = self.starts[lead: lead + len(new)]
            self.ends = self.ends[lead: lead + len(new)]
        self.text = new


__all__ = ["Normalised", "nfkc", "normalise", "normalise_with_positions"]
