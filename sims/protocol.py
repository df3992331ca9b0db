"""The CRAD agent-to-agent protocol: one dialogue between a creditor and a simulated debtor.

Rules (decided on structured offers, never by parsing text):
- the creditor opens with its target; the sides alternate; at most ``max_messages`` (30);
- agreement when the two latest offers (each side's standing offer) are within ``tolerance``
  (5) days, at the offer just made, provided it lies inside the creditor's mandate
  (``max_days``); or when one side accepts the other's standing offer;
- the debtor may break off (a failure).
The 5-day zone is this protocol's rule, not the agent's: the creditor is told it
(``tolerance``), with the deadline (``max_messages``) and who answers the final message
(``LAST_MOVER``: the creditor's reply to the debtor's message 30 closes the dialogue), so its
own acceptance (AC_next / AC_time, :mod:`policies.acceptance`) plays these rules knowingly.
The creditor still reads the debtor's *text* through its own parser and sensor. When the
creditor's session declares an agreement the debtor's structured offers do not support (a
misparse), the dialogue is recorded as a failure with outcome ``mismatch``.

Consent is explicit on the creditor's side too: the creditor restates the terms and agrees only
on the debtor's yes. When the protocol has decided an agreement, the simulated debtor (which
meant to accept) answers each restatement with a yes to those terms; those extra messages are
not counted toward the limit and are reported as ``confirmation_messages``.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from edge_agent import Negotiator, Reply, Scenario, SessionClosed
from edge_agent.state.session import ACTIVE_STATUSES
from edge_agent.verify.guard import ComplianceGuard
from edge_core import Decision
from policies import POLICY_NAMES, ConcessionCurve, make_persona_policy
from sims.audit import audit_text
from sims.debtor import CreditorMessage, DebtorTurn
from sims.llm_alone import NAME, LlmAloneCreditor, is_llm_alone, model_of, runtime_for
from sims.perception import read_as

TOLERANCE = 5
MAX_MESSAGES = 30
LAST_MOVER = "creditor"
"""The creditor answers the debtor's last counted message (with a close or an acceptance)."""
TIME_BASED = ("boulware", "linear", "conceder")
MAX_CONFIRMATION_ROUNDS = 3
"""Yes-answers the simulated debtor gives to restatements before the protocol gives up."""


@dataclass(frozen=True)
class PolicySpec:
    """A creditor configuration in a run: a persona policy plus a concession curve."""

    name: str
    persona_policy: str
    concession: ConcessionCurve | None = None
    llm_alone: str | None = None
    """The model an ``llm-alone`` creditor plays on (:mod:`sims.llm_alone`); None for the
    agent."""

    @classmethod
    def parse(cls, name: str) -> PolicySpec:
        """``eq``, ``vanilla``, ``fixed:<e>``... or a time-based baseline ``boulware``,
        ``linear``, ``conceder`` (the vanilla persona with a NegMAS-style curve), or
        ``llm-alone[:<backend>]``, the papers' baseline (a model negotiating on its own)."""
        key = name.strip()
        if key in TIME_BASED:
            return cls(key, "vanilla", ConcessionCurve.preset(key))
        if is_llm_alone(key):
            return cls(key, "vanilla", None, llm_alone=model_of(key))
        try:
            make_persona_policy(key)  # validates the name
        except ValueError:
            raise ValueError(f"unknown policy {name!r}; expected one of "
                             f"{', '.join((*POLICY_NAMES, *TIME_BASED, NAME))}") from None
        return cls(key, key, None)


def run_dialogue(
    scenario: Scenario,
    debtor: Any,
    policy: PolicySpec,
    *,
    seed: int,
    sensor: Any,
    backend: str = "template",
    max_messages: int = MAX_MESSAGES,
    tolerance: int = TOLERANCE,
    realiser: Any = None,
) -> dict[str, Any]:
    """Play one dialogue; return the full record (transcript, traces, outcome)."""
    return play_dialogue(scenario, debtor, policy, seed=seed, sensor=sensor, backend=backend,
                         max_messages=max_messages, tolerance=tolerance,
                         realiser=realiser)[0]  # fmt: skip


def play_dialogue(
    scenario: Scenario,
    debtor: Any,
    policy: PolicySpec,
    *,
    seed: int,
    sensor: Any,
    backend: str = "template",
    max_messages: int = MAX_MESSAGES,
    tolerance: int = TOLERANCE,
    realiser: Any = None,
    learned: Any = None,
) -> tuple[dict[str, Any], Any]:
    """:func:`run_dialogue` with a learning policy's carried state: ``learned`` goes in, the
    record and the state after this dialogue (None for a policy that learns nothing) come
    out."""
    agent: Any
    if policy.llm_alone is not None:
        agent = LlmAloneCreditor(scenario, runtime_for(policy.llm_alone), seed=seed,
                                 backend=policy.llm_alone)  # fmt: skip
    else:
        agent = _negotiator(scenario, policy, seed, sensor, backend, max_messages, tolerance,
                            realiser, learned)  # fmt: skip
    return _play(agent, scenario, debtor, max_messages, tolerance)


def _negotiator(scenario: Scenario, policy: PolicySpec, seed: int, sensor: Any, backend: str,
                max_messages: int, tolerance: int, realiser: Any, learned: Any) -> Negotiator:
    return Negotiator(
        scenario,
        policy=policy.persona_policy,
        backend=backend,
        seed=seed,
        sensor=sensor,
        max_messages=max_messages,
        concession=policy.concession,
        tolerance=tolerance,
        last_mover=LAST_MOVER,
        realiser=realiser,
        learned=learned,
    )


def _play(agent: Any, scenario: Scenario, debtor: Any, max_messages: int,
          tolerance: int) -> tuple[dict[str, Any], Any]:  # fmt: skip
    guard = ComplianceGuard()
    messages: list[dict[str, Any]] = []
    reply = agent.open()
    _creditor(messages, agent, reply, guard, 1)
    creditor_offer = reply.offer_days
    debtor_offer: int | None = None
    outcome: dict[str, Any] = {
        "agreed": False,
        "agreed_days": None,
        "outcome": "limit",
        "messages": max_messages,
        "closed_by": None,
    }
    count = 1  # protocol messages so far (the opening)
    while count < max_messages:
        turn: DebtorTurn = debtor.respond(
            CreditorMessage(
                reply.text,
                reply.emotion,
                creditor_offer,
                bool(reply.trace.get("decision", {}).get("instructed", True)),
            ),
            count / max_messages,
        )
        count += 1
        messages.append({"role": "debtor", "index": count, **turn.to_dict()})
        if turn.days is not None:
            debtor_offer = turn.days
        decided = _after_debtor(turn, creditor_offer, tolerance, count, scenario.max_days)
        if agent.status in ACTIVE_STATUSES and (decided is None or decided["agreed"]):
            reply = agent.respond(turn.text)  # the creditor reads the text, as it would live
            closing = decided is not None or count >= max_messages
            if not closing:
                count += 1
            _creditor(messages, agent, reply, guard, count if not closing else None)
            if not closing:
                decided = _after_creditor(reply, debtor_offer, tolerance, count)
                creditor_offer = reply.offer_days if reply.offer_days else creditor_offer
        if decided is not None:
            outcome = decided
            break
    if outcome["agreed"]:
        if getattr(agent, "confirms", True):
            outcome["confirmation_messages"] = _confirm(
                agent, outcome["agreed_days"], messages, guard
            )
        else:  # no consent step (llm-alone): the agreement stands as read, the session closes
            outcome["confirmation_messages"] = 0
            agent.conclude("agreed")
        outcome["creditor_status"] = agent.status
        if hasattr(debtor, "promise"):  # does the agreement hold? (sims.promises)
            outcome.update(debtor.promise(outcome["agreed_days"]).to_dict())
        reopen = debtor.reopen()
        if reopen is not None:
            refused = _try(agent, reopen.text)
            messages.append(
                {
                    "role": "debtor",
                    "index": None,
                    "post_agreement": True,
                    "reopen_refused": refused,
                    **reopen.to_dict(),
                }
            )
    # the creditor learns how it ended, including a break-off it never answered
    state = agent.conclude("breakoff" if outcome["outcome"] == "debtor_left" else
                           "agreed" if outcome["agreed"] else "limit")  # fmt: skip
    if not outcome["agreed"] and hasattr(debtor, "promise"):
        outcome["kept"] = None  # judged by the promise model, but there was no promise
    record = {"outcome": outcome, "messages": messages, "hidden": debtor.hidden.to_dict()}
    return record, state


def _confirm(
    agent: Any, days: int, messages: list[dict[str, Any]], guard: ComplianceGuard
) -> int:
    """The debtor, having meant to accept ``days``, says yes to the creditor's restatement of
    them (or names them if the creditor has not restated them yet). Returns the messages this
    cost, both sides."""
    cost = 0
    for _ in range(MAX_CONFIRMATION_ROUNDS):
        if agent.status not in ACTIVE_STATUSES:
            break
        awaiting = agent.session.awaiting_days
        text = (f"Yes, I agree to {days} days." if awaiting == days
                else f"I can do {days} days.")
        messages.append(
            {
                "role": "debtor",
                "index": None,
                "text": text,
                "days": None,  # confirms the decided terms: no new proposal
                "accept": awaiting == days,
                "leave": False,
                "confirmation": True,
                "emotion": messages[-2]["emotion"] if len(messages) > 1 else "neutral",
                "intent": "accept",
                "tactics": [],
                "state": {},
            }
        )
        _creditor(messages, agent, agent.respond(text), guard, None)
        cost += 2
    return cost


def _after_debtor(
    turn: DebtorTurn, creditor_offer: int | None, tolerance: int, index: int, max_days: int
) -> dict[str, Any] | None:
    """The protocol after a debtor message. An agreement must lie inside the creditor's
    mandate: a proposal within tolerance of our offer but beyond ``max_days`` is no deal."""
    if turn.accept and creditor_offer is not None:
        return _agreed(creditor_offer, index, "debtor_accept")
    if turn.leave:
        return {
            "agreed": False,
            "agreed_days": None,
            "outcome": "debtor_left",
            "messages": index,
            "closed_by": "debtor",
        }
    if (
        turn.days is not None
        and creditor_offer is not None
        and abs(turn.days - creditor_offer) <= tolerance
        and turn.days <= max_days
    ):
        return _agreed(turn.days, index, "within_tolerance")
    return None


def _after_creditor(
    reply: Reply, debtor_offer: int | None, tolerance: int, index: int
) -> dict[str, Any] | None:
    if reply.status == "agreed":
        days = reply.agreed_days
        if debtor_offer is not None and days is not None and abs(days - debtor_offer) <= tolerance:
            return _agreed(days, index, "creditor_accept")
        return {
            "agreed": False,
            "agreed_days": None,
            "outcome": "mismatch",
            "messages": index,
            "closed_by": "creditor",
            "creditor_agreed_days": days,
        }
    if reply.status == "failed":
        return {
            "agreed": False,
            "agreed_days": None,
            "outcome": "limit",
            "messages": index,
            "closed_by": "creditor",
        }
    offer = reply.offer_days
    if offer is not None and debtor_offer is not None and abs(offer - debtor_offer) <= tolerance:
        return _agreed(offer, index, "within_tolerance")
    return None


def _agreed(days: int, index: int, how: str) -> dict[str, Any]:
    return {
        "agreed": True,
        "agreed_days": int(days),
        "outcome": how,
        "messages": index,
        "closed_by": how,
    }


def _creditor(
    messages: list[dict[str, Any]],
    agent: Any,
    reply: Reply,
    guard: ComplianceGuard,
    index: int | None,
) -> None:
    """Record a creditor message; ``index`` None marks a courtesy confirmation or close sent
    after the protocol had decided (not counted toward the message limit)."""
    # Wall times (stage timings, the early display's first-shown time) would make the record
    # differ between identical runs.
    trace = {k: v for k, v in reply.trace.items() if k not in ("timings", "display")}
    decision = Decision.from_dict(trace["decision"])
    recheck = guard.check(reply.text, decision, agent.scenario)
    messages.append(
        {
            "role": "creditor",
            "index": index,
            "text": reply.text,
            "emotion": reply.emotion,
            "read_as": read_as(reply.text),  # the independent reader (persona fidelity)
            "offer_days": reply.offer_days,
            "status": reply.status,
            "agreed_days": reply.agreed_days,
            "guard_caught": len(trace.get("guard", {}).get("violations", [])),
            "emitted_violations": [v.rule for v in recheck.violations]
            + audit_text(reply.text, decision.stated_days),
            "trace": trace,
        }
    )


def _try(agent: Any, text: str) -> bool:
    """True when the creditor refuses to reopen (its session is closed)."""
    try:
        agent.respond(text)
    except SessionClosed:
        return True
    return False
