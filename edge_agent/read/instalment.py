"""A monthly amount the debtor offers ("Can I pay $400 a month?"), read so code can relate it
to the timeline.

The agent negotiates a timeline, not instalments, and used to answer "$400 a month" with
"how you pay inside the timeline is up to you" and nothing else (issue 23, item 6). The
arithmetic that makes the answer useful (at $400 a month, $15,700 takes 40 months) is done
by code in the decide stage (:func:`edge_agent.decide.with_instalment`) from the amount read
here; no model ever computes or writes a figure of its own.

Only a clear monthly amount is read: a currency sign or word, or a payment verb, next to the
amount, and "a/per/each/every month", "/month", "/mo" or "monthly" right after it; a
negative amount, or one the sentence refuses ("I can't pay $400 a month", "$400 a month is
too much"), is not offered. Weekly and other
rates are left to the existing answer: the issue names the monthly case, and a rate the
debtor did not state is never guessed.
"""

from __future__ import annotations

import re

from edge_agent.text.normalise import normalise

_I = re.IGNORECASE

_AMOUNT = r"(\d{1,7}(?:\.\d{1,2})?)"
MONTHLY = re.compile(
    r"(?<![-\u2212\w.,])(?:\$\s?" + _AMOUNT + r"|"
    + _AMOUNT + r"\s?(?:dollars?\b|bucks\b|usd\b|\$)|"
    r"\b(?:pay|send|give|manage|afford|do|offer|transfer)\s+(?:you\s+)?(?:about\s+|around\s+)?"
    r"(\d{2,7}(?:\.\d{1,2})?))"
    r"\s*(?:(?:a|per|each|every|/)\s*(?:month|mo|mth)\b|monthly\b)",
    _I,
)
"""A monthly amount: "$400 a month", "400 dollars per month", "pay 400/month", "$400
monthly" (a bare number needs two digits: "pay 2 a month" counts payments, not dollars).
Only dollars: replies write amounts as the balance is written ($), and an amount in another
currency is never converted."""
ABOUT_ELSE = re.compile(
    r"\b(?:rent|mortgage|bills?|utilit\w+|childcare|groceries|food|car\s+(?:loan|payment)|"
    r"insurance|earn\w*|salary|income|wages?|paid|benefits|pension|make|spend\w*|cost\w*|"
    r"another\s+(?:loan|card|debt|creditor|lender)|other\s+(?:loans?|cards?|debts?|"
    r"creditors?|lenders?))\b",
    _I,
)
"""A sentence about another monthly sum ("I pay $900 a month in rent", "I earn $2,000 a
month"): not an offer to us."""
REFUSED = re.compile(
    r"\b(?:can'?t|cannot|can\s+not|couldn'?t|won'?t|unable\s+to|not\s+able\s+to|never)\b"
    r"[^.!?]{0,25}$",
    _I,
)
"""A negation before the amount ("I can't pay $400 a month"): an amount refused, not offered."""
CEILING = re.compile(r"\b(?:more\s+than|over|above|beyond|past|higher\s+than)\s*$", _I)
"""Unless it caps the amount ("I can't pay more than $400 a month" offers up to $400)."""
REFUSED_AFTER = re.compile(
    r"^[^.!?]{0,20}?\b(?:too\s+(?:much|high|steep|expensive)|(?:is|'s)\s+not\s+(?:possible|"
    r"doable|affordable|realistic)|isn'?t\s+(?:possible|doable|affordable|realistic)|"
    r"impossible|unaffordable|unrealistic|out\s+of\s+the\s+question|no\s+way)",
    _I,
)
"""A refusal after it ("$400 a month is too much")."""
_SENTENCE = re.compile(r"(?:[^.!?\n]|\.(?=\d))+[.!?]*")


def monthly_amount(text: str) -> float | None:
    """The one monthly amount the message offers, or None (none, or two different ones: the
    agent does not choose between them)."""
    t = normalise(text if isinstance(text, str) else "")
    found = {float(next(g for g in m.groups() if g is not None))
             for sentence in _SENTENCE.findall(t) if not ABOUT_ELSE.search(sentence)
             for m in MONTHLY.finditer(sentence)
             if not (REFUSED.search(sentence[:m.start()])
                     and not CEILING.search(sentence[:m.start()]))
             and not REFUSED_AFTER.search(sentence[m.end():])}
    found.discard(0.0)
    return found.pop() if len(found) == 1 else None


__all__ = ["MONTHLY", "monthly_amount"]
