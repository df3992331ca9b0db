"""What the debtor's latest message was about, so a reply can answer it specifically.

A skilled collector answers the person before restating terms: the reason they gave ("I lost
my biggest client"), the feeling they showed (the emotion sensor's top reading), the question
they asked, or the move they made (an attempt to re-instruct the agent, an insult, an offer).
:func:`read_message` turns one debtor message (and what the parser and the sensor found) into
a :class:`Cue`: the acknowledgement key the phrase banks answer, in priority order
``injection > question > reason > feeling > offer``. In a turn it runs in two halves: the read
stage takes the words (:func:`read_text`), the sensor's feeling is added once it is known
(:func:`with_feeling`), and the realiser only phrases the result. The rule is deliberately
simple and documented, because the reply benchmark measures the acknowledgement rate with it.
"""

from __future__ import annotations

import re

from edge_core import DebtorMove, MoveKind
from edge_core.dialogue import Cue

_I = re.IGNORECASE

REASONS: dict[str, re.Pattern[str]] = {
    "client": re.compile(r"\b(?:clients?|customers?|contracts?|accounts?\s+receivable)\b", _I),
    "job": re.compile(
        r"\b(?:lost\s+(?:my|our)\s+(?:job|work)|laid\s+off|redundan\w*|unemploy\w*|fired|"
        r"out\s+of\s+work|hours\s+(?:were\s+|got\s+)?cut|(?<!no\s)(?:perd[íi]|he\s+perdido)\s+(?:mi\s+|el\s+)?(?:trabajo|empleo)|"
        r"(?:j['’]ai\s+perdu|je\s+viens\s+de\s+perdre)\s+mon\s+(?:emploi|travail|boulot)|(?:arbeit|stelle|job|arbeitsplatz|arbeitsstelle)\s+verloren|"
        r"desemplead[oa]|ch[ôo]mage|arbeitslos)\b", _I),
    "business": re.compile(
        r"\b(?:(?:my|our)\s+(?:business|shop|store|restaurant|company)|sales|revenue|slow\s+"
        r"season|trade)\b", _I),
    "health": re.compile(r"\b(?:ill|illness|sick|hospital\w*|surgery|health|injur\w*|"
                         r"medical|doctor|enferm[oa]|enfermedad|malade|maladie|krank|"
                         r"krankheit)\b", _I),
    "family": re.compile(r"\b(?:kids?|children|family|divorce\w*|baby|wife|husband|partner|"
                         r"mother|father|mum|mom|dad|madre|padre|hij[oa]s?|espos[oa]|familia|m[èe]re|"
                        r"p[èe]re|enfants?|famille|mutter|vater|kinder|familie)\b", _I),
    "bills": re.compile(r"\b(?:bills?|rent|mortgage|expenses|costs?|car\s+repairs?|"
                        r"prices)\b", _I),
    "waiting": re.compile(r"\b(?:waiting\s+(?:for|on)|paid\s+late|invoices?|payday|next\s+pay"
                          r"\w*|salary|pay\s*check|pay\s+day|benefits?)\b", _I),
}  # fmt: skip
"""Reasons a debtor gives for not paying, most specific first."""

QUESTIONS: dict[str, re.Pattern[str]] = {
    "amount": re.compile(r"\b(?:how\s+much|what\s+do\s+i\s+owe|the\s+balance|the\s+amount)\b", _I),
    "change_terms": re.compile(r"\b(?:waive|reduce|discount|interest|fees?|lower|less)\b", _I),
    "why": re.compile(r"\bwhy\b", _I),
    "what_if": re.compile(r"\bwhat\s+(?:happens|if|will\s+happen)\b", _I),
    "who": re.compile(r"\b(?:who\s+are\s+you|who\s+is\s+this|are\s+you\s+(?:a\s+)?(?:bot|"
                      r"human|real|robot|ai))\b", _I),
}  # fmt: skip
"""Kinds of question the phrase banks answer; anything else gets a general answer."""

INJECTION = re.compile(
    r"\b(?:ignore\s+(?:all\s+|your\s+|the\s+)?(?:previous\s+|prior\s+)?(?:instructions|rules|"
    r"prompt)|system\s+prompt|you\s+are\s+now|pretend|new\s+instructions|developer\s+mode|"
    r"jailbreak|act\s+as|as\s+an\s+ai|reveal\s+your|print\s+your|override)\b", _I)
HOSTILE = re.compile(r"\b(?:scam\w*|thie(?:f|ves)|crooks?|liars?|idiots?|useless|ridiculous|"
                     r"joke|disgrace\w*|harass\w*|shut\s+up|damn|hell|bloody|f\w*k\w*)\b", _I)
THREAT = re.compile(r"\b(?:complain\w*|ombudsman|regulator|report\s+you|the\s+press|review|"
                    r"social\s+media|my\s+lawyer|sue\s+you)\b", _I)
FEELINGS = ("anger", "fear", "sadness", "disgust", "surprise", "joy")


def read_text(text: str, move: DebtorMove | None = None) -> Cue:
    """The cue the words and the move carry, before the sensor has read the feeling.

    The read stage's part of the rule: everything but the feeling, which only the sense
    stage knows (:func:`with_feeling` adds it). ``Cue("none")`` for an empty text."""
    if not text:
        return Cue("none")
    if INJECTION.search(text):
        return Cue("injection")
    if THREAT.search(text):
        return Cue("threat")
    if HOSTILE.search(text):
        return Cue("hostile")
    if (move is not None and move.kind == MoveKind.QUESTION) or text.rstrip().endswith("?"):
        for key, pattern in QUESTIONS.items():
            if pattern.search(text):
                return Cue("question", key)
        if move is None or move.days is None:
            return Cue("question", "general")
    for key, pattern in REASONS.items():
        if pattern.search(text):
            return Cue("reason", key)
    if move is not None and move.days is not None:
        return Cue("offer", "proposal")
    if move is not None and move.kind == MoveKind.REJECT:
        return Cue("offer", "refusal")
    return Cue("none")


def with_feeling(cue: Cue, emotion: str | None) -> Cue:
    """The cue of a (non-empty) message once its feeling is known: a feeling the banks answer
    ranks below a reason and above an offer, so it replaces only ``offer`` and ``none``."""
    if cue.kind in ("offer", "none") and emotion in FEELINGS:
        return Cue("feeling", emotion)
    return cue


def read_message(text: str, move: DebtorMove | None = None, emotion: str | None = None) -> Cue:
    """The cue of one debtor message (see the module docstring for the rule)."""
    if not text:
        return Cue("none")
    return with_feeling(read_text(text, move), emotion)


__all__ = ["QUESTIONS", "REASONS", "Cue", "read_message", "read_text", "with_feeling"]
