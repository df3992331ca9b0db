"""What the debtor's own words say about them: feelings, effort and limits, read from phrases.

The emotion sensor reads a distribution over seven labels; an acknowledgement built on its top
label alone answers "That's really the most I can manage" with "good to hear you sounding
hopeful" (the sensor read joy in "really" and "manage"). A collector answers the words. Each
:class:`Stance` here is a phrase family a person uses about themselves, and the reply plan
acknowledges the first one found before it falls back to the sensor's label
(:mod:`edge_agent.plan.planner`). ``negative`` marks the stances after which cheerful words
("great", "wonderful") contradict what was disclosed (:mod:`edge_agent.verify.faithful`).
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from edge_agent.text.normalise import normalise

_I = re.IGNORECASE


@dataclass(frozen=True)
class Stance:
    """One way a debtor talks about themselves: its key, and whether it is a hardship."""

    key: str
    pattern: re.Pattern[str]
    negative: bool


STANCES: tuple[Stance, ...] = (
    Stance("limit", re.compile(
        r"\b(?:(?:the\s+)?(?:most|best|max(?:imum)?)\s+i\s+(?:can|could)\s+(?:manage|do|"
        r"afford|offer|stretch\s+to|pay)|that'?s\s+(?:my|really\s+my)\s+(?:limit|max|best)|"
        r"all\s+i\s+(?:can|could)\s+(?:do|manage|afford)|i\s+can'?t\s+(?:go|stretch)\s+"
        r"(?:any\s+)?(?:further|more|lower|higher)|(?:honestly|really)\s+what\s+i\s+can\s+"
        r"manage|what\s+i\s+can\s+(?:realistically\s+)?(?:manage|afford)|i'?m\s+not\s+budging|"
        r"worked\s+it\s+out\s+with\s+my\s+budget)\b", _I), negative=True),
    Stance("stress", re.compile(
        r"\b(?:stress\w*|scared|afraid|frightened|terrified|worried|worry\w*|anxious|"
        r"panic\w*|can'?t\s+sleep|losing\s+sleep|overwhelm\w*|too\s+much|nervous|"
        r"(?:don'?t|do\s+not)\s+know\s+how\s+i'?ll\s+cope|can'?t\s+(?:cope|think))\b", _I),
        negative=True),
    Stance("low", re.compile(
        r"\b(?:feeling\s+(?:very\s+|so\s+|really\s+)?(?:low|down|awful|terrible|hopeless)|"
        r"depress\w*|struggl\w+|hard\s+to\s+even|exhausted|miserable|at\s+the\s+end\s+of\s+my"
        r"\s+rope|falling\s+apart|(?:been|is|it'?s)\s+(?:a\s+)?(?:hard|rough|tough|difficult)"
        r"|passed\s+away|died)\b", _I), negative=True),
    Stance("frustrated", re.compile(
        r"\b(?:frustrat\w+|fed\s+up|sick\s+of|tired\s+of|annoy\w*|angry|furious|"
        r"ridiculous|unfair|not\s+fair|outrageous|wasting\s+my\s+time|done\s+arguing)\b", _I),
        negative=True),
    Stance("apology", re.compile(
        r"\b(?:i'?m\s+(?:so\s+|really\s+)?sorry|i\s+apologi[sz]e|sorry\s+(?:for|about)\s+"
        r"(?:the\s+)?(?:delay|late)|i\s+know\s+it'?s\s+late)\b", _I), negative=False),
    Stance("effort", re.compile(
        r"\b(?:(?:i'?m|i\s+am)\s+(?:doing|trying)\s+my\s+best|trying\s+(?:my\s+best|hard)|"
        r"(?:cut|cutting)\s+(?:my\s+|back\s+on\s+)?spending|i\s+want\s+to\s+pay|want\s+to\s+"
        r"(?:sort|settle|fix|resolve)\s+this|(?:really\s+)?want\s+to\s+sort\s+this\s+out|"
        r"doing\s+everything\s+i\s+can)\b", _I), negative=False),
    Stance("gratitude", re.compile(
        r"\b(?:thank\s+you|thanks|appreciate|grateful|patient|patience)\b", _I),
        negative=False),
    Stance("hope", re.compile(
        r"\b(?:hopeful|i\s+hope\s+we\s+can|optimistic|confident\s+we|glad\s+(?:we|to)|"
        r"i'?m\s+listening|happy\s+to\s+(?:talk|work|sort))\b", _I), negative=False),
)
"""Phrase families, most specific first: a limit outranks a feeling word in the same message."""


def stances(text: str) -> tuple[str, ...]:
    """The stance keys a message shows, in :data:`STANCES` order."""
    t = normalise(text if isinstance(text, str) else "")
    return tuple(s.key for s in STANCES if s.pattern.search(t))


def hardship_disclosed(texts: list[str] | tuple[str, ...]) -> bool:
    """Whether any message so far shows a negative stance (cheer would contradict it)."""
    negative = {s.key for s in STANCES if s.negative}
    return any(k in negative for t in texts for k in stances(t))


__all__ = ["STANCES", "Stance", "hardship_disclosed", "stances"]
