"""A debtor who asks for another language, or writes in one (issue 23.4).

The agent writes English only (:mod:`edge_agent.text.language_notices` says why and holds the
fixed bilingual notice). This module tells the plan when to give it and in which language:

- an explicit request for a language the reader knows ("¿Podemos hablar en español?", "Do you
  speak French?", "Sprechen Sie Deutsch?", "No entiendo bien el inglés", "je ne parle pas
  anglais"): the notice, and again each time the debtor asks again;
- a whole message written in one of them (:func:`edge_agent.text.language.written_in`): the
  notice once per dialogue, then the negotiation goes on in English without nagging.

"I don't speak Spanish", "my French bank", "in German law": not requests.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from edge_agent.text.language import written_in

_I = re.IGNORECASE

_NAMES = {"spanish": "es", "french": "fr", "german": "de", "español": "es", "espanol": "es",
          "castellano": "es", "français": "fr", "francais": "fr", "deutsch": "de"}
REQUESTS: dict[str, re.Pattern[str]] = {
    "en": re.compile(
        r"\b(?:(?:speak|speaks|speaking|talk|talking|write|writing|continue|switch|reply|answer|"
        r"respond|explain)\s+(?:(?:to|in)\s+)?(spanish|french|german)\b(?!\s+(?:law|bank|"
        r"company|court|account|citizen|accent|people|person|friend))|"
        # "this in Spanish", "someone French-speaking"; not "this German car", "someone French"
        r"(?:this|it|that|someone|somebody|anyone|agent|person)\s+(?:in\s+(spanish|french|german)"
        r"\b|(spanish|french|german)[\s-]+speaking\b))", _I),
    "es": re.compile(
        r"\b(?:en\s+(español|espanol|castellano)|habla(?:r|mos|n|s)?\s+(?:usted\s+)?"
        r"(español|espanol|castellano)|no\s+(?:entiendo|hablo|comprendo|sé)\s+"
        r"(?:bien\s+|mucho\s+)?(?:el\s+)?ingl[ée]s)", _I),
    "fr": re.compile(
        r"(?:\ben\s+(français|francais)\b|\bparle[rz]?(?:[-\s]vous)?\s+(français|francais)\b|"
        r"\bje\s+ne\s+(?:parle|comprends)\s+pas\s+(?:bien\s+|très\s+bien\s+)?(?:l'|l’)?anglais)",
        _I),
    "de": re.compile(
        r"\b(?:auf\s+(deutsch)|sprechen\s+sie\s+(deutsch)|(deutsch)\s+sprechen|"
        r"ich\s+(?:spreche|verstehe)\s+(?:kein|nicht\s+gut|nur\s+wenig)\s+englisch|"
        r"ich\s+verstehe\s+(?:das\s+)?englisch(?:e)?\s+nicht)\b", _I),
}
"""Requests by the language they are written in; a request that names no language ("No entiendo
bien el inglés") asks for the language it is written in."""
_NEGATED = re.compile(r"(?:\bnot|n't|\bnever)\s+(?:\w+\s+){0,3}$", _I)
""""I don't speak Spanish", "I do not want to speak Spanish": no request."""


@dataclass(frozen=True)
class LanguageWish:
    """The language a message asks for or is written in, and whether it asked explicitly."""

    code: str
    explicit: bool


def requested(text: str) -> str | None:
    """The language an explicit request asks for, or None."""
    for written, pattern in REQUESTS.items():
        for m in pattern.finditer(text):
            if written == "en" and _NEGATED.search(text[max(0, m.start() - 20):m.start()]):
                continue  # "I don't speak Spanish"
            named = next((g for g in m.groups() if g), None)
            return _NAMES[named.lower()] if named else written
    return None


def wish(text: str) -> LanguageWish | None:
    """What the message says about its language (see the module doc), or None."""
    code = requested(text)
    if code is not None:
        return LanguageWish(code, True)
    code = written_in(text)
    return LanguageWish(code, False) if code is not None else None


def flags(found: LanguageWish | None) -> tuple[str, ...]:
    """The move's flags for ``found``: ``language:<code>``, and ``language_request`` when the
    debtor asked (the plan repeats the notice only then)."""
    if found is None:
        return ()
    return (f"language:{found.code}",) + (("language_request",) if found.explicit else ())


__all__ = ["REQUESTS", "LanguageWish", "flags", "requested", "wish"]
