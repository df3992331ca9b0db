"""The ``llama`` realiser: a local GGUF model writes the words; the code writes the figures.

Decide, then speak: the model never writes a figure. Per turn it is asked only for the words,
one or two short sentences that answer the debtor in the persona's tone; the code then places
the decided terms after them (the reply plan's terms sentence: the days and the balance,
written in ASCII digits) and, for the opening, the plan's identification and the
jurisdiction's disclosure before them. Those sentences come from the plan
(``RealiserContext.plan``, or the ``planner`` the realiser was built with), the one source
of reviewed wording (:mod:`edge_agent.plan.wording`). Generation cannot produce a figure:
every vocabulary token that holds a digit of any script, a Han numeral, a number word
(English, French, Spanish, German) or a template-slot character is banned by a logits processor
(:mod:`edge_agent.llm.vocab`), and the retry also runs under a GBNF grammar of letters and
punctuation only (:func:`edge_agent.llm.output.words_grammar`).

Per draft: build the cache-friendly prompt (:mod:`edge_agent.llm.prompt`), sample with the
persona temperature schedule ``max(0.1, 0.7 * 0.95**turn)`` (EQ-Negotiator) and a seed derived
from ``(ctx.seed, ctx.turn, attempt)``, cut the words after ``max_sentences`` sentences, and
check the realiser's own concerns (voice checks on the words, a sentence already sent in the
dialogue). The realiser only drafts: the verify stage (:mod:`edge_agent.verify.resolve`)
judges each draft once with the guard, draws the second, stricter draft (one sentence, under
the grammar) when the first fails, and has the template realiser speak when both fail or
when the realiser declines the decision (:meth:`LlamaRealiser.speaks`). The trace's path says
which: ``llm``, ``llm_retry``, ``fallback`` or ``template``; ``stats["words"]`` holds what
the model wrote.

Nothing is streamed while drafting: a caller sees only the reply the guard passed.
``on_reset`` is kept for callers that set it, and is never needed: nothing rejected is shown.
"""

from __future__ import annotations

import zlib
from collections.abc import Callable, Iterator
from typing import Any

from edge_agent.llm.errors import ContextOverflow
from edge_agent.llm.models import ModelSpec, resolve_model
from edge_agent.llm.output import (
    TERMS_IN_WORDS,
    SentenceStream,
    voice_problems,
    words_grammar,
)
from edge_agent.llm.prompt import ChatFormat, PromptBuilder, speakable
from edge_agent.llm.runtime import LlamaRuntime, get_runtime
from edge_agent.llm.vocab import banned_tokens
from edge_agent.realise.base import (
    Draft,
    RealiserContext,
)
from edge_agent.realise.planned import Planner, plan_for
from edge_agent.text.sentences import sentence_key, split_sentences
from edge_core import Action, Decision
from edge_core.reply_plan import Part, ReplyPlan

DEFAULT_MAX_TOKENS = 48
"""Two short sentences of words fit; a longer draft is cut at its second sentence anyway."""


def persona_temperature(turn: int) -> float:
    """EQ-Negotiator's schedule: exploratory early, steadier as the dialogue goes on."""
    return max(0.1, 0.7 * 0.95**turn)


def sampling_seed(seed: int, turn: int, attempt: int) -> int:
    """Same session seed and turn -> same sample, independent of what ran before."""
    return zlib.crc32(f"{seed}:{turn}:{attempt}:llama".encode()) & 0x7FFFFFFF


class LlamaRealiser:
    """Drafts replies with a local GGUF model (a :class:`~edge_agent.realise.base.Drafter`):
    it writes and self-checks drafts; the verify stage judges them and falls back."""

    def __init__(
        self,
        runtime: LlamaRuntime,
        spec: ModelSpec | None = None,
        *,
        max_tokens: int = DEFAULT_MAX_TOKENS,
        max_sentences: int = 2,
        grammar_retry: bool = True,
        on_reset: Callable[[], None] | None = None,
        planner: Planner | None = None,
    ) -> None:
        self.runtime = runtime
        self.planner = planner
        self.spec = spec
        self.max_tokens = max_tokens
        self.max_sentences = max_sentences
        self.grammar_retry = grammar_retry
        self.on_reset = on_reset
        self.name = f"llama:{spec.key}" if spec else f"llama:{runtime.path.stem}"
        chat = ChatFormat(runtime.chat_template, runtime.bos_text, runtime.eos_text)
        self.prompts = PromptBuilder(runtime.tokenize_prompt, runtime.n_ctx, chat)
        self.banned = banned_tokens(runtime.llm, str(runtime.path))

    def speaks(self, decision: Decision) -> bool:
        """Whether the model may phrase ``decision``: support, crisis, the stop-contact
        confirmation and a contact restriction keep the template's reviewed wording
        (:func:`edge_agent.llm.prompt.speakable`)."""
        return speakable(decision)

    def drafts(self, decision: Decision, ctx: RealiserContext) -> Iterator[Draft]:
        """Up to two drafts, the second stricter (one sentence, under the words-only
        grammar); each is yielded with the problems the realiser itself finds (its voice,
        a sentence it repeated) and judged by the caller before the next is generated."""
        temperature = persona_temperature(ctx.turn)
        attempts: list[dict[str, Any]] = []
        info: dict[str, Any] = {"model": self.name, "temperature": round(temperature, 4)}
        used = ctx.used_sentences()
        plan = plan_for(decision, ctx, self.planner)
        for attempt, strict in enumerate((False, True)):
            try:
                prompt = self.prompts.build(
                    ctx.scenario, ctx.history, decision, max_tokens=self.max_tokens, strict=strict
                )
            except ContextOverflow as exc:
                yield Draft("", "", attempt, (f"context: {exc}",), spent=_stats(info, attempts))
                return
            info.update(template=prompt.template, dropped_messages=prompt.dropped)
            grammar = words_grammar(1) if strict and self.grammar_retry else None
            stream = SentenceStream(None, 1 if strict else self.max_sentences)
            gen = self.runtime.generate(
                prompt.tokens, max_tokens=self.max_tokens, temperature=temperature,
                seed=sampling_seed(ctx.seed, ctx.turn, attempt), stop=prompt.stop,
                grammar=grammar, on_text=stream.feed, banned=self.banned,
            )  # fmt: skip
            attempts.append({**gen.stats.to_dict(), "grammar": grammar is not None})
            words, dropped = fresh_sentences(stream.text, used)
            text = compose(decision, ctx, words, plan)
            if dropped and not words:
                problems = [f"dropped_sentence: {s!r}" for s in dropped]
            else:
                problems = voice_problems(words or stream.text)
            spent = _stats(info, attempts)
            yield Draft(text, "llm" if attempt == 0 else "llm_retry", attempt, tuple(problems),
                        record={"words": words},
                        stats={**spent, "words": words, "dropped_repeats": dropped},
                        spent=spent)  # fmt: skip


def compose(decision: Decision, ctx: RealiserContext, words: str,
            plan: ReplyPlan | None = None) -> str:  # fmt: skip
    """The reply: (the opening's identification and disclosure), the model's words, then the
    decided terms, both as the plan words them (``plan``, else ``ctx.plan``; ValueError when
    neither is given). The model's words never carry a figure."""
    plan = plan if plan is not None else plan_for(decision, ctx)
    parts: list[str] = []
    if decision.action == Action.OPEN:
        parts.extend(i.text for i in plan.items if i.part == Part.OPENING)
    if words:
        parts.append(words)
    if decision.action in (Action.OPEN, Action.COUNTER, Action.ACCEPT) and (
        decision.stated_days is not None
    ):
        parts.extend(terms_of(plan))
    elif decision.action == Action.CLOSE_FAILED:
        parts.append(f"You are welcome to contact {ctx.scenario.creditor_name} to continue.")
    return " ".join(parts)


def terms_of(plan: ReplyPlan) -> list[str]:
    """The plan's sentences that state the decided terms: its terms slot, or (a confirmation,
    an agreement) the body that states them."""
    terms = [i.text for i in plan.items if i.part == Part.TERMS]
    return terms or [i.text for i in plan.items if i.key.startswith("body:")][:1]


def fresh_sentences(words: str, used: frozenset[str]) -> tuple[str, list[str]]:
    """The words without the sentences the creditor already sent in this dialogue (a reply
    never repeats one) and without sentences that talk terms (the code states them), and
    the sentences dropped."""
    kept: list[str] = []
    dropped: list[str] = []
    for sentence in split_sentences(words):
        drop = sentence_key(sentence) in used or TERMS_IN_WORDS.search(sentence)
        (dropped if drop else kept).append(sentence)
    return " ".join(kept), dropped


def _stats(info: dict[str, Any], attempts: list[dict[str, Any]]) -> dict[str, Any]:
    """Per-turn figures for the trace: the first attempt's prompt side, totals over attempts."""
    first = attempts[0] if attempts else {}
    return {
        **info,
        "prompt_tokens": first.get("prompt_tokens", 0),
        "reused_tokens": first.get("reused_tokens", 0),
        "reeval_tokens": first.get("reeval_tokens", 0),
        "generated_tokens": sum(a["generated_tokens"] for a in attempts),
        "ttft_ms": first.get("ttft_ms", 0.0),
        "total_ms": round(sum(a["total_ms"] for a in attempts), 2),
        "decode_tps": first.get("decode_tps", 0.0),
        "attempts": attempts,
    }


def make_llama_realiser(backend: str, **opts: Any) -> LlamaRealiser:
    """The negotiator's factory: ``backend`` is ``llama`` (embedded default), ``llama:<key>``
    (a manifest candidate) or a path to a ``.gguf`` file.

    Options: ``n_ctx`` (default 4096, capped at the model's), ``n_threads`` (default cores-1),
    ``max_tokens`` (48), ``max_sentences`` (2), ``grammar_retry`` (True), ``on_reset``.
    """
    spec = resolve_model(backend)
    runtime = get_runtime(spec.path, n_ctx=opts.pop("n_ctx", None),
                          n_threads=opts.pop("n_threads", None))  # fmt: skip
    realiser = LlamaRealiser(runtime, spec, **opts)
    runtime.retain(realiser)  # never closed while this realiser can still speak
    return realiser


__all__ = [
    "LlamaRealiser",
    "compose",
    "fresh_sentences",
    "make_llama_realiser",
    "persona_temperature",
    "sampling_seed",
    "terms_of",
]
