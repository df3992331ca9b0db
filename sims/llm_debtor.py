"""The LLM debtor: any GGUF voices the debtor from a persona prompt, same interface.

As on the creditor side, the debtor decides and then speaks: the structured move (days,
acceptance, leaving) comes from the same hidden state and response model as the rules
debtor, so the protocol still decides on structured offers; the model writes the message
from a persona prompt (the papers' protocol: persona, situation and tactics in the system
prompt). A draft whose stated days disagree with the move (checked with the creditor's own
parser) is retried once, then replaced by the rules debtor's sentence; every turn records
which path it took.
"""

from __future__ import annotations

from typing import Any

import numpy as np

from edge_agent.parsing import parse_move
from edge_core import MoveKind
from sims.debtor import DebtorTurn, RuleDebtor

PERSONA_PROMPTS = {
    "vanilla": "You are a business owner who owes money and wants a workable repayment plan.",
    "angry": "You are angry and blunt about the debt and the collector's demands.",
    "sad": "You are sad and discouraged; you talk about how hard things have been.",
    "fear": "You are frightened about losing your business and say so.",
    "disgust": "You find the lender's practices distasteful and say so with contempt.",
    "threatening": "You threaten complaints, lawyers, bankruptcy or social media to get time.",
    "cheating": "You exaggerate your hardship, make promises you won't keep and claim you "
    "already paid.",
    "victim": "You guilt-trip the collector and describe your suffering.",
    "stonewalling": "You answer in as few words as possible and avoid committing.",
    "pressure": "You set deadlines and ultimatums and demand an answer now.",
}


def _move_text(turn: DebtorTurn, offer: int | None) -> str:
    if turn.leave:
        return "End the conversation. State no numbers."
    if turn.accept:
        return f"Accept the creditor's offer of exactly {offer} days and say 'deal'."
    if turn.days is not None:
        return f"Ask for exactly {turn.days} days. Mention no other number of days."
    return "Do not state any number of days and do not agree to anything."


class LlmDebtor(RuleDebtor):
    """A rules debtor whose words come from a local GGUF model."""

    backend = "llm"

    def __init__(self, *args: Any, runtime: Any, **kw: Any) -> None:
        super().__init__(*args, **kw)
        self.runtime = runtime
        self._offer: int | None = None

    @staticmethod
    def load_runtime(backend: str) -> Any:
        """``llama`` (the embedded default GGUF) or a path to a ``.gguf`` file."""
        from edge_agent.llm.models import resolve_model
        from edge_agent.llm.runtime import get_runtime

        spec = resolve_model(backend)
        return get_runtime(spec.path, n_ctx=1024)

    def respond(self, msg: Any, time: float) -> DebtorTurn:
        self._offer = msg.offer_days
        self._creditor_text = msg.text
        return super().respond(msg, time)

    def _turn(self, offer_text, days, accept, leave, emotion, intent, tactics, rng, *, tone):  # type: ignore[no-untyped-def, override]
        rules = super()._turn(offer_text, days, accept, leave, emotion, intent, tactics, rng,
                              tone=tone)  # fmt: skip
        text, path = self._generate(rules, rng), "llm"
        if text is None:
            text, path = rules.text, "rules_fallback"
        state = {**rules.state, "text_path": path}
        return DebtorTurn(text, days, accept, leave, emotion, intent, tuple(tactics), state)

    def _generate(self, turn: DebtorTurn, rng: np.random.Generator) -> str | None:
        sc = self.scenario
        system = (
            f"{PERSONA_PROMPTS[self.persona]} You owe {sc.creditor_name} ${sc.balance:,.2f}. "
            f"Reason: {sc.reason_for_overdue or 'cash-flow problems'}. You feel {turn.emotion}."
            f" Reply with one to three short sentences, as the debtor, nothing else."
        )
        user = (f"The collector said: {getattr(self, '_creditor_text', '')}\n"
                f"{_move_text(turn, self._offer)}")  # fmt: skip
        rt = self.runtime
        for attempt in range(2):
            prompt = _chat(rt, system, user)
            gen = rt.generate(rt.tokenize_prompt(prompt), max_tokens=70, temperature=0.7,
                              seed=int(rng.integers(2**31)) + attempt, stop=["\n\n"])  # fmt: skip
            text = " ".join(gen.text.strip().split())[:600]
            if text and _consistent(text, turn, self._offer):
                return text
        return None


def _chat(rt: Any, system: str, user: str) -> str:
    from edge_agent.llm.prompt import ChatFormat, Message

    fmt = ChatFormat(rt.chat_template, rt.bos_text, rt.eos_text)
    msgs = [Message("system", system), Message("user", user)]
    if fmt.kind == "gguf":
        return fmt.render(msgs)
    return f"{system}\n\n{user}\nDebtor:"


def _consistent(text: str, turn: DebtorTurn, offer: int | None) -> bool:
    move = parse_move(text)
    if turn.accept:
        return move.kind == MoveKind.ACCEPT and move.days in (None, offer)
    if turn.days is not None:
        return move.kind == MoveKind.PROPOSE and move.days == turn.days
    return move.kind != MoveKind.ACCEPT and move.days is None
