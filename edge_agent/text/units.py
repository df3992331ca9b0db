"""Units of time: the one table of their names and their length in days.

Why a module of its own: normalisation needs the lengths ("1 week + 1 week" is spelled "14
days") and the duration grammar needs the names and lengths, while the grammar reads text
that normalisation has spelled; a table below both is what lets each be written once. It was
written three times before (the legacy parser, the reader's figures, the normaliser's sums),
which is how a reply's "4 wks" came to be a timeline for the reader and nothing for the guard.

A week is 7 days, a fortnight 14, a month 30 and a year 365: the figures a debtor means when it
says "two months", and the ones the policies negotiate in.
"""

from __future__ import annotations

import re

DAYS_PER_UNIT: dict[str, int] = {"day": 1, "week": 7, "fortnight": 14, "month": 30, "year": 365}

UNIT_WORDS: dict[str, str] = {
    "days": "day", "day": "day", "business days": "day", "working days": "day",
    "weeks": "week", "week": "week", "wk": "week", "fortnights": "fortnight",
    "fortnight": "fortnight", "months": "month", "month": "month", "mo": "month", "mos": "month",
    "years": "year", "year": "year", "yr": "year",
    "días": "day", "dias": "day", "día": "day", "dia": "day", "jours": "day", "jour": "day",
    "tage": "day", "tagen": "day", "tag": "day", "giorni": "day", "giorno": "day",
    "dagen": "day", "dag": "day",
    "semanas": "week", "semana": "week", "semaines": "week", "semaine": "week",
    "wochen": "week", "woche": "week", "settimane": "week", "settimana": "week",
    "weken": "week",
    "meses": "month", "mes": "month", "mois": "month", "monate": "month", "monaten": "month",
    "monat": "month", "mesi": "month", "mese": "month", "maanden": "month", "maand": "month",
    "quincena": "fortnight", "quinzaine": "fortnight",
    "años": "year", "año": "year", "ans": "year", "année": "year", "années": "year",
    "jahre": "year", "jahren": "year", "jahr": "year", "anni": "year", "anno": "year",
    "anos": "year", "ano": "year", "jaren": "year", "jaar": "year",
}  # fmt: skip
"""Every written form of a unit the grammar reads (English, its abbreviations, and the unit
words of the languages whose number words normalisation reads), and the unit it names."""

UNIT_PATTERN = "|".join(sorted((re.escape(u) for u in UNIT_WORDS), key=len, reverse=True))
"""A regular-expression alternation of :data:`UNIT_WORDS`, longest first."""

_ENGLISH = frozenset({"days", "day", "business days", "working days", "weeks", "week", "wk",
                      "fortnights", "fortnight", "months", "month", "mo", "mos", "years", "year",
                      "yr"})
FOREIGN_UNIT_PATTERN = "|".join(sorted((re.escape(u) for u in UNIT_WORDS if u not in _ENGLISH),
                                       key=len, reverse=True))
"""The unit words of the other languages only ("Monat", "mois", "semana"): after one, an
article of that language ("einen", "un", "una") is the figure one."""


def unit_of(word: str) -> str:
    """The unit a written form names ("wk" -> "week", "Working  days" -> "day")."""
    return UNIT_WORDS[re.sub(r"\s+", " ", word.lower())]


def days_in(count: float, unit: str) -> float:
    """``count`` units in days ("2 week" -> 14.0); ``unit`` a key of :data:`DAYS_PER_UNIT` or
    any written form ("weeks", "mo")."""
    key = unit if unit in DAYS_PER_UNIT else unit_of(unit)
    return count * DAYS_PER_UNIT[key]


__all__ = ["DAYS_PER_UNIT", "FOREIGN_UNIT_PATTERN", "UNIT_PATTERN", "UNIT_WORDS", "days_in",
           "unit_of"]
