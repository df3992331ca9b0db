"""What a free LLM debtor's draft may not do, beyond carrying the planned move.

:class:`sims.free_debtor.FreeLlmDebtor` keeps a draft only if the agent's reader reads the
planned move in it. The reader looks for *a* proposal, so it kept drafts that carry the move
and also break the plan (docs/headline.md, "Debtor voiced"): drafts naming figures the plan
never gave ("My accountant sent me $12,000 ... I need 109 days"), drafts that narrate a scene
instead of speaking ('"86 days," the collector replied.'), and drafts that recite the
instruction ("You need 159 days, and there are no other numbers."). Each check here names
what it found, so the debtor's next ask can say what to change.

**What counts as a number** (the plan says "mention no other number"):

- every figure written in digits of any script ("$12,000", "15th", "24/7", "100%", "2019",
  "12-day", "\u0664\u0660", full-width "\uff14\uff10"), other than the planned days (and, for an
  acceptance, the offer's days);
- every amount or share, in digits or words, whatever its value ("$45", "45k", "fifty bucks",
  "five grand", "ninety-nine dollars"): a planned 45 days does not allow "$45";
- every duration, in digits or words ("a week", "two months", "thirty days"), whose days are
  not the planned days: the creditor's reader may take it for the proposal. A vague one
  ("a few more days") is not a figure;
- a number in words that is 100 or more ("five thousand dollars", "a hundred percent"),
  also in Han numerals ("\u4e09\u767e").

Not a number: a small count of things in words ("two kids", "one more chance", "three
trucks"), a month or weekday ("since March"), "a" or "an" alone. A debtor's life has such
counts; they cannot be read as a timeline or an amount.
"""

from __future__ import annotations

import re
from collections.abc import Collection

from edge_agent.text.durations import find_durations
from edge_agent.text.numbers import (
    ascii_digits,
    ascii_numbers,
    han_numerals,
    han_value,
    number_words,
    words_to_digits,
)

WORD_NUMBER_LIMIT = 100
"""A number in words from this value up is a figure (an amount, a year, a percentage)."""

_AMOUNT = re.compile(
    r"[$\u20ac\u00a3\u00a5\u20b9]\s*\d+(?:[.,]\d+)*(?:\s*[kKmM]\b)?"
    r"|\b\d+(?:[.,]\d+)*\s*(?:k|m|grand|bucks?|dollars?|euros?|pounds?|quid|cents?|"
    r"percent|per cent|%|usd|eur|gbp)(?!\w)",
    re.IGNORECASE,
)
"""A number with a currency or a multiplier beside it: an amount, never the planned days."""


def other_numbers(draft: str, allowed: Collection[int]) -> list[str]:
    """The figures in ``draft`` that are not one of the ``allowed`` days, as written."""
    found: list[str] = []
    spans: list[tuple[int, int]] = []
    for d in find_durations(draft):
        if d.vague:
            continue
        if d.low == d.high and d.low in allowed and d.exact:
            spans.append((d.start, d.end))
            continue
        found.append(draft[d.start : d.end])
        spans.append((d.start, d.end))
    # other scripts' digits read as ASCII, one character for one, so spans still match
    for text, start, end in ascii_numbers(ascii_digits(draft)):
        if any(a <= start < b for a, b in spans):
            continue
        digits = text.replace(",", "").replace(" ", "")
        if not (digits.isdigit() and int(digits) in allowed):
            found.append(draft[start:end])
    for n in number_words(draft):
        if n.value is not None and n.value >= WORD_NUMBER_LIMIT and int(n.value) not in allowed:
            found.append(n.text)
    for han in han_numerals(draft):
        value = han_value(han.text)
        if value >= WORD_NUMBER_LIMIT and value not in allowed:
            found.append(han.text)
    # an amount whose number is not named yet (its number may equal the planned days)
    named = {_number(f) for f in found}
    for m in _AMOUNT.finditer(words_to_digits(ascii_digits(draft), "en")):
        if _number(m.group(0)) not in named:
            named.add(_number(m.group(0)))
            found.append(m.group(0))
    return found


def _number(text: str) -> str:
    """The first number in ``text`` as plain ASCII digits ("$12,000" and "12,000": "12000")."""
    m = re.search(r"\d+(?:[.,]\d+)*", ascii_digits(text))
    return m.group(0).replace(",", "") if m else text


_SPEECH_VERB = (r"(?:said|says|replied|replies|wrote|writes|asked|asks|answered|answers|"
                r"responded|responds|added|adds|sighed|sighs|snapped|snaps|continued|insisted)")
_QUOTE = "\"\u201c\u201d\u00ab\u00bb\u201e\u300c\u300d"
_SINGLE = "'\u2018\u2019"
_NARRATION = [
    # the other side named in the third person: the debtor speaks *to* the collector
    re.compile(r"\bthe (?:collector|creditor|collection agent|agent)\b", re.IGNORECASE),
    # the debtor named in the third person ("The owner sighed.")
    re.compile(r"\bthe (?:business )?(?:owner|debtor)\b", re.IGNORECASE),
    # a quotation with a speech verb beside it: a scene, not a message
    re.compile(rf"[{_QUOTE}][^{_QUOTE}]*[{_QUOTE}]\s*,?\s*(?:\w+\s+){{0,2}}{_SPEECH_VERB}\b",
               re.IGNORECASE),
    re.compile(rf"\b{_SPEECH_VERB},?\s*[{_QUOTE}]", re.IGNORECASE),
    # the same in single quotes, opened at a word's start (not "can't")
    re.compile(rf"(?:^|(?<=\s))[{_SINGLE}][^\n]*?[{_SINGLE}]\s*,?\s*(?:\w+\s+){{0,2}}"
               rf"{_SPEECH_VERB}\b", re.IGNORECASE),
    # a quotation closed but never opened (the draft began inside it), then a speech verb
    re.compile(rf"^[^{_QUOTE}]*[{_QUOTE}]\s*,?\s*(?:\w+\s+){{0,2}}{_SPEECH_VERB}\b",
               re.IGNORECASE),
]


def narrates(draft: str) -> str | None:
    """The narration in ``draft`` (third person, or a quoted line with a speech verb), or
    None when it is the debtor speaking."""
    for pattern in _NARRATION:
        m = pattern.search(draft)
        if m:
            return m.group(0)
    return None


def recites(draft: str, days: int | None) -> str | None:
    """The instruction recited back ("You need 159 days", "no other numbers", "say that"),
    or None. A debtor says "I need"; "you need N days" is the plan addressed to it."""
    patterns = [r"\bno other numbers?\b", r"\bsay that\b", r"\bname no numbers?\b",
                r"\bmention no\b"]  # fmt: skip
    if days is not None:
        patterns.append(rf"\byou\s+need\s+{days}\s+days\b")
    for p in patterns:
        m = re.search(p, draft, re.IGNORECASE)
        if m:
            return m.group(0)
    return None
