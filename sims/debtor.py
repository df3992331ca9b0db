"""The rules debtor: hidden state, the response model, tactics as behaviour, and text.

Each turn it reads the creditor's *structured* message (displayed emotion and standing offer;
the protocol is on structured offers both ways), updates its affect with the response model,
decides a structured move (propose days, accept the standing offer, no offer, or leave) and
only then puts that move into words from the phrase banks. The true expressed emotion, the
intent and the tactics of every message are recorded for scoring.

Tactics that change behaviour, not only tone:
- cheating: states 1.3x the CRAD ask with a reservation well below it (overstated hardship),
  false promises and false claims of payment, and tries to reopen after agreeing;
- threatening: threatens complaints, lawyers, bankruptcy and social media and tests whether
  the creditor caves: a concession right after a threat larger than the one before it makes
  the debtor concede more slowly and threaten more; a threat that buys nothing speeds it up;
- victim: guilt-trips, and its distress and slowness grow when the creditor is firm or holds;
- stonewalling: minimal answers, delays, and ignores offers (turns with no proposal);
- pressure: ultimatums and deadlines, holds its number and concedes in rare large steps.
"""

from __future__ import annotations

import zlib
from dataclasses import dataclass, field
from typing import Any

import numpy as np

from edge_core import Scenario
from sims import phrases as P
from sims.personas import HiddenState, draw_hidden, spec
from sims.promises import PromiseOutcome, capacity_days, judge
from sims.response import (
    AFFECTS,
    ResponseParams,
    breakoff_probability,
    clip01,
    concession_multiplier,
    expressed,
    update_affect,
)

MIN_TURNS_BEFORE_LEAVING = 3


@dataclass(frozen=True)
class CreditorMessage:
    """What the debtor perceives of a creditor message: text, displayed emotion, offer."""

    text: str
    emotion: str
    offer_days: int | None
    instructed: bool = True


@dataclass(frozen=True)
class DebtorTurn:
    """One debtor message: text plus its structured meaning and ground truth for scoring."""

    text: str
    days: int | None  # proposed timeline (None: no proposal this turn)
    accept: bool  # accepts the creditor's standing offer
    leave: bool  # breaks off the negotiation
    emotion: str  # the emotion the message truly expresses
    intent: str  # propose | counter | hold | accept | no_offer | leave | reopen
    tactics: tuple[str, ...] = ()
    state: dict[str, Any] = field(default_factory=dict)

    def to_dict(self) -> dict[str, Any]:
        return {
            "text": self.text,
            "days": self.days,
            "accept": self.accept,
            "leave": self.leave,
            "emotion": self.emotion,
            "intent": self.intent,
            "tactics": list(self.tactics),
            "state": self.state,
        }


def key_rng(seed: int, *parts: object) -> np.random.Generator:
    """A generator keyed by the seed and any labels (stable across processes)."""
    keys = [seed & 0xFFFFFFFF] + [zlib.crc32(str(p).encode()) for p in parts]
    return np.random.default_rng(keys)


class RuleDebtor:
    """A simulated debtor of one persona in one scenario."""

    backend = "rules"

    def __init__(
        self,
        scenario: Scenario,
        persona: str,
        seed: int = 0,
        params: ResponseParams | None = None,
        key: str = "",
    ) -> None:
        self.scenario = scenario
        self.persona = persona
        self.spec = spec(persona)
        self.params = params or ResponseParams()
        self.seed = seed
        self.key = key or (scenario.scenario_id or "scenario")
        self.hidden: HiddenState = draw_hidden(
            scenario, persona, key_rng(seed, self.key, persona, "hidden")
        )
        self.affect = {k: self.spec.traits.baseline.get(k, 0.0) for k in AFFECTS}
        self.aspiration = float(self.hidden.stated_days)
        self.last_days: int | None = None
        self.turn = 0
        self.last_offer: int | None = None
        self.last_concession = 0
        self.threatened_last = False
        self.caved = 0  # threats the creditor rewarded with a bigger concession
        self.resisted = 0  # threats that bought nothing

    # -- the turn ------------------------------------------------------------------------------
    def respond(self, msg: CreditorMessage, time: float) -> DebtorTurn:
        self.turn += 1
        rng = key_rng(self.seed, self.key, self.persona, self.turn, "turn")
        p, traits = self.params, self.spec.traits
        display = msg.emotion if msg.instructed else "neutral"
        offer = msg.offer_days
        concession = 0 if offer is None or self.last_offer is None else offer - self.last_offer
        self._observe_threat_outcome(concession)
        self.affect = update_affect(self.affect, traits, display, p)
        if self.persona == "victim" and self.turn > 1 and concession <= 0:
            self.affect["sadness"] = clip01(self.affect["sadness"] + p.firmness_distress)
        emotion = expressed(self.affect, p)
        tactics: list[str] = []
        if self.turn > MIN_TURNS_BEFORE_LEAVING and rng.random() < breakoff_probability(
            self.affect, p
        ):
            return self._turn(
                P.pick(P.BREAK_OFF, rng),
                None,
                False,
                True,
                emotion,
                "leave",
                tactics,
                rng,
                tone=True,
            )
        planned = self._plan(display, concession, time, rng)
        if offer is not None and offer >= self.hidden.reservation and offer >= planned:
            text = P.render(P.pick(P.ACCEPT, rng), c=offer)
            return self._turn(text, None, True, False, emotion, "accept", tactics, rng, tone=True)
        tactic = self._tactic(rng)
        if tactic:
            tactics.append(tactic)
        self.last_offer = offer if offer is not None else self.last_offer
        self.last_concession = concession
        if self.persona == "stonewalling" and self.turn > 1 and rng.random() < 0.5:
            return self._turn(
                P.pick(P.NO_OFFER, rng),
                None,
                False,
                False,
                emotion,
                "no_offer",
                tactics,
                rng,
                tone=rng.random() < 0.3,
            )
        days = min(self.last_days or planned, planned)
        if self.last_days is None or self.turn == 1:
            template = P.pick(P.COUNTER, rng) if offer is not None else P.pick(P.PROPOSE, rng)
            intent = "counter" if offer is not None else "propose"
        elif days == self.last_days:
            template, intent = P.pick(P.HOLD, rng), "hold"
        elif offer is not None and rng.random() < 0.5:
            template, intent = P.pick(P.COUNTER, rng), "counter"
        else:
            template, intent = P.pick(P.PROPOSE, rng), "propose"
        self.last_days = days
        text = P.render(template, d=days, c=offer)
        tone = not (self.persona == "stonewalling" and rng.random() < 0.7)
        return self._turn(text, days, False, False, emotion, intent, tactics, rng, tone=tone)

    def promise(self, agreed_days: int) -> PromiseOutcome:
        """Whether an agreement at ``agreed_days`` holds (:mod:`sims.promises`): the draw is
        keyed by the debtor, never by the creditor policy."""
        capacity = capacity_days(self.scenario, self.persona, self.hidden.reservation,
                                 self.params)  # fmt: skip
        rng = key_rng(self.seed, self.key, self.persona, "promise")
        return judge(agreed_days, capacity, self.scenario.creditor_target_days, self.params, rng)

    def reopen(self) -> DebtorTurn | None:
        """After an agreement, a cheating debtor tries to reopen it; others do not."""
        if self.persona != "cheating":
            return None
        rng = key_rng(self.seed, self.key, self.persona, "reopen")
        if rng.random() >= 0.5:
            return None
        days = max(self.hidden.reservation, self.last_days or self.hidden.stated_days)
        text = P.render(P.pick(P.REOPEN, rng), d=days)
        return DebtorTurn(
            text,
            days,
            False,
            False,
            expressed(self.affect, self.params),
            "reopen",
            ("reopen_after_accept",),
            self._state(),
        )

    # -- internals -----------------------------------------------------------------------------
    def _plan(self, display: str, concession: int, time: float, rng: np.random.Generator) -> int:
        """The next proposal the debtor's concession dynamics reach (never below reservation)."""
        if self.turn == 1:
            return self.hidden.stated_days
        p = self.params
        rate = self.spec.base_rate * concession_multiplier(
            self.affect, self.spec.traits, display, time, p
        )
        if self.persona == "threatening":
            rate *= 0.7**self.caved * 1.15**self.resisted
        if self.persona == "pressure":
            rate = rate * 3.0 if self.turn % 3 == 0 else 0.0
        if self.persona == "victim":
            rate *= 1.0 - 0.5 * self.affect["sadness"] * self.spec.traits.distress
        gap = self.aspiration - self.hidden.reservation
        step = min(1.0, rate) * gap + p.reciprocal_concession * max(0, concession)
        self.aspiration = max(float(self.hidden.reservation), self.aspiration - step)
        return int(np.ceil(self.aspiration - 1e-9))

    def _observe_threat_outcome(self, concession: int) -> None:
        if self.persona == "threatening" and self.threatened_last:
            if concession > max(0, self.last_concession):
                self.caved += 1
            else:
                self.resisted += 1
        self.threatened_last = False

    def _tactic(self, rng: np.random.Generator) -> str | None:
        rate = self.spec.tactic_rate
        if self.persona == "threatening":
            rate = min(0.95, rate + 0.15 * self.caved)
        if rate <= 0 or rng.random() >= rate:
            return None
        choices = {
            "angry": ("hardship_claim",),
            "disgust": ("hardship_claim",),
            "sad": ("hardship_claim",),
            "fear": ("hardship_claim",),
            "threatening": ("threat",),
            "cheating": ("false_promise", "false_payment", "hardship_claim"),
            "victim": ("guilt",),
            "stonewalling": ("minimal", "delay"),
            "pressure": ("ultimatum",),
        }.get(self.persona, ())
        if not choices:
            return None
        tactic = choices[int(rng.integers(len(choices)))]
        if tactic == "threat":
            self.threatened_last = True
        return tactic

    def _turn(
        self,
        offer_text: str,
        days: int | None,
        accept: bool,
        leave: bool,
        emotion: str,
        intent: str,
        tactics: list[str],
        rng: np.random.Generator,
        *,
        tone: bool,
    ) -> DebtorTurn:
        parts = [P.pick(P.TONE[emotion], rng)] if tone else []
        reason = P.reason_phrase(self.scenario.reason_for_overdue)
        parts += [P.render(P.pick(P.TACTICS[t], rng), reason=reason) for t in tactics]
        parts.append(offer_text)
        if len(parts) > 2 and rng.random() < 0.3:
            parts[0], parts[1] = parts[1], parts[0]
        return DebtorTurn(
            " ".join(parts), days, accept, leave, emotion, intent, tuple(tactics), self._state()
        )

    def _state(self) -> dict[str, Any]:
        return {
            "affect": {k: round(v, 4) for k, v in self.affect.items()},
            "aspiration": round(self.aspiration, 3),
        }
