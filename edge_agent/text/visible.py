"""What a human sees: one policy for invisible and control characters, and Latin lookalikes.

Why a module of its own: every guard rule is a regular expression over words, and one
invisible character inside a word ("w\u200baive", "emp\u00adloyer") or a Latin lookalike
letter ("wɑive" with U+0251, "sᴜe" with a small capital) defeats all of them while the screen
shows the plain word. NFKC folds neither. And a control character (ESC, BEL, CR, a bidi
override) in a message would drive the terminal that shows it.

**One classification.** :func:`kind` puts every character in one :class:`Kind`. Each place that
cleans or judges text names the kinds it removes (a policy), instead of writing its own rule:

=============== ============================================ ==================================
policy          kinds                                        used for
=============== ============================================ ==================================
:data:`TERMINAL`   ``control``                               a stored reply may not hold them
:data:`UNPRINTABLE` ``control`` ``format`` ``private``       stripped from a debtor message,
                ``unassigned`` ``surrogate`` ``space``       replaced by U+FFFD in a trace; what
                ``line``                                     ``str.isprintable`` refuses
:data:`INVISIBLE`  ``control`` ``format`` ``private``        what the guard refuses in a reply
                ``unassigned`` ``line`` ``selector``         and judges without; what a reply is
                                                             cleaned of before the guard sees it
=============== ============================================ ==================================

Newline and tab (``layout``) are in no policy: every text may keep them. A reply is cleaned and
judged by the same policy (:data:`INVISIBLE`), so what is shown is what the guard judged. A
debtor's message keeps what ``str.isprintable`` keeps (an emoji's variation selector, say) and
loses odd spaces, as it always has; a stored reply is refused only for what could drive a
terminal, so sessions saved before replies were cleaned of every invisible character still
load.

For an English scenario the guard also refuses letters outside the expected repertoire
(:func:`lookalike_letters`): ASCII letters, accented forms of them (é, ñ, ü: their canonical
decomposition starts with an ASCII letter) and a few ligatures. Confusable skeletons (UTS #39)
would fold more lookalikes, but an English reply has no reason to contain any of them, so
refusing is both simpler and stricter.
"""

from __future__ import annotations

import enum
import unicodedata
from functools import lru_cache


class Kind(enum.Enum):
    """What a character is to a reader."""

    SHOWN = "shown"
    """Ink, or the ordinary space."""
    LAYOUT = "layout"
    """Newline and tab: kept everywhere."""
    CONTROL = "control"
    """C0/C1 controls (``Cc``: ESC, BEL, CR, CSI...) and the bidirectional overrides and
    isolates: they drive a terminal or reorder the line it shows."""
    FORMAT = "format"
    """Other format characters (``Cf``): zero-width space and joiners, soft hyphen, word
    joiner, tag characters."""
    PRIVATE = "private"
    """Private-use characters (``Co``): no agreed glyph."""
    UNASSIGNED = "unassigned"
    """Code points Unicode has not assigned (``Cn``)."""
    SURROGATE = "surrogate"
    """A lone surrogate (``Cs``), left by a broken decode."""
    SPACE = "space"
    """A space other than U+0020 (``Zs``: no-break, ideographic, thin...)."""
    LINE = "line"
    """The line and paragraph separators U+2028, U+2029 (``Zl``, ``Zp``)."""
    SELECTOR = "selector"
    """Printable to Python but drawn as nothing: variation selectors, the combining grapheme
    joiner, the Hangul fillers."""


_LAYOUT = frozenset("\n\t")
_BIDI_CONTROLS = frozenset("\u202a\u202b\u202c\u202d\u202e\u2066\u2067\u2068\u2069")
_SELECTORS = frozenset("\u034f\u115f\u1160\u3164\uffa0\u180e")  # CGJ, Hangul fillers, MVS
_BY_CATEGORY = {"Cc": Kind.CONTROL, "Cf": Kind.FORMAT, "Co": Kind.PRIVATE,
                "Cn": Kind.UNASSIGNED, "Cs": Kind.SURROGATE, "Zs": Kind.SPACE,
                "Zl": Kind.LINE, "Zp": Kind.LINE}  # fmt: skip


@lru_cache(maxsize=4096)
def kind(ch: str) -> Kind:
    """The :class:`Kind` of one character."""
    if ch in _LAYOUT:
        return Kind.LAYOUT
    if ch == " ":
        return Kind.SHOWN
    if ch in _BIDI_CONTROLS:
        return Kind.CONTROL
    found = _BY_CATEGORY.get(unicodedata.category(ch))
    if found is not None:
        return found
    if ch in _SELECTORS or "\ufe00" <= ch <= "\ufe0f" or "\U000e0100" <= ch <= "\U000e01ef":
        return Kind.SELECTOR
    return Kind.SHOWN


Policy = frozenset[Kind]

TERMINAL: Policy = frozenset({Kind.CONTROL})
"""What must never reach a terminal: a stored reply holding one is refused."""
UNPRINTABLE: Policy = frozenset({Kind.CONTROL, Kind.FORMAT, Kind.PRIVATE, Kind.UNASSIGNED,
                                 Kind.SURROGATE, Kind.SPACE, Kind.LINE})
"""What ``str.isprintable`` refuses (newline and tab aside): stripped from a debtor's message,
replaced in a trace, refused in a stored debtor message."""
INVISIBLE: Policy = frozenset({Kind.CONTROL, Kind.FORMAT, Kind.PRIVATE, Kind.UNASSIGNED,
                               Kind.LINE, Kind.SELECTOR})
"""What a reader cannot see in a reply: the guard refuses it and judges the text without it,
and a reply is cleaned of it."""


def _clean_by_printable(text: str, policy: Policy) -> bool:
    """A fast answer: nothing in ``text`` falls under ``policy`` (printable text holds only
    ``shown`` and ``selector`` characters)."""
    return Kind.SELECTOR not in policy and text.isprintable()


def characters_in(text: str, policy: Policy) -> list[str]:
    """The characters of ``text`` that ``policy`` removes, in order."""
    if _clean_by_printable(text, policy):
        return []
    return [ch for ch in text if kind(ch) in policy]


def without_characters(text: str, policy: Policy) -> str:
    """``text`` without the characters ``policy`` removes."""
    if _clean_by_printable(text, policy) or not characters_in(text, policy):
        return text
    return "".join(ch for ch in text if kind(ch) not in policy)


def replace_characters(text: str, policy: Policy, by: str = "\ufffd") -> str:
    """``text`` with each character ``policy`` removes replaced by ``by``."""
    if _clean_by_printable(text, policy) or not characters_in(text, policy):
        return text
    return "".join(by if kind(ch) in policy else ch for ch in text)


def invisible_characters(text: str) -> list[str]:
    """The characters in ``text`` a reader cannot see (as ``U+XXXX`` names, in order)."""
    return [f"U+{ord(ch):04X}" for ch in characters_in(text, INVISIBLE)]


def visible(text: str) -> str:
    """``text`` with every invisible character removed: what the screen shows."""
    return without_characters(text, INVISIBLE)


_LATIN_EXTRAS = frozenset("æœøßÆŒØ")


def _expected_latin(ch: str) -> bool:
    if ch.isascii() or ch in _LATIN_EXTRAS:
        return True
    base = unicodedata.normalize("NFD", ch)[0]
    return base.isascii() and base.isalpha()


def lookalike_letters(text: str) -> list[str]:
    """Latin-script letters an English text never needs (ɑ, ᴜ, ɡ, ı...): lookalikes."""
    return [ch for ch in text if ch.isalpha() and unicodedata.name(ch, "").startswith("LATIN")
            and not _expected_latin(ch)]


__all__ = ["INVISIBLE", "TERMINAL", "UNPRINTABLE", "Kind", "Policy", "characters_in",
           "invisible_characters", "kind", "lookalike_letters", "replace_characters", "visible",
           "without_characters"]
