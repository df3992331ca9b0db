"""The emotion sensor stage: a debtor message in, a distribution over ``EMOTIONS`` out.

Implementations: ``lexicon`` (documented word lists; tiny, no model file), ``onnx`` (a
fine-tuned MiniLM classifier through onnxruntime, the default once its model is present) and
``llm`` (the local GGUF model classifying under a grammar).
"""

from __future__ import annotations

from abc import ABC, abstractmethod
from collections.abc import Sequence

from edge_agent.sense import registry
from edge_core.emotions import EmotionProbs


class EmotionSensor(ABC):
    """Reads the emotion of one message. Subclasses implement :meth:`probs`; the batch form
    classifies each distinct text once."""

    name: str = "sensor"

    @abstractmethod
    def probs(self, text: str) -> EmotionProbs:
        """Probabilities over ``EMOTIONS`` (every key present, summing to 1)."""

    def probs_batch(self, texts: Sequence[str]) -> list[EmotionProbs]:
        unique = {t: self.probs(t) for t in dict.fromkeys(texts)}
        return [unique[t] for t in texts]

    @classmethod
    def default(cls) -> EmotionSensor:
        """The default sensor: the ONNX classifier when its model is installed, else lexicon
        (:func:`edge_agent.sense.registry.default`: one shared instance per process)."""
        return registry.default()

    @classmethod
    def create(cls, name: str, **options: object) -> EmotionSensor:
        """A sensor by name (:func:`edge_agent.sense.registry.make_sensor`)."""
        return registry.make_sensor(name, **options)
