"""Explicit consent as a whitelist grammar, not "a yes pattern anywhere wins".

A message is an EXPLICIT yes only if, once normalised, it consists *entirely* of affirmation
phrases ("yes", "I agree", "confirmed", "that's right", "deal"...), optionally the exact restated
terms (our standing days, the balance) and harmless courtesy ("thank you", "ok", "please") and
punctuation. Anything else - a negation anywhere, "but", "if", "once", "when", "subject to",
"pending", "try", "hopefully", another figure, a date, a question mark, other-language words -
makes it not explicit: the agent restates the terms and asks again, it never agrees on it.
Why a whitelist: a hostile round found 74 false agreements in the blacklist design ("Yes.
Actually no.", "That's a deal breaker", "Yes, once my lawyer reviews it"); a whitelist fails
closed, a blacklist fails open.

A weaker yes ("ok", "sure", a bare foreign "oui"/"sí"/"ja") with no disqualifier is WEAK: it
earns a restatement, never an agreement.
"""

from __future__ import annotations

import re

from edge_core import Consent

_I = re.IGNORECASE

AFFIRMATIONS = (
    "yes", "yes please", "yes i do", "i do", "i agree", "i accept", "i confirm", "agreed",
    "confirmed", "that's right", "that is right", "thats right", "correct", "that's correct",
    "that is correct", "deal", "it's a deal", "its a deal", "that's a deal", "we have a deal",
    "yeah", "yep", "yup", "absolutely", "of course", "i fully agree", "i hereby agree",
    "i hereby confirm", "i hereby accept", "i agree to the terms", "i accept the terms",
    "i accept the offer", "i accept your offer", "i accept it", "i accept that", "i agree to that",
    "i agree to this", "i agree to it",
)  # fmt: skip
"""Whole utterances that say yes. "y", "k", "I'm in" are not here: too easy to mistype or to
mean something else ("I'm in no position...")."""
TERMS = (
    "the terms", "those terms", "these terms", "to the terms", "to those terms", "to these terms",
    "to that", "to this", "to it", "that", "this", "it", "the offer", "your offer", "that offer",
    "to <d> days", "<d> days", "in <d> days", "for <d> days", "the <d> days", "<d>", "<d> day",
    "to <d>", "<b>", "of <b>", "for <b>", "to pay <b>", "to pay <b> in <d> days",
)  # fmt: skip
"""The restated terms: ``<d>`` is our standing (awaiting) days, ``<b>`` the balance."""
COURTESY = (
    "thank you", "thanks", "thank you very much", "thanks a lot", "many thanks", "great", "ok",
    "okay", "good", "please", "alright", "all right", "fine", "perfect", "cheers", "sounds good",
    "no problem", "go ahead", "let's do it", "excellent", "wonderful", "sure", "that's fine",
    "that is fine", "fine by me",
)  # fmt: skip
_PHRASES = sorted(
    ((p.split(), kind) for kind, group in (("yes", AFFIRMATIONS), ("terms", TERMS),
                                            ("courtesy", COURTESY)) for p in group),
    key=lambda pk: -len(pk[0]),
)
_EMOJI = re.compile(r"[\U0001F300-\U0001FAFF\u2600-\u27BF\uFE0F]")
_NUMBER = re.compile(r"[$£€]?\s?(\d+(?:\.\d+)?)")
_SPLIT = re.compile(r"[\s.,!;:\-…\"]+")

FOREIGN_YES = re.compile(
    r"^\s*(?:oui|si|sí|ja|sim|da|tak|hai|evet|是的?|好的?|对|はい|네|예|نعم|да|так|ναι)"
    r"(?:\s*[,.!]*\s*(?:oui|si|sí|ja|sim|d'accord|de\s+acuerdo|einverstanden|concordo|"
    r"va\s+bene|claro|bien\s+sûr|genau|gern|con\s+gusto))*\s*[.!]*\s*$",
    _I,
)
"""A bare other-language yes: at most WEAK in an English scenario (the agent re-asks in
English), never an agreement."""
DISQUALIFIER = re.compile(
    r"\?|\b(?:not|no|never|nah|nope|nay|non|nein|nicht|kein\w*|não|nao|pas|jamais|nunca|niet|"
    r"but|if|once|when|whenever|unless|until|till|after|before|subject\s+to|pending|try|"
    r"trying|hope|hopefully|wish|god\s+willing|inshallah|except|provided|as\s+long\s+as|"
    r"assuming|kidding|joking|jk|joke|sarcas\w*|whatever|maybe|perhaps|later|tomorrow|next|"
    r"actually|i\s+mean|wait|scratch\s+that|on\s+second\s+thought|"
    r"january|february|march|april|may|june|july|august|september|october|november|december|"
    r"monday|tuesday|wednesday|thursday|friday|saturday|sunday|christmas|easter)\b|n't\b",
    _I,
)
"""Words that make any yes at most undecided (consent NONE, not even WEAK): negation,
condition, time, hope, sarcasm and correction markers. "no problem" is courtesy, handled
before this."""


def explicit(text: str, standing: int | None, balance: float | None) -> bool:
    """The whole message is affirmation, restated terms and courtesy, with a yes in it."""
    t = text.lower().replace("\u2019", "'")
    if "?" in t or re.search(r"[^\x00-\x7f]", _EMOJI.sub(" ", t)):
        return False  # a question, or other-script words (a bare "是的" is WEAK, not explicit)
    t = _EMOJI.sub(" ", t)

    def figure(m: re.Match[str]) -> str:
        value = float(m.group(1))
        if balance is not None and abs(value - balance) < 0.5:
            return " <b> "
        if standing is not None and value == standing:
            return " <d> "
        return " " + m.group(0) + " "

    t = _NUMBER.sub(figure, t)
    tokens = [w for w in _SPLIT.split(t) if w]
    if not tokens:
        return False
    i, said_yes = 0, False
    while i < len(tokens):
        for words, kind in _PHRASES:
            if tokens[i:i + len(words)] == words:
                said_yes |= kind == "yes"
                i += len(words)
                break
        else:
            return False
    return said_yes


def disqualified(text: str) -> bool:
    """A negation, condition, date, hope or sarcasm marker: no yes in it can count."""
    stripped = re.sub(r"\bno\s+(?:problem|worries)\b", " ", text, flags=_I)
    return bool(DISQUALIFIER.search(stripped))


def other_figure(text: str, standing: int | None, balance: float | None) -> bool:
    """A number that is neither the restated days nor the balance ("Yes, 20."): the message
    then proposes something else, it does not say yes to our terms."""
    for m in _NUMBER.finditer(text):
        value = float(m.group(1))
        if (balance is not None and abs(value - balance) < 0.5) or value == standing:
            continue
        return True
    return False


def grade(text: str, standing: int | None, balance: float | None, yes_like: bool) -> Consent:
    """EXPLICIT only for the whitelist grammar; WEAK for a clean yes-like message (or a bare
    other-language yes); NONE when anything disqualifies it."""
    if explicit(text, standing, balance):
        return Consent.EXPLICIT
    if disqualified(text) or other_figure(text, standing, balance):
        return Consent.NONE
    if yes_like or FOREIGN_YES.match(text):
        return Consent.WEAK
    return Consent.NONE
