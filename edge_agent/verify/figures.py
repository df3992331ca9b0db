"""The guard's figure checks: the one timeline a reply states, the balance, and nothing else.

A decision fixes exactly two figures a reply may state: the decided days (for an opening,
counter, confirmation or acceptance) and the scenario's balance. So the checks here are:
the stated days and money match the decision and the ledger; the terms are stated once;
no date or partial amount is invented; and no other figure appears, in any script, language
or disguise ("twen-ty", "XV days", "a dozen more"). The figures are read with the functions
of :mod:`edge_agent.text`, so the guard reads numbers as the rest of the agent does.
"""

from __future__ import annotations

import re

from edge_agent.text.durations import find_durations, without_durations
from edge_agent.text.numbers import ascii_numbers, non_ascii_figures
from edge_agent.verify.context import GuardInput, Violation
from edge_core import Action, Decision, Tactic

_I = re.IGNORECASE

STATES_DAYS = (Action.OPEN, Action.COUNTER, Action.ACCEPT, Action.CONFIRM)
"""The actions whose reply must state the decided days."""

IDIOMS = re.compile(
    r"\b(?:(?:the\s+)?(?:last|past)\s+(?:few|couple(?:\s+of)?|several|many)\s+(?:days|weeks|"
    r"months|years)|one\s+day\s+at\s+a\s+time|(?:seven|7)\s+days\s+a\s+week|24\s*/\s*7|"
    r"twenty-four\s+hours\s+a\s+day|(?:good|nice|great|lovely|happy)\s+(?:monday|tuesday|"
    r"wednesday|thursday|friday|saturday|sunday|weekend))\b", _I)
"""Time phrases that state no offered timeline (empathy about the past, availability):
replaced by a neutral word before any rule reads the text, so the figure and date checks do
not count them."""

MONEY = re.compile(r"(?:[$£€]\s?\d[\d,]*(?:\.\d+)?|\b\d[\d,]*(?:\.\d+)?\s?(?:dollars|usd)\b)",
                   _I)
# The one timeline a reply states is a number of days; dates and partial amounts are never
# decided, so a reply that names them is inventing terms.
_DATE = re.compile(
    r"\b(?:monday|tuesday|wednesday|thursday|friday|saturday|sunday|january|february|march|"
    r"april|june|july|august|september|october|november|december|tomorrow|(?:next|this|the)\s+"
    r"(?:week|weekend|month|year)|weekends?|christmas|xmas|easter|thanksgiving|new\s+year|"
    r"(?:the\s+)?holidays|noon|midday|midnight|(?:year|month|week)[- ]end|end\s+of\s+(?:the\s+)?"
    r"(?:day|week|month|year|quarter)|(?:by|in|of|until|before|after|from)\s+may|may\s+\d|"
    r"\d{1,2}/\d{1,2}(?:/\d{2,4})?|\d{4}-\d{2}-\d{2})\b",
    _I,
)
_PARTIAL = re.compile(
    r"[¼½¾⅓⅔⅛⅜⅝⅞]|\d\s*⁄\s*\d|\b\d+(?:\.\d+)?\s?%|\bper\s?cent\b|\bhalf\b|"
    r"\b(?:a|one|two)\s+(?:thirds?|quarters?|fifths?)\b(?!\s+(?:party|parties|time|way|option))",
    _I)

# Quantities a reply never states: the one timeline is a number of days, in digits.
_VAGUE = re.compile(
    r"\b(?:dozens?|a\s+score\s+of|scores\s+of|twice|double(?![\s-]+check)|triple|treble|"
    r"quadruple|\w+fold|(?:a|one|two|three|few|couple|\d+)\s+grand|decades?|century|centuries|"
    r"semesters?|umpteen|a\s+fortnight|(?:several|many|a\s+number\s+of|another|a\s+few|"
    r"a\s+couple(?:\s+of)?|extra|additional)\s+(?:more\s+)?(?:days|weeks?|months?|years?|"
    r"fortnights?)|(?:some|more)\s+(?:weeks|months|years)|another\s+day|(?:fourth|fifth|sixth|seventh|"
    r"eighth|ninth|tenth|eleventh|twelfth|\w+teenth|\w+tieth))\b", _I)
_ROMAN = re.compile(r"\b(?=[MDCLXVI]{1,8}\b)M{0,3}(?:CM|CD|D?C{0,3})(?:XC|XL|L?X{0,3})"
                    r"(?:IX|IV|V?I{0,3})\s+(?:more\s+)?(?:days?|weeks?|months?|years?)\b")
_NUMBER_PART = (r"(?:zero|one|two|three|four|five|six|seven|eight|nine|ten|eleven|twelve|"
                r"thirteen|fourteen|fifteen|sixteen|seventeen|eighteen|nineteen|twenty|thirty|"
                r"forty|fifty|sixty|seventy|eighty|ninety|hundred|thousand)")
_OBFUSCATED = re.compile(r"^(?:" + _NUMBER_PART + r"{2,}|" + _NUMBER_PART
                         + r"+(?:ish|odd|some|something))$", _I)
"""A number word run together or approximated ("twentyfive", "fortyish", "sixty-odd",
"fifty-some"): text2num reads none of them, so no other check sees the figure."""
_SPACED = re.compile(r"(?<!\w)(?:[a-z][ .-]){2,}[a-z](?!\w)", _I)
_DIGIT_WORDS = r"(?:zero|oh|one|two|three|four|five|six|seven|eight|nine)"
_SPELLED_DIGITS = re.compile(r"\b" + _DIGIT_WORDS + r"(?:-" + _DIGIT_WORDS + r")+\b", _I)

# A second amount that adds to the balance ("plus $X in interest", "another $X later").
_ADDED_BEFORE = re.compile(r"\b(?:plus|another|additional|extra|more|also|then|and|again|"
                           r"with|including|add(?:ing|ed)?)\s+(?:an?\s+|the\s+)?$", _I)
_ADDED_AFTER = re.compile(r"\s*(?:more|extra|again|later|each|per|every|a\s+(?:day|week|month)|"
                          r"(?:in|of|for|as)\s+(?:the\s+)?(?:interest|fees?|charges?|costs?))\b",
                          _I)


def planned_figures(decision: Decision) -> tuple[tuple[str, str], ...]:
    """The figures a decision adds beyond the days and the balance, as replies write them,
    each with the neutral words that replace it before the checks read the text: the monthly
    amount the debtor offered and the months it takes (``reason["instalment"]``, computed by
    :func:`edge_agent.decide.with_instalment`). Exactly these spellings pass; a model that
    writes another amount or another number of months is still refused."""
    found = decision.reason.get("instalment") if isinstance(decision.reason, dict) else None
    if decision.action not in (Action.COUNTER, Action.CONFIRM) or not isinstance(found, dict):
        return ()
    monthly, months = found.get("monthly"), found.get("months")
    if not isinstance(monthly, int | float) or isinstance(monthly, bool) or monthly <= 0 \
            or not isinstance(months, int) or isinstance(months, bool) or months < 1:
        return ()
    return ((f"${monthly:,.2f} a month", "that amount each time"),
            (f"{months} months", "that long"))


_SENTENCE = re.compile(r"(?:[^.!?\n]|\.(?=\d))+[.!?]*")
_RATE_ONLY = re.compile(r"\bwould\b", _I)
"""The plan states the arithmetic as a conditional (:data:`edge_agent.plan.instalment.RATE`)."""
_COMMITS = re.compile(r"\b(?:within|agree\w*|accept\w*|offer\w*|deal|settle\w*|fine|ok(?:ay)?|"
                      r"can|could|may|allow\w*|give|grant\w*|extend\w*|approve\w*|let)\b", _I)
"""Words that would turn the arithmetic into terms ("you can take 40 months")."""


def mask_planned(text: str, decision: Decision) -> str:
    """``text`` with the decision's planned figures (:func:`planned_figures`) replaced, only
    inside a sentence that states the arithmetic: one holding both figures as a conditional
    ("$400.00 a month would repay ... in 40 months") and nothing that commits to them.
    Masked anywhere, "40 months" would let "repay within 40 months" (twenty times the
    mandate) or "we accept $400.00 a month" pass the checks unread."""
    planned = planned_figures(decision)
    if not planned:
        return text
    patterns = [(re.compile(r"(?<![\w$.,])" + re.escape(figure) + r"(?![\w.,]\d)"), neutral)
                for figure, neutral in planned]

    def masked(found: re.Match[str]) -> str:
        sentence = found.group(0)
        if not all(p.search(sentence) for p, _ in patterns) or not _RATE_ONLY.search(sentence) \
                or _COMMITS.search(sentence):
            return sentence
        for p, neutral in patterns:
            sentence = p.sub(neutral, sentence)
        return sentence

    return _SENTENCE.sub(masked, text)


def _expected_days(g: GuardInput) -> int | None:
    return g.decision.stated_days if g.decision.action in STATES_DAYS else None


def check_quantities(g: GuardInput) -> list[Violation]:
    """Figures a number parser does not read: quantity words, Roman numerals, number words
    split, hyphenated or run together ("twen-ty", "twentyfive", "f o r t y")."""
    found = []
    for pattern in (_VAGUE, _ROMAN, _SPACED, _SPELLED_DIGITS):
        if m := pattern.search(g.text):
            found.append(Violation("stray_figure", f"{m.group(0)!r} (a figure in disguise)"))
    for token in re.findall(r"[A-Za-z][A-Za-z-]*[A-Za-z]", g.text):
        joined = token.replace("-", "")
        plain = "-" in token and all(re.fullmatch(_NUMBER_PART, p, _I) for p in token.split("-"))
        if (_OBFUSCATED.match(joined) and not plain) or ("-" in token and not plain
                                                      and re.fullmatch(_NUMBER_PART, joined, _I)):
            found.append(Violation("stray_figure", f"{token!r} (a number word in disguise)"))
            break
    return found


def check_repeated_terms(g: GuardInput) -> list[Violation]:
    """The code places the terms once: a second duration ("15 days now and another 15 days
    later") or a further amount ("plus $15,700.00 in interest") changes them even when each
    figure is the decided one."""
    found = []
    if len(find_durations(g.text)) > 1:
        found.append(Violation("repeated_terms", "states a timeline more than once"))
    amounts = list(MONEY.finditer(g.text))
    for m in amounts if len(amounts) > 1 else ():
        # The template may name the balance twice (answering "why is the balance so high");
        # a second amount that adds to it ("plus $X in interest", "another $X later") may not.
        before, after = g.text[max(0, m.start() - 30): m.start()], g.text[m.end(): m.end() + 30]
        if _ADDED_BEFORE.search(before) or _ADDED_AFTER.match(after):
            found.append(Violation("repeated_terms", f"{m.group(0)} is stated as a further "
                                                     f"amount"))
            break
    return found


def check_days_and_money(g: GuardInput) -> list[Violation]:
    """Every stated duration is the decided days (and one is stated when the decision has
    them); every amount is well formed and is the balance (none at all in a crisis reply)."""
    found: list[Violation] = []
    expected = _expected_days(g)
    stated = find_durations(g.text)
    for d in stated:
        if expected is None or not d.exact or d.low != expected or d.high != expected:
            found.append(Violation("days_mismatch", f"states {d.stated()} days; the decision "
                                                    f"is {expected}"))
    if expected is not None and not stated:
        found.append(Violation("days_missing", f"must state the decided {expected} days"))
    balance = g.scenario.balance
    for m in MONEY.finditer(g.text):
        digits = re.sub(r"^[$£€]\s?|\s?(?:dollars|usd)$", "", m.group(0), flags=_I)
        if not re.fullmatch(r"\d{1,3}(?:,\d{3})*(?:\.\d{2})?|\d+(?:\.\d{2})?", digits):
            found.append(Violation("amount_mismatch", f"{m.group(0)!r} is not a well-formed "
                                                      f"amount"))
            continue
        value = float(re.sub(r"[^\d.]", "", m.group(0)) or "nan")
        if g.decision.tactic == Tactic.CRISIS or abs(value - balance) > 0.005:
            found.append(Violation("amount_mismatch", f"states {m.group(0)}; the balance is "
                                                      f"{balance}"))
    return found


def check_invented_terms(g: GuardInput) -> list[Violation]:
    """Dates and partial amounts: terms no decision makes."""
    found = []
    if m := _DATE.search(g.text):
        found.append(Violation("invented_terms", f"names a date {m.group(0)!r}"))
    if m := _PARTIAL.search(g.text):
        found.append(Violation("invented_terms", f"names a partial amount {m.group(0)!r}"))
    return found


def check_stray_figures(g: GuardInput) -> list[Violation]:
    """Any figure, in any script or language, that is not the decided days or the balance."""
    d, found = g.decision, []
    expected = _expected_days(g)
    for fig in non_ascii_figures(g.text):
        if fig.kind == "number_word" and expected is not None and fig.value == expected:
            continue  # the decided figure spelled out: the days check reads it
        found.append(Violation("stray_figure", f"{fig.text!r} ({fig.kind.replace('_', ' ')})"))
    rest = g.text
    if d.tactic == Tactic.CRISIS and g.jurisdiction.crisis_line:
        rest = rest.replace(g.jurisdiction.crisis_line, " ")  # the crisis line's numbers
    rest = MONEY.sub(" ", rest)  # money figures are the amount check's
    rest = without_durations(rest)  # stated durations are the days check's
    for number, _, _ in ascii_numbers(rest):
        found.append(Violation("stray_figure", f"{number!r} is neither the decided days nor "
                                               f"the balance"))
    return found
