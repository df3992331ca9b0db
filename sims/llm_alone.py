"""``llm-alone``: the papers' baseline, a language model negotiating on its own as creditor.

The method's papers compare their agent with a model that decides and speaks by itself from
a persona prompt. Here the same local models play that creditor: the system prompt gives the
persona, the debt, the scenario's target and the mandate (the longest timeline it may accept);
the whole dialogue so far is the chat history; whatever it writes is sent as it is. Nothing
checks or corrects it: no policy, no guard in the loop, no template fallback.

Its terms and its agreement are read from its words by the agent's reader
(:func:`edge_agent.read.read`, with the debtor's latest proposal as the standing offer it may
be accepting): a yes to that proposal is an agreement at it; a figure it states is its new
offer; a message without either keeps the standing offer. A deal beyond the mandate is not
prevented, it is counted (``mandate_breach`` in the metrics). It has no explicit-consent step
(the protocol's agreement stands as read) and, once agreed, it is closed to reopening like any
session. It duck-types the parts of :class:`edge_agent.Negotiator` that
:func:`sims.protocol.play_dialogue` uses, so both meet the same debtors through one protocol.

``llm-alone`` plays on the embedded default model; ``llm-alone:<backend>`` on any other
(``llm-alone:llama:qwen2.5-coder-1.5b-instruct-q4_k_m``, or a ``.gguf`` path).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

import numpy as np

from edge_agent import Reply, Scenario, SessionClosed
from edge_agent.read import read
from edge_core import Action, Decision, MoveKind, Tactic

NAME = "llm-alone"
MAX_TOKENS = 70
N_CTX = 4096

_RUNTIMES: dict[str, Any] = {}


def is_llm_alone(policy: str) -> bool:
    return policy == NAME or policy.startswith(NAME + ":")


def model_of(policy: str) -> str:
    """The backend an ``llm-alone[:<backend>]`` policy name plays on."""
    return policy.partition(":")[2] or "llama"


def runtime_for(backend: str) -> Any:
    """One loaded model per backend and process (a larger context than the debtor's: the
    creditor keeps the whole dialogue)."""
    if backend not in _RUNTIMES:
        from edge_agent.llm.models import resolve_model
        from edge_agent.llm.runtime import get_runtime

        _RUNTIMES[backend] = get_runtime(resolve_model(backend).path, n_ctx=N_CTX)
    return _RUNTIMES[backend]


def system_prompt(sc: Scenario) -> str:
    return (
        f"You are a debt collection agent for {sc.creditor_name}. {sc.debtor_name} owes "
        f"${sc.balance:,.2f}, overdue because of {sc.reason_for_overdue or 'cash-flow problems'}. "
        "You negotiate how many days they get to repay the full balance. Your target is "
        f"repayment within {sc.creditor_target_days} days; you must never agree to more than "
        f"{sc.max_days} days. Be persuasive and professional. In every message state the number "
        "of days you offer, and when you accept their proposal say clearly that you agree. "
        "Write one short message of one to three sentences, nothing else."
    )


@dataclass
class _Session:
    """What the protocol asks of a creditor's session."""

    awaiting_days: int | None = None
    status: str = "open"
    history: list[tuple[str, str]] = field(default_factory=list)  # (role, text)


class LlmAloneCreditor:
    """A creditor that is only a language model with a persona prompt."""

    confirms = False
    """No explicit-consent restatement: the protocol's agreement stands as read."""

    def __init__(self, scenario: Scenario, runtime: Any, *, seed: int, backend: str = "") -> None:
        self.scenario = scenario
        self.runtime = runtime
        self.backend = backend
        self.rng = np.random.default_rng(seed)
        self.session = _Session()
        self.offer: int | None = None
        self.debtor_offer: int | None = None

    @property
    def status(self) -> str:
        return self.session.status

    def open(self) -> Reply:
        return self._speak("Open the negotiation: introduce yourself and make your first offer.")

    def respond(self, text: str) -> Reply:
        if self.session.status not in ("open",):
            raise SessionClosed(f"the dialogue is {self.session.status}")
        move = read(text, self.offer, balance=self.scenario.balance)
        if move.kind == MoveKind.PROPOSE and move.days is not None:
            self.debtor_offer = move.days
        self.session.history.append(("user", text))
        return self._speak(None)

    def conclude(self, outcome: str) -> None:
        """Nothing is learned; the session closes (a later message is refused)."""
        if self.session.status == "open":
            self.session.status = "agreed" if outcome == "agreed" else "failed"
        return None

    def _speak(self, instruction: str | None) -> Reply:
        from edge_agent.llm.prompt import ChatFormat, Message

        rt = self.runtime
        messages = [Message("system", system_prompt(self.scenario))]
        if instruction:
            messages.append(Message("user", instruction))
        messages += [Message("user" if role == "user" else "assistant", text)
                     for role, text in self.session.history]  # fmt: skip
        fmt = ChatFormat(rt.chat_template, rt.bos_text, rt.eos_text)
        prompt = fmt.render(messages)
        if fmt.kind != "gguf":
            prompt += "\nCollector:"
        gen = rt.generate(rt.tokenize_prompt(prompt), max_tokens=MAX_TOKENS, temperature=0.7,
                          seed=int(self.rng.integers(2**31)),
                          stop=["\n\n", "Debtor:", "<|im_end|>"])  # fmt: skip
        text = " ".join(gen.text.split()) or "..."
        self.session.history.append(("assistant", text))
        return self._reply(text)

    def _reply(self, text: str) -> Reply:
        """Its terms, read from its words (the debtor's proposal is what it may accept)."""
        move = read(text, self.debtor_offer, balance=self.scenario.balance)
        agreed: int | None = None
        if move.kind == MoveKind.ACCEPT and self.debtor_offer is not None:
            agreed = move.days or self.debtor_offer
        elif move.kind == MoveKind.PROPOSE and move.days is not None:
            self.offer = move.days
        elif "echo" in move.flags and self.debtor_offer is not None:
            self.offer = self.debtor_offer  # states the debtor's own figure: now its offer
        status = "open"
        if agreed is not None:
            self.session.status = status = "agreed"
        action = (Action.ACCEPT if agreed is not None else
                  Action.OPEN if len(self.session.history) == 1 else Action.COUNTER)  # fmt: skip
        decision = Decision(
            action=action,
            tactic=Tactic.ACCEPT if agreed is not None else Tactic.HOLD,
            persona="neutral",
            offer_days=agreed if agreed is not None else self.offer,
            agreed_days=agreed,
            instructed=False,  # no persona is decided: it counts as neutral
            mode=NAME,
            reason={"read": move.kind.value, "days": move.days, "unsure": move.unsure},
        )
        trace = {"decision": decision.to_dict(), "llm_alone": {"backend": self.backend}}
        return Reply(text, "neutral", decision.offer_days, status, agreed, trace)
