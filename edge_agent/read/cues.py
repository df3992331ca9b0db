"""Negotiation cues in a debtor's words: claims the agent cannot verify in the dialogue.

Cues feed the strategic-distress signal (:mod:`policies.signals`), which keeps the agent from
rewarding manipulation: a hardship claim is not doubted (it still reaches the supportive
duties through :mod:`edge_agent.read.vulnerability`), but a hardship claim that never comes with a
better offer, a claim of a payment we cannot see, or an attempt to reopen a settled point must
not buy a faster concession. Categories:

- ``hardship``: the debtor says it cannot pay (cash gone, nothing left, staff laid off...);
- ``means``: spending or income that does not sit with a stated hardship (a new car, a
  holiday, a good salary): it is not doubted on its own, but it lowers the credibility of a
  hardship claim (found by the hostile review: "I lost my job" then "I just bought a new BMW"
  earned the whole mandate);
- ``payment_claim``: says it has already paid or transferred money (verifiable only off-line);
- ``promise``: promises money that is coming ("trust me", "you have my word");
- ``reopen``: takes back or changes what it said ("changed my mind", "actually ... instead");
- ``stonewall``: refuses to engage ("not interested", "get back to you", "whatever").

Patterns are general English phrasings, written from debt-collection practice (the FCA's
treatment of "promises to pay" and disputed payments), not from any simulator's phrase bank.
"""

from __future__ import annotations

import re

_I = re.IGNORECASE

PATTERNS: dict[str, re.Pattern[str]] = {
    "hardship": re.compile(
        r"\b(?:can'?t|cannot|unable\s+to)\s+(?:afford|pay)|nothing\s+left|no\s+money|"
        r"broke\b|(?:wiped|cleaned)\s+out|cash\s*flow|struggl\w+|hardship|drowning|"
        r"lay\s+off|laid\s+off|lost\s+(?:my|our)\s+(?:job|income|work|business)|"
        r"(?:barely|hardly)\s+(?:surviving|getting\s+by)|"
        # the same in Spanish, French and German (issue 21)
        r"no\s+(?:puedo|podemos)\s+pagar|no\s+tengo\s+dinero|sin\s+dinero|(?<!no\s)(?:perd[íi]|he\s+perdido)\s+(?:mi\s+|el\s+)?"
        r"(?:trabajo|empleo)|(?:je\s+ne\s+peux|on\s+ne\s+peut)\s+pas\s+payer|"
        r"(?:pas|plus)\s+d['’]argent|(?:j['’]ai\s+perdu|je\s+viens\s+de\s+perdre)\s+mon\s+(?:emploi|travail|boulot)|"
        r"(?:kann|können)\s+(?:das\s+)?nicht\s+(?:be)?zahlen|kein\s+geld|"
        r"(?:arbeit|stelle|job|arbeitsplatz|arbeitsstelle)\s+verloren", _I),
    "payment_claim": re.compile(
        r"\b(?:already|just)\s+(?:sent|paid|transferred|wired)|"
        r"(?:sent|made|mailed)\s+(?:you\s+)?(?:a\s+|the\s+)?(?:payment|cheque|check)|"
        r"paid\s+(?:part|some|most)\s+of|we\s+transferred|check\s+your\s+records|"
        r"(?:the\s+)?(?:cheque|check)\s+is\s+in\s+the\s+(?:mail|post)", _I),
    "promise": re.compile(
        r"\bi\s+promise|you\s+have\s+my\s+word|trust\s+me|i\s+swear|"
        r"(?:money|payment|cash)\s+is\s+(?:coming|on\s+its\s+way)|"
        r"practically\s+in\s+the\s+bank|paying\s+us\s+shortly", _I),
    "reopen": re.compile(
        r"\bchanged\s+my\s+mind|thought\s+(?:again|it\s+over)|take\s+(?:that|it)\s+back|"
        r"(?:wait|actually),?\s+(?:i|we)\s+(?:need|want|can'?t)|instead\b|"
        r"renegotiat\w*|go\s+back\s+on", _I),
    "means": re.compile(
        r"\b(?:just|recently)\s+(?:bought|got|booked|paid\s+for)\b|"
        r"\bbought\s+(?:a|an|my|our)\s+(?:new|brand)\b|"
        r"\b(?:fully|well)\s+employed|\bearn(?:ing)?\s+(?:well|good\s+money|a\s+lot)|"
        r"\b(?:good|great|big)\s+(?:salary|income|bonus)|\bgot\s+a\s+(?:raise|bonus)|"
        r"\b(?:holiday|vacation|cruise)\s+(?:in|to|next|this)\b|"
        r"\b(?:rolex|bmw|mercedes|porsche|tesla|designer\s+\w+)\b", _I),
    "stonewall": re.compile(
        r"\bnot\s+interested|whatever\b|we'?ll\s+see|get\s+back\s+to\s+you|"
        r"can'?t\s+talk\s+(?:about\s+this\s+)?now|not\s+(?:giving|committing)|"
        r"nothing\s+more\s+to\s+say|call\s+you\s+later|in\s+writing", _I),
}


def detect(text: str) -> frozenset[str]:
    """The cue categories in one debtor message."""
    return frozenset(name for name, pattern in PATTERNS.items() if pattern.search(text))
