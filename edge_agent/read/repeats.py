"""Evidence counted once: a hardship story pasted again is not a second disclosure.

The affordability estimate (:mod:`policies.affordability`) grows with the hardship a debtor
states and the distress the sensor reads, message by message. Pasting the same paragraph
("I lost my job, my wife is ill, 45 days is the most I can manage") ten times would then buy
the forbearance that ten different disclosures earn, and a script could farm it. The judgment
taken here:

- a message is a **repeat** when it carries hardship evidence (a ``hardship`` cue or a
  disclosed vulnerability) and its words, figures left out, are the same or nearly the same
  (:data:`SIMILAR`: a ``difflib`` ratio, so a changed figure, a typo or an added "as I said"
  does not make it new) as an earlier message of the same dialogue;
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
from difflib import SequenceMatcher
from typing import Protocol

from edge_agent.text.normalise import normalise

SIMILAR = 0.85
"""The ``difflib`` ratio at or above which two messages' words count as the same text."""

_NOT_WORDS = re.compile(r"[^a-záéíóúñü' ]+")


class _Reading(Protocol):
    @property
    def text(self) -> str: ...
    @property
    def cues(self) -> frozenset[str]: ...
    @property
    def disclosed(self) -> frozenset[str]: ...


def words(text: str) -> str:
    """The message's words, lower-cased, without figures or punctuation."""
    t = normalise(text if isinstance(text, str) else "").lower()
    return " ".join(_NOT_WORDS.sub(" ", t).split())


def same_text(a: str, b: str) -> bool:
    """Whether two messages are the same words, exactly or nearly (:data:`SIMILAR`)."""
    x, y = words(a), words(b)
    if not x or not y:
        return False
    if x == y:
        return True
    m = SequenceMatcher(None, x, y, autojunk=False)
    return m.real_quick_ratio() >= SIMILAR and m.quick_ratio() >= SIMILAR and (
        m.ratio() >= SIMILAR)


def repeated(readings: Sequence[_Reading]) -> tuple[bool, ...]:
    """For each message, oldest first: is it hardship evidence pasted again?"""
    out = []
    for i, r in enumerate(readings):
        evidence = "hardship" in r.cues or bool(r.disclosed)
        out.append(evidence and any(same_text(r.text, e.text) for e in readings[:i]))
    return tuple(out)


def dialogue_cues(readings: Sequence[_Reading]) -> tuple[frozenset[str], ...]:
    """Every message's cues, oldest first, with ``repeated`` on hardship pasted again."""
    return tuple(r.cues | {"repeated"} if rep else r.cues
                 for r, rep in zip(readings, repeated(readings), strict=True))


__all__ = ["SIMILAR", "dialogue_cues", "repeated", "same_text", "words"]
