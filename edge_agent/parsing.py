"""Debtor move parsing: from a debtor's message to a structured :class:`DebtorMove`.

Rule-based on purpose: the parse decides money, so it must be predictable, explainable and
fast. It finds durations (digits or number words with days, weeks or months; ranges such as
"60-90 days" or "between 60 and 90 days"), decides whether each one is proposed or refused
("I can't do 30 days", "30 days is impossible"), and otherwise looks for acceptance, refusal
and questions. Weeks count 7 days, a fortnight 14 and a month 30. The same duration finder
serves the compliance guard, which checks the figures our own replies state. A year counts
365 days.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from edge_core import DebtorMove, MoveKind

DAYS_PER_UNIT = {"day": 1, "week": 7, "fortnight": 14, "month": 30, "year": 365}
MAX_DAYS_PARSED = 3650

_UNITS = {
    "zero": 0, "one": 1, "two": 2, "three": 3, "four": 4, "five": 5, "six": 6, "seven": 7,
    "eight": 8, "nine": 9, "ten": 10, "eleven": 11, "twelve": 12, "thirteen": 13,
    "fourteen": 14, "fifteen": 15, "sixteen": 16, "seventeen": 17, "eighteen": 18,
    "nineteen": 19,
}  # fmt: skip
_TENS = {
    "twenty": 20, "thirty": 30, "forty": 40, "fourty": 40, "fifty": 50, "sixty": 60,
    "seventy": 70, "eighty": 80, "ninety": 90,
}  # fmt: skip
_VAGUE = {"a": 1, "an": 1, "a couple of": 2, "couple of": 2, "a couple": 2, "a few": 3, "few": 3}

_UNIT_WORD = "|".join(sorted(_UNITS, key=len, reverse=True))
_TENS_WORD = "|".join(_TENS)
_WORD_NUM = (
    rf"(?:(?:(?:a|one)\s+)?hundred(?:\s+and)?\s+)?"
    rf"(?:(?:{_TENS_WORD})(?:[\s-]+(?:{_UNIT_WORD}))?|{_UNIT_WORD})"
    rf"|(?:a|one)\s+hundred"
)
_NUM = (
    rf"(?:\d{{1,4}}(?:\.\d+)?|{_WORD_NUM}"
    r"|a\s+couple\s+of|couple\s+of|a\s+couple|a\s+few|few|an?)"
)
_UNIT = r"(?P<unit>days?|weeks?|fortnights?|months?|years?)\b"
_DURATION = re.compile(
    rf"(?<![\w$£€.])(?:between\s+)?(?P<low>{_NUM})"
    rf"(?:\s*(?:-|–|—|to|or|and)\s*(?P<high>{_NUM}))?"
    rf"\s*-?\s*(?:more\s+|extra\s+|additional\s+|business\s+|calendar\s+)?{_UNIT}",
    re.IGNORECASE,
)
_BARE_OFFER = re.compile(
    rf"\b(?:how\s+about|what\s+about|make\s+it|can\s+do|could\s+do|can\s+manage|"
    rf"i\s+offer|i\s+propose|i'?ll\s+do|settle\s+(?:for|on)|meet\s+(?:me\s+)?at)\s+"
    rf"(?P<low>\d{{1,4}}|{_WORD_NUM})\b"
    rf"(?![.,]?\d|\s*(?:%|percent|dollars?|usd|bucks|k\b|(?:more\s+|extra\s+)?"
    rf"(?:days?|weeks?|fortnights?|months?|years?|hours?|minutes?)\b))",
    re.IGNORECASE,
)

_NEG_BEFORE = re.compile(
    r"(?:\b(?:can'?t|cannot|can\s+not|couldn'?t|won'?t|wouldn'?t|not|never|no\s+way|unable|"
    r"impossible|don'?t|isn'?t|refuse|reject|more\s+than|longer\s+than|beyond|over)\b"
    r"|n't\b)[^.!?;,]{0,30}$",
    re.IGNORECASE,
)
_NEG_AFTER = re.compile(
    r"^[^.!?;]{0,12}\b(?:is|are|'s|was|would\s+be|will\s+be|seems)?\s*"
    r"(?:impossible|not\s+(?:possible|enough|doable|realistic|feasible|going\s+to\s+work)|"
    r"too\s+(?:short|soon|tight|fast|little)|isn'?t\s+(?:enough|possible|doable|realistic)|"
    r"won'?t\s+work|doesn'?t\s+work|not\s+gonna\s+work|out\s+of\s+the\s+question|"
    r"no\s+way|unrealistic|unreasonable|ridiculous|a\s+joke)",
    re.IGNORECASE,
)
_ACCEPT = re.compile(
    r"\b(?:deal|agreed?|i\s+accept|accept(?:ed)?|that\s+works|this\s+works|it\s+works|"
    r"works\s+for\s+me|sounds\s+(?:good|fair|fine|great|ok|okay|reasonable)|ok(?:ay)?|fine|"
    r"alright|all\s+right|let'?s\s+do\s+(?:it|that|this)|yes|yeah|yep|sure|i'?ll\s+take\s+it|"
    r"i\s+can\s+live\s+with\s+that|that'?s\s+fair|go\s+ahead|count\s+me\s+in)\b",
    re.IGNORECASE,
)
_STRONG_ACCEPT = re.compile(
    r"\b(?:deal|agreed?|i\s+accept|accept(?:ed)?|works\s+for\s+me|that\s+works|i'?ll\s+take\s+it|"
    r"let'?s\s+do\s+(?:it|that|this)|sounds\s+good)\b",
    re.IGNORECASE,
)
_NEG_ACCEPT = re.compile(
    r"\b(?:no\s+deal|not\s+(?:a\s+)?deal|not\s+agreed?|(?:don'?t|do\s+not|can'?t|cannot|won'?t|"
    r"will\s+not|never)\s+(?:accept|agree)|disagree|not\s+ok(?:ay)?|not\s+fine|"
    r"(?:doesn'?t|does\s+not|won'?t|will\s+not|not\s+gonna)\s+work|not\s+good|not\s+fair|"
    r"not\s+acceptable|unacceptable|no\s+agreement)\b",
    re.IGNORECASE,
)
_CONTRAST = re.compile(r"\b(?:but|however|instead|rather|only\s+if|unless|need|needs)\b", re.I)
_REFUSE = re.compile(
    r"(?:^\s*no\b|\bnope\b|\bnot\s+possible\b|\bimpossible\b|\bcan'?t\b|\bcannot\b|\bwon'?t\b|"
    r"\brefuse\b|\bnot\s+going\s+to\b|\bno\s+way\b|\bforget\s+it\b|\bnot\s+enough\b|"
    r"\bnot\s+happening\b|\bnever\b)",
    re.IGNORECASE,
)
_STOP = re.compile(
    r"\b(?:stop\s+(?:contacting|calling|messaging|texting|emailing|writing\s+to)\s+me|"
    r"(?:do\s+not|don'?t|never)\s+(?:contact|call|message|text|email)\s+me(?:\s+again)?|"
    r"cease\s+(?:all\s+)?(?:contact|communication)|leave\s+me\s+alone\s+for\s+good|"
    r"(?:contact|talk\s+to|speak\s+to|deal\s+with|go\s+through|write\s+to)\s+my\s+"
    r"(?:attorney|lawyer|solicitor|legal\s+representative)|"
    r"i\s*(?:'m|\s+am)\s+represented\s+by|my\s+(?:attorney|lawyer|solicitor)\s+"
    r"(?:is\s+handling|handles|will\s+handle|represents\s+me))\b",
    re.IGNORECASE,
)
_QUESTION = re.compile(
    r"\?|^\s*(?:what|why|how|when|where|who|which|can\s+you|could\s+you|would\s+you|"
    r"will\s+you|is\s+there|are\s+there|do\s+you|does|is\s+it)\b",
    re.IGNORECASE,
)


@dataclass(frozen=True, slots=True)
class Duration:
    """A stated timeline: ``low``..``high`` days (equal unless a range), and where it was."""

    low: int
    high: int
    start: int
    end: int
    negated: bool = False


def words_to_number(text: str) -> float | None:
    """Value of a digit string or an English number phrase ("forty-five", "a hundred and
    twenty", "a couple of", "1.5"); None if it is not one."""
    t = re.sub(r"\s+", " ", text.strip().lower().replace("-", " "))
    if not t:
        return None
    if re.fullmatch(r"\d+(?:\.\d+)?", t):
        return float(t) if "." in t else int(t)
    if t in _VAGUE:
        return _VAGUE[t]
    total = 0
    words = [w for w in t.split(" ") if w != "and"]
    if words and words[0] in ("a", "one") and len(words) > 1 and words[1] == "hundred":
        words = words[1:]
    for w in words:
        if w == "hundred":
            total = max(total, 1) * 100
        elif w in _TENS:
            total += _TENS[w]
        elif w in _UNITS:
            total += _UNITS[w]
        else:
            return None
    return total


def find_durations(text: str) -> list[Duration]:
    """Every duration stated in ``text``, in order, with whether it is negated."""
    found: list[Duration] = []
    prev_end = 0
    for m in _DURATION.finditer(text):
        per = DAYS_PER_UNIT[m.group("unit").lower().rstrip("s")]
        low = words_to_number(m.group("low"))
        high = words_to_number(m.group("high")) if m.group("high") else low
        if low is None or high is None:
            continue
        low, high = sorted((round(low * per), round(high * per)))
        if low < 1 or high > MAX_DAYS_PARSED:
            continue
        negated = _negated(text, max(prev_end, m.start() - 40), m.start(), m.end())
        found.append(Duration(low, high, m.start(), m.end(), negated))
        prev_end = m.end()
    for m in _BARE_OFFER.finditer(text):
        if any(d.start <= m.start("low") < d.end for d in found):
            continue
        number = words_to_number(m.group("low"))
        if number is None or not 1 <= number <= 365:
            continue
        value = round(number)
        found.append(Duration(value, value, m.start("low"), m.end(), False))
    found.sort(key=lambda d: d.start)
    return found


_SCOPE_BREAK = re.compile(r"\b(?:but|however|though|although|instead|yet|whereas)\b", re.I)


def _negated(text: str, window_start: int, start: int, end: int) -> bool:
    """A negator before the figure (in the same clause, after any earlier figure and any
    contrast word such as "but"), or a refusal right after it ("30 days is impossible")."""
    before = _SCOPE_BREAK.split(text[window_start:start])[-1]
    after = text[end : end + 40]
    return bool(_NEG_BEFORE.search(before) or _NEG_AFTER.search(after))


def parse_move(text: str) -> DebtorMove:
    """Parse a debtor message. Never raises: unparseable text is ``MoveKind.NONE``.

    A request to stop contact, or to deal only through the debtor's attorney, outranks
    everything else in the message: the law requires us to honour it.
    """
    if _STOP.search(text):
        return DebtorMove(MoveKind.STOP)
    durations = find_durations(text)
    proposed = [d for d in durations if not d.negated]
    refused = [d for d in durations if d.negated]
    rejected_days = refused[0].low if refused else None
    if proposed:
        first = proposed[0]
        high = max(d.high for d in proposed)
        kind = MoveKind.PROPOSE
        if (
            _STRONG_ACCEPT.search(text)
            and not _NEG_ACCEPT.search(text)
            and not _CONTRAST.search(text)
            and len(proposed) == 1
            and first.low == first.high
        ):
            kind = MoveKind.ACCEPT
        return DebtorMove(
            kind,
            days=first.low,
            days_high=high if high != first.low else None,
            rejected_days=rejected_days,
        )
    if refused or _NEG_ACCEPT.search(text):
        return DebtorMove(MoveKind.REJECT, rejected_days=rejected_days)
    if _ACCEPT.search(text) and not _QUESTION.search(text) and not _REFUSE.search(text):
        return DebtorMove(MoveKind.ACCEPT)
    if _REFUSE.search(text):
        return DebtorMove(MoveKind.REJECT)
    if _QUESTION.search(text):
        return DebtorMove(MoveKind.QUESTION)
    return DebtorMove(MoveKind.NONE)
