"""Output control for generated replies: sentence limit while streaming, voice checks, grammar.

The compliance guard (``ctx.validate``) checks figures, threats and markup; what is specific
to a generative realiser lives here: a small model may keep talking (cut after the third
sentence, while streaming, so the streamed text is the reply), may answer as the debtor or
echo its instruction (rejected), and on the retry its output is constrained by a GBNF grammar
that allows no digit except the decided figure.
"""

from __future__ import annotations

import json
import re
from collections.abc import Callable

from edge_core import Action, Decision, Scenario

_SENTENCE_END = re.compile(r"[.!?]+[\"')\]]*(?=\s)")

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
        clean = self._raw.lstrip()
        return clean[: self._sent].strip()


_SAFE = r"[^0-9\n\[\]{}<>$|#*.!?]"

FRAMES: dict[Action, str] = {
    Action.OPEN: "We are asking for repayment of the balance within {days} days.",
    Action.COUNTER: "Our offer is repayment of the balance within {days} days.",
    Action.ACCEPT: "We agree to repayment of the balance within {days} days.",
}


def _literal(text: str) -> str:
    return json.dumps(text)  # GBNF string literals use JSON-style escapes


def reply_grammar(decision: Decision, scenario: Scenario) -> str:
    """GBNF for the retry: the decided figure inside a fixed creditor-voice sentence.

    The model still writes the tone: one optional free sentence before the figure and one
    after, neither allowed a digit, so at most four sentences with the opening's head. The
    opening also starts with the identification and the debt-collection disclosure, the one
    message whose legal wording must not be missed.
    """
    head = ""
    if decision.action == Action.OPEN:
        head = (
            _literal(
                f"Hello, this is {scenario.creditor_name}. This is an attempt to collect a debt. "
            )
            + " "
        )
    frame = FRAMES.get(decision.action)
    if frame is None or decision.stated_days is None:
        body = 'sentence (" " sentence)?'
    else:
        lead = "" if head else '(sentence " ")? '
        body = f'{lead}{_literal(frame.format(days=decision.stated_days))} (" " sentence)?'
    return "\n".join(
        (
            f"root ::= {head}{body}",
            "sentence ::= safe{4,140} [.!]",
            f"safe ::= {_SAFE}",
        )
    )
