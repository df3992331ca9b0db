"""The issue's scripted debtors, played by any creditor policy: a benchmark, not a test.

``python -m sims.deal_cases [policy ...]`` (default: vanilla and eq) plays each case through the
real agent (template realiser, lexicon sensor, no tolerance zone) and prints the creditor's
offers message by message with the two measured targets:

- **met**: a credible hardship holding a stable ask inside the mandate is met (an offer at
  least 75% of the way from our target to the ask, or the ask restated for confirmation)
  within three creditor messages of the ask becoming stable (its first repeat);
- **stonewaller**: a debtor repeating one figure with no reason gets no more than vanilla's
  offer plus 2 days, message by message.

The hostile case shows whether a closing move comes before "40 or nothing. Decide now".
"""

from __future__ import annotations

import sys
from dataclasses import dataclass

from edge_agent import Negotiator, Scenario
from edge_agent.state.session import ACTIVE_STATUSES

SCENARIO = Scenario(balance=15700.0, creditor_target_days=12, max_days=60)
JOBLESS_OPEN = ["I lost my job last month. I can't pay in 12 days, I need 120 days.",
                "I really can't afford that. Could you do 90 days?"]  # fmt: skip


def _jobless(ask: int) -> list[str]:
    held = [f"{ask} days is really the most I can manage, I lost my job and have nothing left.",
            f"I can only do {ask} days. I am struggling since I lost my job."]  # fmt: skip
    return [*JOBLESS_OPEN, f"Honestly {ask} days is the most I can manage since I lost my job.",
            *held * 6]


CASES: dict[str, tuple[list[str], int | None]] = {
    "jobless-45": (_jobless(45), 45),
    "jobless-40": (_jobless(40), 40),
    "stonewaller-45": (["I need 45 days."] + ["45 days."] * 14, None),
    "hostile-40": (["I want 80 days.", "This is ridiculous. 40 days, last offer, then I'm "
                    "hanging up.", "40 or nothing. I am furious. Decide now."], 40),
}


@dataclass
class Played:
    offers: list[int | None]
    actions: list[str]
    personas: list[str]
    status: str


def play(policy: str, messages: list[str], seed: int = 0) -> Played:
    agent = Negotiator(SCENARIO, policy=policy, sensor="lexicon", seed=seed)
    r = agent.open()
    played = Played([r.offer_days], ["open"], [r.emotion], agent.status)
    for text in messages:
        if agent.status not in ACTIVE_STATUSES:
            break
        r = agent.respond(text)
        played.offers.append(r.offer_days)
        played.actions.append(r.trace["decision"]["action"])
        played.personas.append(r.emotion)
    played.status = agent.status
    return played


def met_after(played: Played, ask: int, stable_at: int = 4) -> int | None:
    """Creditor messages after the ask became stable (the debtor's ``stable_at``-th message,
    its first repeat) until it was met; None if never."""
    bar = SCENARIO.creditor_target_days + 0.75 * (ask - SCENARIO.creditor_target_days)
    for i in range(stable_at, len(played.offers)):
        o = played.offers[i]
        if o is not None and (o >= bar or (played.actions[i] == "confirm" and o == ask)):
            return i - stable_at + 1
    return None


def main(policies: list[str]) -> None:
    runs = {(c, p): play(p, msgs) for c, (msgs, _) in CASES.items() for p in policies}
    for case, (_, ask) in CASES.items():
        print(f"## {case}")
        for p in policies:
            r = runs[(case, p)]
            shown = " ".join(f"{o}{'c' if a == 'confirm' else ''}" for o, a in
                             zip(r.offers, r.actions, strict=True))  # fmt: skip
            extra = ""
            if case.startswith("jobless") and ask is not None:
                extra = f"  met {met_after(r, ask)} message(s) after the ask became stable"
            print(f"{p:>12}: {shown}  [{r.status}]{extra}")
        if case.startswith("stonewaller") and "vanilla" in policies:
            base = runs[(case, "vanilla")].offers
            for p in policies:
                mine = runs[(case, p)].offers
                gap = max((a or 0) - (b or 0) for a, b in zip(mine, base, strict=False))
                print(f"{p:>12}: at most {gap:+d} days against vanilla (target <= +2)")


if __name__ == "__main__":
    main(sys.argv[1:] or ["vanilla", "eq"])
