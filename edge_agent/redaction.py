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
  ("my wife", "my son", "manager"...), "ask for", a sign-off ("Regards,", "- Lucy");
- emails, postcodes (UK, US ZIP after a state or ZIP+4), street addresses (number + street
  + suffix, PO boxes), full dates (any date with a year: a date of birth is one), account
  codes (letters and digits mixed, or after "account", "ref", "loan", "sort code"...) and
  long digit runs, by documented patterns.

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
_NAME_WORD = r"(?:[A-Z]['’])?[A-Z][a-z]+(?:[A-Z][a-z]+)?(?:-[A-Z][a-z]+)?"
_NAME = rf"{_NAME_WORD}(?:\s+{_NAME_WORD}){{0,2}}"
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
        re.compile(r"\b(?:flat|apt|apartment|unit|suite)\s+\d+[A-Za-z]?\b", _I),
    ],
    "DATE": [
        re.compile(r"\b\d{1,2}[/.-]\d{1,2}[/.-](?:\d{4}|\d{2})\b"),
        re.compile(r"\b\d{4}-\d{2}-\d{2}\b"),
        re.compile(r"\b\d{1,2}(?:st|nd|rd|th)?\s+(?:of\s+)?(?:jan|feb|mar|apr|may|jun|jul|aug|"
                   r"sep|sept|oct|nov|dec)[a-z]*\.?,?\s+\d{4}\b", _I),
        re.compile(r"\b(?:jan|feb|mar|apr|may|jun|jul|aug|sep|sept|oct|nov|dec)[a-z]*\.?\s+"
                   r"\d{1,2}(?:st|nd|rd|th)?,?\s+\d{4}\b", _I),
    ],
    "ACCOUNT": [
        # a code mixing letters and digits ("AC-77812-ZK", "REF99813B", "LN-2024-00781")
        re.compile(r"\b(?=[A-Z0-9-]*\d)(?=[A-Z0-9-]*[A-Z])[A-Z][A-Z0-9]*(?:-[A-Z0-9]+)+\b"
                   r"|\b[A-Z]{2,}\d{4,}[A-Z]*\b"),
        # whatever follows a keyword that announces a number
        re.compile(r"\b(?i:account|acct|a/c|reference|ref|loan|policy|customer|member|card|"
                   r"case|sort\s+code|id|number|no\.?)(?i:\s+(?:number|no\.?|code|id))?"
                   r"[\s:#]{1,3}((?:[A-Z]{1,4}\s?)?\d(?:[\dA-Z]|[ -](?=[\dA-Z])){2,}[\dA-Z])"
                   r"\b"),
    ],
    "NUMBER": [re.compile(r"\b\d(?:[\s-]?\d){5,}\b")],
    "NAME": [  # the cue is matched in any case, the name itself must be capitalised
        re.compile(rf"(?i:\bmy\s+name\s+is|\bthis\s+is|\bi\s*['’]?m|\bi\s+am|\bcall\s+me|"
                   rf"\bsigned|\bregards,?|\bthanks,|\bcheers,|\bsincerely,?)\s+({_NAME})"),
        re.compile(rf"^\s*[-–—]\s*({_NAME})\s*$", re.MULTILINE),
        re.compile(rf"\b(?i:{'|'.join(_TITLES)})\.?\s+({_NAME})"),
        re.compile(rf"\b(?i:{_RELATIONS})\s+({_NAME})"),
        re.compile(rf"^\s*({_NAME})\s+(?i:here|speaking)\b", re.MULTILINE),
        re.compile(rf"[,.]\s+({_NAME})\.?\s*$"),  # a closing name: "..., Ana Lima."
    ],
}
_NOT_NAMES = frozenset({
    "i", "im", "the", "and", "not", "just", "really", "so", "very", "sorry", "here", "now",
    "ok", "okay", "yes", "no", "please", "thanks", "struggling", "calling", "writing",
    "a", "an", "in", "at", "on", "going", "trying", "happy", "sad", "afraid", "scared",
    "unemployed", "disabled", "sick", "ill", "pregnant", "broke", "fine", "good", "done",
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
                if kind == "NAME" and m.group(group).split()[0].lower() in _NOT_NAMES:
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


def _known_names(text: str, names: Iterable[str]) -> list[Span]:
    """The parties' names, whole, and each part of a person's name of 3+ letters."""
    whole = sorted({n for n in names if n and n not in _DEFAULT_NAMES}, key=len, reverse=True)
    parts = {p for n in whole for p in re.findall(r"[A-Z][a-z]{2,}", n)
             if p.lower() not in _TITLES and p.lower() not in _NOT_NAMES}
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
