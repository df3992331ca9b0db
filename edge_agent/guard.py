"""Compliance guard v1: every outgoing creditor message is checked before anyone sees it.

Rules are plain regular expressions with ids, so a decision is explainable in the trace and
each rule has positive and negative tests. Checked: threats (arrest, violence, seizure or
garnishment, lawsuits), abuse and profanity, false claims of attorney, court, government or
credit-bureau involvement, pressure to borrow or sell property, the day and money figures
against the decision and the ledger, the opening disclosure, and text that is not a creditor
message at all (empty, speaking as the debtor, leaked template or chat tokens).
What it does not do is judge tone beyond these words; issue 7 extends it by jurisdiction.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import Any

from edge_agent.parsing import find_durations
from edge_core import Action, Decision, Scenario

_I = re.IGNORECASE

RULES: dict[str, re.Pattern[str]] = {
    "threat_arrest": re.compile(
        r"\b(?:arrest(?:ed)?|jail|prison|imprison\w*|police|criminal(?:\s+charges?)?|"
        r"warrant|prosecut\w*|handcuff\w*)\b",
        _I,
    ),
    "threat_violence": re.compile(
        r"\b(?:hurt\s+you|harm\s+you|kill|beat\s+you|break\s+your|violen\w*|"
        r"show\s+up\s+at\s+your|come\s+(?:to|after)\s+you|you'?ll\s+regret|or\s+else|"
        r"watch\s+your\s+back)\b",
        _I,
    ),
    "threat_seizure": re.compile(
        r"\b(?:seiz\w*|repossess\w*|garnish\w*|foreclos\w*|confiscat\w*|freeze\s+your|"
        r"take\s+(?:away\s+)?your\s+(?:house|home|car|property|assets|wages|business))\b",
        _I,
    ),
    "threat_legal_action": re.compile(
        r"\b(?:sue|suing|lawsuit|legal\s+action|legal\s+proceedings|take\s+you\s+to\s+court|"
        r"court\s+order|judgm?ent\s+against|litigation)\b",
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
        r"irs|fbi|credit\s+bureaus?|credit\s+reference\s+agenc\w*|report\s+you|"
        r"your\s+credit\s+(?:report|score|file))\b",
        _I,
    ),
    "pressure_to_borrow_or_sell": re.compile(
        r"\b(?:borrow\w*|take\s+out\s+(?:a\s+)?(?:loan|credit)|payday|credit\s+card|"
        r"sell\s+your|remortgage|pawn\w*|ask\s+(?:your\s+)?(?:family|friends|relatives)|"
        r"cash\s+advance|refinanc\w*)\b",
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

_MONEY = re.compile(r"(?:[$£€]\s?\d[\d,]*(?:\.\d+)?|\b\d[\d,]*(?:\.\d+)?\s?(?:dollars|usd)\b)", _I)
_DISCLOSURE = re.compile(r"attempt\s+to\s+collect\s+a\s+debt", _I)
_STATES_DAYS = (Action.OPEN, Action.COUNTER, Action.ACCEPT)


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

    @property
    def ok(self) -> bool:
        return not self.violations

    def problems(self) -> list[str]:
        return [f"{v.rule}: {v.detail}" for v in self.violations]

    def to_dict(self) -> dict[str, Any]:
        return {"ok": self.ok, "violations": [v.to_dict() for v in self.violations]}


class ComplianceGuard:
    """Checks a creditor message against the rules and the decision it realises."""

    name = "v1"

    def check(self, text: str, decision: Decision, scenario: Scenario) -> GuardResult:
        found: list[Violation] = []
        if not text or not text.strip():
            return GuardResult((Violation("empty", "the message is empty"),))
        for rule, pattern in RULES.items():
            m = pattern.search(text)
            if m:
                found.append(Violation(rule, f"{m.group(0)!r}"))
        found.extend(self._figures(text, decision, scenario))
        if decision.action == Action.OPEN:
            if not _DISCLOSURE.search(text):
                found.append(Violation("disclosure", "the opening must say this is an attempt "
                                       "to collect a debt"))
            if scenario.creditor_name.lower() not in text.lower():
                found.append(Violation("disclosure", "the opening must identify the creditor"))
        return GuardResult(tuple(found))

    @staticmethod
    def _figures(text: str, decision: Decision, scenario: Scenario) -> list[Violation]:
        found: list[Violation] = []
        expected = decision.stated_days if decision.action in _STATES_DAYS else None
        stated = find_durations(text)
        for d in stated:
            if expected is None or d.low != expected or d.high != expected:
                shown = f"{d.low}" if d.low == d.high else f"{d.low}-{d.high}"
                found.append(Violation(
                    "days_mismatch", f"states {shown} days; the decision is {expected}"
                ))
        if expected is not None and not stated:
            found.append(Violation("days_missing", f"must state the decided {expected} days"))
        for m in _MONEY.finditer(text):
            value = float(re.sub(r"[^\d.]", "", m.group(0)) or "nan")
            if abs(value - scenario.balance) > 0.005:
                found.append(Violation(
                    "amount_mismatch", f"states {m.group(0)}; the balance is {scenario.balance}"
                ))
        return found
