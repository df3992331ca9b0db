"""Redaction of personal data in exported transcripts (``sessions export --redact``).

What a debtor types can hold anything: their name and their family's, emails, phone
numbers, street addresses and postcodes, an IBAN, a date of birth, account and card
numbers. Each kind has its own detector; the matched spans are merged and replaced by a
``[KIND]`` tag, so a redacted transcript still reads as a negotiation (days and amounts
stay).

- phone numbers: Google's ``phonenumbers`` matcher, for US and UK numbering plans;
- IBANs: candidates checked by ``python-stdnum`` (the mod-97 checksum), so a random run of
  letters and digits is not taken for one (an unvalidated one is still caught as an
  account code);
- names: the scenario's own party names (whole and by part), and names the debtor
  introduces: after "my name is", "this is", "I'm", a title (Mr, Ms, Dr...), a relation
  ("my wife", "my son", "manager"...), "ask for", a sign-off ("Regards,", "thanks - Lucy"),
  "... here/speaking"; in any script (Unicode letter classes), and in any case after a cue
  that only introduces a name ("my name is john smith", "me llamo", "ich heiße", "je
  m'appelle");
- emails, postcodes (UK in any case, Canadian, US ZIP after a state or ZIP+4, a European
  five-digit code between an address and its town), street addresses (English, French,
  German and Spanish orders, PO boxes), full dates and month-year dates, a year after
  "born", account codes (letters and digits mixed, or after "account", "ref", "ID is",
  "card ending"...) and long digit runs, by documented patterns.

Microsoft Presidio was considered: its recogniser set needs a spaCy pipeline (only
third-party re-uploads of ``en_core_web_sm`` are on PyPI) and its email recogniser uses
``tldextract``, which fetches the public-suffix list over the network; an on-device agent
must make no network call. What it misses is a name the debtor gives with no cue at all.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable
from dataclasses import dataclass

import phonenumbers
from stdnum import iban as stdnum_iban

from edge_core import Scenario

_I = re.IGNORECASE


def _letter_class(test: Callable[[str], bool]) -> str:
    """A character class of every letter (BMP) passing ``test``: Python's ``re`` has no
    ``\\p{Lu}``, and names are not ASCII ("Zoë Ødegård", "Łukasz Żuk", "Владимир")."""
    ranges, start, prev = [], None, -2
    for code in range(0x10000):
        if test(chr(code)):
            if code != prev + 1:
                if start is not None:
                    ranges.append((start, prev))
                start = code
            prev = code
    if start is not None:
        ranges.append((start, prev))
    return "[" + "".join(re.escape(chr(a)) if a == b else f"{re.escape(chr(a))}-{re.escape(chr(b))}"
                         for a, b in ranges) + "]"


_UP = _letter_class(str.isupper)
_LOW = _letter_class(lambda ch: ch.islower() or (ch.isalpha() and not ch.isupper()
                                                   and not ch.istitle()))
_CJK = r"[\u3040-\u30ff\u3400-\u4dbf\u4e00-\u9fff\uac00-\ud7af]{1,5}"
_NAME_WORD = rf"(?:{_UP}['’])?{_UP}{_LOW}+(?:{_UP}{_LOW}+)?(?:-{_UP}{_LOW}+)?"
_NAME = rf"{_NAME_WORD}(?:\s+{_NAME_WORD}){{0,2}}"
_ANY_WORD = rf"(?:{_UP}|{_LOW})(?:{_UP}|{_LOW}|['’-](?={_LOW}|{_UP}))+"
_ANY_NAME = rf"{_ANY_WORD}(?:[ \t]+{_ANY_WORD}){{0,2}}"
"""A name in any case: only after a cue that cannot introduce anything else."""
_STRONG_CUES = (r"\bmy\s+name\s+is|\bmy\s+name['’]s|\bme\s+llamo|"
                r"\bmi\s+nombre\s+es|\bich\s+hei(?:ß|ss)e|\bmein\s+name\s+ist|"
                r"\bje\s+m['’]\s?appelle|\bmon\s+nom\s+est|\bmi\s+chiamo")
_SIGN_OFFS = (r"thanks|thank\s+you|many\s+thanks|cheers|regards|kind\s+regards|best|"
              r"best\s+wishes|all\s+the\s+best|sincerely|yours|love|merci|gracias|danke|"
              r"saludos|cordialement|gr(?:ü|ue)(?:ß|ss)e")
_MONTHS = r"(?:jan|feb|mar|apr|may|jun|jul|aug|sep|sept|oct|nov|dec)[a-z]*\.?"
_TITLES = ("mr", "mrs", "ms", "miss", "mx", "dr", "sir", "madam", "mister")
_RELATIONS = (r"(?:my|our)\s+(?:wife|husband|partner|son|daughter|mother|father|mum|mom|dad|"
              r"brother|sister|friend|boss|landlord|lawyer|attorney|cousin|aunt|uncle|"
              r"grandson|granddaughter)|manager|supervisor|agent|ask\s+for|speak\s+to|"
              r"talk\s+to")

PATTERNS: dict[str, list[re.Pattern[str]]] = {
    "EMAIL": [re.compile(r"[\w.+-]+@[\w-]+(?:\.[\w-]+)+")],
    "IBAN_CANDIDATE": [re.compile(r"\b[A-Z]{2}\d{2}(?:\s?[A-Z0-9]{2,4}){3,8}\b")],
    "POSTCODE": [
        re.compile(r"\b[A-Z]{1,2}\d[A-Z\d]?\s*\d[A-Z]{2}\b"),  # UK, as written (upper case)
        re.compile(r"\b[a-z]{1,2}\d[a-z\d]?\s\d[a-z]{2}\b", _I),  # UK in any case, spaced
        re.compile(r"\b[ABCEGHJ-NPRSTVXY]\d[ABCEGHJ-NPRSTV-Z]\s?\d[ABCEGHJ-NPRSTV-Z]\d\b",
                   _I),  # Canada ("M5V 3L9")
        # a five-digit code between an address's comma and a town ("75002 Paris", "10115
        # Berlin", "28013 Madrid"), or after a word for postcode
        re.compile(rf"(?<=,\s)\d{{5}}(?=\s+{_UP})"),
        re.compile(r"\b(?i:plz|postleitzahl|code\s+postal|c[oó]digo\s+postal|cp|"
                   r"postal\s+code|postcode)[\s:]+(\d{4,5})\b"),
        re.compile(r"\b\d{5}-\d{4}\b"),  # US ZIP+4
        re.compile(r"(?<=\b[A-Z]{2}\s)\d{5}\b"),  # US ZIP after a state code
        re.compile(r"\bzip(?:\s+code)?(?:\s+is)?[\s:]+(\d{5})\b", _I),
    ],
    "ADDRESS": [
        re.compile(
            r"\b\d{1,5}[A-Za-z]?\s+(?:[A-Za-z][\w'’]*\s+){1,3}(?:street|st|road|rd|avenue|ave|"
            r"lane|ln|drive|dr|court|ct|close|way|place|pl|boulevard|blvd|terrace|crescent|"
            r"grove|gardens|square|sq|parkway|pkwy|highway|hwy|row|mews|walk|hill)\b\.?", _I),
        re.compile(r"\bP\.?\s?O\.?\s+Box\s+\d+\b", _I),
        # French and Italian order: number, street type, name ("12 rue de la Paix")
        re.compile(r"\b\d{1,4}(?:\s?(?:bis|ter))?,?\s+(?:rue|avenue|av\.|boulevard|bd|place|"
                   r"chemin|impasse|all[ée]e|quai|route|cours|via|viale|piazza|corso)\s+"
                   r"[^\W\d][^,.;\n\d]{1,40}", _I),
        # German: a street word ending in -straße/-weg..., then the number ("Hauptstraße 5")
        re.compile(rf"\b{_UP}{_LOW}*(?:stra(?:ß|ss)e|str\.|weg|gasse|allee|platz|ring|damm|"
                   rf"ufer)\s+\d{{1,4}}[a-z]?\b"),
        re.compile(rf"\b{_UP}{_LOW}+\s+(?:Stra(?:ß|ss)e|Weg|Gasse|Allee|Platz)\s+\d{{1,4}}"
                   rf"[a-z]?\b"),
        # Spanish: street type, name, number ("Calle Mayor 10", "Avenida de la Paz 22")
        re.compile(r"\b(?:calle|c/|avenida|avda\.?|plaza|paseo|camino|carrera|ronda|"
                   r"traves[ií]a|carretera)\s+[^\W\d][^,.;\n\d]{0,40}?\s\d{1,4}\b", _I),
        re.compile(r"\b(?:flat|apt|apartment|unit|suite)\s+\d+[A-Za-z]?\b", _I),
    ],
    "DATE": [
        re.compile(r"\b\d{1,2}[/.-]\d{1,2}[/.-](?:\d{4}|\d{2})\b"),
        re.compile(r"\b\d{4}-\d{2}-\d{2}\b"),
        re.compile(r"\b\d{1,2}(?:st|nd|rd|th)?\s+(?:of\s+)?(?:jan|feb|mar|apr|may|jun|jul|aug|"
                   r"sep|sept|oct|nov|dec)[a-z]*\.?,?\s+\d{4}\b", _I),
        re.compile(r"\b(?:jan|feb|mar|apr|may|jun|jul|aug|sep|sept|oct|nov|dec)[a-z]*\.?\s+"
                   r"\d{1,2}(?:st|nd|rd|th)?,?\s+\d{4}\b", _I),
        re.compile(rf"\b{_MONTHS},?\s+(?:19|20)\d{{2}}\b", _I),  # "March 1985"
        # a year of birth: "born in 1985", "year of birth: 1990"
        re.compile(r"\b(?:born|birth|dob|birthday|geboren|n[ée]e?|nac[ií])\b[^.\n\d]{0,20}?"
                   r"\b((?:19|20)\d{2})\b", _I),
    ],
    "ACCOUNT": [
        # a code mixing letters and digits ("AC-77812-ZK", "REF99813B", "LN-2024-00781")
        re.compile(r"\b(?=[A-Z0-9-]*\d)(?=[A-Z0-9-]*[A-Z])[A-Z][A-Z0-9]*(?:-[A-Z0-9]+)+\b"
                   r"|\b[A-Z]{2,}\d{4,}[A-Z]*\b"),
        # whatever follows a keyword that announces a number
        re.compile(r"\b(?i:account|acct|a/c|reference|ref|loan|policy|customer|member|card|"
                   r"case|sort\s+code|id|number|no\.?)(?i:\s+(?:number|no\.?|code|id))?"
                   r"(?i:\s+(?:is|was))?[\s:#=]{1,3}"
                   r"((?i:(?:[A-Z]{1,4}\s?)?\d(?:[\dA-Z]|[ -](?=[\dA-Z])){2,}[\dA-Z]"
                   r"|(?=[\w-]*\d)[A-Z0-9]+(?:[-/][A-Z0-9]+)+))\b"),
        # the last digits of a card or account: "card ending 4242", "ends in 7731"
        re.compile(r"\b(?i:card|account|acct)\s+(?i:ending|ends|that\s+ends)(?i:\s+(?:in|with))?"
                   r"[\s:]+(\d{3,4})\b"),
    ],
    "NUMBER": [re.compile(r"\b\d(?:[\s-]?\d){5,}\b")],
    "NAME": [  # the cue is matched in any case, the name itself must be capitalised...
        re.compile(rf"(?i:\bmy\s+name\s+is|\bthis\s+is|\bi\s*['’]?m|\bi\s+am|\bcall\s+me|"
                   rf"\bsigned|\bregards,?|\bthanks,|\bcheers,|\bsincerely,?|\bit['’]?s)"
                   rf"\s+({_NAME})"),
        # ...except after a cue that can only introduce a name, in any language
        re.compile(rf"(?i:{_STRONG_CUES})\s+({_ANY_NAME}|{_CJK})"),
        re.compile(rf"^\s*[-–—]\s*({_NAME})\s*$", re.MULTILINE),
        re.compile(rf"\b(?i:{_SIGN_OFFS})\s*[,:;!.]?\s*[-–—]?\s*({_NAME})\.?\s*$",
                   re.MULTILINE),  # a sign-off: "thanks - Lucy", "Regards,\nMaria"
        re.compile(rf"\b(?i:{'|'.join(_TITLES)})\.?\s+({_NAME})"),
        re.compile(rf"\b(?i:{_RELATIONS})\s+({_NAME})"),
        re.compile(rf"(?<![\w'’])({_NAME})\s+(?i:here|speaking)\b(?!\s*:)"),
        re.compile(rf"[,.]\s+({_NAME})\.?\s*$"),  # a closing name: "..., Ana Lima."
    ],
}
_NOT_NAMES = frozenset({
    "i", "im", "the", "and", "not", "just", "really", "so", "very", "sorry", "here", "now",
    "ok", "okay", "yes", "no", "please", "thanks", "struggling", "calling", "writing",
    "a", "an", "in", "at", "on", "going", "trying", "happy", "sad", "afraid", "scared",
    "unemployed", "disabled", "sick", "ill", "pregnant", "broke", "fine", "good", "done",
    # words that end a name typed in lower case ("my name is peter walsh and I owe...")
    "but", "from", "with", "about", "because", "is", "was", "to", "for", "of", "my", "me",
    "you", "your", "we", "by", "then", "also", "too", "have", "need", "owe", "can", "will",
    "would", "could", "am", "or", "if", "as", "y", "und", "et", "e", "ich", "je", "yo",
    "aber", "mais", "pero", "mit", "avec", "con", "it", "that", "this",
})
_DEFAULT_NAMES = ("the creditor", "there")


@dataclass(frozen=True)
class Span:
    start: int
    end: int
    kind: str


def find_pii(text: str, names: Iterable[str] = ()) -> list[Span]:
    """Every personal-data span found in ``text``, merged, in order."""
    spans: list[Span] = []
    for kind, patterns in PATTERNS.items():
        for pattern in patterns:
            for m in pattern.finditer(text):
                group = 1 if pattern.groups else 0
                start, end = m.span(group)
                if kind == "NAME":
                    end = start + _name_length(m.group(group))
                    if end == start:
                        continue
                if kind == "IBAN_CANDIDATE":
                    if not stdnum_iban.is_valid(m.group(0)):
                        continue
                    kind_out = "IBAN"
                else:
                    kind_out = kind
                spans.append(Span(start, end, kind_out))
    for region in ("US", "GB"):
        for m in phonenumbers.PhoneNumberMatcher(text, region,
                                                 leniency=phonenumbers.Leniency.POSSIBLE):
            if m.start and text[m.start - 1] in "$£€,.":  # "$1,200.50" is money
                continue
            if m.raw_string.isdigit() and len(m.raw_string) < 10:  # a bare digit run: NUMBER
                continue
            spans.append(Span(m.start, m.end, "PHONE"))
    spans.extend(_known_names(text, names))
    return _merge(spans)


def _name_length(found: str) -> int:
    """How much of a matched name is one: it stops at the first ordinary word ("peter walsh
    and I owe..." is "peter walsh"); 0 when it starts with one ("I'm sorry")."""
    length = 0
    for m in re.finditer(r"\S+", found):
        if m.group(0).lower().strip("'’.,") in _NOT_NAMES:
            break
        length = m.end()
    return length


def _known_names(text: str, names: Iterable[str]) -> list[Span]:
    """The parties' names, whole, and each part of a person's name of 3+ letters (in any
    script: "Élodie", "Żuk", "Петров")."""
    whole = sorted({n for n in names if n and n not in _DEFAULT_NAMES}, key=len, reverse=True)
    parts = {p for n in whole for p in re.findall(r"[^\W\d_]{3,}", n)
             if p[0].isupper() and p.lower() not in _TITLES and p.lower() not in _NOT_NAMES}
    terms = sorted(set(whole) | parts, key=len, reverse=True)
    if not terms:
        return []
    pattern = re.compile(r"(?<!\w)(?:" + "|".join(map(re.escape, terms)) + r")(?!\w)", _I)
    return [Span(m.start(), m.end(), "NAME") for m in pattern.finditer(text)]


_PRIORITY = {"IBAN": 0, "EMAIL": 1, "PHONE": 2, "ADDRESS": 3, "POSTCODE": 4, "DATE": 5,
             "NUMBER": 6, "ACCOUNT": 7, "NAME": 8}


def _merge(spans: list[Span]) -> list[Span]:
    """Overlapping spans become one; it keeps the most specific kind among them."""
    out: list[Span] = []
    for s in sorted(spans, key=lambda s: (s.start, -s.end)):
        if out and s.start < out[-1].end:
            last = out[-1]
            kind = min((last.kind, s.kind), key=_PRIORITY.__getitem__)
            out[-1] = Span(last.start, max(last.end, s.end), kind)
        else:
            out.append(s)
    return out


def redact_text(text: str, names: Iterable[str] = ()) -> str:
    """``text`` with every span :func:`find_pii` finds replaced by ``[KIND]``."""
    pieces, at = [], 0
    for s in find_pii(text, names):
        pieces += [text[at:s.start], f"[{s.kind}]"]
        at = s.end
    return "".join([*pieces, text[at:]])


def redactor(scenario: Scenario) -> Callable[[str], str]:
    """A redaction function that also knows the scenario's party names."""
    names = (scenario.creditor_name, scenario.debtor_name)
    return lambda text: redact_text(text, names)
