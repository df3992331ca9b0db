"""Text normalisation before reading: one spelling for every way people write a number.

Debtors write on phones, in other scripts and in words. Before any figure is read the text is
NFKC-normalised (full-width "１２" becomes "12"), decimal digits of any script ("٣٠", "३०")
become ASCII, curly quotes become straight ones, thousands separators are removed ("1,000" and
"1.000" both read 1000; a balance "$15,700.00" keeps its cents), and number words of any size
become digits through the maintained ``text2num`` library ("three hundred and sixty five" ->
365, also in Spanish, French, German, Italian, Portuguese and Dutch when the message uses that
language's day, week or month words).
"""

from __future__ import annotations

import re
import unicodedata

from text_to_num import alpha2digit

_QUOTES = str.maketrans({"(": " ", ")": " ", "[": " ", "]": " ", "\u2019": "'", "\u2018": "'",
                         "\u02bc": "'", "\u201c": '"', "\u201d": '"', "\u2013": "-",
                         "\u2014": "-", "\u2212": "-"})
# Ordinal words stay words: "a third now" is a fraction and "the first 10 days" a span, while
# text2num would make them "3rd" and "1st".
_ORDINAL = re.compile(r"\b(first|second|third|fourth|fifth|sixth|seventh|eighth|ninth|tenth|"
                      r"quarter|half)\b", re.I)
_MASK = "zqxq"  # glued to the ordinal, so the library no longer sees a number word
# Language of the timeline words, so text2num reads that language's number words.
_LANG_UNITS: tuple[tuple[str, re.Pattern[str]], ...] = (
    ("es", re.compile(r"\b(?:d[ií]as?|semanas?|mes(?:es)?|quincena)\b", re.I)),
    ("fr", re.compile(r"\b(?:jours?|semaines?|mois)\b", re.I)),
    ("de", re.compile(r"\b(?:tage?n?|wochen?|monate?n?)\b", re.I)),
    ("it", re.compile(r"\b(?:giorni|giorno|settimane?|mesi|mese)\b", re.I)),
    ("pt", re.compile(r"\b(?:dias?|semanas?|meses)\b", re.I)),
    ("nl", re.compile(r"\b(?:dagen|weken|maanden)\b", re.I)),
)
_TYPOS = {
    "fourty": "forty", "ninty": "ninety", "tweny": "twenty", "twelth": "twelve",
    "thrity": "thirty", "fifity": "fifty", "sixy": "sixty", "hundered": "hundred",
    "hundread": "hundred", "thousnad": "thousand", "dyas": "days", "dayz": "days",
    "dys": "days", "weks": "weeks", "wks": "weeks", "mnths": "months", "mths": "months",
    "monts": "months", "yrs": "years",
}  # fmt: skip
_TYPO = re.compile(r"\b(?:" + "|".join(_TYPOS) + r")\b", re.I)
_COMMA_THOUSANDS = re.compile(r"(?<![\d.,])\d{1,3}(?:,\d{3})+(?:\.\d+)?(?![\d,])")
_DOT_THOUSANDS = re.compile(r"(?<![\d.,])\d{1,3}(?:\.\d{3})+(?![\d.,])")
_DECIMAL_COMMA = re.compile(r"(?<![\d.,])(\d+),(\d)(?=\s*(?:days?|weeks?|months?|years?)\b)", re.I)
_SPACES = re.compile(r"[ \t\u00a0]+")
_AND_A_HALF = re.compile(r"\b(\d+)\s+and\s+a\s+half\s+(days?|weeks?|months?|years?)\b", re.I)
_UNIT_AND_A_HALF = re.compile(r"\ban?\s+(day|week|fortnight|month|year)\s+and\s+a\s+half\b",
                              re.I)
_UNITS = r"days?|weeks?|fortnights?|months?|years?"
_N_UNIT_AND_A_HALF = re.compile(rf"\b(\d+(?:\.\d+)?)\s+({_UNITS})\s+and\s+a\s+half\b", re.I)
_VULGAR = {"½": 0.5, "¼": 0.25, "¾": 0.75, "⅓": 1 / 3, "⅔": 2 / 3}
_VULGAR_RE = re.compile(r"(\d+)?\s?([½¼¾⅓⅔])")
_SLASH_FRACTION = re.compile(rf"\b(?:(\d+)\s+)?([1-3])/([2-4])\s*(?=(?:{_UNITS})\b)", re.I)
_SUM = re.compile(rf"\b(\d+(?:\.\d+)?)\s*({_UNITS})\s*(?:\+|plus)\s*(\d+(?:\.\d+)?)\s*"
                  rf"({_UNITS})\b", re.I)
_UNIT_CORRECTION = re.compile(
    rf"\b(\d+(?:\.\d+)?)\s+(?:{_UNITS})(\W+(?:i\s+mean|sorry|actually|make\s+that|no)\W+)"
    rf"({_UNITS})\b", re.I)
"""A corrected unit ("12 days... I mean weeks") repeats the figure with it: "12 weeks ... I mean
12 weeks", so the correction is read with its figure."""
_PER_UNIT = {"day": 1, "week": 7, "fortnight": 14, "month": 30, "year": 365}
_CJK_DIGITS = {"零": 0, "〇": 0, "一": 1, "二": 2, "两": 2, "兩": 2, "三": 3, "四": 4, "五": 5,
               "六": 6, "七": 7, "八": 8, "九": 9}
_CJK_NUMBER = re.compile(r"[零〇一二两兩三四五六七八九十百]+")
_CJK_UNITS = ((re.compile(r"(\d+)\s*(?:个|個)?\s*(?:天|日)"), "days"),
              (re.compile(r"(\d+)\s*(?:个|個)?\s*(?:星期|周|週|礼拜|禮拜)"), "weeks"),
              (re.compile(r"(\d+)\s*(?:个|個)\s*月"), "months"))
_HALF_A = re.compile(r"\bhalf\s+an?\s+(day|week|month|year)\b", re.I)


def ascii_digits(text: str) -> str:
    """Every Unicode decimal digit (Arabic-Indic, Devanagari, full-width...) as ASCII."""
    return "".join(
        str(unicodedata.decimal(ch)) if not ch.isascii() and ch.isdecimal() else ch for ch in text
    )


def normalise(text: str) -> str:
    """The text a reader works on: same meaning, one spelling of every figure."""
    t = _VULGAR_RE.sub(_vulgar, text)  # before NFKC, which spells "½" as "1⁄2"
    t = ascii_digits(unicodedata.normalize("NFKC", t)).translate(_QUOTES)
    t = _cjk(t)
    t = _SPACES.sub(" ", t)
    t = _TYPO.sub(lambda m: _TYPOS[m.group(0).lower()], t)
    t = _COMMA_THOUSANDS.sub(lambda m: m.group(0).replace(",", ""), t)
    t = _DOT_THOUSANDS.sub(lambda m: m.group(0).replace(".", ""), t)
    t = _DECIMAL_COMMA.sub(r"\1.\2", t)
    t = _words_to_digits(t, "en")
    for lang, units in _LANG_UNITS:
        if units.search(t):
            t = _words_to_digits(t, lang)
    t = _SLASH_FRACTION.sub(lambda m: _num(int(m.group(1) or 0) + int(m.group(2)) / int(m.group(3)))
                            + " ", t)
    t = _AND_A_HALF.sub(r"\1.5 \2", t)
    t = _N_UNIT_AND_A_HALF.sub(lambda m: f"{_num(float(m.group(1)) + 0.5)} {m.group(2)}", t)
    t = _SUM.sub(_sum, t)
    t = _UNIT_CORRECTION.sub(r"\1 \3 \2 \1 \3", t)
    t = _UNIT_AND_A_HALF.sub(r"1.5 \1s", t)
    t = _HALF_A.sub(r"0.5 \1", t)
    return t.strip()


def _num(value: float) -> str:
    return str(int(value)) if value == int(value) else f"{value:.2f}".rstrip("0")


def _vulgar(m: re.Match[str]) -> str:
    """"2½" -> "2.5", "½" -> "0.5" (a fraction sign, not the digit before it)."""
    return _num(int(m.group(1) or 0) + _VULGAR[m.group(2)])


def _sum(m: re.Match[str]) -> str:
    """"1 week + 1 week" -> "14 days": one figure, not two."""
    def days(n: str, unit: str) -> float:
        return float(n) * _PER_UNIT[unit.lower().rstrip("s")]

    return f"{_num(days(m.group(1), m.group(2)) + days(m.group(3), m.group(4)))} days"


def _cjk(text: str) -> str:
    """Chinese/Japanese numerals and day/week/month words: "三十天" -> "30 days"."""
    if not re.search(r"[\u3007\u4e00-\u9fff]", text):
        return text

    def value(m: re.Match[str]) -> str:
        total, digit = 0, 0
        for ch in m.group(0):
            if ch in _CJK_DIGITS:
                digit = _CJK_DIGITS[ch]
            elif ch == "十":
                total += (digit or 1) * 10
                digit = 0
            elif ch == "百":
                total += (digit or 1) * 100
                digit = 0
        return f" {total + digit} "

    t = _CJK_NUMBER.sub(value, text)
    for pattern, unit in _CJK_UNITS:
        t = pattern.sub(rf" \1 {unit} ", t)
    return t


def _words_to_digits(text: str, lang: str) -> str:
    """Number words as digits (ordinals kept as words); the text unchanged if the library
    cannot read it."""
    masked = _ORDINAL.sub(lambda m: _MASK + m.group(1), text)
    try:
        converted = alpha2digit(masked, lang, threshold=0)
    except (ValueError, RuntimeError):  # pragma: no cover - the library reads any text
        return text
    return converted.replace(_MASK, "")
