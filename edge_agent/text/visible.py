"""What a human sees: invisible characters and Latin lookalikes, found before any rule runs.

Why a module of its own: every guard rule is a regular expression over words, and one
invisible character inside a word ("w\u200baive", "emp\u00adloyer") or a Latin lookalike
letter ("wɑive" with U+0251, "sᴜe" with a small capital) defeats all of them while the screen
shows the plain word. NFKC folds neither. So the guard (a) refuses any text that carries a
format (Unicode category ``Cf``: zero-width, soft hyphen, word joiner, bidi overrides, tag
characters), a variation selector, the combining grapheme joiner or a control character
(newline and tab excepted), and judges the text with them removed, so the other rules still
see the hidden word; and (b) for an English scenario refuses letters outside the expected
repertoire: ASCII letters, accented forms of them (é, ñ, ü: their canonical decomposition
starts with an ASCII letter) and a few ligatures. Confusable skeletons (UTS #39) would fold
more lookalikes, but an English reply has no reason to contain any of them, so refusing is
both simpler and stricter.
"""

from __future__ import annotations

import unicodedata

_KEPT_CONTROLS = frozenset("\n\t")
_EXTRA_INVISIBLE = frozenset("\u034f\u115f\u1160\u3164\uffa0\u180e")  # CGJ, Hangul fillers
_LATIN_EXTRAS = frozenset("æœøßÆŒØ")


def _invisible(ch: str) -> bool:
    if ch in _KEPT_CONTROLS:
        return False
    cat = unicodedata.category(ch)
    return (cat in ("Cf", "Cc", "Co", "Cn", "Zl", "Zp") or ch in _EXTRA_INVISIBLE
            or "\ufe00" <= ch <= "\ufe0f" or "\U000e0100" <= ch <= "\U000e01ef")


def invisible_characters(text: str) -> list[str]:
    """The characters in ``text`` a reader cannot see (as ``U+XXXX`` names, in order)."""
    return [f"U+{ord(ch):04X}" for ch in text if _invisible(ch)]


def visible(text: str) -> str:
    """``text`` with every invisible character removed: what the screen shows."""
    if not any(_invisible(ch) for ch in text):
        return text
    return "".join(ch for ch in text if not _invisible(ch))


def _expected_latin(ch: str) -> bool:
    if ch.isascii() or ch in _LATIN_EXTRAS:
        return True
    base = unicodedata.normalize("NFD", ch)[0]
    return base.isascii() and base.isalpha()


def lookalike_letters(text: str) -> list[str]:
    """Latin-script letters an English text never needs (ɑ, ᴜ, ɡ, ı...): lookalikes."""
    return [ch for ch in text if ch.isalpha() and unicodedata.name(ch, "").startswith("LATIN")
            and not _expected_latin(ch)]


__all__ = ["invisible_characters", "lookalike_letters", "visible"]
