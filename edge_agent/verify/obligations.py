"""What a reply must carry: the opening's disclosures, and on a support turn the free-advice
pointer, the crisis line and a caring persona.

The texts come from the jurisdiction's rulebook (:mod:`edge_core.jurisdictions`): ``us``
(FDCPA / Regulation F) asks the opening to say it is an attempt to collect a debt; ``uk``
(FCA CONC 7) asks it to point to free, independent debt advice. Both ask the opening to
identify the creditor. An engineering checklist, not legal advice.
"""

from __future__ import annotations

import re

from edge_agent.verify.context import GuardInput, Violation
from edge_core import Action, Tactic

_I = re.IGNORECASE
_DISCLOSURE_US = re.compile(r"attempt\s+to\s+collect\s+a\s+debt", _I)
_NEGATED_DISCLOSURE = re.compile(
    r"\b(?:not|n't|never)\s+(?:\w+\s+){0,2}(?:an?\s+)?attempt\s+to\s+collect|"
    r"collect\s+a\s+debt[^.!?]{0,30}\b(?:don'?t\s+worry|ignore|never\s+mind|disregard)", _I)
UNSUPPORTIVE_PERSONAS = frozenset({"anger", "disgust", "fear"})
"""Personas never shown to a debtor who disclosed a vulnerability."""


def check_disclosure(g: GuardInput) -> list[Violation]:
    """The opening names the creditor (not negated) and carries the jurisdiction's disclosure,
    not taken back in the same breath."""
    if g.decision.action != Action.OPEN:
        return []
    found = []
    creditor = re.escape(g.scenario.creditor_name)
    if not re.search(r"(?<!\w)" + creditor + r"(?!\w)", g.named, _I) or re.search(
            r"\b(?:not|n't|never)\s+(?:\w+\s+){0,2}" + creditor, g.named, _I):
        found.append(Violation("disclosure", "the opening must identify the creditor"))
    if _NEGATED_DISCLOSURE.search(g.text):
        found.append(Violation("disclosure", "the debt-collection disclosure is negated"))
    law = g.jurisdiction
    if law.code == "us" and not _DISCLOSURE_US.search(g.text):
        found.append(Violation("disclosure", "the opening must say this is an attempt "
                                             "to collect a debt"))
    if law.code == "uk" and law.advice_marker not in g.lowered:
        found.append(Violation("disclosure", "the opening must point to free, "
                                             "independent debt advice"))
    return found


def check_support(g: GuardInput) -> list[Violation]:
    """Supportive mode: no firm, disgusted or fearful persona; support and crisis replies
    point to free advice, and a crisis reply gives the crisis line."""
    d, law, found = g.decision, g.jurisdiction, []
    if d.supportive and d.persona in UNSUPPORTIVE_PERSONAS:
        found.append(Violation("vulnerable_persona", f"{d.persona} persona shown to "
                                                     f"a vulnerable debtor"))
    if d.tactic in (Tactic.SUPPORT, Tactic.CRISIS) and law.advice_marker not in g.lowered:
        found.append(Violation("support_advice_missing", "must point to free debt advice"))
    if d.tactic == Tactic.CRISIS and law.crisis_marker not in g.text:
        found.append(Violation("crisis_line_missing", f"must give {law.crisis_marker}"))
    return found
