"""Figures and language in any script: what the guard reads before it compares with a decision.

Why a module of its own: a small model that is told "no digits" writes "两年", "三个月",
"７００" or "sept cents jours" instead, and a guard that reads ASCII digits and English number
words lets all of them through. Everything here works on NFKC-normalised text (full-width
"７００" becomes "700") and finds:

- digits of every script (``unicodedata.digit``: Arabic-Indic, Devanagari, Thai...), grouped
  with their separators ("1,000", "5 000", "1.5");
- number words in English, French, Spanish, German (and the other languages ``text2num``
  reads), through ``text_to_num.alpha2digit``, the maintained parser, rather than word lists
  of our own; "one" in English is a figure only before a unit ("one month", not "no one");
- Chinese and Japanese numerals (any Han character with a Unicode numeric value, and 两/兩/
  俩/廿/卅, which have none).

The code writes every decided figure in ASCII digits, so a number word or a non-ASCII numeral
in a reply is never one of ours: it is always a stray figure.

:func:`language_problem` says when a text is not in the expected language: any letter outside
the Latin script, or more function words of another supported language than of the expected
one. It is a check for the failure seen (a model drifting into Chinese or French), not a
general language identifier.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass

from text_to_num import alpha2digit

LANGUAGES = ("en", "fr", "es", "de")
"""Languages whose number words are read (and which :func:`language_problem` can tell apart)."""

_EXTRA_HAN_NUMERALS = frozenset("两兩俩倆廿卅卌")
_DIGITS = re.compile(r"\d+(?:[.,\u00a0 ]\d+)*")
_UNIT_AFTER_ONE = re.compile(
    r"\bone(?=[\s-]+(?:day|week|month|year|fortnight|hundred|thousand|million|dollar|pound|"
    r"euro|payment|instal?l?ment|time|more\s+(?:day|week|month|year)))",
    re.I,
)
_LONE_ONE = re.compile(r"\bone\b", re.I)
# Ordinals that are ordinary English ("the first step", "a second look") are not figures.
_PLAIN_ORDINALS = re.compile(r"\b(?:first|second|third)(?:ly)?\b", re.I)
_WORD = re.compile(r"[^\W\d_]+(?:'[^\W\d_]+)?")


@dataclass(frozen=True, slots=True)
class Figure:
    """A number found in a text: how it was written and what kind of writing it is."""

    text: str
    kind: str  # "digits" (ASCII), "script_digits" (other scripts), "number_word", "han_numeral"
    value: float | None = None


def normalise(text: str) -> str:
    """NFKC: full-width and compatibility forms become their plain equivalents."""
    return unicodedata.normalize("NFKC", text)


def _is_digit(ch: str) -> bool:
    return unicodedata.digit(ch, None) is not None


def is_numeral_char(ch: str) -> bool:
    """Any character that writes a number: a digit of any script, a Han numeral, a vulgar
    fraction or a Roman-numeral sign. Used for the guard and to ban vocabulary tokens."""
    return unicodedata.numeric(ch, None) is not None or ch in _EXTRA_HAN_NUMERALS


def script_digits(text: str) -> list[Figure]:
    """Digits that are not ASCII (after NFKC), e.g. Arabic-Indic "٣" or Devanagari "४"."""
    found: list[Figure] = []
    run = ""
    for ch in text + " ":
        if _is_digit(ch) and not ch.isascii():
            run += ch
            continue
        if run:
            value = int("".join(str(unicodedata.digit(c)) for c in run))
            found.append(Figure(run, "script_digits", value))
            run = ""
    return found


def han_numerals(text: str) -> list[Figure]:
    """Runs of Han numerals ("三个月" gives "三", "九百" one figure, "两年" gives "两")."""
    found: list[Figure] = []
    run = ""
    for ch in text + " ":
        if (ch in _EXTRA_HAN_NUMERALS or unicodedata.numeric(ch, None) is not None) and (
            "CJK" in unicodedata.name(ch, "") or ch in _EXTRA_HAN_NUMERALS or ch == "〇"
        ):
            run += ch
            continue
        if run:
            found.append(Figure(run, "han_numeral"))
            run = ""
    return found


def ascii_numbers(text: str) -> list[tuple[str, int, int]]:
    """ASCII digit groups as ``(text, start, end)``, separators kept ("1,000", "116 123")."""
    return [(m.group(0), m.start(), m.end()) for m in _DIGITS.finditer(text)
            if m.group(0).isascii()]  # fmt: skip


_FALSE_FRIENDS = re.compile(r"\b(?:once|cents?|sept|elf|mil)\b", re.IGNORECASE)


def number_words(text: str, languages: tuple[str, ...] = LANGUAGES) -> list[Figure]:
    """Numbers written in words in any of ``languages`` ("two hundred", "sept cents")."""
    # Existing digits are masked so only numbers that came from words are counted.
    masked = re.sub(r"\d", "#", text)
    masked = _UNIT_AFTER_ONE.sub("1", masked)
    masked = _LONE_ONE.sub("0ne", masked)  # "no one", "this one": not a figure
    masked = _PLAIN_ORDINALS.sub("ordinal", masked)
    found: list[Figure] = []
    seen: set[str] = set()
    for lang in languages:
        # English words that are numbers elsewhere ("once" is Spanish eleven, "cent" French
        # hundred, "elf" German eleven) are not figures in another language's pass.
        text_for = masked if lang == "en" else _FALSE_FRIENDS.sub("word", masked)
        try:
            converted = alpha2digit(text_for, lang, threshold=0 if lang == "en" else 3)
        except (ValueError, RuntimeError):  # pragma: no cover - the parser refused the text
            continue
        for m in re.finditer(r"\d+(?:[.,]\d+)?", converted.replace("0ne", "one")):
            if m.group(0) not in seen:
                seen.add(m.group(0))
                found.append(Figure(m.group(0), "number_word", float(m.group(0).replace(",", "."))))
    return found


def non_ascii_figures(text: str) -> list[Figure]:
    """Every figure not written in ASCII digits: number words, other scripts, Han numerals."""
    text = normalise(text)
    return [*script_digits(text), *han_numerals(text), *number_words(text)]


# --- language ----------------------------------------------------------------------------------

FUNCTION_WORDS: dict[str, frozenset[str]] = {
    "en": frozenset(
        [
            "the", "a", "an", "and", "or", "but", "of", "to", "in", "on", "for", "with",
            "we", "you", "your", "our", "is", "are", "be", "will", "can", "this", "that",
            "it", "i", "my", "me", "have", "has", "do", "not", "please", "within", "days",
            "balance", "repay", "thank"
        ]
    ),
    "fr": frozenset(
        [
            "le", "la", "les", "des", "du", "un", "une", "et", "ou", "mais", "nous", "vous",
            "votre", "vos", "notre", "est", "sont", "pour", "avec", "dans", "pas", "jours",
            "jour", "mois", "jusqu", "jusqu'à", "acceptons", "sur", "qui", "que", "ce",
            "cette", "merci"
        ]
    ),
    "es": frozenset(
        [
            "el", "los", "las", "del", "una", "unos", "y", "o", "pero", "nosotros", "usted",
            "su", "sus", "es", "son", "para", "con", "en", "por", "que", "días", "dia",
            "día", "meses", "gracias", "aceptamos", "hasta"
        ]
    ),
    "de": frozenset(
        [
            "der", "die", "das", "den", "dem", "und", "oder", "aber", "wir", "sie", "ihr",
            "ihre", "ist", "sind", "für", "mit", "nicht", "ein", "eine", "einen", "tage",
            "tagen", "monate", "danke", "bis", "zu", "akzeptieren"
        ]
    ),
}


FUNCTION_WORDS.update({
    "it": frozenset(["il", "lo", "gli", "di", "che", "sono", "siamo", "possiamo", "saldo",
                     "giorni", "grazie", "della", "del", "una", "noi", "lei"]),
    "nl": frozenset(["het", "een", "voor", "wij", "jij", "uw", "niet", "zijn", "bieden",
                     "saldo", "dagen", "dank", "wel", "ook", "maar", "dat"]),
    "pt": frozenset(["os", "um", "uma", "não", "nós", "você", "seu", "sua", "estamos",
                     "aqui", "dias", "obrigado", "obrigada", "ajudar"]),
})
"""Italian, Dutch and Portuguese: told apart (as "not the scenario's language"), not read."""

FOREIGN_WORDS: frozenset[str] = frozenset(" ".join((  # strings: easier to extend
    "merci beaucoup bonjour bonsoir bonne journée revoir gracias hola adiós muchas luego "
    "danke vielen bitte schön tschüss grazie prego ciao arrivederci obrigado obrigada tchau "
    "mycket hej terima kasih salamat asante sana kiitos paljon arigatou arigato gozaimasu "
    "dziękuję köszönöm szépen mulțumesc teşekkür teşekkürler ederim spasibo cảm ơn "
    "giorni dagen dias días jours tage tagen quinze quince veertig quaranta quarenta",
)).split())
"""Words no English reply contains (courtesies, day words, number words of other languages):
one is enough for a sentence not to be English."""

ENGLISH_LOANWORDS: frozenset[str] = frozenset(
    ("café", "cafés", "naïve", "résumé", "fiancé", "fiancée", "déjà", "façade", "rôle", "cliché",
     "entrée"))
"""Accented words an English text may carry; any other accented word is not English."""


def _sentences(text: str) -> list[str]:
    return [p for p in re.split(r"(?<=[.!?])\s+|\n+", text) if p.strip()]


def _latin(ch: str) -> bool:
    return unicodedata.name(ch, "").startswith("LATIN")


def language_problem(text: str, language: str = "en", *, ignore: tuple[str, ...] = ()) -> str:
    """Why ``text`` is not in ``language`` ("" when it is). ``ignore`` lists names (the
    creditor's, the debtor's) that may be written in any script."""
    text = normalise(text)
    for name in ignore:
        if name:
            text = re.sub(re.escape(name), " ", text, flags=re.I)
    foreign = [ch for ch in text if ch.isalpha() and not _latin(ch)]
    if foreign:
        script = unicodedata.name(foreign[0], "?").split()[0]
        return f"{''.join(foreign[:8])!r} is not in the Latin script ({script})"
    if language == "en":
        for word in _WORD.findall(text):
            w = word.lower()
            if w in FOREIGN_WORDS or (not w.isascii() and w not in ENGLISH_LOANWORDS):
                return f"{word!r} is not an English word"
    # Judged per sentence (and for the whole): one foreign sentence in an English reply is
    # as wrong as a foreign reply.
    for part in [*_sentences(text), text]:
        words = [w.lower() for w in _WORD.findall(part)]
        hits = {lang: sum(w in vocab for w in words) for lang, vocab in FUNCTION_WORDS.items()}
        own = hits.get(language, 0)
        other, count = max(((lang, n) for lang, n in hits.items() if lang != language),
                           key=lambda item: item[1])  # fmt: skip
        if count >= 2 and count > own:
            return f"reads as {other} ({count} {other} function words, {own} {language})"
    return ""


__all__ = [
    "LANGUAGES",
    "Figure",
    "ascii_numbers",
    "han_numerals",
    "is_numeral_char",
    "language_problem",
    "non_ascii_figures",
    "normalise",
    "number_words",
    "script_digits",
]
