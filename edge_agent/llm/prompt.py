"""Prompt layout for the LLM realiser, built so llama.cpp can reuse the KV cache turn to turn.

Layout, oldest first:

1. A system message that never changes within a dialogue: the role, the scenario facts and
   the rules. No day figure appears in it (not the days overdue, not the mandate), because a
   small model copies numbers it sees and every day figure in a reply is checked.
2. The dialogue so far, verbatim: creditor messages as ``assistant``, debtor messages as
   ``user``. A dialogue that the creditor opens starts with a fixed ``user`` line
   (:data:`KICKOFF`) because most chat templates (Gemma's) require a user turn first.
3. Last, inside the final ``user`` message, after the debtor's words: this turn's
   instruction, i.e. the persona tone, the tactic and the exact days of the decision.

Because the instruction is not kept in later prompts, turn ``t`` shares with turn ``t-1``
everything up to the previous debtor message; only that message's instruction, the previous
reply and the new debtor message are evaluated again.

Chat template: the GGUF's ``tokenizer.chat_template`` rendered with Jinja (as llama.cpp's
server does). Fallback when the file has none (e.g. the Gemma 3 270M base model): a plain
transcript, ``Debtor: ...`` / ``Creditor: ...`` lines ending in ``Creditor:``, which base
models continue naturally, with the role labels as stop sequences.

Long dialogues (the policy that keeps prompts inside ``n_ctx``): when the prompt plus the
reply budget would not fit, the oldest messages after the opening are dropped in blocks of
:data:`DROP_BLOCK` messages (four exchanges) until it fits, and a one-line note marks the gap.
Dropping in blocks keeps the new prefix stable for several turns, so the cache is reused again
right after a drop. If even the opening, the note and the last message do not fit,
:class:`~edge_agent.llm.errors.ContextOverflow` says so.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass, field

from edge_agent.llm.errors import ContextOverflow
from edge_core import Action, Decision, Scenario, Tactic
from edge_core.dialogue import DialogueTurn

KICKOFF = "(The debtor has picked up the call.)"
OMITTED = "(Some earlier messages are omitted.)"
DROP_BLOCK = 8
SAFETY_MARGIN = 8

TONES: dict[str, str] = {
    "anger": "firm and assertive, but never hostile or rude",
    "disgust": "plainly displeased with how the account has gone, but respectful",
    "fear": "concerned about where the account is heading",
    "joy": "warm, upbeat and encouraging",
    "neutral": "calm and matter-of-fact",
    "sadness": "sympathetic and sorry about the difficulty",
    "surprise": "surprised, and openly curious about the debtor's situation",
}

TACTICS: dict[Tactic, str] = {
    Tactic.OPEN: (
        "Your greeting and the legal notice are already written. Say, in your own words, that "
        "you would like to settle the overdue balance together."
    ),
    Tactic.HOLD: "Respond to what the debtor just said, and say the offer stays as it is.",
    Tactic.CONCEDE: "Respond to what the debtor just said, and say you can give them more time.",
    Tactic.CLARIFY: "Answer the debtor's question briefly and plainly.",
    Tactic.ACKNOWLEDGE: "Acknowledge what the debtor just told you and how they feel.",
    Tactic.REJECT_BEYOND_MANDATE: (
        "Say, kindly, that the timeline the debtor asked for is longer than you can agree to."
    ),
    Tactic.ACCEPT: "Thank the debtor for agreeing.",
    Tactic.CLOSE: "Close the conversation politely.",
}
"""What the model's words do, per tactic. The decided terms are never in these: the code
writes them after the words (:mod:`edge_agent.realise.llama`)."""
CLOSES: dict[Action, str] = {
    Action.CLOSE_FAILED: (
        "No repayment timeline was settled: say politely that you will close the "
        "conversation here, and that they may contact {creditor} later."
    ),
    Action.CLOSE_STOP: (
        "The debtor asked you to stop contacting them: confirm you will stop, politely."
    ),
}

STOP = (
    "\nDebtor:", "\nCreditor:", "Debtor:", "\nUser:", "\nAssistant:", "\n(", "\n[", "[Instr",
    "\n\n", "<|im_end|>",
    "<|im_start|>", "<end_of_turn>", "<start_of_turn>", "<|eot_id|>", "</s>",
)  # fmt: skip


def money(amount: float) -> str:
    """Balances are written exactly as the guard and the template realiser write them."""
    return f"${amount:,.2f}"


def speakable(decision: Decision) -> bool:
    """Whether the LLM may phrase this decision. Support and crisis replies, the stop-contact
    confirmation (a duty, with reviewed wording) and any tactic added later without a
    directive here stay with the template realiser's text."""
    if decision.action in CLOSES:
        return True
    if decision.restrictions:  # the reviewed acknowledgement of a contact restriction
        return False
    return decision.tactic in TACTICS and decision.tactic != Tactic.CLOSE


def system_prompt(scenario: Scenario) -> str:
    """Role, facts and rules: identical for every turn of a dialogue."""
    facts = [f"Creditor: {scenario.creditor_name}.", f"Balance owed: {money(scenario.balance)}."]
    if scenario.debtor_name and scenario.debtor_name != "there":
        facts.append(f"Debtor: {scenario.debtor_name}.")
    if scenario.credit_type:
        facts.append(f"Account: {scenario.credit_type}.")
    if scenario.reason_for_overdue:
        facts.append(f"Reason given for the late payment: {scenario.reason_for_overdue}.")
    return (
        f"You are a polite debt collection agent for {scenario.creditor_name}, negotiating a "
        f"repayment timeline with the debtor. {' '.join(facts)}\n"
        "Rules: write only your own next words, one or two short sentences, addressed to "
        "the debtor. Follow the instruction at the end of the debtor's message. Never write a "
        "number, a date, an amount or any terms: the decided terms are added after your "
        "words. Be respectful and honest; talk only about repaying this balance."
    )


def instruction(decision: Decision, scenario: Scenario, *, strict: bool = False) -> str:
    """This turn's persona and what the words should do; never a figure (the code adds the
    terms), so nothing in the prompt invites the model to write one."""
    fields = {
        "creditor": scenario.creditor_name,
        "debtor": scenario.debtor_name if scenario.debtor_name != "there" else "the debtor",
    }  # fmt: skip
    if decision.action in CLOSES:
        task = CLOSES[decision.action].format(**fields)
    else:
        task = TACTICS[decision.tactic].format(**fields)
    parts = [f"[Instruction for your reply: {task}"]
    if decision.instructed:
        parts.append(f"Sound {TONES.get(decision.persona, TONES['neutral'])}.")
    if strict:
        parts.append("Use plain words only, no numbers, in a single sentence.")
    else:
        parts.append("No numbers; the terms follow your words.")
    return " ".join(parts) + "]"


@dataclass(frozen=True)
class Message:
    role: str  # system | user | assistant
    content: str
    note: bool = False  # a line of ours (kickoff, instruction-only), not the debtor's words


@dataclass
class BuiltPrompt:
    tokens: list[int]
    text: str
    template: str  # "gguf" or "fallback"
    dropped: int = 0
    stop: tuple[str, ...] = field(default_factory=tuple)


def dialogue_messages(
    scenario: Scenario, history: Sequence[DialogueTurn], instr: str, drop: int = 0
) -> list[Message]:
    """System, history (with ``drop`` middle messages left out) and the instruction last."""
    turns: list[Message] = []
    for t in history:
        role = "assistant" if t.role == "creditor" else "user"
        if turns and turns[-1].role == role:  # keep strict alternation
            turns[-1] = Message(role, f"{turns[-1].content}\n{t.text}")
        else:
            turns.append(Message(role, t.text))
    if not turns or turns[0].role == "assistant":
        turns.insert(0, Message("user", KICKOFF, note=True))
    if drop:
        head = 2 if len(turns) > 2 else 0
        kept = turns[head + drop :]
        first = kept[0]
        kept[0] = Message(first.role, f"{OMITTED}\n{first.content}", first.note)
        turns = turns[:head] + kept
    if turns[-1].role == "user":
        last = turns[-1]
        turns[-1] = Message("user", f"{last.content}\n\n{instr}", last.note)
    else:
        turns.append(Message("user", instr, note=True))
    return [Message("system", system_prompt(scenario)), *turns]


class ChatFormat:
    """Renders messages with the GGUF chat template, or the plain-transcript fallback."""

    def __init__(self, template: str | None, bos: str = "", eos: str = "") -> None:
        self.kind = "fallback"
        self._jinja = None
        if template:
            from llama_cpp.llama_chat_format import Jinja2ChatFormatter

            self._jinja = Jinja2ChatFormatter(template=template, eos_token=eos, bos_token=bos)
            self.kind = "gguf"

    def render(self, messages: Sequence[Message], prefill: str = "") -> str:
        if self._jinja is not None:
            try:
                payload = [{"role": m.role, "content": m.content} for m in messages]
                return self._jinja(messages=payload).prompt + prefill
            except Exception:  # a template that rejects our roles: use the transcript
                self._jinja, self.kind = None, "fallback"
        return self._transcript(messages) + prefill

    @staticmethod
    def _transcript(messages: Sequence[Message]) -> str:
        lines: list[str] = []
        for m in messages:
            if m.role == "system":
                lines.append(m.content + "\n")
            elif m.note:
                lines.append(m.content)
            elif m.role == "user":
                lines.append(f"Debtor: {m.content}")
            else:
                lines.append(f"Creditor: {m.content}")
        return "\n".join(lines) + "\nCreditor:"


class PromptBuilder:
    """Builds token prompts for one model, applying the context policy."""

    def __init__(
        self,
        tokenize: Callable[[str], list[int]],
        n_ctx: int,
        chat: ChatFormat,
    ) -> None:
        self._tokenize = tokenize
        self.n_ctx = n_ctx
        self.chat = chat

    def build(
        self,
        scenario: Scenario,
        history: Sequence[DialogueTurn],
        decision: Decision,
        *,
        max_tokens: int,
        strict: bool = False,
    ) -> BuiltPrompt:
        instr = instruction(decision, scenario, strict=strict)
        budget = self.n_ctx - max_tokens - SAFETY_MARGIN
        # Messages that may go: all but the system prompt, the first exchange and the last.
        middle = len(dialogue_messages(scenario, history, instr)) - 4
        middle -= middle % 2
        drop = 0
        while True:
            msgs = dialogue_messages(scenario, history, instr, drop)
            text = self.chat.render(msgs)
            tokens = self._tokenize(text)
            if len(tokens) <= budget:
                return BuiltPrompt(tokens, text, self.chat.kind, drop, STOP)
            if drop >= middle:
                raise ContextOverflow(
                    f"the prompt needs {len(tokens)} tokens even after dropping {drop} earlier "
                    f"messages, but n_ctx={self.n_ctx} leaves {budget} after the reply budget; "
                    f"raise n_ctx (backend_options={{'n_ctx': ...}})"
                )
            drop = min(drop + DROP_BLOCK, middle)
