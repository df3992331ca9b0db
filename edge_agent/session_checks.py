"""What a saved session must satisfy before a negotiator may continue it.

A session comes back from a JSON file or a database row that anyone with access to the disk
can edit. Nothing in it is trusted: every decision, offer and agreement is checked against
the scenario's mandate and the invariants the pipeline itself guarantees when it writes a
turn (offers inside the mandate and never retracted, an agreement only with an acceptance,
a closing turn only at the end, turn indices 0..n-1, finite probability vectors, tracker
state of the right shapes). Anything else is refused with :class:`SessionFormatError`
before any of it is used, so an edited "500 days" can never be agreed to.

The raw document is also bounded: :data:`MAX_DOCUMENT_BYTES` and :data:`MAX_DEPTH`, so a
200 MB file or a deeply nested one is refused instead of exhausting memory or the stack.
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from typing import TYPE_CHECKING, Any

from edge_core import Action, MoveKind
from edge_core.emotions import EMOTIONS, N_EMOTIONS

if TYPE_CHECKING:
    from edge_agent.session import Session, TurnRecord

MAX_DOCUMENT_BYTES = 4_000_000
"""Largest saved session accepted (a 30-message dialogue with full traces is ~150 KB)."""
MAX_DEPTH = 24
"""Deepest nesting of lists and dicts accepted anywhere in a saved session."""
MAX_TURNS = 1000
MAX_DAYS_FIELD = 100_000
"""Bound on any day figure a debtor move may carry (the parser stops at 3,650)."""
MAX_TEXT_CHARS = 20_000
PROB_TOLERANCE = 1e-4

_CLOSING = (Action.ACCEPT, Action.CLOSE_FAILED, Action.CLOSE_STOP, Action.PAUSE_DISPUTE)


class SessionFormatError(ValueError):
    """A saved session that cannot be loaded: malformed, or breaking the mandate."""


def check_size(text: str | bytes) -> None:
    """Refuse a document over :data:`MAX_DOCUMENT_BYTES` before parsing it."""
    size = len(text.encode("utf-8", "surrogatepass") if isinstance(text, str) else text)
    if size > MAX_DOCUMENT_BYTES:
        raise SessionFormatError(
            f"saved session is {size:,} bytes; the limit is {MAX_DOCUMENT_BYTES:,}"
        )


def check_depth(obj: Any, limit: int = MAX_DEPTH) -> None:
    """Refuse nesting deeper than ``limit`` (iterative: no RecursionError on hostile input)."""
    stack: list[tuple[Any, int]] = [(obj, 0)]
    while stack:
        item, depth = stack.pop()
        if depth > limit:
            raise SessionFormatError(f"saved session is nested deeper than {limit} levels")
        if isinstance(item, dict):
            stack.extend((v, depth + 1) for v in item.values())
        elif isinstance(item, list | tuple):
            stack.extend((v, depth + 1) for v in item)


def _fail(where: str, what: str) -> None:
    raise SessionFormatError(f"{where}: {what}")


def _is_int(value: Any) -> bool:
    return isinstance(value, int) and not isinstance(value, bool)


def _is_number(value: Any) -> bool:
    return isinstance(value, int | float) and not isinstance(value, bool) and math.isfinite(value)


def _check_days(where: str, name: str, value: Any, low: int, high: int) -> None:
    if value is None:
        return
    if not _is_int(value):
        _fail(where, f"{name} must be a whole number of days, got {value!r}")
    if not low <= value <= high:
        _fail(where, f"{name} = {value} is outside {low}..{high} (the mandate)")


def check_probabilities(where: str, values: Any, n: int = N_EMOTIONS) -> None:
    """``values`` is ``n`` finite non-negative numbers summing to 1."""
    if not isinstance(values, Sequence) or isinstance(values, str) or len(values) != n:
        _fail(where, f"expected {n} probabilities, got {values!r:.80}")
    if not all(_is_number(v) and v >= 0 for v in values):
        _fail(where, f"probabilities must be finite and non-negative, got {list(values)!r:.120}")
    if abs(sum(values) - 1.0) > PROB_TOLERANCE:
        _fail(where, f"probabilities sum to {sum(values)!r}, not 1")


def check_session(session: Session) -> None:
    """Every invariant the pipeline guarantees for the turns it writes; raises
    :class:`SessionFormatError` on the first one broken."""
    s = session.scenario
    turns = session.turns
    if len(turns) > MAX_TURNS:
        _fail("turns", f"{len(turns)} turns; the limit is {MAX_TURNS}")
    standing: int | None = None
    for i, t in enumerate(turns):
        _check_turn(t, i, s.creditor_target_days, s.max_days, standing)
        if i < len(turns) - 1 and t.decision.action in _CLOSING:
            _fail(f"turn {i}", f"a {t.decision.action.value} turn ends the dialogue, but "
                               f"{len(turns) - 1 - i} turn(s) follow it")
        if t.decision.action == Action.CONFIRM:
            standing = None  # restated terms are not a concession step (see _check_turn)
        elif t.decision.offer_days is not None:
            standing = t.decision.offer_days
    used = session.messages_used
    budget = session.config.deadline_messages or session.config.max_messages
    if used > budget + 1:
        _fail("turns", f"{used} messages exceed the budget of {budget}")


def _check_turn(t: TurnRecord, i: int, target: int, max_days: int, standing: int | None) -> None:
    where = f"turn {i}"
    if not _is_int(t.index) or t.index != i:
        _fail(where, f"index {t.index!r}: turn indices must run 0, 1, 2... in order")
    d = t.decision
    if d.persona not in EMOTIONS:
        _fail(where, f"persona {d.persona!r} is not one of {', '.join(EMOTIONS)}")
    for name in ("instructed", "supportive"):
        if not isinstance(getattr(d, name), bool):
            _fail(where, f"decision.{name} must be true or false")
    if not isinstance(d.mode, str) or not isinstance(d.reason, dict):
        _fail(where, "decision.mode must be text and decision.reason an object")
    if not isinstance(t.reply, str) or not t.reply.strip() or len(t.reply) > MAX_TEXT_CHARS:
        _fail(where, "reply must be non-empty text")
    if not isinstance(t.trace, dict):
        _fail(where, "trace must be an object")
    # Offers: inside the mandate; never retracted; an agreement only with an acceptance.
    if d.action == Action.ACCEPT:
        if d.agreed_days is None or d.offer_days != d.agreed_days:
            _fail(where, "an accept must agree to its own offer "
                         f"(offer {d.offer_days!r}, agreed {d.agreed_days!r})")
        _check_days(where, "agreed_days", d.agreed_days, 1, max_days)
    else:
        if d.agreed_days is not None:
            _fail(where, f"agreed_days = {d.agreed_days!r} without an accept decision")
        if d.action in (Action.CLOSE_FAILED, Action.CLOSE_STOP, Action.PAUSE_DISPUTE):
            if d.offer_days is not None:
                _fail(where, "a closed dialogue has no standing offer")
        elif d.offer_days is None:
            _fail(where, f"a {d.action.value} decision needs a standing offer")
        elif d.action == Action.CONFIRM or standing is None:
            # Restated terms may be the debtor's own figure, below our target; after a
            # restatement the debtor declined, the standing offer is that figure.
            _check_days(where, "offer_days", d.offer_days, 1, max_days)
        else:
            _check_days(where, "offer_days", d.offer_days, target, max_days)
            if standing is not None and d.offer_days < standing:
                _fail(where, f"offer {d.offer_days} retracts the standing offer {standing}")
    # The opening has no debtor message; every later turn answers exactly one.
    if i == 0:
        if d.action != Action.OPEN or d.offer_days != target:
            _fail(where, f"the first turn must open at the target ({target} days)")
        if t.debtor_text is not None or t.move is not None or t.reading is not None:
            _fail(where, "the opening answers no debtor message")
        return
    if d.action == Action.OPEN:
        _fail(where, "only the first turn opens the dialogue")
    if not isinstance(t.debtor_text, str) or not t.debtor_text.strip():
        _fail(where, "debtor_text must be non-empty text")
    if len(t.debtor_text) > MAX_TEXT_CHARS:
        _fail(where, f"debtor_text is over {MAX_TEXT_CHARS} characters")
    if any(not (ch.isprintable() or ch in "\n\t") for ch in t.debtor_text):
        _fail(where, "debtor_text holds control characters (live input never does)")
    if t.move is None or not isinstance(t.move.kind, MoveKind):
        _fail(where, "a debtor move is required")
    for name in ("days", "days_high", "rejected_days"):
        _check_days(where, f"move.{name}", getattr(t.move, name), 0, MAX_DAYS_FIELD)
    check_probabilities(f"{where} reading", t.reading)


def check_tracker_state(d: Any, expected: str) -> None:
    """A saved tracker state of the right kind, shapes and finite values."""
    if d is None:
        return
    if not isinstance(d, dict) or d.get("name") != expected:
        _fail("tracker", f"expected the state of a {expected!r} tracker")
    belief = d.get("belief")
    if belief is not None:
        check_probabilities("tracker belief", belief)
    if expected != "hmm":
        return
    priors = d.get("priors")
    if not isinstance(priors, dict):
        _fail("tracker", "priors missing")
    shapes = {("priors", "start"): (N_EMOTIONS,),
              ("priors", "transition"): (N_EMOTIONS, N_EMOTIONS),
              ("priors", "emission"): (N_EMOTIONS, N_EMOTIONS),
              ("start_counts",): (N_EMOTIONS,),
              ("trans_counts",): (N_EMOTIONS, N_EMOTIONS, N_EMOTIONS),
              ("emit_counts",): (N_EMOTIONS, N_EMOTIONS)}
    for path, shape in shapes.items():
        value = priors.get(path[1]) if path[0] == "priors" else d.get(path[0])
        strict = path[0] == "priors"  # priors must be > 0, counts >= 0
        _check_array(f"tracker {'.'.join(path)}", value, shape, strict)
    if not isinstance(d.get("learn", True), bool):
        _fail("tracker", "learn must be true or false")
    steps = d.get("steps", 0)
    if not _is_int(steps) or steps < 0:
        _fail("tracker", f"steps must be a non-negative whole number, got {steps!r}")


def _check_array(where: str, value: Any, shape: tuple[int, ...], positive: bool) -> None:
    if len(shape) == 1:
        if not isinstance(value, list) or len(value) != shape[0]:
            _fail(where, f"expected {shape[0]} numbers")
        for v in value:
            if not _is_number(v) or v < 0 or (positive and v <= 0) or v > 1e12:
                _fail(where, f"expected finite {'positive' if positive else 'non-negative'} "
                             f"numbers, got {v!r}")
        return
    if not isinstance(value, list) or len(value) != shape[0]:
        _fail(where, f"expected shape {shape}")
    for row in value:
        _check_array(where, row, shape[1:], positive)
