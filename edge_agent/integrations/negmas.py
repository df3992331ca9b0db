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
The agent is told the mechanism's deadline (``2 * n_steps`` messages) and who moves last
(the debtor, when the creditor opens), so its acceptance plays SAO's rules, not CRAD's.

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

from typing import Any

try:
    from negmas import ResponseType
    from negmas.sao import SAOCallNegotiator, SAOResponse, SAOState
except ImportError as exc:  # pragma: no cover - exercised only without the extra
    raise ImportError(
        "edge_agent.integrations.negmas needs NegMAS, an optional extra (AGPL-3.0) that is "
        "not installed: pip install 'edge-agent[negmas]'"
    ) from exc

from edge_agent.negotiator import Negotiator, Reply
from edge_agent.sensors import EmotionSensor
from edge_core import Scenario
from policies import ConcessionCurve

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
        self.policy, self.concession, self.seed = policy, concession, seed
        self.sensor, self.backend, self.balance = sensor, backend, balance
        self.scenario = scenario
        self.negotiator_options = dict(negotiator_options or {})
        self.tell_deadline = tell_deadline
        self.agent: Negotiator | None = None
        self.replies: list[Reply] = []
        """Every creditor reply of the current negotiation: text, emotion, offer, trace."""

    # -- NegMAS callbacks ------------------------------------------------------------------
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
        if offer is None:  # the debtor offered nothing: restate our standing offer
            return SAOResponse(ResponseType.REJECT_OFFER, (self.replies[-1].offer_days,))
        self.replies.append(agent.respond(DEBTOR_MESSAGE.format(days=int(offer[0]))))
        return sao_response(self.replies[-1], int(offer[0]))

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
        scenario = self.scenario or self._scenario_from_outcome_space()
        first = nmi.negotiator_index(self.id) == 0
        # We open: messages 1..2n, the debtor's last. The debtor opens: the agent still
        # speaks its opening first, so its count runs one ahead and it answers last.
        deadline = nmi.n_steps * nmi.n_negotiators + (0 if first else 1)
        options: dict[str, Any] = {}
        if self.tell_deadline:
            options = {"deadline_messages": deadline,
                       "last_mover": "debtor" if first else "creditor"}  # fmt: skip
        self.agent = Negotiator(
            scenario, policy=self.policy, backend=self.backend, seed=self.seed,
            sensor=self.sensor, concession=self.concession,
            **{**options, **self.negotiator_options},
        )  # fmt: skip
        return self.agent

    def _scenario_from_outcome_space(self) -> Scenario:
        issues = self.nmi.outcome_space.issues
        if len(issues) != 1 or not issues[0].is_integer():
            raise ValueError(
                f"EdgeCreditorNegotiator negotiates one integer issue of days; got {issues}"
            )
        lo, hi = int(issues[0].min_value), int(issues[0].max_value)
        if self.ufun is not None and self.ufun((lo,)) < self.ufun((hi,)):
            raise ValueError(
                "EdgeCreditorNegotiator is the creditor: its utility must prefer fewer days "
                "(in cartesian_tournament, pass rotate_ufuns=False)"
            )
        return Scenario(balance=self.balance, creditor_target_days=lo, max_days=hi)
