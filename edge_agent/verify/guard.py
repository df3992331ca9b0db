"""Compliance guard: every outgoing creditor message is checked before anyone sees it.

Rules are plain regular expressions with ids, so each verdict is explainable in the trace and
each rule has positive and negative tests. The checklist follows the scenario's jurisdiction
(``us``: FDCPA / Regulation F; ``uk``: FCA CONC 7; see :mod:`edge_core.jurisdictions`):

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

This module is the order only. The word rules are one table (:mod:`edge_agent.verify.rules`),
judged slot by slot; the figures are :mod:`edge_agent.verify.figures`; the rest are small
checks named for what they judge. The order of :data:`CHECKS` is the order of the problems
in every trace, which tools outside the repository read, so it does not change.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from edge_agent.text.normalise import nfkc
from edge_agent.text.visible import invisible_characters, visible
from edge_agent.verify import figures, identity, obligations, surface
from edge_agent.verify.context import Check, GuardInput, Violation
from edge_agent.verify.names import mask_names
from edge_agent.verify.rules import Slot, check
from edge_core import Decision, Scenario
from edge_core.jurisdictions import jurisdiction


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


CHECKS: tuple[Check, ...] = (
    surface.check_visible,
    check(Slot.UNMASKED),
    check(Slot.CONDUCT),
    check(Slot.PARAPHRASE),
    figures.check_quantities,
    figures.check_repeated_terms,
    check(Slot.ENFORCEMENT),
    figures.check_days_and_money,
    check(Slot.AGREEMENT),
    figures.check_invented_terms,
    obligations.check_disclosure,
    obligations.check_support,
    check(Slot.COMMITMENT),
    check(Slot.FRAGMENT),
    identity.check_identity,
    check(Slot.FINAL_OFFER),
    surface.check_language,
    figures.check_stray_figures,
)
"""Every check the guard runs, in order; each returns the violations it found."""


class ComplianceGuard:
    """Checks a creditor message against the rules and the decision it realises.

    ``jurisdiction`` overrides the scenario's own (``Scenario.jurisdiction``). The text is
    NFKC-normalised first, so full-width or compatibility forms read as their plain
    equivalents. Each check is one function in :data:`CHECKS`, run in order.
    """

    name = "v3"

    def __init__(self, jurisdiction: str | None = None) -> None:
        self.jurisdiction = jurisdiction

    def check(self, text: str, decision: Decision, scenario: Scenario) -> GuardResult:
        law = jurisdiction(self.jurisdiction or scenario.jurisdiction)
        if not text or not text.strip():
            return GuardResult((Violation("empty", "the message is empty"),), law.code)
        if not isinstance(text, str):
            return GuardResult((Violation("not_text", f"{type(text).__name__} is not text"),),
                               law.code)
        # The rules judge what a reader sees: invisible characters are refused and removed,
        # so the word they hid is still judged (edge_agent.text.visible).
        hidden = tuple(invisible_characters(text))
        named = nfkc(visible(text))
        # The parties' names are data, not words the rules judge (edge_agent.verify.names);
        # idioms of time ("the last few months", "24/7") state no timeline.
        masked = figures.IDIOMS.sub("often", mask_names(named, scenario))
        # Figures the decision computed (a monthly amount and its months) are the plan's.
        masked = figures.mask_planned(masked, decision)
        given = GuardInput(masked, decision, scenario, law, named, hidden)
        found: list[Violation] = []
        for step in CHECKS:
            found.extend(step(given))
        return GuardResult(tuple(found), law.code)


__all__ = ["CHECKS", "ComplianceGuard", "GuardInput", "GuardResult", "Violation"]
