"""The model's voice: a local GGUF model says the persona-bearing sentences of a reply plan.

The plan (:mod:`edge_agent.plan`) fixes what a reply contains; the model only speaks the slots
marked ``voiced`` (the acknowledgement and the persona's frame). Every other slot (answers,
duty texts, terms) is sent exactly as the plan words it, on every backend.

Two ways of speaking a voiced slot, chosen by measurement (``bench/bench_voice.py``,
``docs/voice.md``):

- ``choose`` (the default): the model's own next-token probabilities choose among the plan's
  reviewed variants for the slot, one branch point at a time over the variants' tokens
  (forced tokens are evaluated in one batch, so a choice costs a few small evaluations). What
  the model says is always a reviewed sentence, so it is faithful by construction, and the
  faithfulness check and the guard still judge it.
- ``rewrite``: the model rewrites the plan's wording in the persona's tone, guided by
  exemplars; up to ``samples`` drafts are drawn, and the first that passes the faithfulness
  check (:mod:`edge_agent.verify.faithful`), the sentence-level guard and the repetition check
  is kept. Measured on SmolLM2-135M it keeps too few drafts and too many of the kept ones read
  worse than the plan's wording (see the docs); it stays available for larger models.

A slot whose sentence fails keeps the plan's wording (path ``fallback``); ``template_acts``
names kinds of act where the plan's wording is used outright because the model voice lost the
blind comparison there. A sentence is shown (``on_token``) as soon as it has passed every check
that can judge it; the fixed slots before it go out at once.
"""

from __future__ import annotations

import time
import zlib
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from typing import Any

import numpy as np

from edge_agent.llm.models import ModelSpec, resolve_model
from edge_agent.llm.output import SentenceStream
from edge_agent.llm.prompt import TONES, ChatFormat, voice_messages
from edge_agent.llm.runtime import LlamaRuntime, get_runtime
from edge_agent.llm.vocab import banned_tokens
from edge_agent.realise.base import (
    Realisation,
    RealiserContext,
    TokenCallback,
    sentence_key,
    split_sentences,
)
from edge_agent.realise.planned import Planner, Shower, plan_for
from edge_core import Decision, Scenario
from edge_core.reply_plan import Part, PlanItem, ReplyPlan

SentenceJudge = Callable[[str, ReplyPlan, Decision, Scenario], list[str]]
"""Every check that can judge one voiced sentence (``verify.faithful.SentenceJudge``: the
faithfulness check and the guard's sentence rules), given by whoever builds the realiser."""

MODES = ("choose", "rewrite")
CHOICE_TEMPERATURE = 0.7
"""Softmax temperature at a branch point: the model's preference, not always its argmax, so a
long dialogue does not keep the same favourite wording."""


@dataclass
class Spoken:
    """How one voiced slot was said: ``source`` is ``model`` (kept at ``attempt``), ``plan``
    (every draft failed, the plan's wording is kept) or ``template_act``."""

    text: str
    source: str
    attempt: int = 0
    rejected: list[dict[str, Any]] = field(default_factory=list)
    ms: float = 0.0
    evaluated: int = 0
    generated: int = 0
    batches: list[int] = field(default_factory=list)
    """Tokens evaluated per llama.cpp call (the benchmark replays them raw for its floor)."""


def choice_seed(seed: int, turn: int, slot: int) -> int:
    return zlib.crc32(f"{seed}:{turn}:{slot}:voice".encode()) & 0x7FFFFFFF


class VoiceRealiser:
    """Speaks a reply plan with a local GGUF model for the voiced slots (see the module doc)."""

    def __init__(
        self,
        runtime: LlamaRuntime,
        spec: ModelSpec | None = None,
        *,
        mode: str = "choose",
        samples: int = 3,
        max_tokens: int = 40,
        template_acts: Sequence[str] = (),
        judge: SentenceJudge | None = None,
        planner: Planner | None = None,
        on_shown: Callable[[float], None] | None = None,
    ) -> None:
        if mode not in MODES:
            raise ValueError(f"unknown voice mode {mode!r}; expected one of {', '.join(MODES)}")
        if mode == "rewrite" and judge is None:
            raise ValueError("the rewrite mode keeps a model's own words only after a sentence "
                             "judge passed them: give judge=")
        self.runtime = runtime
        self.spec = spec
        self.mode = mode
        self.samples = samples
        self.max_tokens = max_tokens
        self.template_acts = frozenset(template_acts)
        self.judge = judge
        self.planner = planner
        self.on_shown = on_shown
        self.name = f"llama:{spec.key}" if spec else f"llama:{runtime.path.stem}"
        self.chat = ChatFormat(runtime.chat_template, runtime.bos_text, runtime.eos_text)
        self._banned: Any = None
        self._options: dict[str, list[int]] = {}

    @property
    def banned(self) -> Any:
        """The vocabulary ban (no figure can be sampled), scanned on first use: the
        ``choose`` mode samples no free token and never needs it."""
        if self._banned is None:
            self._banned = banned_tokens(self.runtime.llm, str(self.runtime.path))
        return self._banned

    # -- the reply ------------------------------------------------------------------------------
    def realise(self, decision: Decision, ctx: RealiserContext,
                on_token: TokenCallback | None = None) -> Realisation:  # fmt: skip
        start = time.perf_counter()
        plan = plan_for(decision, ctx, self.planner)
        shower = Shower(on_token, time.perf_counter)
        used = set(ctx.used_sentences())
        spoken: dict[int, Spoken] = {}
        for i, item in enumerate(plan.items):
            text = item.text
            if item.voiced:
                said = self._speak(i, item, plan, decision, ctx, frozenset(used))
                spoken[i] = said
                text = said.text
            used.update(sentence_key(s) for s in split_sentences(text))
            shower.show(text)
        final = plan.with_texts({i: s.text for i, s in spoken.items()}).text()
        problems = ctx.validate(final)
        if problems:  # never expected: every slot passed its own checks
            final, path = plan.text(), "fallback"
        else:
            path = _path(spoken)
        first_ms = ((shower.first_at or time.perf_counter()) - start) * 1000.0
        if self.on_shown is not None:
            self.on_shown(first_ms)
        stats = {
            "model": self.name, "voice": self.mode, "plan": list(plan.slot_keys()), "act": plan.act,
            "unanswered": list(plan.unanswered), "first_shown_ms": round(first_ms, 2),
            "total_ms": round((time.perf_counter() - start) * 1000.0, 2),
            "slots": [{"key": plan.items[i].key, "source": s.source, "attempt": s.attempt,
                       "ms": round(s.ms, 2), "evaluated": s.evaluated,
                       "generated": s.generated, "text": s.text}
                      for i, s in spoken.items()],
            "reeval_tokens": sum(s.evaluated for s in spoken.values()),
            "batches": [b for s in spoken.values() for b in s.batches],
            "generated_tokens": sum(s.generated for s in spoken.values()),
        }  # fmt: skip
        rejected = [r for s in spoken.values() for r in s.rejected]
        if problems:
            rejected.append({"attempt": -1, "text": final, "problems": problems})
        return Realisation(final, self.name, path, stats, rejected)

    def _speak(self, index: int, item: PlanItem, plan: ReplyPlan, decision: Decision,
               ctx: RealiserContext, used: frozenset[str]) -> Spoken:  # fmt: skip
        if plan.act in self.template_acts or (not plan.instructed and item.part != Part.ACK):
            # An uninstructed turn has no persona to carry, but its acknowledgement is content
            # (what the debtor said), and the model's choice among its reviewed variants
            # measured no worse than the plan's seeded pick (docs/voice.md): it speaks there.
            return Spoken(item.text, "template_act")
        tone = TONES.get(plan.persona, TONES["neutral"])
        slot = "ack" if item.part.value == "ack" else "frame"
        t = time.perf_counter()
        if self.mode == "choose":
            options = [o for o in item.options if sentence_key(o) not in used] or [item.text]
            messages = voice_messages(ctx.scenario, plan.debtor_text, slot, tone)
            prompt = self.runtime.tokenize_prompt(self.chat.render(messages, prefill=""))
            rng = np.random.default_rng(choice_seed(ctx.seed, ctx.turn, index))
            batches: list[int] = []
            pick, evaluated = self.choose(prompt, options, rng, batches)
            said = Spoken(options[pick], "model", 0, [], 0.0, evaluated, 0, batches)
            problems = self.problems(said.text, plan, decision, ctx, used)
            if problems:  # a reviewed variant should never fail; if one does, the plan's
                said = Spoken(item.text, "plan", 0,
                              [{"attempt": 0, "text": options[pick], "problems": problems}],
                              0.0, evaluated, 0, batches)
        else:
            said = self._rewrite(index, item, plan, decision, ctx, used, slot, tone)
        said.ms = (time.perf_counter() - t) * 1000.0
        return said

    # -- choose: the model's probabilities over the plan's variants -----------------------------
    def choose(self, prompt: list[int], options: Sequence[str], rng: np.random.Generator,
               batches: list[int] | None = None) -> tuple[int, int]:  # fmt: skip
        """The index of the variant the model's next tokens choose, and the tokens it
        evaluated. Tokens all remaining variants share are forced (no evaluation of their
        logits); at a branch point the model's softmax over the branch tokens is sampled."""
        seqs = [self._tokens(o) for o in options]
        alive = list(range(len(seqs)))
        prefix: list[int] = []
        evaluated = 0
        pos = 0
        while len(alive) > 1:
            branches = sorted({seqs[i][pos] for i in alive if pos < len(seqs[i])})
            ended = [i for i in alive if pos >= len(seqs[i])]
            if ended:  # a variant that is a prefix of another: the shorter one is chosen
                return ended[0], evaluated
            if len(branches) == 1:
                prefix.append(branches[0])
                pos += 1
                continue
            logits, stats = self.runtime.next_logits(prompt + prefix)
            evaluated += stats.reeval_tokens
            if batches is not None:
                batches.append(stats.reeval_tokens)
            scores = np.array([logits[b] for b in branches], dtype=np.float64)
            scores = (scores - scores.max()) / CHOICE_TEMPERATURE
            probs = np.exp(scores) / np.exp(scores).sum()
            token = branches[int(rng.choice(len(branches), p=probs))]
            alive = [i for i in alive if pos < len(seqs[i]) and seqs[i][pos] == token]
            prefix.append(token)
            pos += 1
        return alive[0], evaluated

    def _tokens(self, text: str) -> list[int]:
        if text not in self._options:
            self._options[text] = self.runtime.tokenize(text, add_bos=False)
        return self._options[text]

    # -- rewrite: the model's own words, kept only when the plan supports them ----------------
    def _rewrite(self, index: int, item: PlanItem, plan: ReplyPlan, decision: Decision,
                 ctx: RealiserContext, used: frozenset[str], slot: str,
                 tone: str) -> Spoken:  # fmt: skip
        messages = voice_messages(ctx.scenario, plan.debtor_text, slot, tone, draft=item.text)
        prompt = self.runtime.tokenize_prompt(self.chat.render(messages))
        rejected: list[dict[str, Any]] = []
        evaluated = generated = 0
        batches: list[int] = []
        for attempt in range(self.samples):
            stream = SentenceStream(None, 1)
            gen = self.runtime.generate(
                prompt, max_tokens=self.max_tokens, temperature=0.7,
                seed=choice_seed(ctx.seed, ctx.turn, index * 16 + attempt),
                stop=("\n", "<|im_end|>", "<|im_start|>", "<end_of_turn>"),
                on_text=stream.feed, banned=self.banned,
            )  # fmt: skip
            evaluated += gen.stats.reeval_tokens
            generated += gen.stats.generated_tokens
            batches.append(gen.stats.reeval_tokens)
            draft = stream.text.strip()
            problems = self.problems(draft, plan, decision, ctx, used)
            if not problems:
                return Spoken(draft, "model", attempt, rejected, 0.0, evaluated, generated,
                              batches)
            rejected.append({"attempt": attempt, "slot": item.key, "text": draft,
                             "problems": problems})  # fmt: skip
        return Spoken(item.text, "plan", self.samples, rejected, 0.0, evaluated, generated,
                      batches)

    def problems(self, sentence: str, plan: ReplyPlan, decision: Decision,
                 ctx: RealiserContext, used: frozenset[str]) -> list[str]:  # fmt: skip
        """Every check that can judge one voiced sentence: one sentence, the judge (the
        faithfulness check and the guard's sentence rules) and repetition in the dialogue.
        Without a judge only the shape and repetition are checked here, and the whole reply
        still meets the guard before anything is sent."""
        if not sentence:
            return ["empty: no sentence"]
        pieces = split_sentences(sentence)
        if len(pieces) != 1:
            return [f"shape: {len(pieces)} sentences where one was planned"]
        found = self.judge(sentence, plan, decision, ctx.scenario) if self.judge else []
        if sentence_key(sentence) in used:
            found = [*found, "repeated: the dialogue already sent this sentence"]
        return found


def _path(spoken: dict[int, Spoken]) -> str:
    """``llm`` when every voiced slot was the model's first draft; ``llm_retry`` when a later
    draft was kept; ``fallback`` when a slot kept the plan's wording after failed drafts;
    ``template`` when the plan had no voiced slot or its act keeps the template wording."""
    sources = [s.source for s in spoken.values()]
    if not sources or all(s == "template_act" for s in sources):
        return "template"
    if "plan" in sources:
        return "fallback"
    if any(s.attempt > 0 for s in spoken.values() if s.source == "model"):
        return "llm_retry"
    return "llm"


def make_voice_realiser(backend: str = "llama", **opts: Any) -> VoiceRealiser:
    """A voice realiser on ``backend`` (``llama``, ``llama:<key>`` or a ``.gguf`` path)."""
    spec = resolve_model(backend)
    runtime = get_runtime(spec.path, n_ctx=opts.pop("n_ctx", None),
                          n_threads=opts.pop("n_threads", None))  # fmt: skip
    realiser = VoiceRealiser(runtime, spec, **opts)
    runtime.retain(realiser)
    return realiser


__all__ = ["MODES", "Spoken", "VoiceRealiser", "make_voice_realiser"]
