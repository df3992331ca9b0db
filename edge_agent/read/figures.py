"""Figures in a debtor's message and whose they are.

Every stated duration is found by the shared grammar (:mod:`edge_agent.text.durations`, which
the guard uses too: digits after normalisation, number words, vague "a few", bare offers such
as "make it 35"), then given a role from its clause: the debtor's own proposal, a figure it
refuses (negation anywhere in the clause before it, or a refusal right after it), an echo of our
figure ("your offer of 14 days", "12 days?"), a number about something else (rent due in 3
days, back from hospital in 5 days, unemployed for two weeks, paid every two weeks), part of an
amount or instalment proposal ($100 a week, $5,000 in the first 10 days), or a change relative
to another figure ("a reduction of 10 days"). Only proposals can become the debtor's timeline.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from edge_agent.text.durations import MAX_DAYS, scan

_I = re.IGNORECASE

MONEY = re.compile(
    r"[$£€]\s?\d+(?:\.\d+)?k?|\b\d+(?:\.\d+)?\s?(?:k\b|dollars?|bucks|usd|pounds?|quid|euros?"
    r"|grand)\b|\b\d+(?:\.\d+)?\s?(?:%|percent|per\s?cent)|\bhalf\b|\b(?:a\s+)?(?:third|quarter)"
    r"\b|\binstal?l?ments?\b|\bpartial\s+payments?\b|\bpay(?:ing|ments?)?\s+(?:weekly|"
    r"monthly|biweekly|fortnightly)\b|\b(?:weekly|monthly|biweekly)\s+payments?\b|"
    r"\b\d{2,}\s+(?:a|per|each|every)\s+(?:day|week|month|fortnight)\b|"
    r"\b\d{2,}\s+(?:par|por|pro|al|cada|alla|ogni|per)\s+(?:mois|semaine|jour|mes|semana|d[ií]a|"
    r"monat|woche|tag|mese|settimana|maand)\b|"
    r"\b(?:send|pay|give|transfer|wire|put\s+down|deposit)\s+(?:you\s+)?\d+(?:\.\d+)?\b(?!\s*(?:\.\d|days?|weeks?|"
    r"months?|years?|fortnights?))|\b(?:part|some|a\s+bit|a\s+portion|portion|a\s+little)\s+of\s+"
    r"(?:it|the\s+(?:balance|debt|amount|money))\b",
    _I,
)
FULL_BALANCE = re.compile(
    r"\b(?:the\s+)?(?:full|whole|entire|total)\s+(?:balance|amount|debt|sum|thing)|"
    r"\bin\s+full\b|\bthe\s+(?:rest|remainder|remaining|balance)\b|\beverything\b|"
    r"\ball\s+of\s+(?:it|the\s+(?:balance|debt))|\bpay\s+(?:it|this|the\s+debt)\s+(?:all\s+)?off\b"
    r"|\bpaid\s+off\b|\bclear\s+(?:it|the\s+(?:balance|debt))\b",
    _I,
)
NEGATOR = re.compile(
    r"\b(?:not|never|no\s+way|nowhere\s+near|can'?t|cannot|can\s+not|couldn'?t|won'?t|"
    r"wouldn'?t|don'?t|doesn'?t|isn'?t|aren'?t|unable|impossible|refuse|reject|decline|"
    r"more\s+than|longer\s+than|beyond|neither|nor)\b|n't\b|\bno\b(?!\s+(?:problem|worries|"
    r"later|sooner|more\s+than))",
    _I,
)
REFUSED_AFTER = re.compile(
    r"^(?:\s+(?:for|pour|por|f[üu]r|to\s+(?:pay|repay|clear))\s+(?:the\s+|my\s+|a\s+)?"
    r"(?:[$£€]\s?)?[\d,.]+"
    r"\s*(?:k|dollars?|bucks|usd|pounds?|euros?|grand)?|\s+for\s+(?:the\s+|my\s+|this\s+)?"
    r"(?:whole\s+|full\s+|entire\s+)?(?:balance|debt|amount|sum|everything))?"
    r"[^.!?;]{0,14}?\b(?:is|are|'s|was|would\s+be|will\s+be|seems|sounds)?\s*"
    r"(?:impossible|not\s+(?:possible|enough|doable|realistic|feasible|going\s+to\s+work|"
    r"an\s+option)|too\s+(?:short|soon|tight|fast|little|quick)|isn'?t\s+(?:enough|possible|"
    r"doable|realistic|feasible)|won'?t\s+work|doesn'?t\s+work|not\s+gonna\s+work|out\s+of"
    r"\s+the\s+question|no\s+way|unrealistic|unreasonable|ridiculous|absurd|insane|a\s+joke|"
    r"laughable|not\s+happening|no\s+good|(?:n'est\s+)?pas\s+(?:possible|r[ée]aliste|faisable)|"
    r"irr[ée]aliste|no\s+es\s+(?:posible|realista|factible)|imposible|poco\s+realista|"
    r"(?:ist\s+|sind\s+)?(?:unm[öo]glich|unrealistisch|nicht\s+(?:m[öo]glich|machbar|"
    r"realistisch)))",
    _I,
)
"""A refusal right after the figure, in English, French, Spanish or German ("12 days for
$15,700 isn't realistic", "12 jours, ce n'est pas possible"): the figure may be followed by
what it would pay ("for 15,700 dollars", "for the whole balance") before the refusal."""
NOT_REFUSED = re.compile(
    r"(?:\bnot|n'?t|\bnever|\bhardly)\s+(?:(?:that|so|really|at\s+all|exactly)\s+)?"
    r"(?:impossible|unrealistic|unreasonable|ridiculous|absurd|insane|laughable|a\s+joke|"
    r"too\s+\w+|out\s+of\s+the|no\s+good|imposible|irr[ée]aliste|unm[öo]glich|unrealistisch)",
    _I,
)
"""A refusal word negated ("40 days is not unrealistic", "isn't too short"): no refusal."""
CONTRAST_AFTER = re.compile(r"\b(?:but|however|though|although|whereas|yet|instead)\b", _I)
"""Where a refusal after a figure stops applying to it: past a contrast, it is another one's."""
FLOOR_BEFORE = re.compile(
    r"\b(?:at\s+(?:the\s+)?least|(?:a\s+)?minimum(?:\s+of)?|no\s+(?:less|fewer|shorter)\s+"
    r"th[ae]n|not\s+(?:less|fewer)\s+th[ae]n|au\s+moins|au\s+minimum|al\s+menos|por\s+lo\s+menos|"
    r"como\s+m[íi]nimo|mindestens)\s*$",
    _I,
)
"""A lower bound the debtor states for its own timeline ("at least 50 days", "no fewer than
50 days"): a proposal of that figure, the debtor's floor (issue 21)."""
LESS_BEFORE = re.compile(
    r"\b(?:(?:any\s*thing|nothing)\s+)?(?:less|fewer|shorter|lower|under|below|moins|menos|"
    r"weniger)(?:\s+(?:than|then|de|que|als))?\s*$",
    _I,
)
""""less than 50 days", "moins de 50 jours", "menos de 50 días", "weniger als 50 Tage": with a
negation in the clause the debtor refuses anything shorter (a floor: "I can't do less than 50
days"); without one it wishes for fewer ("less than 50 days would be great"), naming no
figure of its own."""
FLOOR_AFTER = re.compile(
    r"^\s*(?:minimum|min\b|at\s+(?:the\s+)?(?:least|minimum)|or\s+(?:more|longer)|"
    r"au\s+(?:moins|minimum)|como\s+m[íi]nimo|mindestens)",
    _I,
)
FLOOR_NEGATION = re.compile(
    r"\b(?:not|never|no|nothing|can'?t|cannot|can\s+not|couldn'?t|won'?t|unable|impossible|"
    r"ne|pas|jamais|puedo\s+no|nunca|nicht|kein\w*|unm[öo]glich)\b|n't\b",
    _I,
)
ECHO_BEFORE = re.compile(
    r"\b(?:your|you(?:'ve|\s+have)?\s+(?:said|say|want|wanted|asked|ask|offer\w*|propos\w*|"
    r"mention\w*|gave|give|demand\w*|requir\w*|expect\w*)|offered|still\s+due|deadline|"
    r"you\s+guys|you\s+people|the\s+(?:offer|request|demand|deadline)|the\s+\d+\s+days\s+you)\b",
    _I,
)
OTHER_BEFORE = re.compile(
    r"\b(?:rent|mortgage|utilit\w+|bills?|hospital\w*|surgery|clinic|operation|treatment|"
    r"unemployed|out\s+of\s+work|jobless|laid\s+off|lost\s+my\s+job|fired|redundan\w+|sick|ill|"
    r"get(?:ting)?\s+paid|paid\s+(?:every|each|once|weekly|monthly|biweekly)|pay\s?(?:day|"
    r"check|cheque|cycle|period)|salary|wages?|pension|benefits|back\s+from|travel\w*|trip|"
    r"vacation|holiday|flight|moving|baby|born|since|ago|for\s+(?:the\s+)?(?:last|past)|"
    r"over\s+the\s+(?:last|past)|every|each|once\s+(?:a|every)|visa|court\s+date|exam|"
    r"funeral|notice|probation|contract\s+(?:ends|starts)|start\w*\s+(?:a\s+)?(?:new\s+)?job|"
    r"new\s+job|been\s+(?:\w+\s+){0,3}for|waiting|waited|in\s+the\s+last|behind|overdue|late|"
    r"took|appointment|refund|tax|bonus|inheritance|off\s+(?:work|sick)|sick\s+leave|"
    r"(?:money|cheque|check|loan|pension)\s+(?:comes|arrives)|get\s+my|"
    r"(?:call|ring|text|e-?mail|message|write|phone|get)(?:ing)?\s+(?:me\s+|you\s+)?back|"
    r"get\s+back\s+to\s+you|call\s+you|"
    r"talk\s+(?:again|later)|contact\s+(?:me\s+)?again|reply|respond|answer|"
    r"(?:last|other|previous|old|another|former)\s+(?:creditor|lender|bank|company|collector|"
    r"agency|card|loan)s?(?:\s+\w+){0,3})\b",
    _I,
)
OTHER_AFTER = re.compile(
    r"^\s*(?:ago|old|late|overdue|behind|back|in\s+(?:the\s+)?hospital|of\s+(?:unemployment|"
    r"work|sick|leave|notice|vacation|holiday|rehab|treatment)|straight|in\s+a\s+row|"
    r"without|since|from\s+now\s+i\s+(?:get|start)|until\s+(?:i|my)\s+(?:get|start)|"
    r"to\s+(?:think|decide|consider|look|check|talk|sleep|discuss|reflect|figure))\b",
    _I,
)
DELTA_BEFORE = re.compile(
    r"\b(?:reduc\w*|cut\w*|add(?:ing)?|extension|extend\w*|shorten\w*|lengthen\w*|an?\s+extra|"
    r"additional|another|further|increas\w*|decreas\w*|by)(?:\s+(?:of|by|it|the\s+\w+))?\s*$",
    _I,
)
STRONG_MARKER = re.compile(
    r"\b(?:i\s+(?:can|could|will|would|'ll|'d|need|want|propose|suggest|offer|ask\s+for)|"
    r"can\s+(?:pay|do|manage)|propos\w*|how\s+about|what\s+about|make\s+it|give\s+me|"
    r"suggest|settle|bring\w*|total|my\s+(?:offer|proposal|counter|best|limit)|counter|"
    r"could\s+we|can\s+we|can\s+i|let'?s|so|then|realistically)\b",
    _I,
)
"""A proposal marker strong enough to override a cue before it ("... 2 weeks, I can pay in
30 days") and to tell "could we do 12 days?" (a proposal) from "12 days?" (an echo)."""
MARKER_BEFORE = re.compile(
    r"\b(?:i\s+(?:can|could|will|would|'ll|'d|need|want|propose|suggest|offer|ask\s+for)|"
    r"propos\w*|how\s+about|what\s+about|make\s+it|give\s+me|need|suggest|settle|bring\w*|"
    r"total|my\s+(?:offer|proposal|counter|best|limit)|best\s+i\s+can|counter|instead|"
    r"manage|afford|commit|let'?s|maybe|perhaps|would\s+be|could\s+we|can\s+we|can\s+i|"
    r"to\s+\d*$|within\s*$|in\s*$)",
    _I,
)
CLAUSE_BREAK = re.compile(
    r"[.!?;\n]+|,\s*(?=(?:i|we|my|it|that|this|but|so|and|then|because|since|as|which|can|"
    r"could|would|will|how|what)\b)|"
    r"(?:^|(?<=[\s,]))(?:no|nope|ok|okay|well|look|sorry|yes|yeah)\s*,|"
    r"\b(?:but|however|though|although|yet|whereas|instead|actually|otherwise)\b",
    _I,
)
SPLIT_BEFORE = re.compile(r"\d[\u0300-\u036f\u1ab0-\u1aff\u20d0-\u20ff]*\s*$")
"""Digits right before a figure, with only space (or a combining mark) between: "1 000 days"
(a thousand, spaced), "4 5 days" (45, or a typo): the figure read after it is a guess."""
CORRECTION = re.compile(
    r"\b(?:actually|i\s+mean[t]?|sorry|correction|wait|scratch\s+that|make\s+that|"
    r"change\s+(?:that|it)\s+to|on\s+second\s+thought|rather|no,?\s+make\s+it|typo)\b",
    _I,
)


@dataclass
class Figure:
    """One stated duration and its role in the message."""

    low: int
    high: int
    start: int
    end: int
    role: str = "proposal"
    """proposal | refused | echo | other | amount | delta | invalid | bound."""
    vague: bool = False
    bare: bool = False
    marked: bool = False
    """A proposal marker precedes it ("I propose", "how about", "bringing the total to")."""
    strong: bool = False
    """A strong marker ("I can", "so", "bringing the total to") precedes it."""
    floor: bool = False
    """The debtor's lower bound ("at least 50 days", "I can't do less than 50 days")."""
    notes: list[str] = field(default_factory=list)

    @property
    def is_range(self) -> bool:
        return self.high != self.low


def clause_start(text: str, pos: int) -> int:
    """Where the clause holding ``pos`` starts (after a sentence end or a contrast word)."""
    start = 0
    for m in CLAUSE_BREAK.finditer(text, 0, pos):
        start = m.end()
    return start


def clause_end(text: str, pos: int) -> int:
    m = CLAUSE_BREAK.search(text, pos)
    return m.start() if m else len(text)


def find_figures(
    text: str, standing: int | None = None, balance: float | None = None
) -> list[Figure]:
    """Every duration in normalised ``text`` with its role; in order of appearance."""
    figures: list[Figure] = []
    for d in scan(text):
        fig = Figure(d.low, d.high, d.start, d.end, bare=d.bare)
        figures.append(fig)
        fig.vague = d.vague or d.approx
        if SPLIT_BEFORE.search(text, 0, d.start):  # "1 000 days", "4 5 days": which figure?
            fig.vague, fig.notes = True, ["a number split by a space: unclear which figure"]
        if d.bare:
            continue
        if d.modifier in ("business", "working"):
            fig.vague, fig.notes = True, ["business days: the calendar days are unclear"]
        if d.modifier in ("more", "extra", "additional", "further"):
            fig.role, fig.notes = "delta", ["relative to another figure"]
        if d.fraction:  # "2½ weeks" is 17.5 days: read as 18, and asked about
            fig.vague, fig.notes = True, ["not a whole number of days: rounded"]
        if d.negative:
            fig.role, fig.notes = "invalid", ["a negative figure"]
        elif not d.usable:
            fig.role, fig.notes = "invalid", ["a figure too long to be a timeline"]
        elif d.low < 1 and not d.fraction:
            fig.role, fig.notes = "invalid", ["zero days"]
        elif not d.valid and d.high <= MAX_DAYS:  # "½ day": not a timeline, nor 1 day
            fig.role, fig.notes = "invalid", ["less than a day"]
        elif d.high > MAX_DAYS:
            fig.role, fig.notes = "invalid", [f"beyond {MAX_DAYS} days"]
    for f in figures:
        if f.role == "proposal":
            _assign_role(text, f, standing, balance)
    return figures


def _segment_start(text: str, cs: int, pos: int) -> int:
    """Start of the comma/colon segment holding ``pos`` inside its clause: the scope of a
    negation or a topic cue ("So long as there is no penalty, 30 days")."""
    cut = max(text.rfind(",", cs, pos), text.rfind(":", cs, pos))
    return cut + 1 if cut >= 0 else cs


def _assign_role(text: str, f: Figure, standing: int | None, balance: float | None) -> None:
    cs, ce = clause_start(text, f.start), clause_end(text, f.end)
    ss = _segment_start(text, cs, f.start)
    before, after = text[ss:f.start], text[f.end:ce]
    near = text[max(ss, f.start - 45):f.start]
    f.marked = bool(MARKER_BEFORE.search(near))
    strong = f.strong = bool(STRONG_MARKER.search(near))
    other = _last(OTHER_BEFORE, near)
    if other is not None and STRONG_MARKER.search(near[other:]):
        other = None  # "I get paid in 7 days and can pay in full in 21 days"
    less = bool(LESS_BEFORE.search(near))
    f.floor = bool(FLOOR_BEFORE.search(near) or FLOOR_AFTER.search(after)) or (
        less and bool(FLOOR_NEGATION.search(text[cs:ce])))  # "I can't do less than 50 days"
    # A floor's negation refuses anything shorter, not the figure: it is no refusal of it.
    following = text[f.end:f.end + 70]
    if contrast := CONTRAST_AFTER.search(following):  # "40 days but 12 days is too short"
        following = following[:contrast.start()]
    refused_after = REFUSED_AFTER.search(following)
    if refused_after and NOT_REFUSED.search(refused_after.group(0)):
        refused_after = None  # "40 days is not unrealistic": a double negation accepts it
    negated = not f.floor and (NEGATOR.search(before) or refused_after)
    if less and not f.floor and not f.marked:
        # "less than 50 days would be great": fewer wished for, no figure of its own. With a
        # commitment ("I can pay in under 30 days") the figure is the debtor's own ceiling,
        # read as its proposal as before.
        f.role, f.notes = "bound", ["a bound, not a timeline: fewer than the figure"]
    elif negated:
        f.role = "refused"
    elif ECHO_BEFORE.search(text[cs:f.start]) and not (strong and not ECHO_BEFORE.search(before)):
        f.role = "refused" if NEGATOR.search(text[cs:ce]) else "echo"
    elif other is not None or OTHER_AFTER.search(after):
        f.role = "other"
    elif DELTA_BEFORE.search(text[max(cs, f.start - 25):f.start]):
        f.role = "delta"
    elif _amount_tied(text[cs:ce], balance):
        f.role = "amount"
    elif "?" in text[f.end:ce + 1] and standing is not None and f.low == standing == f.high \
            and not strong:
        f.role = "echo"  # "12 days?": our own figure, asked back


def _last(pattern: re.Pattern[str], text: str) -> int | None:
    """End of the last match of ``pattern`` in ``text``, or None."""
    end = None
    for m in pattern.finditer(text):
        end = m.end()
    return end


def _amount_tied(clause: str, balance: float | None) -> bool:
    """The figure's clause names a partial amount or an instalment, not the full balance."""
    amounts = [m.group(0) for m in MONEY.finditer(clause)]
    if not amounts or FULL_BALANCE.search(clause):
        return False
    return not all(is_balance(a, balance) for a in amounts)


def is_balance(amount: str, balance: float | None) -> bool:
    """The amount is the whole balance ("the full $15,700"), not a partial payment."""
    digits = re.sub(r"[^\d.]", "", amount)
    if balance is None or not digits or "%" in amount or "k" in amount.lower():
        return False
    try:
        return abs(float(digits) - balance) < 0.5
    except ValueError:
        return False
