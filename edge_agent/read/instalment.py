"""A monthly amount the debtor offers ("Can I pay $400 a month?"), read so code can relate it
to the timeline.

The agent negotiates a timeline, not instalments, and used to answer "$400 a month" with
"how you pay inside the timeline is up to you" and nothing else (issue 23, item 6). The
arithmetic that makes the answer useful (at $400 a month, $15,700 takes 40 months) is done
by code in the decide stage (:func:`edge_agent.decide.with_instalment`) from the amount read
here; no model ever computes or writes a figure of its own.

Only a clear monthly amount is read: a currency sign or word, or a payment verb, next to the
amount, and "a/per/each/every month", "/month" or "monthly" right after it. Weekly and other
rates are left to the existing answer: the issue names the monthly case, and a rate the
debtor did not state is never guessed.
"""

from __future__ import annotations

import re

from edge_agent.text.normalise import normalise

_I = re.IGNORECASE

_AMOUNT = r"(\d{1,7}(?:\.\d{1,2})?)"
MONTHLY = re.compile(
    r"(?:\$\s?" + _AMOUNT + r"|" + _AMOUNT + r"\s?(?:dollars?|bucks|usd)|\b(?:pay|send|give|"
    r"manage|afford|do|offer|transfer)\s+(?:you\s+)?(?:about\s+|around\s+)?"
    r"(\d{2,7}(?:\.\d{1,2})?))"
    r"\s*(?:(?:a|per|each|every|/)\s*month\b|monthly\b)",
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
_SENTENCE = re.compile(r"(?:[^.!?\n]|\.(?=\d))+[.!?]*")


def monthly_amount(text: str) -> float | None:
    """The one monthly amount the message offers, or None (none, or two different ones: the
    agent does not choose between them)."""
    t = normalise(text if isinstance(text, str) else "")
    found = {float(next(g for g in m.groups() if g is not None))
             for sentence in _SENTENCE.findall(t) if not ABOUT_ELSE.search(sentence)
             for m in MONTHLY.finditer(sentence)}
    found.discard(0.0)
    return found.pop() if len(found) == 1 else None


__all__ = ["MONTHLY", "monthly_amount"]
