"""edge-agent as a NegMAS negotiator: the creditor in NegMAS's SAO mechanism and tournaments.

NegMAS (AGPL-3.0) is an optional extra, installed apart: ``pip install 'edge-agent[negmas]'``.
Nothing else in edge-agent imports it.

:class:`EdgeCreditorNegotiator` wraps one :class:`edge_agent.Negotiator` per negotiation.
Numbers in, numbers out: the debtor's offer ``(days,)`` reaches the agent as the message
``"I can do N days."`` (read by the agent's own parser and emotion sensor, as a live message
would be), and the agent's structured decision becomes the SAO response: an acceptance, a
counter-offer ``(days,)`` or the end of the negotiation. The agent's text, emotions and trace
are kept in :attr:`EdgeCreditorNegotiator.replies` for analysis; they never reach NegMAS.

The outcome space is one integer issue of days (its minimum is the creditor's target, its
maximum the mandate, unless a ``scenario`` is given) and the creditor prefers fewer days.
The agent is told the mechanism's deadline and who moves last (:func:`sao_deadline`: both
who-opens cases, and ``one_offer_per_step``), so its final decision is its real last chance.

Every incoming offer is checked before the agent decides (:meth:`EdgeCreditorNegotiator.
offered_days`): anything but a 1-tuple of a whole number inside both the outcome space and
``1..max_days`` is never accepted (the agent restates its standing offer instead), and an
acceptance is always of exactly the offer on the table.

Example::

    from negmas import SAOMechanism, make_issue
    from negmas.preferences import AffineUtilityFunction
    from negmas.sao import BoulwareTBNegotiator
    from edge_agent.integrations.negmas import EdgeCreditorNegotiator

    T = 10
    issues = [make_issue(values=(T, 5 * T), name="days")]
    creditor = AffineUtilityFunction([-1 / (4 * T)], bias=1.25, issues=issues)
    debtor = AffineUtilityFunction([1 / (4 * T)], bias=-0.25, issues=issues,
                                   reserved_value=0.5)
    m = SAOMechanism(issues=issues, n_steps=20)
    m.add(EdgeCreditorNegotiator(policy="eq", name="edge"), ufun=creditor)
    m.add(BoulwareTBNegotiator(name="debtor"), ufun=debtor)
    print(m.run().agreement)
"""

from __future__ import annotations

import math
from typing import Any

try:
    from negmas import ResponseType
    from negmas.sao import SAOCallNegotiator, SAOResponse, SAOState
except ImportError as exc:  # pragma: no cover - exercised only without the extra
    raise ImportError(
        "edge_agent.integrations.negmas needs NegMAS, an optional extra (AGPL-3.0) that is "
        "not installed: pip install 'edge-agent[negmas]'"
    ) from exc

from edge_agent import EmotionSensor
from edge_agent.agent import Negotiator, Reply
from edge_agent.state.session import MAX_MESSAGES_LIMIT, NegotiatorConfig
from edge_core import Scenario
from policies import ConcessionCurve
from policies.registry import make_persona_policy

MIN_DEADLINE = 3
"""The shortest deadline :class:`NegotiatorConfig` accepts."""

ACCEPTING_STATUSES = ("agreed", "awaiting_confirmation")
"""Agent statuses that mean it takes the debtor's offer. A confirmation request counts: in
SAO an offer is explicit, so the debtor has already given its consent."""

DEBTOR_MESSAGE = "I can do {days} days."
CONFIRMATION = "Yes, I agree to {days} days."
"""The debtor's explicit yes to restated terms (an SAO agreement is explicit consent)."""
MAX_CONFIRMATION_ROUNDS = 3


def accepts(reply: Reply, offered: int | None = None) -> bool:
    """The one mapping from the agent's decision to an SAO acceptance: it agreed, or it
    restated for confirmation exactly the offer on the table (``offered``, when known)."""
    if reply.status not in ACCEPTING_STATUSES:
        return False
    terms = reply.agreed_days if reply.status == "agreed" else reply.offer_days
    return offered is None or terms == offered


def sao_response(reply: Reply, offered: int | None = None) -> SAOResponse:
    """The SAO move for the agent's reply to ``offered`` days: accept, end, or counter with
    its standing offer (a restatement of other terms, such as the debtor's own earlier lower
    ask, is a counter-offer of those terms)."""
    if accepts(reply, offered):
        days = reply.agreed_days if reply.status == "agreed" else reply.offer_days
        return SAOResponse(ResponseType.ACCEPT_OFFER, None if days is None else (days,))
    if reply.status not in ("open", "awaiting_confirmation") or reply.offer_days is None:
        return SAOResponse(ResponseType.END_NEGOTIATION, None)
    return SAOResponse(ResponseType.REJECT_OFFER, (reply.offer_days,))


def sao_deadline(n_steps: int, we_open: bool, one_offer_per_step: bool = False) -> tuple[int, str]:
    """``(deadline_messages, last_mover)`` for the agent in an SAO game of ``n_steps``.

    The agent counts its own opening as message 1 even when the debtor opens (then that
    opening is never sent), so the debtor's offers are its even messages either way. The
    mechanism's last message is ``L`` in that count: the debtor's (even ``L``: it ends the
    game, the agent's last chance is its answer to ``L - 2``) or ours (odd ``L``: our answer
    to the debtor's ``L - 1`` is final). ``(D, "creditor")`` and ``(D + 2, "debtor")`` make
    the same answer final, which keeps very short games above :data:`MIN_DEADLINE`. Games
    longer than :data:`MAX_MESSAGES_LIMIT` are clamped to it: the agent then concludes
    early (its final decision comes before the mechanism's), it does not crash.
    """
    total = n_steps if one_offer_per_step else 2 * n_steps
    last = total + (0 if we_open else 1)
    deadline, mover = (last, "debtor") if last % 2 == 0 else (last - 1, "creditor")
    if deadline < MIN_DEADLINE and mover == "creditor":
        deadline, mover = deadline + 2, "debtor"
    return min(max(deadline, MIN_DEADLINE), MAX_MESSAGES_LIMIT), mover


class EdgeCreditorNegotiator(SAOCallNegotiator):
    """The edge-agent creditor as an SAO negotiator (usable in ``cartesian_tournament``).

    ``policy`` is the persona policy (``eq``, ``vanilla``...); ``concession`` a curve or a
    preset name (``boulware``, ``linear``, ``conceder``); ``sensor`` a sensor name or a shared
    instance (loading the ONNX sensor once for many negotiations saves time); ``scenario``
    the debt (by default derived from the outcome space, with ``balance``);
    ``negotiator_options`` go to :class:`edge_agent.Negotiator` (``tracker``, ``payoff``...).
    The backend is the template realiser unless ``backend`` says otherwise.
    ``tell_deadline=False`` keeps the agent's own ``max_messages`` clock and its assumption
    that it answers the final message (an ablation: how the agent played before it knew).
    """

    def __init__(
        self,
        *args: Any,
        policy: str = "eq",
        concession: ConcessionCurve | str | None = None,
        seed: int = 0,
        sensor: str | EmotionSensor = "default",
        backend: str = "template",
        scenario: Scenario | None = None,
        balance: float = 1000.0,
        negotiator_options: dict[str, Any] | None = None,
        tell_deadline: bool = True,
        **kwargs: Any,
    ) -> None:
        super().__init__(*args, **kwargs)
        if isinstance(concession, str):
            concession = ConcessionCurve.preset(concession)
        make_persona_policy(policy)  # an unknown policy fails here, not inside m.run()
        self._check_options(policy, dict(negotiator_options or {}))
        self.policy, self.concession, self.seed = policy, concession, seed
        self.sensor, self.backend, self.balance = sensor, backend, balance
        self.scenario = scenario
        self.negotiator_options = dict(negotiator_options or {})
        self.tell_deadline = tell_deadline
        self.agent: Negotiator | None = None
        self.replies: list[Reply] = []
        """Every creditor reply of the current negotiation: text, emotion, offer, trace."""

    # -- NegMAS callbacks ------------------------------------------------------------------
    def join(self, nmi: Any, state: Any, **kwargs: Any) -> bool:
        """Refuse a mechanism without ``n_steps`` when it is added, not at the first move."""
        if getattr(nmi, "n_steps", None) is None:
            raise ValueError(
                "EdgeCreditorNegotiator needs a mechanism with n_steps: its clock counts "
                "messages, and a time limit alone gives it no deadline"
            )
        return super().join(nmi, state, **kwargs)

    def on_negotiation_start(self, state: SAOState) -> None:
        super().on_negotiation_start(state)
        self.agent, self.replies = None, []

    def __call__(self, state: SAOState, dest: str | None = None) -> SAOResponse:
        agent = self.agent or self._start()
        if not agent.session.turns:
            self.replies.append(agent.open())
            if state.current_offer is None:  # we open: our target
                return sao_response(self.replies[-1])
        offer = state.current_offer
        days = None if offer is None else self.offered_days(offer)
        if days is None:  # nothing, or an offer we may not take: restate our standing offer
            standing = self.replies[-1].offer_days
            if standing is None or self.replies[-1].status not in ("open",
                                                                    "awaiting_confirmation"):
                return SAOResponse(ResponseType.END_NEGOTIATION, None)
            return SAOResponse(ResponseType.REJECT_OFFER, (standing,))
        self.replies.append(agent.respond(DEBTOR_MESSAGE.format(days=days)))
        response = sao_response(self.replies[-1], days)
        if response.response == ResponseType.ACCEPT_OFFER:  # exactly the offer on the table
            return SAOResponse(ResponseType.ACCEPT_OFFER, tuple(offer))
        return response

    def offered_days(self, offer: Any) -> int | None:
        """The debtor's offer as whole days, or None when it must never be accepted: not a
        1-tuple, not a whole number (50.6 is not 50), outside the outcome space, or outside
        ``1..max_days`` (the mandate)."""
        if not isinstance(offer, tuple | list) or len(offer) != 1:
            return None
        value = offer[0]
        if isinstance(value, bool) or not isinstance(value, int | float):
            return None
        if isinstance(value, float) and not (math.isfinite(value) and value.is_integer()):
            return None
        days = int(value)
        agent = self.agent
        if agent is None or not 1 <= days <= agent.session.scenario.max_days:
            return None
        return days if tuple(offer) in self.nmi.outcome_space else None

    def on_negotiation_end(self, state: SAOState) -> None:
        """When the debtor took our offer, the agent's session records the agreement too."""
        super().on_negotiation_end(state)
        agent = self.agent
        if agent is None or state.agreement is None:
            return
        days = int(state.agreement[0])
        for _ in range(MAX_CONFIRMATION_ROUNDS):  # a yes to our offer is restated, then agreed
            if agent.status not in ("open", "awaiting_confirmation"):
                break
            if agent.status == "open" and days != agent.session.standing_offer:
                break
            if agent.status == "awaiting_confirmation" and days != agent.session.awaiting_days:
                break
            self.replies.append(agent.respond(CONFIRMATION.format(days=days)))

    # -- internals -------------------------------------------------------------------------
    def _start(self) -> Negotiator:
        nmi = self.nmi
        if nmi.n_steps is None:
            raise ValueError(
                "EdgeCreditorNegotiator needs a mechanism with n_steps: its clock counts "
                "messages, and a time limit alone gives it no deadline"
            )
        if self.scenario is None:
            scenario = self._scenario_from_outcome_space()
        else:
            scenario = self.scenario
            self._check_scenario(scenario)
        first = nmi.negotiator_index(self.id) == 0
        one_offer = bool(getattr(nmi, "one_offer_per_step", False))
        options: dict[str, Any] = {}
        if self.tell_deadline:
            deadline, mover = sao_deadline(nmi.n_steps, first, one_offer)
            options = {"deadline_messages": deadline, "last_mover": mover}
        self.agent = Negotiator(
            scenario, policy=self.policy, backend=self.backend, seed=self.seed,
            sensor=self.sensor, concession=self.concession,
            **{**options, **self.negotiator_options},
        )  # fmt: skip
        return self.agent

    @staticmethod
    def _check_options(policy: str, options: dict[str, Any]) -> None:
        """Bad protocol options (``last_mover``, ``deadline_messages``...) fail at
        construction: the fields :class:`NegotiatorConfig` validates are tried here."""
        fields = set(NegotiatorConfig.__dataclass_fields__) - {"policy", "concession_name"}
        NegotiatorConfig(policy=policy, **{k: v for k, v in options.items() if k in fields})

    def _one_issue(self) -> Any:
        issues = self.nmi.outcome_space.issues
        if len(issues) != 1:
            raise ValueError(
                f"EdgeCreditorNegotiator negotiates one issue of days; got {len(issues)} "
                f"issues: {issues}"
            )
        return issues[0]

    def _check_prefers_fewer_days(self, lo: int, hi: int) -> None:
        if self.ufun is not None and self.ufun((lo,)) < self.ufun((hi,)):
            raise ValueError(
                "EdgeCreditorNegotiator is the creditor: its utility must prefer fewer days "
                "(in cartesian_tournament, pass rotate_ufuns=False)"
            )

    def _check_scenario(self, scenario: Scenario) -> None:
        """A given scenario must fit the mechanism: one issue whose space holds every offer
        the agent can make (``creditor_target_days..max_days``), and a creditor's utility."""
        self._one_issue()
        lo, hi = scenario.creditor_target_days, scenario.max_days
        space = self.nmi.outcome_space
        outside = [d for d in range(lo, hi + 1) if (d,) not in space]
        if outside:
            raise ValueError(
                f"EdgeCreditorNegotiator's scenario offers {lo}..{hi} days, but the outcome "
                f"space does not hold {outside[0]} (nor {len(outside) - 1} other day(s)): "
                f"{space}"
            )
        self._check_prefers_fewer_days(lo, hi)

    def _scenario_from_outcome_space(self) -> Scenario:
        issue = self._one_issue()
        if not issue.is_integer():
            raise ValueError(
                f"EdgeCreditorNegotiator negotiates one integer issue of days; got {issue}"
            )
        lo, hi = int(issue.min_value), int(issue.max_value)
        self._check_prefers_fewer_days(lo, hi)
        return Scenario(balance=self.balance, creditor_target_days=lo, max_days=hi)
