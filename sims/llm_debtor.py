"""The LLM debtor: any GGUF voices the debtor from a persona prompt, same interface.

As on the creditor side, the debtor decides and then speaks: the structured move (days,
acceptance, leaving) comes from the same hidden state and response model as the rules
debtor, so the protocol still decides on structured offers. The model gets the persona and
situation in its system prompt (the papers' protocol) and rewrites the rules debtor's plain
message in that voice. Rewriting rather than free role-play is what the small embedded
models can do at all: asked to "ask for exactly N days", SmolLM2-135M and Gemma 3 270M
mostly echoed the instruction or stated other figures (the README's LLM-debtor section has
the measurements).
A draft whose move disagrees with the decision (checked with the agent's own reader,
``edge_agent.read.read``, so the measurement and the system read alike) or
that echoes the prompt is retried once, then replaced by the plain message; every turn
records which path it took (``llm`` or ``rules_fallback``).
"""

from __future__ import annotations

import re
from typing import Any

import numpy as np

from edge_agent.read import read
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


# Words that only appear when a draft talks about the task instead of doing it.
_ECHO = re.compile(
    r"\b(debtor|collector|rewrite|rewritten|plain|your reply|role-?play|number of days|"
    r"message)\b",
    re.IGNORECASE,
)
_LABEL = re.compile(
    r"^(?:the\s+)?(?:debtor(?:'s)?(?:\s+message)?|rewritten(?:\s+message)?|"
    r"in my own words|reply|answer)\s*:\s*",
    re.IGNORECASE,
)
# Two worked examples for base models without a chat template: they continue transcripts.
_SHOTS = (
    "Collector: We can offer 10 days.\n"
    "Plain: I can't do 10 days. I need 40 days.\n"
    "In my own words: Ten days is just not possible for us right now. Forty days is what we "
    "need, so 40 days.\n\n"
    "Collector: We can offer 21 days for the balance.\n"
    "Plain: OK, 21 days works for me, deal.\n"
    "In my own words: Fine, 21 days it is. Deal.\n\n"
)


class LlmDebtor(RuleDebtor):
    """A rules debtor whose words come from a local GGUF model."""

    backend = "llm"

    def __init__(self, *args: Any, runtime: Any, **kw: Any) -> None:
        super().__init__(*args, **kw)
        self.runtime = runtime
        self._offer: int | None = None
        self._creditor_text = ""

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
        persona = (
            f"{PERSONA_PROMPTS[self.persona]} You owe {sc.creditor_name} ${sc.balance:,.2f}. "
            f"Reason: {sc.reason_for_overdue or 'cash-flow problems'}. You feel {turn.emotion}."
        )
        said = " ".join(self._creditor_text.split())[:400]
        rt = self.runtime
        prompt = _prompt(rt, persona, said, turn.text)
        for attempt in range(2):
            gen = rt.generate(rt.tokenize_prompt(prompt), max_tokens=70, temperature=0.7,
                              seed=int(rng.integers(2**31)) + attempt,
                              stop=["\n", "Collector:", "Plain:"])  # fmt: skip
            text = clean(gen.text)
            if text and not _ECHO.search(text) and _consistent(text, turn, self._offer,
                                                               sc.balance):
                return text
        return None


def clean(draft: str) -> str:
    """One line, without a leading label ("The debtor's message:") or wrapping quotes."""
    text = " ".join(draft.split())[:600]
    text = _LABEL.sub("", text).strip()
    if len(text) > 1 and text[0] in "\"'" and text.count(text[0]) == 2 and text[-1] == text[0]:
        text = text[1:-1].strip()
    return text


def _prompt(rt: Any, persona: str, said: str, plain: str) -> str:
    from edge_agent.llm.prompt import ChatFormat, Message

    fmt = ChatFormat(rt.chat_template, rt.bos_text, rt.eos_text)
    if fmt.kind == "gguf":
        system = (
            f"You rewrite a debtor's message in the debtor's own voice. {persona} Keep the "
            "meaning and every number of days exactly; add no other numbers or dates. Write one "
            "to three short sentences in the first person, nothing else."
        )
        user = (
            f'The collector wrote: "{said}"\nThe debtor\'s message: "{plain}"\n'
            "Rewrite the debtor's message."
        )
        text = fmt.render([Message("system", system), Message("user", user)])
        if fmt.kind == "gguf":  # still: a template that rejects our roles falls through
            return text
    return (
        f"A debtor who owes money rewrites plain messages in their own voice. {persona}\n\n"
        f"{_SHOTS}Collector: {said}\nPlain: {plain}\nIn my own words:"
    )


def _consistent(text: str, turn: DebtorTurn, offer: int | None, balance: float) -> bool:
    """The draft reads, to the agent's reader (given our offer as the standing one, as the
    agent reads it), as the move the debtor decided."""
    move = read(text, offer, balance=balance)
    if turn.accept:
        return move.kind == MoveKind.ACCEPT and move.days in (None, offer)
    if turn.days is not None:
        return move.kind == MoveKind.PROPOSE and move.days == turn.days
    return move.kind != MoveKind.ACCEPT and move.days is None
