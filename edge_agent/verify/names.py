"""The scenario's own names are data, not words the guard judges.

A creditor called "Court Street Lending" or "Navy Federal Credit Union", or a debtor called
"April" or "Judge", must be named in the opening; the guard's word rules (``court``,
``federal``, dates...) would otherwise refuse every message that names them, and the
negotiator could not even open. Before the rules run, each exact occurrence of a party's
name is replaced by a neutral placeholder. The match is case-sensitive and on word
boundaries, as the realisers write the name: "the judge will rule" is still judged when the
debtor is called "Judge", and "by April 30" is still an invented date when she is called
"April". A name with a digit in it is not masked at all: its digits stay visible to the
figure rules, so a party called "500" cannot hide an invented "500 days".
"""

from __future__ import annotations

import re

from edge_core import Scenario

PLACEHOLDER = "NAME"
_DEFAULTS = ("the creditor", "there")
_DIGIT = re.compile(r"\d")


def mask_names(text: str, scenario: Scenario) -> str:
    """``text`` with the scenario's creditor and debtor names replaced by ``NAME``."""
    names = sorted({n for n in (scenario.creditor_name, scenario.debtor_name)
                    if n and n not in _DEFAULTS}, key=len, reverse=True)
    if not names:
        return text
    # Not before a number: "April 30" stays a date even when the debtor is called April.
    pattern = r"(?<!\w)(?:" + "|".join(re.escape(n) for n in names) + r")(?!\w)(?![ \t]*\d)"
    # A name holding a digit is masked only where it cannot be read as a figure: a debtor
    # called "500" must not hide "500 days", "$500" or "500 a month" from the figure rules.
    digits = [n for n in names if _DIGIT.search(n)]
    if digits:
        pattern = (r"(?<![$£€\w])(?<![\d][.,])(?:" + "|".join(re.escape(n) for n in names)
                   + r")(?!\w)(?![.,]\d)"
                   r"(?![ \t]*(?:\d|%|[a-z]+\s*(?:days?|weeks?|months?|years?)\b|(?:days?|"
                   r"weeks?|months?|years?|fortnights?|per|percent|dollars?|pounds?|euros?|"
                   r"a\s+(?:day|week|month|year)|each|every)\b))")
    return re.sub(pattern, PLACEHOLDER, text, flags=0)
