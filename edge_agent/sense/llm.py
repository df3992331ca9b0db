"""The ``llm`` emotion sensor: the local GGUF model labels the debtor's message in context.

This is the paper's in-context variant: no training, the same model that speaks reads the
emotion. The prompt asks for one of the seven labels, and :meth:`LlmEmotionSensor.label`
generates the answer under a GBNF grammar that admits only those labels. :meth:`probs` reads
the distribution from the model's next-token logits at the answer position, restricted to the
labels' first tokens (the very mask the grammar applies), so the grammar's greedy label is the
distribution's argmax. When labels share a first token (some tokenizers split ``" disgust"``),
each label's full token sequence is scored instead.

Small models are biased towards a few labels whatever the input; with ``calibrate=True`` the
probabilities are divided by those the model gives a content-free message (contextual
calibration, Zhao et al. 2021) and renormalised. ``smoothing`` mixes in a little uniform mass
so the tracker never receives a hard zero.
"""

from __future__ import annotations

from typing import Any

import numpy as np

from edge_agent.llm.models import resolve_model
from edge_agent.llm.prompt import ChatFormat, Message
from edge_agent.llm.runtime import LlamaRuntime, get_runtime
from edge_agent.sense.base import EmotionSensor
from edge_core.emotions import EMOTIONS, EmotionProbs, to_dict

SYSTEM = (
    "You read a message that a debtor sent to a debt collector and name the emotion it "
    "expresses. Answer with exactly one word: anger, disgust, fear, joy, neutral, sadness or "
    "surprise."
)
PREFILL = "Emotion:"
CONTENT_FREE = "N/A"
MAX_CHARS = 1000

GRAMMAR = "root ::= " + " | ".join(f'" {e}"' for e in EMOTIONS)


class LlmEmotionSensor(EmotionSensor):
    """Emotion probabilities from a local GGUF model (shares the realiser's runtime)."""

    name = "llm"

    def __init__(
        self,
        model: str = "llama",
        *,
        n_ctx: int | None = None,
        n_threads: int | None = None,
        calibrate: bool = True,
        smoothing: float = 0.02,
        runtime: LlamaRuntime | None = None,
    ) -> None:
        if runtime is None:
            spec = resolve_model(model)
            runtime = get_runtime(spec.path, n_ctx=n_ctx, n_threads=n_threads)
        self.runtime = runtime
        runtime.retain(self)
        self.smoothing = smoothing
        self.chat = ChatFormat(runtime.chat_template, runtime.bos_text, runtime.eos_text)
        self.label_tokens = [runtime.tokenize(f" {e}") for e in EMOTIONS]
        firsts = [t[0] for t in self.label_tokens]
        self.first_token_mode = len(set(firsts)) == len(firsts)
        self._prior: np.ndarray | None = None
        self.calibrate = calibrate
        self.last_stats: dict[str, Any] = {}

    def prompt_tokens(self, text: str) -> list[int]:
        message = " ".join(text.split())[:MAX_CHARS]
        user = f'Message: "{message}"\nWhich emotion does this message express?'
        msgs = [Message("system", SYSTEM), Message("user", user)]
        if self.chat.kind == "gguf":
            rendered = self.chat.render(msgs, prefill=PREFILL)
        else:
            rendered = f"{SYSTEM}\n\n{user}\n{PREFILL}"
        return self.runtime.tokenize_prompt(rendered)

    def _raw(self, text: str) -> np.ndarray:
        tokens = self.prompt_tokens(text)
        if self.first_token_mode:
            logits, stats = self.runtime.next_logits(tokens)
            self.last_stats = stats.to_dict()
            scores = np.array([logits[t[0]] for t in self.label_tokens], dtype=np.float64)
        else:
            scores = np.array([self._sequence_logprob(tokens, t) for t in self.label_tokens])
        scores -= scores.max()
        probs = np.exp(scores)
        return probs / probs.sum()

    def _sequence_logprob(self, prompt: list[int], label: list[int]) -> float:
        total = 0.0
        for i, tok in enumerate(label):
            logits, _ = self.runtime.next_logits(prompt + label[:i])
            shifted = logits - logits.max()
            total += float(shifted[tok] - np.log(np.exp(shifted).sum()))
        return total

    def probs(self, text: str) -> EmotionProbs:
        probs = self._raw(text)
        if self.calibrate:
            if self._prior is None:
                self._prior = self._raw(CONTENT_FREE)
            probs = probs / np.maximum(self._prior, 1e-6)
            probs /= probs.sum()
        probs = (1.0 - self.smoothing) * probs + self.smoothing / len(EMOTIONS)
        return to_dict(probs / probs.sum())

    def label(self, text: str) -> str:
        """The label generated greedily under the GBNF grammar (uncalibrated)."""
        gen = self.runtime.generate(
            self.prompt_tokens(text), max_tokens=4, temperature=0.0, seed=0, grammar=GRAMMAR
        )
        self.last_stats = gen.stats.to_dict()
        return gen.text.strip()


__all__ = ["GRAMMAR", "LlmEmotionSensor"]
