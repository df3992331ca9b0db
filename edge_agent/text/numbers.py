"""Numerals in any script or language: the one numeral reader the reader and the guard share.

Why one module: a figure decides money, so the debtor's reader (which turns "俩个月" into 60
days) and the guard (which refuses "两年" in a reply) must agree on what a numeral is. Before,
each had its own table of Han numerals and they disagreed (one knew 俩, the other did not);
now every table lives here once:

- digits of every script (``unicodedata.digit``: Arabic-Indic, Devanagari, Thai...), read as
  ASCII (:func:`ascii_digits`) or found as figures (:func:`script_digits`);
- Han numerals: :data:`HAN_NUMERALS` (digits, 十/百, and 两/俩/廿/卅/卌, some of which have no
  Unicode numeric value) gives values; any other Han character with a numeric value (千, 壹)
  is still a numeral to the guard (:func:`is_numeral_char`), though the reader does not read it;
- number words in English, French, Spanish, German (and the other languages ``text2num``
  reads), through ``text_to_num.alpha2digit``, the maintained parser, rather than word lists
  of our own: rewritten as digits for the reader (:func:`words_to_digits`), found as figures for
  the guard (:func:`number_words`), or read as one value (:func:`number_value`);
- vulgar fractions ("2½" is 2.5) and the vague quantities ("a few" is 3).

The code writes every decided figure in ASCII digits, so a number word or a non-ASCII numeral
in a reply is never one of ours: to the guard it is always a stray figure.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass

from text_to_num import alpha2digit

LANGUAGES = ("en", "fr", "es", "de")
"""Languages whose number words the guard looks for in a reply."""

HAN_NUMERALS: dict[str, int] = {
    "零": 0, "〇": 0, "一": 1, "二": 2, "两": 2, "兩": 2, "俩": 2, "倆": 2, "三": 3, "四": 4,
    "五": 5, "六": 6, "七": 7, "八": 8, "九": 9, "十": 10, "廿": 20, "卅": 30, "卌": 40,
    "百": 100,
}  # fmt: skip
"""The Han numerals a reader reads, and their values. 两/俩/倆 (two, colloquial) have no Unicode
numeric value, so a table is needed at all; 十 and 百 multiply the digit before them ("三十"
is 30), 廿/卅/卌 are 20/30/40 on their own ("廿五" is 25)."""
_HAN_MULTIPLIERS = frozenset("十百")
_HAN_TENS = frozenset("廿卅卌")
HAN_RUN = re.compile("[" + "".join(HAN_NUMERALS) + "]+")
"""A run of the Han numerals :data:`HAN_NUMERALS` reads ("三十", "廿五", "俩")."""

QUANTITY_WORDS: dict[str, int] = {
    "a couple of": 2, "couple of": 2, "a couple": 2, "a few": 3, "few": 3, "several": 4,
}  # fmt: skip
"""Vague quantities and the figure each stands for (the reader then says the reading is
unsure)."""
_ARTICLES = {"a": 1, "an": 1}

MAX_FIGURE_DIGITS = 15
"""The longest figure, in significant digits of its whole part, that is read as a value: 15
digits are what a float holds exactly, and no timeline or amount comes near. A longer figure
("pay in 1000...000 days") is still a figure (the guard refuses it in a reply like any other),
but it has no usable value: the reader does not turn it into days. Without the bound a
400-digit figure overflowed a float, and one past 4,300 digits made ``int()`` raise."""


def usable_digits(digits: str) -> bool:
    """The whole part of ``digits`` ("000045", "12.5") has at most :data:`MAX_FIGURE_DIGITS`
    significant digits, so its value can be computed."""
    whole = digits.partition(".")[0].lstrip("0")
    return len(whole) <= MAX_FIGURE_DIGITS


def _vulgar_fractions() -> dict[str, float]:
    """Every single-character fraction ("½", "⅛", "⅖"...): the characters NFKC spells with a
    fraction slash ("1⁄2"), except "⅟" (a numerator alone, "1⁄")."""
    found = {}
    for cp in (*range(0xBC, 0xBF), *range(0x2150, 0x215F), 0x2189):
        ch = chr(cp)
        found[ch] = unicodedata.numeric(ch)
    return found


VULGAR_FRACTIONS: dict[str, float] = _vulgar_fractions()
"""Single-character fractions and their values ("½" 0.5, "¾" 0.75, "⅛" 0.125, "↉" 0)."""
VULGAR_FRACTION = re.compile(r"(?:(\d+)\s?)?([" + "".join(VULGAR_FRACTIONS) + r"])")
"""A vulgar fraction sign and the whole number before it, if any ("2½", "½")."""
SLASH_FRACTION = re.compile(r"(?:(\d+)\s)?(\d+)\s?\u2044\s?(\d+)")
"""A fraction written with the fraction slash U+2044 ("1⁄2", "2 3⁄4"; also what NFKC makes of
"¹⁄₂"): the numerator and denominator, and the whole number before it."""


def _kept_as_written(ch: str) -> bool:
    """A numeral NFKC would disguise: a vulgar fraction, or a numeral sign that is not a digit
    of any script (superscripts, circled digits, Roman numeral signs: Unicode "No" and "Nl")."""
    return ch in VULGAR_FRACTIONS or unicodedata.category(ch) in ("No", "Nl")


def fold_compatibility(text: str) -> str:
    """NFKC, except that a vulgar fraction and a styled numeral keep their sign: NFKC spells
    "1½" as "11⁄2", which reads as eleven halves, "4⁵" (four to the fifth) as "45" and "Ⅷ" as
    "VIII", so after it the reader and the guard could not agree on the figure (and the guard
    saw none in "Ⅷ"). Everything else folds as NFKC folds it (full-width "１２" is "12", "ﬁ" is
    "fi")."""
    if not any(_kept_as_written(ch) for ch in text):
        return unicodedata.normalize("NFKC", text)
    out, run = [], ""
    for ch in text:
        if _kept_as_written(ch):
            out += [unicodedata.normalize("NFKC", run), ch]
            run = ""
        else:
            run += ch
    return "".join([*out, unicodedata.normalize("NFKC", run)])

_DIGITS = re.compile(r"\d+(?:[.,\u00a0 ]\d+)*")
_PLAIN_NUMBER = re.compile(r"\d+(?:\.\d+)?")
_UNIT_AFTER_ONE = re.compile(
    r"\bone(?=[\s-]+(?:day|week|month|year|fortnight|hundred|thousand|million|dollar|pound|"
    r"euro|payment|instal?l?ment|time|more\s+(?:day|week|month|year)))",
    re.I,
)
_LONE_ONE = re.compile(r"\bone\b", re.I)
# Ordinals that are ordinary English ("the first step", "a second look") are not figures.
_PLAIN_ORDINALS = re.compile(r"\b(?:first|second|third)(?:ly)?\b", re.I)
# Ordinal words stay words when the reader rewrites numbers: "a third now" is a fraction and
# "the first 10 days" a span, while text2num would make them "3rd" and "1st".
_ORDINAL = re.compile(r"\b(first|second|third|fourth|fifth|sixth|seventh|eighth|ninth|tenth|"
                      r"quarter|half)\b", re.I)
_MASK = "zqxq"  # glued to the ordinal, so the library no longer sees a number word
_FALSE_FRIENDS = re.compile(r"\b(?:once|cents?|sept|elf|mil)\b", re.IGNORECASE)


@dataclass(frozen=True, slots=True)
class Numeral:
    """A number found in a text by the guard: how it was written and what kind of writing."""

    text: str
    kind: str  # "digits" (ASCII), "script_digits" (other scripts), "number_word", "han_numeral"
    value: float | None = None


# --- characters ------------------------------------------------------------------------------


def _is_digit(ch: str) -> bool:
    return unicodedata.digit(ch, None) is not None


def is_han_numeral(ch: str) -> bool:
    """A Han numeral: one :data:`HAN_NUMERALS` reads, or any other CJK character with a
    numeric value (千, 万, 壹)."""
    return ch in HAN_NUMERALS or (
        unicodedata.numeric(ch, None) is not None
        and ("CJK" in unicodedata.name(ch, "") or ch == "〇")
    )


def is_numeral_char(ch: str) -> bool:
    """Any character that writes a number: a digit of any script, a Han numeral, a vulgar
    fraction or a Roman-numeral sign. Used for the guard and to ban vocabulary tokens."""
    return unicodedata.numeric(ch, None) is not None or ch in HAN_NUMERALS


def ascii_digits(text: str) -> str:
    """Every Unicode decimal digit (Arabic-Indic, Devanagari, full-width...) as ASCII."""
    return "".join(
        str(unicodedata.decimal(ch)) if not ch.isascii() and ch.isdecimal() else ch for ch in text
    )


# --- values ----------------------------------------------------------------------------------


def format_number(value: float) -> str:
    """How a computed figure is written back into a text: "2", "2.5", "0.33"."""
    return str(int(value)) if value == int(value) else f"{value:.2f}".rstrip("0")


def han_value(run: str) -> int:
    """The value of a run of :data:`HAN_NUMERALS` ("三十" 30, "九百" 900, "廿五" 25, "俩" 2)."""
    total, digit = 0, 0
    for ch in run:
        if ch in _HAN_MULTIPLIERS:
            total += (digit or 1) * HAN_NUMERALS[ch]
            digit = 0
        elif ch in _HAN_TENS:
            total += HAN_NUMERALS[ch]
            digit = 0
        else:
            digit = HAN_NUMERALS[ch]
    return total + digit


def vulgar_as_decimal(m: re.Match[str]) -> str:
    """A :data:`VULGAR_FRACTION` match as a decimal: "2½" -> "2.5", "½" -> "0.5" (a fraction
    sign, not the digit before it). A whole part too long to have a value
    (:data:`MAX_FIGURE_DIGITS`) is left as written."""
    whole = m.group(1) or "0"
    if not usable_digits(whole):
        return m.group(0)
    return format_number(int(whole) + VULGAR_FRACTIONS[m.group(2)])


def slash_as_decimal(m: re.Match[str]) -> str:
    """A :data:`SLASH_FRACTION` match as a decimal: "1⁄2" -> "0.5", "2 3⁄4" -> "2.75". Left as
    written when a part is too long to have a value or the denominator is zero."""
    whole, top, bottom = m.group(1) or "0", m.group(2), m.group(3)
    if not all(usable_digits(part) for part in (whole, top, bottom)) or int(bottom) == 0:
        return m.group(0)
    return format_number(int(whole) + int(top) / int(bottom))


def _text2num(text: str, lang: str, threshold: int) -> str | None:
    """``alpha2digit``, or None when the library refuses the text."""
    try:
        return alpha2digit(text, lang, threshold=threshold)
    except (ValueError, RuntimeError):  # pragma: no cover - the library reads any text
        return None


def words_to_digits(text: str, lang: str) -> str:
    """Number words of ``lang`` as digits ("three hundred and sixty five" -> "365"); ordinals
    stay words. The text unchanged if the library cannot read it."""
    masked = _ORDINAL.sub(lambda m: _MASK + m.group(1), text)
    converted = _text2num(masked, lang, 0)
    return text if converted is None else converted.replace(_MASK, "")


def number_value(phrase: str) -> int | float | None:
    """The value of a digit string, a vague quantity or an English number phrase ("forty-five",
    "a hundred and twenty", "a couple of", "an", "1.5"); None if it is not one number."""
    t = " ".join(phrase.lower().replace("-", " ").split())
    if _PLAIN_NUMBER.fullmatch(t):
        if not usable_digits(t):
            return None  # no usable value (MAX_FIGURE_DIGITS)
        return float(t) if "." in t else int(t)
    if t in QUANTITY_WORDS:
        return QUANTITY_WORDS[t]
    if t in _ARTICLES:
        return _ARTICLES[t]
    head, _, rest = t.partition(" ")
    if head in ("a", "one") and rest.startswith("hundred"):
        t = rest  # text2num leaves the article of "a hundred" as a word
    converted = _text2num(t, "en", 0) if t else None
    if not (converted and converted.isdigit() and usable_digits(converted)):
        return None
    return int(converted)


# --- figures the guard finds -----------------------------------------------------------------


def script_digits(text: str) -> list[Numeral]:
    """Digits that are not ASCII (after NFKC), e.g. Arabic-Indic "٣" or Devanagari "४"."""
    found: list[Numeral] = []
    run = ""
    for ch in text + " ":
        if _is_digit(ch) and not ch.isascii():
            run += ch
            continue
        if run:
            digits = "".join(str(unicodedata.digit(c)) for c in run)
            value = int(digits) if usable_digits(digits) else None
            found.append(Numeral(run, "script_digits", value))
            run = ""
    return found


def han_numerals(text: str) -> list[Numeral]:
    """Runs of Han numerals ("三个月" gives "三", "九百" one figure, "两年" gives "两")."""
    found: list[Numeral] = []
    run = ""
    for ch in text + " ":
        if is_han_numeral(ch):
            run += ch
            continue
        if run:
            found.append(Numeral(run, "han_numeral"))
            run = ""
    return found


def ascii_numbers(text: str) -> list[tuple[str, int, int]]:
    """ASCII digit groups as ``(text, start, end)``, separators kept ("1,000", "116 123")."""
    return [(m.group(0), m.start(), m.end()) for m in _DIGITS.finditer(text)
            if m.group(0).isascii()]  # fmt: skip


def number_words(text: str, languages: tuple[str, ...] = LANGUAGES) -> list[Numeral]:
    """Numbers written in words in any of ``languages`` ("two hundred", "sept cents").

    Stricter than the reader's rewriting: "one" is a figure only before a unit or a number
    ("one month", not "no one"), and ordinary ordinals ("the first step") are not figures."""
    # Existing digits are masked so only numbers that came from words are counted.
    masked = re.sub(r"\d", "#", text)
    masked = _UNIT_AFTER_ONE.sub("1", masked)
    masked = _LONE_ONE.sub("0ne", masked)  # "no one", "this one": not a figure
    masked = _PLAIN_ORDINALS.sub("ordinal", masked)
    found: list[Numeral] = []
    seen: set[str] = set()
    for lang in languages:
        # English words that are numbers elsewhere ("once" is Spanish eleven, "cent" French
        # hundred, "elf" German eleven) are not figures in another language's pass.
        text_for = masked if lang == "en" else _FALSE_FRIENDS.sub("word", masked)
        converted = _text2num(text_for, lang, 0 if lang == "en" else 3)
        if converted is None:  # pragma: no cover - the parser refused the text
            continue
        for m in re.finditer(r"\d+(?:[.,]\d+)?", converted.replace("0ne", "one")):
            if m.group(0) not in seen:
                seen.add(m.group(0))
                digits = m.group(0).replace(",", ".")
                found.append(Numeral(m.group(0), "number_word",
                                     float(digits) if usable_digits(digits) else None))
    return found


def vulgar_fractions(text: str) -> list[Numeral]:
    """Single-character fractions ("½", "⅛"): the code writes none, so each is a figure the
    guard refuses (:func:`fold_compatibility` keeps them as written)."""
    return [Numeral(ch, "vulgar_fraction", VULGAR_FRACTIONS[ch]) for ch in text
            if ch in VULGAR_FRACTIONS]


_KEYCAP_TEN = "\U0001f51f"
"""The emoji "🔟": a numeral drawn as a symbol (the digit keycaps are a digit and U+20E3)."""


def styled_numerals(text: str) -> list[Numeral]:
    """Numerals that are neither digits of a script nor fractions nor Han numerals: superscript
    and subscript digits ("4⁵" reads as a power), circled and parenthesised digits ("④",
    "⑷"), Roman numeral signs ("Ⅷ", "ⅸ"). NFKC folds them into ASCII ("45", "VIII"), where
    no other check sees a figure; the code writes none, so each is a figure the guard refuses.
    ``text`` is the text as written, before folding."""
    return [Numeral(ch, "styled_numeral", unicodedata.numeric(ch)) for ch in text
            if (unicodedata.category(ch) in ("No", "Nl") and ch not in VULGAR_FRACTIONS
                and ch not in HAN_NUMERALS)] + [
        Numeral(ch, "styled_numeral", 10) for ch in text if ch == _KEYCAP_TEN]


def non_ascii_figures(text: str) -> list[Numeral]:
    """Every figure not written in ASCII digits: number words, other scripts, Han numerals,
    vulgar fractions. ``text`` is folded first (full-width "７" is an ASCII figure, not a stray
    one); styled numerals are found before folding (:func:`styled_numerals`)."""
    styled = styled_numerals(text)
    text = fold_compatibility(text)
    return [*script_digits(text), *han_numerals(text), *number_words(text),
            *vulgar_fractions(text), *styled]


__all__ = [
    "HAN_NUMERALS",
    "HAN_RUN",
    "LANGUAGES",
    "MAX_FIGURE_DIGITS",
    "QUANTITY_WORDS",
    "SLASH_FRACTION",
    "VULGAR_FRACTION",
    "VULGAR_FRACTIONS",
    "Numeral",
    "ascii_digits",
    "ascii_numbers",
    "fold_compatibility",
    "format_number",
    "han_numerals",
    "han_value",
    "is_han_numeral",
    "is_numeral_char",
    "non_ascii_figures",
    "number_value",
    "number_words",
    "script_digits",
    "slash_as_decimal",
    "styled_numerals",
    "usable_digits",
    "vulgar_as_decimal",
    "vulgar_fractions",
    "words_to_digits",
]
