"""What the plan stage hears of one debtor message: the reader's outputs, gathered once.

The plan stage may not read text itself (a stage reads only through the read stage's typed
outputs), so everything it acts on is collected here into a :class:`~edge_core.reply_plan.
Heard`: the move the words make (an attempt to re-instruct, a threat, hostility), the reasons
given with the debtor's own words for them, what the words say about the debtor
(:mod:`.stance`), every question and what it asks (:mod:`.questions`), and what the earlier
messages disclosed (a hardship, hostility), which decides the tone a reply may take.
"""

from __future__ import annotations

import re
from collections.abc import Sequence

from edge_agent.read.acknowledge import REASONS, read_message
from edge_agent.read.questions import questions
from edge_agent.read.stance import hardship_disclosed, stances
from edge_core import DebtorMove
from edge_core.reply_plan import Heard

HARD_REASONS = frozenset({"client", "job", "business", "health", "family", "bills", "waiting"})
"""Reasons that are hardships: after one, cheerful words contradict what was disclosed."""
_WORD = re.compile(r"[a-z]+(?:'[a-z]+)?")


def _cue(text: str) -> str:
    kind = read_message(text).kind if text else "none"
    return kind if kind in ("injection", "threat", "hostile") else ""


def hear(text: str, move: DebtorMove | None = None, emotion: str | None = None,
         earlier: Sequence[str] = (), standing: int | None = None) -> Heard:  # fmt: skip
    """The reader's outputs for ``text`` (``earlier``: the debtor's earlier messages)."""
    text = text or ""
    reasons = tuple(k for k, p in REASONS.items() if p.search(text))
    words = tuple(dict.fromkeys(w for p in REASONS.values() for m in p.finditer(text)
                                for w in _WORD.findall(m.group(0).lower())))  # fmt: skip
    before = [t for t in earlier if t]
    hardship = hardship_disclosed(before) or any(
        p.search(t) for t in before for k, p in REASONS.items() if k in HARD_REASONS)
    return Heard(
        text=text, move=move, emotion=emotion, cue=_cue(text), reasons=reasons,
        reason_words=words, stances=stances(text), questions=questions(text),
        hardship_before=hardship, hostile_before=any(_cue(t) for t in before),
        standing=standing,
    )  # fmt: skip


__all__ = ["HARD_REASONS", "hear"]
