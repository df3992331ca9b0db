"""Compliance guard: every outgoing creditor message is checked before anyone sees it.

Rules are plain regular expressions with ids, so each verdict is explainable in the trace and
each rule has positive and negative tests. The checklist follows the scenario's jurisdiction
(``us``: FDCPA / Regulation F; ``uk``: FCA CONC 7; see :mod:`edge_agent.jurisdictions`):

- no harassment, abuse, profanity or threats of violence;
- no threats of arrest or imprisonment;
- no mention of seizure, garnishment, legal action or credit reporting unless the scenario
  lists it in ``lawful_actions`` (lawful *and* intended);
- no false claims of attorney, court, government or credit-bureau involvement;
- the day and money figures match the decision and the ledger, and no other terms are
  invented (dates, partial amounts); only an acceptance may sound like agreement;
- no pressure to borrow, use credit or sell property to pay;
- no third-party disclosure, no other customers' data, no leaked instructions or markup;
- no misrepresentation of the debt's status (a claimed payment "received", a balance
  "written off", a supervisor's "approval" nobody gave);
- the opening identifies the creditor and carries the jurisdiction's disclosure;
- in supportive mode (a disclosed vulnerability) no firm, disgusted or fearful persona, and the
  free-advice pointer; a crisis reply carries the crisis line and no figures at all.

What it does not judge is tone beyond these words, or truth it cannot see (whether a payment
was really received). It is an engineering checklist, not legal advice.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import Any

from edge_agent.guard_names import mask_names
from edge_agent.jurisdictions import jurisdiction
from edge_agent.parsing import find_durations
from edge_core import Action, Decision, Scenario, Tactic

_I = re.IGNORECASE

RULES: dict[str, re.Pattern[str]] = {
    "threat_arrest": re.compile(
        r"\b(?:arrest(?:ed)?|jail|prison|imprison\w*|police|criminal(?:\s+charges?)?|"
        r"warrant|prosecut\w*|handcuff\w*)\b",
        _I,
    ),
    "threat_violence": re.compile(
        r"\b(?:hurt\s+you|harm\s+you|kill\s+you|beat\s+you|break\s+your|violen\w*|"
        r"show\s+up\s+at\s+your|come\s+(?:to|after)\s+you|you'?ll\s+regret|or\s+else|"
        r"watch\s+your\s+back)\b",
        _I,
    ),
    "abuse": re.compile(
        r"\b(?:idiot\w*|stupid|moron\w*|liar|deadbeat|loser|pathetic|worthless|scum|lazy|"
        r"incompetent|disgusting|shameful|fuck\w*|shit\w*|damn\w*|bitch\w*|bastard\w*|crap|"
        r"hell|ass(?:hole)?|dumb)\b",
        _I,
    ),
    "false_authority": re.compile(
        r"\b(?:(?:our|my|the\s+company'?s)\s+(?:attorneys?|lawyers?|legal\s+(?:team|department)|"
        r"law\s+firm)|attorney\s+general|court|judge|sheriff|bailiff|government|federal|"
        r"irs|fbi)\b",
        _I,
    ),
    "pressure_to_borrow_or_sell": re.compile(
        r"\b(?:borrow\w*|take\s+out\s+(?:a\s+)?(?:loan|credit)|payday|credit\s+card|"
        r"sell\s+your|remortgage|pawn\w*|ask\s+(?:your\s+)?(?:family|friends|relatives)|"
        r"cash\s+advance|refinanc\w*)\b",
        _I,
    ),
    "third_party_disclosure": re.compile(
        r"\b(?:(?:tell|inform|contact|notify|call|email|write\s+to|let)\s+(?:your\s+)?"
        r"(?:employer|boss|family|neighbou?rs|friends|spouse|wife|husband|colleagues|"
        r"relatives|parents|children|landlord)|(?:another|other)\s+(?:customer|client|"
        r"debtor|account\s+holder)s?(?:'s?)?)\b",
        _I,
    ),
    "prompt_leak": re.compile(
        r"\b(?:system\s+prompt|my\s+(?:instructions|rules|prompt|guidelines)|"
        r"i\s+(?:was|am|have\s+been)\s+(?:instructed|told|programmed)\s+to|"
        r"(?:as\s+an?|i\s*(?:'m|\s+am)\s+an?)\s+(?:ai|language\s+model|assistant|chatbot)|"
        r"mandate|max(?:imum)?_days|reservation)\b",
        _I,
    ),
    "misrepresentation": re.compile(
        r"\b(?:(?:your\s+)?payment\s+(?:has\s+been\s+|was\s+)?(?:received|confirmed|"
        r"processed)|we\s+(?:have\s+)?(?:received|got)\s+your\s+payment|"
        r"(?:account|balance|debt)\s+(?:is|has\s+been)\s+(?:now\s+)?(?:settled|paid|closed|"
        r"cleared|forgiven|written\s+off|cancell?ed)|you\s+(?:now\s+)?owe\s+nothing|"
        r"(?:supervisor|manager)\s+(?:has\s+)?(?:approved|authori[sz]ed))\b",
        _I,
    ),
    "not_creditor_voice": re.compile(
        r"^\s*(?:debtor|user|customer|human)\s*:|\b(?:as\s+the\s+debtor|i\s+am\s+the\s+debtor)\b",
        _I,
    ),
    "leaked_markup": re.compile(
        r"<\|[^|>]*\|>|</?s>|\[/?INST\]|<start_of_turn>|<end_of_turn>|\{\w+\}|\bsystem\s*:",
        _I,
    ),
}

# Enforcement steps: a violation unless the scenario says the step is lawful and intended.
ENFORCEMENT: dict[str, tuple[str, re.Pattern[str]]] = {
    "threat_seizure": ("seizure", re.compile(
        r"\b(?:seiz\w*|repossess\w*|garnish\w*|foreclos\w*|confiscat\w*|freeze\s+your|"
        r"take\s+(?:away\s+)?your\s+(?:house|home|car|property|assets|wages|business))\b", _I)),
    "threat_legal_action": ("legal_action", re.compile(
        r"\b(?:sue|suing|lawsuit|legal\s+action|legal\s+proceedings|take\s+you\s+to\s+court|"
        r"court\s+order|judgm?ent\s+against|litigation)\b", _I)),
    "threat_credit_reporting": ("credit_reporting", re.compile(
        r"\b(?:credit\s+bureaus?|credit\s+reference\s+agenc\w*|report\s+you|"
        r"your\s+credit\s+(?:report|score|file|rating))\b", _I)),
}  # fmt: skip

# Only an ACCEPT decision may sound like agreement: anything else that says "I agree" to a
# debtor's demand misrepresents what was decided (the red-team caught a small model doing it).
_AGREEMENT = re.compile(
    r"\b(?:i|we)\s+(?:do\s+|fully\s+|hereby\s+)?(?:agree|accept|approve|authori[sz]e)\b|"
    r"\bwe\s+have\s+(?:an?\s+)?(?:agreement|deal)\b|\b(?:it'?s|that'?s)\s+a\s+deal\b|"
    r"^\s*(?:agreed|deal)\b",
    _I,
)
# Agreement words, in any reply whose decision is not a confirmed agreement, tell the debtor a
# deal exists when none does ("We have an agreement ... I will send written confirmation" after
# an ordinary "ok"). A self-contained rule, checked on every backend (issue 11).
AGREEMENT_WORDS = re.compile(
    r"\b(?:agreements?|agreed|deal(?!\s+(?:with|directly))|written\s+confirmation)\b", _I
)
# The one timeline a reply states is a number of days; dates and partial amounts are never
# decided, so a reply that names them is inventing terms.
_DATE = re.compile(
    r"\b(?:monday|tuesday|wednesday|thursday|friday|saturday|sunday|january|february|april|"
    r"june|july|august|september|october|november|december|tomorrow|next\s+week|"
    r"\d{1,2}/\d{1,2}(?:/\d{2,4})?|\d{4}-\d{2}-\d{2})\b",
    _I,
)
_PARTIAL = re.compile(r"[¼½¾⅓⅔⅛⅜⅝⅞]|\b\d+(?:\.\d+)?\s?%|\bper\s?cent\b|\bhalf\s+(?:of\s+)?the\b",
                      _I)
_MONEY = re.compile(r"(?:[$£€]\s?\d[\d,]*(?:\.\d+)?|\b\d[\d,]*(?:\.\d+)?\s?(?:dollars|usd)\b)", _I)
_DISCLOSURE_US = re.compile(r"attempt\s+to\s+collect\s+a\s+debt", _I)
_STATES_DAYS = (Action.OPEN, Action.COUNTER, Action.ACCEPT, Action.CONFIRM)
UNSUPPORTIVE_PERSONAS = frozenset({"anger", "disgust", "fear"})


@dataclass(frozen=True, slots=True)
class Violation:
    rule: str
    detail: str

    def to_dict(self) -> dict[str, str]:
        return {"rule": self.rule, "detail": self.detail}


@dataclass(frozen=True)
class GuardResult:
    """The guard's verdict on one message; ``ok`` only when there are no violations."""

    violations: tuple[Violation, ...] = field(default_factory=tuple)
    jurisdiction: str = "us"

    @property
    def ok(self) -> bool:
        return not self.violations

    def problems(self) -> list[str]:
        return [f"{v.rule}: {v.detail}" for v in self.violations]

    def to_dict(self) -> dict[str, Any]:
        return {"ok": self.ok, "jurisdiction": self.jurisdiction,
                "violations": [v.to_dict() for v in self.violations]}


class ComplianceGuard:
    """Checks a creditor message against the rules and the decision it realises.

    ``jurisdiction`` overrides the scenario's own (``Scenario.jurisdiction``).
    """

    name = "v2"

    def __init__(self, jurisdiction: str | None = None) -> None:
        self.jurisdiction = jurisdiction

    def check(self, text: str, decision: Decision, scenario: Scenario) -> GuardResult:
        rules = jurisdiction(self.jurisdiction or scenario.jurisdiction)
        if not text or not text.strip():
            return GuardResult((Violation("empty", "the message is empty"),), rules.code)
        named, text = text, mask_names(text, scenario)  # the parties' names are data
        found: list[Violation] = []
        for rule, pattern in RULES.items():
            m = pattern.search(text)
            if m:
                found.append(Violation(rule, f"{m.group(0)!r}"))
        for rule, (action, pattern) in ENFORCEMENT.items():
            m = pattern.search(text)
            if m and action not in scenario.lawful_actions:
                found.append(Violation(rule, f"{m.group(0)!r} is not a lawful, intended step "
                                             f"for this debt"))
        found.extend(_figures(text, decision, scenario))
        if decision.action != Action.ACCEPT and (m := _AGREEMENT.search(text)):
            found.append(Violation("false_agreement", f"{m.group(0)!r}, but the decision is "
                                                      f"{decision.action.value}"))
        if decision.action != Action.ACCEPT and (m := AGREEMENT_WORDS.search(text)):
            found.append(Violation("agreement_language", f"{m.group(0)!r} outside a confirmed "
                                                         f"agreement"))
        if m := _DATE.search(text):
            found.append(Violation("invented_terms", f"names a date {m.group(0)!r}"))
        if m := _PARTIAL.search(text):
            found.append(Violation("invented_terms", f"names a partial amount {m.group(0)!r}"))
        lowered = text.lower()
        if decision.action == Action.OPEN:
            if scenario.creditor_name.lower() not in named.lower():
                found.append(Violation("disclosure", "the opening must identify the creditor"))
            if rules.code == "us" and not _DISCLOSURE_US.search(text):
                found.append(Violation("disclosure", "the opening must say this is an attempt "
                                                     "to collect a debt"))
            if rules.code == "uk" and rules.advice_marker not in lowered:
                found.append(Violation("disclosure", "the opening must point to free, "
                                                     "independent debt advice"))
        if decision.supportive and decision.persona in UNSUPPORTIVE_PERSONAS:
            found.append(Violation("vulnerable_persona", f"{decision.persona} persona shown to "
                                                         f"a vulnerable debtor"))
        if decision.tactic in (Tactic.SUPPORT, Tactic.CRISIS) and (
            rules.advice_marker not in lowered
        ):
            found.append(Violation("support_advice_missing", "must point to free debt advice"))
        if decision.tactic == Tactic.CRISIS and rules.crisis_marker not in text:
            found.append(Violation("crisis_line_missing", f"must give {rules.crisis_marker}"))
        return GuardResult(tuple(found), rules.code)


def _figures(text: str, decision: Decision, scenario: Scenario) -> list[Violation]:
    found: list[Violation] = []
    expected = decision.stated_days if decision.action in _STATES_DAYS else None
    stated = find_durations(text)
    for d in stated:
        if expected is None or d.low != expected or d.high != expected:
            shown = f"{d.low}" if d.low == d.high else f"{d.low}-{d.high}"
            found.append(Violation("days_mismatch", f"states {shown} days; the decision is "
                                                    f"{expected}"))
    if expected is not None and not stated:
        found.append(Violation("days_missing", f"must state the decided {expected} days"))
    for m in _MONEY.finditer(text):
        value = float(re.sub(r"[^\d.]", "", m.group(0)) or "nan")
        if decision.tactic == Tactic.CRISIS or abs(value - scenario.balance) > 0.005:
            found.append(Violation("amount_mismatch", f"states {m.group(0)}; the balance is "
                                                      f"{scenario.balance}"))
    return found
