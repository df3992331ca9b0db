"""Evidence counted once: a hardship story pasted again is not a second disclosure.

The affordability estimate (:mod:`policies.affordability`) grows with the hardship a debtor
states and the distress the sensor reads, message by message. Pasting the same paragraph
("I lost my job, my wife is ill, 45 days is the most I can manage") ten times would then buy
the forbearance that ten different disclosures earn, and a script could farm it. The judgment
taken here:

- a message is a **repeat** when it carries hardship evidence (a ``hardship`` cue or a
  disclosed vulnerability) and its words, figures left out, are the same or nearly the same
  (:data:`SIMILAR`: most of their adjacent word pairs shared, so a changed figure, a typo or
  an added "as I said" does not make it new) as an earlier message of the same dialogue;
- a repeat keeps its cues (a plea repeated with no figure is still a stall for
  :func:`policies.signals.strategic_distress`) and gains the ``repeated`` cue; the estimate
  counts neither its hardship nor its distress again. The ask it names still counts: holding a
  figure is consistency, and a figure alone never earns forbearance;
- a second, different disclosure counts in full, as does the same circumstance told again in
  other words (a person explaining again is not pasting: below :data:`SIMILAR`). Short
  replies with no hardship in them ("45 days.") are never repeats: they are how people hold a
  figure.

Only the read stage sees text, so the mark is made here and travels as a cue
(``NegotiationView.debtor_cues``).
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from itertools import pairwise
from typing import Protocol

from edge_agent.text.normalise import normalise

SIMILAR = 0.7
"""The share of word pairs two messages must have in common (Jaccard similarity of their sets
of adjacent word pairs) to count as the same text: one typo in a twenty-word story leaves about
0.8, an added "as I said" about 0.85, a different story or the same one retold well under 0.5.
Word pairs, not characters: linear in the message, so a dialogue of thirty long messages
costs milliseconds (a character-level ``difflib`` ratio took minutes on such a dialogue)."""

_NOT_WORDS = re.compile(r"[^a-záéíóúñü' ]+")


class _Reading(Protocol):
    @property
    def text(self) -> str: ...
    @property
    def cues(self) -> frozenset[str]: ...
    @property
    def disclosed(self) -> frozenset[str]: ...


def words(text: str) -> tuple[str, ...]:
    """The message's words, lower-cased, without figures or punctuation."""
    t = normalise(text if isinstance(text, str) else "").lower()
    return tuple(_NOT_WORDS.sub(" ", t).split())


def _pairs(text: str) -> frozenset[tuple[str, ...]]:
    w = words(text)
    return frozenset(pairwise(w)) if len(w) > 1 else frozenset({w} if w else ())


def _similar(a: frozenset[tuple[str, ...]], b: frozenset[tuple[str, ...]]) -> bool:
    if not a or not b:
        return False
    return len(a & b) / len(a | b) >= SIMILAR


def same_text(a: str, b: str) -> bool:
    """Whether two messages are the same words, exactly or nearly (:data:`SIMILAR`)."""
    return _similar(_pairs(a), _pairs(b))


def repeated(readings: Sequence[_Reading]) -> tuple[bool, ...]:
    """For each message, oldest first: is it hardship evidence pasted again?"""
    pairs = [_pairs(r.text) for r in readings]
    out = []
    for i, r in enumerate(readings):
        evidence = "hardship" in r.cues or bool(r.disclosed)
        out.append(evidence and any(_similar(pairs[i], pairs[j]) for j in range(i)))
    return tuple(out)


def dialogue_cues(readings: Sequence[_Reading]) -> tuple[frozenset[str], ...]:
    """Every message's cues, oldest first, with ``repeated`` on hardship pasted again."""
    return tuple(r.cues | {"repeated"} if rep else r.cues
                 for r, rep in zip(readings, repeated(readings), strict=True))


__all__ = ["SIMILAR", "dialogue_cues", "repeated", "same_text", "words"]
