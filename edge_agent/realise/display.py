"""Early display: the turn's gate between a realiser's sentences and the caller's screen.

A voice realiser knows when each sentence is ready (``realise.planned.Shower``), but the
realiser is not trusted to say what is safe: a custom realiser, or one built without a
sentence judge, could hand out anything. So the turn gives the realiser an
:class:`EarlyDisplay` as its ``on_token`` and the gate decides, piece by piece, what the
caller may see before the whole reply is judged:

- a piece must be the next slot of the turn's reply plan, in order (one piece, one slot);
- a fixed slot is shown at once when the piece is exactly the plan's reviewed wording;
- a voiced slot is shown at once in the plan's own reviewed wording (what the fallback would
  send anyway); in other words once it is one sentence, passes every check that can judge a
  sentence alone (``check``: the faithfulness check and the guard's sentence rules) and
  repeats no sentence of the dialogue or of this reply.

The first piece that fails closes the gate for the turn: nothing after it is shown early (a
later sentence shown before an earlier one would reorder the reply). A voiced sentence the
checks refused is remembered (:attr:`EarlyDisplay.refused`): the verify stage does not send a
reply that still holds it, whatever the whole-reply guard says. The rest of the reply is
shown by :meth:`EarlyDisplay.finish` once the verify stage passed it.

Why the committed reply always starts with what was shown: when the whole-reply guard (or
the prefix check) rejects the realiser's reply, :mod:`edge_agent.verify.resolve` sends
:meth:`EarlyDisplay.fallback` first, the plan's wording slot by slot with the shown slots
kept as shown; if that fails too after something was shown, the turn fails rather than send
a reply that contradicts the screen (the negotiator raises ``ReplyWithdrawn``).
"""

from __future__ import annotations

import time
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from edge_agent.realise.base import TokenCallback, sentence_key, split_sentences
from edge_agent.text.visible import visible
from edge_core.reply_plan import PlanItem, ReplyPlan

SentenceCallback = TokenCallback
"""Called with each piece of the reply as soon as it is safe to show (``on_sentence``):
the first sentence, then each later one with its leading space."""
SentenceCheck = Callable[[str], list[str]]
"""Every check that can judge one voiced sentence alone, bound to the turn's plan and
decision (``verify.faithful.SentenceJudge``); empty when the sentence may be shown."""


def keeps_prefix(text: str, prefix: str) -> bool:
    """``text`` starts with the whole sentences of ``prefix`` (a sentence boundary follows).
    The same test as ``verify.resolve.keeps_prefix``: stages do not import each other."""
    return not prefix or text == prefix or text.startswith(prefix + " ")


def pieces_after(text: str, prefix: str) -> list[str]:
    """The pieces that show ``text`` after ``prefix`` was shown: its remaining sentences,
    each with its leading space (the first without one when nothing was shown), so that
    ``prefix + "".join(pieces) == text``. Unusual spacing is shown as one piece."""
    rest = text[len(prefix):] if prefix else text
    if not rest:
        return []
    sentences = split_sentences(rest)
    lead = " " if prefix else ""
    if not sentences or lead + " ".join(sentences) != rest:
        return [rest]
    return [lead + sentences[0], *(" " + s for s in sentences[1:])]


@dataclass
class EarlyDisplay:
    """The gate (see the module doc). Called by the realiser as its ``on_token``.

    ``on_sentence`` is the caller's callback (None: nobody is watching; the gate still runs,
    so the reply sent is the same whether or not a caller watches, and the trace times the
    first sentence that would have been shown). ``start`` is when the turn began
    (``clock()`` units)."""

    plan: ReplyPlan | None
    check: SentenceCheck
    used: frozenset[str] = frozenset()
    on_sentence: SentenceCallback | None = None
    start: float = field(default_factory=time.perf_counter)
    clock: Callable[[], float] = time.perf_counter
    shown: list[str] = field(default_factory=list)
    """Texts shown so far, in order, without their joining spaces."""
    slots: dict[int, str] = field(default_factory=dict)
    """Plan slot index -> the wording shown for it (the slots shown early)."""
    held: list[dict[str, Any]] = field(default_factory=list)
    """The piece that closed the gate and why (the trace's ``display.held``)."""
    refused: set[str] = field(default_factory=set)
    """Sentence keys of voiced sentences the checks judged and refused: never sent."""
    closed: bool = False
    early: int = 0
    """Pieces shown before the whole reply was judged."""
    first_ms: float | None = None
    error: Exception | None = None
    """What ``on_sentence`` raised (the gate stops calling it; the turn goes on)."""

    @property
    def visible(self) -> bool:
        """Whether anything was handed to a caller (then it must stay the reply's prefix)."""
        return self.on_sentence is not None and bool(self.shown)

    @property
    def text(self) -> str:
        """What was shown (or, with nobody watching, would have been)."""
        return " ".join(self.shown)

    def _slots(self) -> list[tuple[int, PlanItem]]:
        return [(i, it) for i, it in enumerate(self.plan.items) if it.text] if self.plan else []

    # -- the realiser's side --------------------------------------------------------------
    def __call__(self, piece: str) -> None:
        if self.closed:
            return
        text = piece[1:] if self.shown and isinstance(piece, str) and piece.startswith(" ") \
            else piece
        slots = self._slots()
        if len(self.shown) >= len(slots):
            self._close(text, "", ["beyond the plan: no slot left for this piece"])
            return
        index, item = slots[len(self.shown)]
        problems = self.problems(text, item)
        if problems:
            if item.voiced and isinstance(text, str) and self._judged(text):
                self.refused.add(sentence_key(text))
            self._close(text, item.key, problems)
            return
        self.slots[index] = text
        self.early += 1
        self._emit(text)

    def problems(self, text: object, item: PlanItem) -> list[str]:
        """Why ``text`` may not be shown now as slot ``item`` (empty: it may)."""
        if not isinstance(text, str) or not text:
            return ["empty: no text for the slot"]
        if visible(text) != text or text != text.strip():
            return ["shape: control characters or stray spaces"]
        if text == item.text:  # the plan's reviewed wording, fixed or voiced
            return []
        if not item.voiced:
            return ["fixed slot: not the plan's reviewed wording"]
        if split_sentences(text) != [text]:
            return ["shape: not one sentence"]
        key = sentence_key(text)
        if key in self.used or key in {sentence_key(s) for s in self.shown}:
            return ["repeated: the dialogue already has this sentence"]
        return list(self.check(text))

    @staticmethod
    def _judged(text: str) -> bool:
        """A piece the sentence checks judged (one clean sentence), not a stray fragment."""
        return bool(text) and visible(text) == text and split_sentences(text) == [text]

    def _close(self, text: object, slot: str, problems: list[str]) -> None:
        self.closed = True
        shown = visible(text) if isinstance(text, str) else repr(text)
        self.held.append({"slot": slot, "text": shown[:500], "problems": problems})

    # -- the turn's side ------------------------------------------------------------------
    def audit(self, reply: str) -> None:
        """Judge the sentences of the realiser's whole ``reply`` that the gate did not judge
        (the realiser did not stream them, or they came after the gate closed), so that a
        sentence the checks refuse is never sent whether or not the realiser streamed it:
        the realiser is not trusted to hand every sentence to the gate. The plan's own
        wording is reviewed and passes as is."""
        if self.plan is None or not isinstance(reply, str):
            return
        reviewed = {s for item in self.plan.items if item.text
                    for s in (item.text, *split_sentences(item.text))}
        judged = set(self.shown) | reviewed
        for sentence in split_sentences(reply):
            if sentence in judged or sentence_key(sentence) in self.refused:
                continue
            if self.check(sentence):
                self.refused.add(sentence_key(sentence))

    def fallback(self) -> str:
        """The plan's wording, slot by slot, keeping every slot shown as it was shown: the
        reply that contradicts nothing on screen (its prefix is :attr:`text`)."""
        if self.plan is None:
            return self.text
        return self.plan.with_texts(self.slots).text()

    def finish(self, final: str) -> None:
        """Show the rest of the judged reply ``final`` (the verify stage passed it)."""
        if not keeps_prefix(final, self.text):
            if self.visible:  # resolve guarantees the prefix; a broken one is a bug
                raise RuntimeError("the reply sent does not start with the text already shown")
            self.shown = []
        prefix = self.text
        for piece in pieces_after(final, prefix):
            self._emit(piece[1:] if self.shown else piece)
        self.closed = True

    def _emit(self, text: str) -> None:
        piece = " " + text if self.shown else text
        self.shown.append(text)
        if self.first_ms is None:
            self.first_ms = (self.clock() - self.start) * 1000.0
        if self.on_sentence is not None and self.error is None:
            try:
                self.on_sentence(piece)
            except Exception as exc:  # the caller's screen failed, not the turn
                self.error = exc

    def to_dict(self) -> dict[str, Any]:
        """The trace's ``display`` entry."""
        return {"first_shown_ms": round(self.first_ms, 4) if self.first_ms is not None
                else None, "early_sentences": self.early, "held": self.held}


__all__ = ["EarlyDisplay", "SentenceCallback", "SentenceCheck", "keeps_prefix",
           "pieces_after"]
