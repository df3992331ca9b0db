"""Vocabulary bans: the tokens a model may never sample when it writes the creditor's words.

The model writes words, the code writes figures (``edge_agent.realisers.llama``). To make that
a property of generation and not a hope, every token whose text could start or be a figure is
banned through a logits processor (its logit set to -inf at every step):

- any character that writes a number in any script (:func:`edge_agent.figures.is_numeral_char`:
  ASCII and full-width digits, Arabic-Indic, Devanagari, Han numerals incl. 两, fractions);
- a number word in English, French, Spanish or German, as ``text2num`` reads it ("two",
  " hundred", "sept", "vierzig"), with "one"/first/second/third left alone because the guard
  allows them in ordinary use ("no one", "the first step");
- characters of template fragments, stage directions and money: ``{ } [ ] ( ) _ $ £ € % <
  > # | * \\`` and boxes.

- any character outside the Latin script and ASCII/typographic punctuation (the languages a
  scenario may use are all Latin-script), and any token whose bytes are not whole UTF-8: a
  byte-level BPE (Qwen's) can otherwise spell "١٢" or "两" byte by byte.

Control tokens (end of turn, BOS) decode to nothing and stay allowed, so the model can stop.
A number word split across tokens ("tw" + "enty") is not blocked here; the guard still reads
the whole text. The scan runs once per loaded model (a few seconds for a 150k vocabulary).
"""

from __future__ import annotations

import threading
import unicodedata
from typing import Any

import numpy as np

from edge_agent.figures import is_numeral_char, normalise, number_words

FRAGMENT_CHARS = frozenset("{}[]()_$£€¥%<>#|*\\◻□☐▢■@~^`")

_CACHE: dict[tuple[str, int], np.ndarray] = {}
_LOCK = threading.Lock()


_ALLOWED_NON_ASCII = frozenset("‘’“”–—…")


def _allowed_char(ch: str) -> bool:
    """Letters of the Latin script, ASCII and typographic punctuation; nothing else."""
    if ch.isascii():
        return ch.isprintable() or ch in "\n "
    return ch in _ALLOWED_NON_ASCII or (
        ch.isalpha() and unicodedata.name(ch, "").startswith("LATIN")
    )


def banned_text(piece: str) -> bool:
    """Whether a token with this text may never be sampled."""
    text = normalise(piece)
    if any(is_numeral_char(ch) or ch in FRAGMENT_CHARS or not _allowed_char(ch) for ch in text):
        return True
    word = text.strip()
    return len(word) >= 3 and word.isalpha() and bool(number_words(word))


def banned_tokens(llm: Any, key: str) -> np.ndarray:
    """Ids of the banned tokens of a loaded ``llama_cpp.Llama`` (cached per model ``key``)."""
    n = int(llm.n_vocab())
    with _LOCK:
        cached = _CACHE.get((key, n))
        if cached is not None:
            return cached
    ids = [i for i in range(n) if _banned_token(llm.detokenize([i], special=False))]
    out = np.asarray(ids, dtype=np.int64)
    with _LOCK:
        _CACHE[(key, n)] = out
    return out


def _banned_token(raw: bytes) -> bool:
    """A token's bytes: banned when they are not whole UTF-8 (a byte-level piece of some
    character, e.g. half of an Arabic-Indic digit, that could complete any script) or when
    their text is banned. Control tokens decode to no bytes and stay allowed."""
    if not raw:
        return False
    try:
        text = raw.decode("utf-8")
    except UnicodeDecodeError:
        return True
    return banned_text(text)


def ban_processor(banned: np.ndarray) -> Any:
    """A llama-cpp-python logits processor that makes ``banned`` unsampleable."""

    def process(input_ids: np.ndarray, scores: np.ndarray) -> np.ndarray:
        scores[banned] = -np.inf
        return scores

    return process


__all__ = ["FRAGMENT_CHARS", "ban_processor", "banned_text", "banned_tokens"]
