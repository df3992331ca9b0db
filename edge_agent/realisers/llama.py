"""The ``llama`` realiser: a local GGUF model phrases the decision; every draft is checked.

Per turn: build the cache-friendly prompt (:mod:`edge_agent.llm.prompt`), sample with the
persona temperature schedule ``max(0.1, 0.7 * 0.95**turn)`` (EQ-Negotiator) and a seed derived
from ``(ctx.seed, ctx.turn, attempt)``, stream the text to ``on_token`` while cutting it after
three sentences, and validate the draft (voice checks + ``ctx.validate``, i.e. the figures and
the compliance guard). A failing draft is retried once with a stricter instruction under a
GBNF grammar that allows no digit but the decided figure; if that fails too, the template
realiser speaks. ``Realisation.path`` says which: ``llm``, ``llm_retry`` or ``fallback``.

Streaming contract: text is streamed as generated. When a streamed draft is rejected,
``on_reset`` (an option of :func:`make_llama_realiser`) is called before the next attempt
streams, so a UI can clear it; the text streamed after the last reset always equals
``Realisation.text``.
"""

from __future__ import annotations

import zlib
from collections.abc import Callable
from typing import Any

from edge_agent.llm.errors import ContextOverflow
from edge_agent.llm.models import ModelSpec, resolve_model
from edge_agent.llm.output import SentenceStream, reply_grammar, voice_problems
from edge_agent.llm.prompt import ChatFormat, PromptBuilder, speakable
from edge_agent.llm.runtime import LlamaRuntime, get_runtime
from edge_agent.realisers.base import Realisation, RealiserContext, TokenCallback
from edge_agent.realisers.template import TemplateRealiser
from edge_core import Decision

DEFAULT_MAX_TOKENS = 64
"""Three short sentences fit; a longer draft is cut at its third sentence anyway."""


def persona_temperature(turn: int) -> float:
    """EQ-Negotiator's schedule: exploratory early, steadier as the dialogue goes on."""
    return max(0.1, 0.7 * 0.95**turn)


def sampling_seed(seed: int, turn: int, attempt: int) -> int:
    """Same session seed and turn -> same sample, independent of what ran before."""
    return zlib.crc32(f"{seed}:{turn}:{attempt}:llama".encode()) & 0x7FFFFFFF


class LlamaRealiser:
    """Phrases decisions with a local GGUF model, checked, with a template fallback."""

    def __init__(
        self,
        runtime: LlamaRuntime,
        spec: ModelSpec | None = None,
        *,
        max_tokens: int = DEFAULT_MAX_TOKENS,
        max_sentences: int = 3,
        grammar_retry: bool = True,
        on_reset: Callable[[], None] | None = None,
    ) -> None:
        self.runtime = runtime
        self.spec = spec
        self.max_tokens = max_tokens
        self.max_sentences = max_sentences
        self.grammar_retry = grammar_retry
        self.on_reset = on_reset
        self.name = f"llama:{spec.key}" if spec else f"llama:{runtime.path.stem}"
        chat = ChatFormat(runtime.chat_template, runtime.bos_text, runtime.eos_text)
        self.prompts = PromptBuilder(runtime.tokenize_prompt, runtime.n_ctx, chat)
        self.fallback = TemplateRealiser()

    def realise(
        self,
        decision: Decision,
        ctx: RealiserContext,
        on_token: TokenCallback | None = None,
    ) -> Realisation:
        if not speakable(decision):
            # Safety-critical or unknown turns (support, crisis) keep the reviewed wording.
            done = self.fallback.realise(decision, ctx, on_token)
            return Realisation(done.text, self.name, "template", {"model": self.name}, [])
        temperature = persona_temperature(ctx.turn)
        attempts: list[dict[str, Any]] = []
        rejected: list[dict[str, Any]] = []
        info: dict[str, Any] = {"model": self.name, "temperature": round(temperature, 4)}
        for attempt, strict in enumerate((False, True)):
            try:
                prompt = self.prompts.build(
                    ctx.scenario, ctx.history, decision, max_tokens=self.max_tokens, strict=strict
                )
            except ContextOverflow as exc:
                rejected.append({"attempt": attempt, "text": "", "problems": [f"context: {exc}"]})
                break
            info.update(template=prompt.template, dropped_messages=prompt.dropped)
            grammar = (
                reply_grammar(decision, ctx.scenario) if strict and self.grammar_retry else None
            )
            # The grammar bounds a retry's length itself (the opening's head adds 2 sentences).
            stream = SentenceStream(on_token, self.max_sentences if grammar is None else 5)
            gen = self.runtime.generate(
                prompt.tokens, max_tokens=self.max_tokens, temperature=temperature,
                seed=sampling_seed(ctx.seed, ctx.turn, attempt), stop=prompt.stop,
                grammar=grammar, on_text=stream.feed,
            )  # fmt: skip
            attempts.append({**gen.stats.to_dict(), "grammar": grammar is not None})
            text = stream.text
            problems = voice_problems(text) or ctx.validate(text)
            if not problems:
                path = "llm" if attempt == 0 else "llm_retry"
                return Realisation(text, self.name, path, _stats(info, attempts), rejected)
            rejected.append({"attempt": attempt, "text": text, "problems": problems})
            if stream.streamed and self.on_reset is not None:
                self.on_reset()
        done = self.fallback.realise(decision, ctx, on_token)
        return Realisation(done.text, self.name, "fallback", _stats(info, attempts), rejected)


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
    ``max_tokens`` (64), ``max_sentences`` (3), ``grammar_retry`` (True), ``on_reset``.
    """
    spec = resolve_model(backend)
    runtime = get_runtime(spec.path, n_ctx=opts.pop("n_ctx", None),
                          n_threads=opts.pop("n_threads", None))  # fmt: skip
    realiser = LlamaRealiser(runtime, spec, **opts)
    runtime.retain(realiser)  # never closed while this realiser can still speak
    return realiser


__all__ = ["LlamaRealiser", "make_llama_realiser", "persona_temperature", "sampling_seed"]
