"""The lexicon sensor: documented word lists with negation handling.

The tiny fallback: no model file, microseconds per message. Each emotion has cue words and
phrases (the lists below, including the credit-dialogue vocabulary of job loss, lawsuits and
deadlines). A cue preceded within three words by a negator ("not", "never", "no", "n't") is
flipped: a negated joy cue counts toward sadness, any other negated cue toward neutral ("I'm
not angry"). Exclamation marks and shouted (all-caps) words add to anger or surprise. Scores
start from a neutral base, get add-one smoothing, and are normalised.
"""

from __future__ import annotations

import re

from edge_agent.sense.base import EmotionSensor
from edge_core.emotions import EMOTIONS, EmotionProbs

LEXICON: dict[str, tuple[str, ...]] = {
    "anger": (
        "angry", "anger", "furious", "mad", "rage", "outraged", "outrageous", "ridiculous",
        "unacceptable", "sick of", "fed up", "annoyed", "irritated", "hate", "pissed",
        "harass", "harassing", "harassment", "how dare", "damn", "hell", "stop calling",
        "scam", "scammers", "thieves", "robbery", "rip off", "ripoff", "insulting", "sue you",
        "lawyer", "complaint", "report you", "leave me alone", "enough", "shut up",
        "bullshit", "crap", "ridiculous", "absurd", "nonsense",
    ),
    "disgust": (
        "disgusting", "disgusted", "gross", "sickening", "revolting", "vile", "shameful",
        "appalling", "despicable", "pathetic", "greedy", "greed", "predatory", "vultures",
        "bloodsuckers", "sleazy", "repulsive", "nasty", "contempt", "loan sharks", "immoral",
    ),
    "fear": (
        "afraid", "scared", "fear", "frightened", "terrified", "worried", "worry", "anxious",
        "anxiety", "panic", "nervous", "nightmare", "threatened", "lose my house",
        "lose my home", "bankrupt", "bankruptcy", "evicted", "eviction", "can't sleep",
        "stress", "stressed", "what will happen", "dread", "desperate", "unsafe",
    ),
    "joy": (
        "happy", "glad", "great", "thanks", "thank you", "appreciate", "grateful", "wonderful",
        "excellent", "perfect", "relieved", "relief", "pleased", "good news", "love",
        "awesome", "fantastic", "delighted", "excited", "helpful", "kind of you", "brilliant",
    ),
    "sadness": (
        "sad", "unhappy", "depressed", "depressing", "lost my job", "laid off", "fired",
        "unemployed", "redundant", "struggling", "struggle", "hard times", "can't afford",
        "cannot afford", "broke", "sorry", "heartbroken", "grief", "passed away", "died",
        "funeral", "sick", "illness", "hospital", "divorce", "alone", "hopeless", "crying",
        "ashamed", "disappointed", "miserable", "tough time", "difficult time", "nothing left",
    ),
    "surprise": (
        "surprised", "surprise", "shocked", "shocking", "unexpected", "wow", "really?",
        "no way", "what?", "seriously", "can't believe", "cannot believe", "didn't expect",
        "did not expect", "astonished", "stunned", "out of nowhere", "whoa", "how come",
    ),
}  # fmt: skip

NEGATORS = ("not", "never", "no", "n't", "cannot", "without", "hardly")
NEUTRAL_BASE = 0.8
SMOOTHING = 0.15

_TOKEN = re.compile(r"[a-z]+(?:'[a-z]+)?|[?!]")


def _compile(phrases: tuple[str, ...]) -> re.Pattern[str]:
    alts = sorted({re.escape(p) for p in phrases}, key=len, reverse=True)
    return re.compile(r"(?<![a-z])(?:" + "|".join(alts) + r")(?![a-z])")


_PATTERNS = {e: _compile(ws) for e, ws in LEXICON.items()}
_NEGATION = re.compile(r"(?:\b(?:not|never|no|cannot|without|hardly)\b|n't\b)")


class LexiconSensor(EmotionSensor):
    name = "lexicon"

    def probs(self, text: str) -> EmotionProbs:
        scores = dict.fromkeys(EMOTIONS, SMOOTHING)
        scores["neutral"] += NEUTRAL_BASE
        lowered = text.lower()
        for emotion, pattern in _PATTERNS.items():
            for m in pattern.finditer(lowered):
                window = " ".join(lowered[: m.start()].split()[-3:])
                negated = bool(_NEGATION.search(window)) and not m.group(0).startswith(
                    ("no ", "not ", "can't", "cannot")
                )
                if not negated:
                    scores[emotion] += 1.0
                elif emotion == "joy":
                    scores["sadness"] += 0.7
                else:
                    scores["neutral"] += 0.5
        bangs = text.count("!")
        shouted = sum(1 for w in re.findall(r"\b[A-Z]{3,}\b", text) if w not in ("USD", "ASAP"))
        if bangs or shouted:
            target = "anger" if scores["anger"] >= scores["surprise"] else "surprise"
            scores[target] += 0.3 * min(bangs, 3) + 0.5 * min(shouted, 3)
        total = sum(scores.values())
        return {e: scores[e] / total for e in EMOTIONS}
