"""Persona read-back: which reviewed variants carry the persona, as an emotion reader hears them.

A reply carries its persona only if a reader hears it; "I am sorry this is so hard right now"
is a fine acknowledgement, but from a warm persona it reads as sadness. Among the variants of a
voiced slot that fit the content, the planner prefers those whose reading falls in the
persona's family (firm: anger, disgust; concern: fear, sadness; warm: joy, surprise; neutral),
and the voice then chooses among those. The reader is injected (the turn passes the project's
emotion sensor), so the plan stage imports no sensor; readings are cached per text, since the
variants are fixed strings.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence

FAMILIES: dict[str, str] = {"anger": "firm", "disgust": "firm", "fear": "concern",
                            "sadness": "concern", "joy": "warm", "surprise": "warm",
                            "neutral": "neutral"}  # fmt: skip
"""Persona families: a reading agrees with a persona when their families match."""

Reader = Callable[[str], Mapping[str, float]]


class ToneReader:
    """Reads the family of a text once and remembers it."""

    def __init__(self, read: Reader) -> None:
        self._read = read
        self._cache: dict[str, str] = {}

    def family(self, text: str) -> str:
        if text not in self._cache:
            probs = self._read(text)
            self._cache[text] = FAMILIES.get(max(probs, key=probs.get), "neutral")
        return self._cache[text]

    def carrying(self, options: Sequence[str], persona: str) -> list[str]:
        """The options that read as ``persona``'s family (all of them when none does)."""
        want = FAMILIES.get(persona, "neutral")
        matched = [o for o in options if self.family(o) == want]
        return matched or list(options)


__all__ = ["FAMILIES", "Reader", "ToneReader"]
