"""How a simulated debtor perceives the creditor's displayed emotion: from the words.

A real debtor feels what the creditor's message says, not the persona label the policy chose.
So the debtors read the reply *text* with a reader that is independent of everything the agent
uses to read emotion (its lexicon sensor, its ONNX classifier, its LLM sensor): otherwise the
agent would be graded by the very instrument it is built around. The reader is made only from
two published, permissively licensed lexicons installed from PyPI (the ``sim`` extra):

- **Empath** (Fast, Chen & Bernstein, CHI 2016; MIT licence, ``empath==0.89``): 194 word
  categories, six of which are Ekman's emotions by name (``anger``, ``disgust``, ``fear``,
  ``joy``, ``sadness``, ``surprise``). Its categories were grown from seed words by word
  embeddings and checked by crowd workers, so they are broad and overlap ("fear" is also in
  its anger list).
- **VADER** (Hutto & Gilbert, ICWSM 2014; MIT licence, ``vadersentiment==3.3.2``): a
  valence lexicon of about 7,500 rated words, and its list of negators.

The rule, fixed before it ever read a creditor reply (:data:`DESIGN` and ``docs/simulation.md``
give the choices and their GoEmotions scores, ``python -m sims.perception_eval``): a word
counts toward an emotion when it is in that emotion's Empath category, is not negated by one of
VADER's negators in the three words before it, and its VADER valence does not contradict the
emotion (no positive word counts toward anger, disgust, fear or sadness, and no negative word
toward joy). The emotion with the most such words is read; none, or a tie, reads as
``neutral``. Nothing here was chosen by looking at the agent's replies or its scores: the
reader is graded on Reddit comments (GoEmotions, Ekman grouping), not on the agent.

The label path (the policy's persona itself, :class:`LabelPerception`) stays as the
``--perception label`` ablation.
"""

from __future__ import annotations

import importlib.util
import re
from collections.abc import Iterable
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path
from typing import Any, Protocol

from edge_core.emotions import EMOTIONS

PERCEPTIONS = ("text", "label")
DEFAULT_PERCEPTION = "text"
"""``sim run`` reads the words by default: the label path credits the EQ layer with effects the
words may not carry (issue 22)."""

NEGATIVE_EMOTIONS = ("anger", "disgust", "fear", "sadness")
NEGATION_WINDOW = 3
"""Words before an emotion word in which a negator voids it (VADER's own window)."""


@dataclass(frozen=True)
class Design:
    """The reader's choices; :data:`DESIGN` is the one used, chosen on GoEmotions ``dev``."""

    categories: dict[str, tuple[str, ...]]
    valence_filter: bool = True
    negation: bool = True
    strip_suffixes: bool = True
    joy_valence: float | None = 0.3
    """A message with no emotion word whose VADER compound score reaches this reads as joy."""


SAME_NAME = {e: (e,) for e in ("anger", "disgust", "fear", "joy", "sadness", "surprise")}
FAMILIES = {
    "anger": ("anger", "rage", "irritability"),
    "disgust": ("disgust",),
    "fear": ("fear", "nervousness"),
    "joy": ("joy", "cheerfulness"),
    "sadness": ("sadness",),
    "surprise": ("surprise",),
}
BROAD = {
    "anger": ("anger", "rage", "irritability", "hate", "aggression"),
    "disgust": ("disgust",),
    "fear": ("fear", "nervousness", "horror"),
    "joy": ("joy", "cheerfulness", "positive_emotion", "optimism", "affection"),
    "sadness": ("sadness", "suffering", "disappointment"),
    "surprise": ("surprise",),
}
DESIGN = Design(BROAD, strip_suffixes=False)


class Perception(Protocol):
    """What the debtor takes the creditor's displayed emotion to be."""

    name: str

    def perceive(self, text: str, label: str, instructed: bool) -> str: ...


class PerceptionMissing(RuntimeError):
    """The lexicons of the ``sim`` extra are not installed."""


def _package_file(module: str, relative: str) -> Path:
    """A data file inside an installed package, found without importing it (Empath's
    ``__init__`` imports ``requests`` for an online feature this reader never uses)."""
    spec = importlib.util.find_spec(module)
    if spec is None or not spec.submodule_search_locations:
        raise PerceptionMissing(
            f"--perception text needs the {module!r} lexicon: pip install 'edge-agent[sim]' "
            "(or use --perception label)"
        )
    path = Path(next(iter(spec.submodule_search_locations))) / relative
    if not path.is_file():
        raise PerceptionMissing(f"{path} is missing from the installed {module!r} package")
    return path


@lru_cache(maxsize=1)
def empath_categories() -> dict[str, frozenset[str]]:
    """Empath's categories (``name<TAB>word<TAB>word...``), single words only."""
    out: dict[str, frozenset[str]] = {}
    text = _package_file("empath", "data/categories.tsv").read_text(encoding="utf-8")
    for line in text.splitlines():
        name, *words = line.strip().split("\t")
        out[name] = frozenset(w.lower() for w in words if w and "_" not in w)
    return out


@lru_cache(maxsize=1)
def vader() -> Any:
    """VADER's analyser (its lexicon, negators and sentence rules). Imported lazily: it is part
    of the ``sim`` extra. It opens no connection (only its ``__main__`` demo does)."""
    try:
        from vaderSentiment.vaderSentiment import SentimentIntensityAnalyzer
    except ImportError:
        raise PerceptionMissing(
            "--perception text needs the VADER lexicon: pip install 'edge-agent[sim]' "
            "(or use --perception label)"
        ) from None
    return SentimentIntensityAnalyzer()


def vader_negators() -> frozenset[str]:
    from vaderSentiment.vaderSentiment import NEGATE

    return frozenset(NEGATE)


_TOKEN = re.compile(r"[a-z]+(?:'[a-z]+)?")
_SUFFIXES = ("ing", "ed", "es", "s", "ly")


def tokens(text: str) -> list[str]:
    return _TOKEN.findall(text.lower().replace("\u2019", "'"))


class TextReader:
    """The independent reader: text in, one of ``EMOTIONS`` out."""

    def __init__(self, design: Design = DESIGN) -> None:
        cats = empath_categories()
        self.design = design
        self.words: dict[str, frozenset[str]] = {
            emotion: frozenset().union(*(cats[c] for c in names))
            for emotion, names in design.categories.items()
        }
        self.vader = vader()
        self.valence: dict[str, float] = self.vader.lexicon
        self.negators = vader_negators()

    def _lookup(self, word: str, emotion: str) -> str | None:
        """``word`` or a suffix-stripped form of it, if the emotion's list has it."""
        bank = self.words[emotion]
        if word in bank:
            return word
        if self.design.strip_suffixes:
            for suffix in _SUFFIXES:
                stem = word[: -len(suffix)]
                if word.endswith(suffix) and len(stem) >= 3:
                    for form in (stem, stem + "e"):
                        if form in bank:
                            return form
        return None

    def _agrees(self, word: str, emotion: str) -> bool:
        if not self.design.valence_filter:
            return True
        v = self.valence.get(word)
        if v is None:
            return True
        if emotion in NEGATIVE_EMOTIONS:
            return v <= 0
        if emotion == "joy":
            return v >= 0
        return True  # surprise may be good or bad news

    def counts(self, text: str) -> dict[str, int]:
        """Emotion words per emotion, after negation and the valence check."""
        toks = tokens(text)
        out = dict.fromkeys(self.words, 0)
        for i, word in enumerate(toks):
            if self.design.negation and any(
                t in self.negators for t in toks[max(0, i - NEGATION_WINDOW) : i]
            ):
                continue
            for emotion in self.words:
                form = self._lookup(word, emotion)
                if form is not None and self._agrees(form, emotion):
                    out[emotion] += 1
        return out

    def read(self, text: str) -> str:
        counts = self.counts(text)
        best = max(counts.values(), default=0)
        if best == 0:
            joy = self.design.joy_valence
            if joy is not None and self.vader.polarity_scores(text)["compound"] >= joy:
                return "joy"  # Ekman's one pleasant emotion: clearly positive words read as joy
            return "neutral"
        top = [e for e in EMOTIONS if counts.get(e, 0) == best]
        return top[0] if len(top) == 1 else "neutral"


class TextPerception:
    """The debtor perceives what the words carry (the label is ignored)."""

    name = "text"

    def __init__(self, reader: TextReader | None = None) -> None:
        self.reader = reader or shared_reader()

    def perceive(self, text: str, label: str, instructed: bool) -> str:
        return self.reader.read(text)


class LabelPerception:
    """The ablation: the debtor perceives the persona the policy decided (an uninstructed
    reply, the vanilla baseline's, counts as neutral), whatever the words say."""

    name = "label"

    def perceive(self, text: str, label: str, instructed: bool) -> str:
        return label if instructed else "neutral"


@lru_cache(maxsize=1)
def shared_reader() -> TextReader:
    """One reader per process (the lexicons are read once)."""
    return TextReader()


def read_as(text: str) -> str | None:
    """What the independent reader takes a creditor message to display, recorded on every
    creditor message whatever the debtor perceives (so a label run still reports fidelity);
    None when the lexicons are not installed."""
    try:
        return shared_reader().read(text)
    except PerceptionMissing:
        return None


def make_perception(name: str) -> Perception:
    if name == "text":
        return TextPerception()
    if name == "label":
        return LabelPerception()
    raise ValueError(f"unknown perception {name!r}; expected one of {', '.join(PERCEPTIONS)}")


def decided_persona(label: str, instructed: bool) -> str:
    """The persona a reply was meant to carry (what the label path would show the debtor)."""
    return label if instructed else "neutral"


def fidelity(pairs: Iterable[tuple[str, str]]) -> float | None:
    """Share of (decided, read) pairs that agree; None without any."""
    pairs = list(pairs)
    return sum(a == b for a, b in pairs) / len(pairs) if pairs else None
