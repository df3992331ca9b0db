"""Sentences: where a reply splits, and when two sentences are the same one.

Two splitters, for two jobs. :func:`split_sentences` cuts a reply into the sentences a reader
sees (and the realisers count for repetition, and ``on_token`` streams): a dot must end a word
and be followed by a capital, so "$1,200.00" and "Ms. Lopez" stay whole. :func:`split_loosely`
cuts at any sentence mark followed by a space, and at line breaks: the language check judges
each piece, and a model that drifts into another language does not capitalise to help it.
"""

from __future__ import annotations

import re

_SENTENCE_END = re.compile(r"(?<!\bMs\.)(?<!\bMr\.)(?<!\bDr\.)(?<!\bMrs\.)(?<=[.!?])\s+"
                           r"(?=[A-Z\"'(])")
_LOOSE_END = re.compile(r"(?<=[.!?])\s+|\n+")


def split_sentences(text: str) -> list[str]:
    """A reply's sentences, stripped ("$1,200.00" stays whole: a dot must end a word)."""
    out: list[str] = []
    for piece in _SENTENCE_END.split(text.strip()):
        if piece.strip():
            out.append(piece.strip())
    return out


def sentence_key(sentence: str) -> str:
    """How sentences are compared for repetition: lower case, letters and digits only."""
    return re.sub(r"[^a-z0-9]+", " ", sentence.lower()).strip()


def split_loosely(text: str) -> list[str]:
    """Pieces of ``text`` between any sentence mark and the next word, or between lines; not
    stripped, empty pieces dropped."""
    return [p for p in _LOOSE_END.split(text) if p.strip()]


__all__ = ["sentence_key", "split_loosely", "split_sentences"]
