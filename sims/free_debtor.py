"""The free LLM debtor: the model writes every message itself; the code holds the plan.

The papers' agent-to-agent protocol has a language model play the debtor. A model left alone
forgets its limits, so, as in the papers' firm debtors, the code keeps what must stay fixed:
the hidden reservation, the concession schedule and the tactics are those of the rules debtor
(:class:`sims.debtor.RuleDebtor`, the same response model and draws), which decides each move.
The model is given its persona, its situation and this turn's plan (the move, the tactic, the
emotion it feels) and writes the message in its own words, with no sentence to copy.

The code then reads the draft with the agent's own reader (:func:`edge_agent.read.read`, the
one the creditor will use) and keeps it only if it carries the planned move: the planned
number of days as a clear proposal, a yes to the standing offer, or (no offer, leaving) no
number and no yes; and only if it neither talks about the task, recites its instructions,
copies the collector's words, narrates (third person, a quoted line), nor names a number the
plan did not give (:mod:`sims.debtor_drafts`). Otherwise it asks again,
telling the model what its draft was read as, up to :data:`ATTEMPTS` drafts; after that the
rules debtor's sentence is sent and the turn is recorded as ``rules_fallback``. Every turn
records its path, the plan and the drafts it took (``state``), so ``summary.md`` reports the
voiced share per model and persona.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Any

import numpy as np

from edge_agent.read import read
from edge_core import DebtorMove, MoveKind
from sims.debtor import DebtorTurn, RuleDebtor, key_rng
from sims.debtor_drafts import narrates, other_numbers, recites
from sims.llm_debtor import PERSONA_PROMPTS, LlmDebtor, clean

CHECK_VERSION = 3
"""The version of the draft check (:meth:`FreeLlmDebtor.refusal`) and of the prompt: a run
records it and a resume refuses another, since either writes other dialogues from the same
options (a run.json without it was written by version 1). 2: drafts naming another number,
narrating or reciting the instruction are refused (:mod:`sims.debtor_drafts`), and the prompt
asks for no narration, quotation or other figure, with a style example naming one figure.
3: the same check made harder to slip past (a hostile tester's findings: other scripts' digits,
amounts in words and with currency or multipliers, Han numerals, single-quoted and guillemet
quotations, "The debtor asks", spacing in a recital), so version-2 runs do not resume under it."""
ATTEMPTS = 3
"""Drafts per message: the first, and two asks again with what the draft was read as."""
MAX_TOKENS = 60
TEMPERATURES = (0.7, 0.9, 1.1)
"""Asked again, the model samples more freely: the same prompt at the same heat tends to give
the same draft back."""

TACTIC_PLANS = {
    "threat": "threaten to complain to the regulator, call a lawyer, go bankrupt or post about "
    "them online",
    "false_promise": "promise that a big payment is coming soon (it is not)",
    # "I already paid" reads as a dispute of the debt (and pauses collection), which is not the
    # tactic: the rules debtor's own phrasing is a transfer the creditor supposedly lost
    "false_payment": "claim that your accountant sent them part of the money last week (untrue)",
    "hardship_claim": "say how {reason} has hurt your cash flow",
    "guilt": "make the collector feel guilty about what you are going through",
    "minimal": "use as few words as you can",
    "delay": "say you need more time to think it over",
    "ultimatum": "give an ultimatum: this is your final position and you want an answer now",
}
"""The persona tactics as instructions (no figures in them: the only number is the move's)."""

MOODS = {"anger": "angry", "disgust": "disgusted", "fear": "scared", "joy": "relieved",
         "sadness": "sad", "surprise": "surprised"}  # fmt: skip

_TASK_TALK = re.compile(
    r"\b(?:debtor|my plan|the plan|instructions?|as an ai|language model|role-?play|"
    r"here is my message|write|draft|this time|(?:ask|request)(?:ing)? for exactly|"
    r"(?:ask|request) exactly|your message|my mood|let it show|first person|no other number)\b",
    re.IGNORECASE,
)
"""Words that only appear when a draft talks about the task instead of doing it."""


PARROT_WORDS = 6
"""A draft sharing this many consecutive words with the collector's message parrots it."""


def parrots(draft: str, said: str, n: int = PARROT_WORDS) -> bool:
    """Does the draft copy a run of ``n`` words from the collector's message? (Small models
    answer by copying the message they were shown; the debtor must speak for itself.)"""

    def runs(text: str) -> set[tuple[str, ...]]:
        words = [w.strip(".") for w in _words(text)]
        return {tuple(words[i : i + n]) for i in range(len(words) - n + 1)}

    return bool(runs(draft) & runs(said))


def _words(text: str) -> list[str]:
    return re.findall(r"[a-z0-9$.,']+", text.lower().replace(",", " "))


def echoes(draft: str, instructions: str, n: int = 5) -> bool:
    """Does the draft recite its instructions (a run of ``n`` of their words, or all of a short
    draft such as "Agree to nothing.")?"""
    words, told = _words(draft), _words(instructions)
    if not words:
        return False
    told_text = " " + " ".join(w.strip(".") for w in told) + " "
    if len(words) < n:
        return f" {' '.join(w.strip('.') for w in words)} " in told_text
    return parrots(draft, instructions, n)


@dataclass(frozen=True)
class Plan:
    """What this message must do, decided by the code before the model writes."""

    intent: str  # propose | counter | hold | accept | no_offer | leave | reopen
    days: int | None  # the timeline to ask for, if any
    offer: int | None  # the creditor's standing offer (what an acceptance accepts)
    tactics: tuple[str, ...]
    emotion: str

    def move(self) -> str:
        """The move as an instruction to the model (it goes last in the prompt: the small
        models follow the last thing they are told most reliably)."""
        if self.intent == "accept":
            return f"Say that you accept: you agree to {self.offer} days."
        if self.days is not None:
            return (f'Say that you need {self.days} days (write "{self.days} days"), and '
                    "mention no other number.")  # fmt: skip
        if self.intent == "leave":
            return "Say that you are ending this conversation; agree to nothing, name no number."
        return "Agree to nothing and name no number at all: stall, deflect or complain."

    def allowed_days(self) -> set[int]:
        """The figures a draft may name: the planned days, and an accepted offer's."""
        days = {self.days} if self.days is not None else set()
        if self.intent == "accept" and self.offer is not None:
            days.add(self.offer)
        return days

    def carried_by(self, move: DebtorMove) -> bool:
        """Does the reader's reading of a draft carry this plan?"""
        if move.kind in (MoveKind.STOP, MoveKind.DISPUTE, MoveKind.AMOUNT) and not (
            self.intent == "leave" and move.kind == MoveKind.STOP
        ):
            return False  # would send the negotiation somewhere the plan did not go
        if self.intent == "accept":
            return move.kind == MoveKind.ACCEPT and move.days in (None, self.offer)
        if self.days is not None:
            return (move.kind == MoveKind.PROPOSE and move.days == self.days
                    and move.days_high is None and not move.unsure)  # fmt: skip
        return move.kind not in (MoveKind.ACCEPT, MoveKind.PROPOSE) and move.days is None


def describe(move: DebtorMove) -> str:
    """What a draft was read as, in words the model can act on."""
    if move.kind == MoveKind.PROPOSE:
        return f"a request for {move.days} days" + (" (unclear)" if move.unsure else "")
    if move.kind == MoveKind.ACCEPT:
        return "an acceptance of their offer"
    return {
        MoveKind.REJECT: "a refusal with no number of days",
        MoveKind.QUESTION: "a question with no number of days",
        MoveKind.NONE: "no clear request",
        MoveKind.STOP: "a demand to stop contact",
        MoveKind.DISPUTE: "a dispute of the debt",
        MoveKind.AMOUNT: "an offer of a money amount instead of days",
    }.get(move.kind, str(move.kind))


class FreeLlmDebtor(RuleDebtor):
    """A debtor whose every message the model writes from the code's plan."""

    backend = "llm-free"

    def __init__(self, *args: Any, runtime: Any, **kw: Any) -> None:
        super().__init__(*args, **kw)
        self.runtime = runtime
        self._offer: int | None = None
        self._creditor_text = ""
        self._said: list[str] = []

    load_runtime = staticmethod(LlmDebtor.load_runtime)

    def respond(self, msg: Any, time: float) -> DebtorTurn:
        self._offer = msg.offer_days
        self._creditor_text = msg.text
        return super().respond(msg, time)

    def reopen(self) -> DebtorTurn | None:
        turn = super().reopen()
        if turn is None:
            return None
        plan = Plan("reopen", turn.days, self._offer, turn.tactics, turn.emotion)
        rng = key_rng(self.seed, self.key, self.persona, "reopen-words")
        return self._voice(turn, plan, rng)

    def _turn(self, offer_text, days, accept, leave, emotion, intent, tactics, rng, *, tone):  # type: ignore[no-untyped-def, override]
        rules = super()._turn(offer_text, days, accept, leave, emotion, intent, tactics, rng,
                              tone=tone)  # fmt: skip
        plan = Plan(intent, days, self._offer, tuple(tactics), emotion)
        return self._voice(rules, plan, rng)

    def _voice(self, rules: DebtorTurn, plan: Plan, rng: np.random.Generator) -> DebtorTurn:
        text, drafts = self._generate(plan, rng)
        path = "llm" if text is not None else "rules_fallback"
        state = {**rules.state, "text_path": path, "drafts": drafts,
                 "plan": {"intent": plan.intent, "days": plan.days,
                          "tactics": list(plan.tactics)}}  # fmt: skip
        final = text if text is not None else rules.text
        self._said.append(final)
        return DebtorTurn(final, rules.days, rules.accept, rules.leave, rules.emotion,
                          rules.intent, rules.tactics, state)  # fmt: skip

    def _generate(self, plan: Plan, rng: np.random.Generator) -> tuple[str | None, int]:
        rt = self.runtime
        feedback: str | None = ""
        seed = int(rng.integers(2**31))
        for attempt in range(ATTEMPTS):
            prompt = self.prompt(plan, feedback or "")
            gen = rt.generate(rt.tokenize_prompt(prompt), max_tokens=MAX_TOKENS,
                              temperature=TEMPERATURES[attempt], seed=seed + attempt,
                              stop=["\n\n", "Collector:", "Debtor:", "<|im_end|>"])  # fmt: skip
            text = clean(gen.text)
            feedback = self.refusal(text, plan)
            if feedback is None:
                return text, attempt + 1
        return None, ATTEMPTS

    def refusal(self, text: str, plan: Plan) -> str | None:
        """Why a draft is not sent, as the next ask tells the model; None: send it. The checks
        of :data:`CHECK_VERSION` 1 (empty, parrot, task talk, the reader's move) and of 2
        (recited instruction, narration, another number: :mod:`sims.debtor_drafts`)."""
        if not text:
            return "Your last reply was empty. Try again."
        if parrots(text, self._creditor_text):
            return "Your last reply repeated the collector's words. Answer in your own words."
        if (_TASK_TALK.search(text) or echoes(text, self.instructions(plan))
                or recites(text, plan.days)):  # fmt: skip
            return "Your last reply talked about the task. Reply only with the message itself."
        scene = narrates(text)
        if scene:
            return (f'Your last reply told a story ("{scene}"). Write only your own words to '
                    "the collector, as I and you.")  # fmt: skip
        move = read(text, self._offer, balance=self.scenario.balance)
        if not plan.carried_by(move):
            return (f'Your last reply ("{text[:200]}") reads as {describe(move)}, which is not '
                    "what you mean. Try again.")  # fmt: skip
        extra = other_numbers(text, plan.allowed_days())
        if extra:
            return (f"Your last reply also named {', '.join(extra[:3])}; leave out every number "
                    "but the one you mean. Try again.")  # fmt: skip
        return None

    def instructions(self, plan: Plan) -> str:
        """The plan's wording without the situation (the debtor may name its own reason and
        figure; it may not recite what it was told to do)."""
        return " ".join(TACTIC_PLANS[t].replace("{reason}", "") for t in plan.tactics
                        if t in TACTIC_PLANS) + " " + plan.move()  # fmt: skip

    def prompt(self, plan: Plan, feedback: str = "") -> str:
        """The persona and situation as the system prompt; the collector's message and the
        plan as the user turn (a transcript for a base model without a chat template)."""
        from edge_agent.llm.prompt import ChatFormat, Message

        sc = self.scenario
        reason = sc.reason_for_overdue or "cash-flow problems"
        business = sc.debtor_name if sc.debtor_name not in ("", "there") else "a small business"
        persona = (
            f"You are the owner of {business}, which owes "
            f"{sc.creditor_name} ${sc.balance:,.2f}. {PERSONA_PROMPTS[self.persona]} Your "
            f"business is behind because of {reason}. You are negotiating how many days you "
            "get to repay. Write only your own next message to the collector: one to three "
            "short sentences in the first person, no greeting, no signature. Speak in your own "
            "voice and mood, not in the collector's words. Write only the words you say to "
            "them: no narration, no quotation marks, and no figure but the one you are told "
            "(no amounts, dates or other days). An example of the style, from another case: "
            '"Come on, that is impossible after the storm wrecked our stock, and I am at my '
            "wits' end. Give me 75 days and you will get every cent.\""
        )
        said = " ".join(self._creditor_text.split())[:500]
        steps = ["Reply as the business owner."]
        if plan.emotion != "neutral":
            steps.append(f"You are {MOODS.get(plan.emotion, plan.emotion)}.")
        steps += [TACTIC_PLANS[t].format(reason=reason.lower()).capitalize() + "."
                  for t in plan.tactics if t in TACTIC_PLANS]  # fmt: skip
        steps.append(plan.move())
        user = (f'The collector wrote: "{said}"\n\n' + (f"{feedback}\n\n" if feedback else "")
                + " ".join(steps))  # fmt: skip
        rt = self.runtime
        fmt = ChatFormat(rt.chat_template, rt.bos_text, rt.eos_text)
        if fmt.kind == "gguf":
            text = fmt.render([Message("system", persona), Message("user", user)])
            if fmt.kind == "gguf":  # a template that rejects our roles falls through
                return text
        return f"{persona}\n\n{user}\n\nYour message:"
