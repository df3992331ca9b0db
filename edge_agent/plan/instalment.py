"""The answer to a monthly amount: how long the balance takes at that rate, against the
timeline on offer (issue 23, item 6).

"Can I pay $400 a month?" got "how you spread the payments is up to you" and no figure, so
the debtor could not see that $400 a month is 40 months against an offer of days. The figures
here come from the decision (``reason["instalment"]``, computed by
:func:`edge_agent.decide.with_instalment`); the guard allows exactly those figures and no
other (:func:`edge_agent.verify.figures.planned_figures`).

What the mandate allows is said as far as the decision reveals it, the way the terms do
(:data:`edge_agent.plan.wording.FINAL_LEADS`): "the longest timeline we can offer" only when
the offer is final (at the mandate's limit); otherwise "the timeline on offer now", so an
undecided mandate limit is never revealed.
"""

from __future__ import annotations

from edge_core import Action, Decision

RATE = (
    "At {monthly} a month, the {balance} balance would take {months} months to repay.",
    "Paying {monthly} a month, it would take {months} months to repay the {balance} balance.",
    "{monthly} a month would repay the {balance} balance in {months} months.",
)
"""The arithmetic, said plainly; ``{monthly}`` and ``{months}`` are filled by code."""
LONGER_FINAL = (
    "That is longer than the longest timeline we can offer.",
    "That goes beyond the longest timeline we can offer.",
)
LONGER_NOW = (
    "That is longer than the timeline on offer now.",
    "That goes beyond the timeline I can offer now.",
)
FITS = (
    "That fits inside the timeline on offer.",
    "That would repay it inside the timeline on offer.",
)

DAYS_PER_MONTH = 30
"""How a month compares with a timeline in days (the reader's own month: 30 days)."""


def instalment_figures(decision: Decision) -> tuple[float, int] | None:
    """The monthly amount and the months it takes, when the decision carries them."""
    if decision.action not in (Action.COUNTER, Action.CONFIRM):
        return None
    found = decision.reason.get("instalment") if isinstance(decision.reason, dict) else None
    if not isinstance(found, dict):
        return None
    monthly, months = found.get("monthly"), found.get("months")
    if not isinstance(monthly, int | float) or not isinstance(months, int) or months < 1:
        return None
    return float(monthly), months


def instalment_texts(decision: Decision, money: str) -> tuple[tuple[str, ...], tuple[str, ...]]:
    """The variants of the two sentences, with the figures filled in (``{balance}`` and
    ``{days}`` are left for the plan's facts). ``money`` is the monthly amount as replies
    write amounts."""
    figures = instalment_figures(decision)
    if figures is None:
        return (), ()
    _, months = figures
    rate = tuple(t.replace("{monthly}", money).replace("{months}", str(months)) for t in RATE)
    days = decision.stated_days
    if days is not None and months * DAYS_PER_MONTH <= days:
        return rate, FITS
    return rate, LONGER_FINAL if decision.final else LONGER_NOW


__all__ = ["DAYS_PER_MONTH", "FITS", "LONGER_FINAL", "LONGER_NOW", "RATE",
           "instalment_figures", "instalment_texts"]
