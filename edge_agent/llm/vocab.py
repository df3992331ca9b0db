"""Vocabulary bans: the tokens a model may never sample when it writes the creditor's words.

The model writes words, the code writes figures (``edge_agent.realise.llama``). To make that
a property of generation and not a hope, every token whose text could start or be a figure is
banned through a logits processor (its logit set to -inf at every step):

- any character that writes a number in any script (:func:`edge_agent.text.numbers.is_numeral_char`:
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
A number word split across tokens ("Th" + "irty") is stopped as it is written: at each step
the best candidate tokens are joined to the word the text ends in, and one that would complete
a number word is banned for that step (:class:`VocabBan`). The guard still reads the whole
text. The scan runs once per loaded model (a few seconds for a 150k vocabulary).
"""

from __future__ import annotations

import re
import threading
import unicodedata
from functools import lru_cache
from typing import Any

import numpy as np

from edge_agent.text.normalise import nfkc
from edge_agent.text.numbers import is_numeral_char, number_words
from edge_agent.text.visible import lookalike_letters

FRAGMENT_CHARS = frozenset("{}[]()_$£€¥%<>#|*\\◻□☐▢■@~^`")

_CACHE: dict[tuple[str, int], VocabBan] = {}
_LOCK = threading.Lock()
_TRAILING_WORD = re.compile(r"[^\W\d_]+$")
_LEADING_LETTERS = re.compile(r"[^\W\d_]+")


_ALLOWED_NON_ASCII = frozenset("‘’“”–—…")


def _allowed_char(ch: str) -> bool:
    """Letters of the Latin script, ASCII and typographic punctuation; nothing else."""
    if ch.isascii():
        return ch.isprintable() or ch in "\n "
    # Latin letters an English text needs (é, ñ): never a lookalike such as ɑ or ᴜ.
    return ch in _ALLOWED_NON_ASCII or (
        ch.isalpha() and unicodedata.name(ch, "").startswith("LATIN") and not lookalike_letters(ch)
    )


QUANTITY_WORDS = frozenset({"dozen", "dozens", "twice", "double", "triple", "treble", "half",
                            "halves", "decade", "decades", "century", "umpteen", "fortnight",
                            "tenfold", "semester"})
"""Quantity words no number parser reads, which the guard refuses (a dozen days, twice that)."""
_ROMAN = re.compile(r"(?=[MDCLXVI]{2,}$)M{0,3}(?:CM|CD|D?C{0,3})(?:XC|XL|L?X{0,3})"
                    r"(?:IX|IV|V?I{0,3})")


def banned_text(piece: str) -> bool:
    """Whether a token with this text may never be sampled."""
    text = nfkc(piece)
    if any(is_numeral_char(ch) or ch in FRAGMENT_CHARS or not _allowed_char(ch) for ch in text):
        return True
    word = text.strip()
    if word.lower() in QUANTITY_WORDS or _ROMAN.fullmatch(word):
        return True
    return len(word) >= 3 and word.isalpha() and bool(number_words(word))


class VocabBan:
    """The static ban (``ids``) plus the check that stops a number word spelled across
    tokens ("Th" + "irty"): at each step the best candidates are tried against the word the
    text ends in, and one that would complete a number word is banned for that step."""

    TOP_K = 48

    def __init__(self, texts: list[str], ids: np.ndarray) -> None:
        self.texts = texts
        self.ids = ids

    def __len__(self) -> int:
        return len(self.ids)

    def tolist(self) -> list[int]:
        return self.ids.tolist()

    def trailing_fragment(self, input_ids: np.ndarray) -> str:
        tail = "".join(self.texts[int(i)] for i in input_ids[-4:] if 0 <= int(i) < len(self.texts))
        m = _TRAILING_WORD.search(tail)
        return m.group(0) if m else ""

    def __call__(self, input_ids: np.ndarray, scores: np.ndarray) -> np.ndarray:
        # A copy: llama-cpp-python keeps the array it passes in as the cached logits of the
        # prompt, and a later call on the same prefix must see the model's own scores.
        scores = scores.copy()
        scores[self.ids] = -np.inf
        fragment = self.trailing_fragment(input_ids)
        if not fragment:
            return scores
        top = np.argpartition(-scores, self.TOP_K)[: self.TOP_K]
        for token in top:
            text = self.texts[int(token)]
            m = _LEADING_LETTERS.match(text)
            if m and is_number_word(fragment + m.group(0)):
                scores[token] = -np.inf
        return scores


@lru_cache(maxsize=65536)
def is_number_word(word: str) -> bool:
    """Whether ``word`` (letters only) is a number word in any language
    :func:`edge_agent.text.numbers.number_words` reads."""
    return len(word) >= 3 and bool(number_words(word))


def banned_tokens(llm: Any, key: str) -> VocabBan:
    """The ban for a loaded ``llama_cpp.Llama`` (scanned once per model ``key``)."""
    n = int(llm.n_vocab())
    with _LOCK:
        cached = _CACHE.get((key, n))
        if cached is not None:
            return cached
    raw = [llm.detokenize([i], special=False) for i in range(n)]
    ids = np.asarray([i for i in range(n) if _banned_token(raw[i])], dtype=np.int64)
    ban = VocabBan([r.decode("utf-8", errors="ignore") for r in raw], ids)
    with _LOCK:
        _CACHE[(key, n)] = ban
    return ban


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


def ban_processor(banned: VocabBan | np.ndarray) -> Any:
    """A llama-cpp-python logits processor that makes ``banned`` unsampleable."""
    if isinstance(banned, VocabBan):
        return banned

    def process(input_ids: np.ndarray, scores: np.ndarray) -> np.ndarray:
        scores = scores.copy()
        scores[banned] = -np.inf
        return scores

    return process


__all__ = ["FRAGMENT_CHARS", "VocabBan", "ban_processor", "banned_text", "banned_tokens",
           "is_number_word"]
