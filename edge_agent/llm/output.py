"""Output control for generated replies: sentence limit while streaming, voice checks, grammar.

The compliance guard (``ctx.validate``) checks figures, threats and markup; what is specific
to a generative realiser lives here: a small model may keep talking (cut after the third
sentence, while streaming, so the streamed text is the reply), may answer as the debtor or
echo its instruction (rejected), and on the retry its output is constrained by a GBNF grammar
that admits no numeral of any script (the decided terms are placed by the code).
"""

from __future__ import annotations

import re
from collections.abc import Callable

_SENTENCE_END = re.compile(
    r"(?<!\bMs)(?<!\bMr)(?<!\bMrs)(?<!\bDr)(?<!\bSt)(?<!\bMx)[.!?]+[\"')\]]*(?=\s)"
)
"""A sentence ends at . ! ? before a space, but not after a title ("Ms. Lopez")."""

_VOICE_CHECKS: dict[str, re.Pattern[str]] = {
    "speaks_as_role": re.compile(r"\b(?:debtor|creditor|user|assistant|agent)\s*:", re.I),
    "debtor_voice": re.compile(
        r"\b(?:I|we)\s+(?:owe\b|can(?:not|'t|\s+not)\s+(?:afford|pay)|will\s+pay\s+you|"
        r"lost\s+my\s+job)|\bmy\s+(?:debt|balance|loan|bill|payments?|job)\b|"
        r"\bI\s+need\s+more\s+time\b|\bgive\s+me\s+more\s+time\b|"
        r"\bI(?:'m|\s+am|\s+have\s+been|'ve\s+been|\s+will|'ll|\s+can)?\s+(?:\w+\s+){0,2}"
        r"pay\s+(?:it|this|you)\s+(?:off|back)\b",
        re.I,
    ),
    "leaked_instruction": re.compile(r"\[?instruction\b|\btone\s*:|\bsystem prompt\b", re.I),
}

TERMS_IN_WORDS = re.compile(
    r"\b(?:days?|weeks?|months?|years?|fortnights?|interest|instal\w*|deadline|within|"
    r"timelines?|per\s+cent|(?:our|the|my|an?)\s+offer|offer\s+(?:is|of|stands)|"
    r"more\s+time)\b", re.I)
"""The code states the terms; a sentence of the model's words that talks about durations or
interest is the model trying to state terms of its own ("within ingle days, without any
interest"): the realiser drops such sentences before composing the reply."""


def voice_problems(text: str) -> list[str]:
    """Problems the guard does not look for: empty text, the wrong speaker, echoed prompts."""
    if not text.strip():
        return ["empty: the model produced no text"]
    return [f"{rule}: {m.group(0)!r}" for rule, p in _VOICE_CHECKS.items() if (m := p.search(text))]


class SentenceStream:
    """Forwards streamed text, without leading whitespace, up to ``max_sentences`` sentences.

    ``feed`` returns True once the limit is reached so generation can stop; ``text`` is the
    reply exactly as forwarded (stripped), so a streaming consumer and the trace agree.
    """

    def __init__(self, on_token: Callable[[str], None] | None, max_sentences: int = 3) -> None:
        self._on_token = on_token
        self._max = max_sentences
        self._raw = ""
        self._sent = 0
        self.streamed = False

    def feed(self, piece: str) -> bool:
        self._raw += piece
        clean = self._raw.lstrip()
        done = False
        ends = list(_SENTENCE_END.finditer(clean))
        if len(ends) >= self._max:
            clean, done = clean[: ends[self._max - 1].end()], True
        new = clean[self._sent :]
        if new and self._on_token is not None:
            self._on_token(new)
            self.streamed = True
        self._sent = max(self._sent, len(clean))
        return done

    @property
    def text(self) -> str:
        """The forwarded text, stripped, with runs of whitespace (a model's line breaks)
        joined into single spaces."""
        clean = self._raw.lstrip()
        return " ".join(clean[: self._sent].split())


WORD_CHARS = "A-Za-z ,;:'’\"-"
"""What a retried draft may contain besides its sentence ends: Latin letters and punctuation.
No digit of any script, no Han numeral, no money sign, no bracket of a template slot."""


def words_grammar(max_sentences: int = 1) -> str:
    """GBNF for the retry: one to ``max_sentences`` sentences of letters and punctuation.

    The figure is not in the grammar at all (the code writes the terms after the words), so
    a retry cannot produce "两年" or "７００": the grammar admits no numeral of any script.
    """
    more = f' (" " sentence){{0,{max_sentences - 1}}}' if max_sentences > 1 else ""
    return "\n".join(
        (
            f"root ::= sentence{more}",
            "sentence ::= [A-Z] safe{3,140} [.!?]",
            f"safe ::= [{WORD_CHARS}]",
        )
    )
