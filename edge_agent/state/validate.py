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

import json
import math
from collections.abc import Sequence
from typing import TYPE_CHECKING, Any

from edge_agent.text.visible import TERMINAL, UNPRINTABLE, characters_in, replace_characters
from edge_core import Action, Consent, Decision, MoveKind, Tactic
from edge_core.emotions import EMOTIONS, N_EMOTIONS

if TYPE_CHECKING:
    from edge_agent.state.session import Session, TurnRecord

MAX_DOCUMENT_BYTES = 4_000_000
"""Largest saved session accepted (a 30-message dialogue with full traces is ~150 KB)."""
MAX_DEPTH = 24
"""Deepest nesting of lists and dicts accepted anywhere in a saved session."""
MAX_TURNS = 1000
MAX_DAYS_FIELD = 100_000
"""Bound on any day figure a debtor move may carry (the parser stops at 3,650)."""
MAX_TEXT_CHARS = 20_000
MAX_MESSAGE_CHARS = 2000
"""Longest debtor message the negotiator accepts live, so the longest one a saved turn holds."""
PROB_TOLERANCE = 1e-4

_CLOSING = (Action.ACCEPT, Action.CLOSE_FAILED, Action.CLOSE_STOP, Action.PAUSE_DISPUTE)
_PAST_BUDGET = (*_CLOSING, Action.SUPPORT)
"""The replies the strategy gives past the message budget (``policies.strategy``): at the
budget's last message it may still restate terms (a CONFIRM, the budget + 1st message), and the
answer to that is accepted, paused, stopped or closed; crisis support is given whenever a crisis
is disclosed. A further negotiation step (a counter) past it is never written."""


class SessionFormatError(ValueError):
    """A saved session that cannot be loaded: malformed, or breaking the mandate."""


def unique_keys(pairs: list[tuple[str, Any]]) -> dict[str, Any]:
    """``json.loads`` hook refusing a repeated key: two readers of one file could otherwise
    see different values (the last one wins here, the first elsewhere)."""
    out: dict[str, Any] = {}
    for key, value in pairs:
        if key in out:
            raise SessionFormatError(f"the key {key!r:.60} appears twice in one object")
        out[key] = value
    return out


def load_json(text: str | bytes) -> Any:
    """Parse saved JSON strictly (no repeated keys); ``SessionFormatError`` otherwise."""
    try:
        return json.loads(text, object_pairs_hook=unique_keys)
    except SessionFormatError:
        raise
    except ValueError as exc:  # bad JSON, bad UTF-8, a 5,000-digit number...
        raise SessionFormatError(f"invalid JSON ({exc})") from None
    except RecursionError:
        raise SessionFormatError("nested too deeply") from None


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
    if isinstance(value, bool) or not isinstance(value, int | float):
        return False
    if isinstance(value, int):  # 10**400 is an int no float can hold
        return value.bit_length() <= 1023
    return math.isfinite(value)


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
        if i < len(turns) - 1 and t.decision.action in _CLOSING:
            _fail(f"turn {i}", f"a {t.decision.action.value} turn ends the dialogue, but "
                               f"{len(turns) - 1 - i} turn(s) follow it")
        _check_turn(t, i, s.creditor_target_days, s.max_days, standing,
                    turns[i - 1].decision if i else None)
        _check_instalment(f"turn {i}", t.decision, s.balance)
        if t.decision.action == Action.CONFIRM:
            standing = None  # restated terms are not a concession step (see _check_turn)
        elif t.decision.offer_days is not None:
            standing = t.decision.offer_days
    budget = session.config.deadline_messages or session.config.max_messages
    used = 0
    for i, t in enumerate(turns):
        used += 1 + (t.debtor_text is not None)
        if used > budget + 1 and t.decision.action not in _PAST_BUDGET:
            _fail(f"turn {i}", f"a {t.decision.action.value} at message {used}, past the budget "
                               f"of {budget} messages")


def _check_instalment(where: str, d: Decision, balance: float) -> None:
    """A monthly amount's arithmetic (``reason["instalment"]``, computed by
    ``edge_agent.decide.with_instalment``) must be the arithmetic: the guard on load checks
    that the reply states the stored figures, not that the figures are right, so a session
    edited to "$400.00 a month would repay the $15,700.00 balance in 4 months" (with the
    reason edited to match) would load and stand as the record of what the debtor was told."""
    found = d.reason.get("instalment")
    if found is None:
        return
    if not isinstance(found, dict) or set(found) != {"monthly", "months"}:
        _fail(where, "decision.reason.instalment must hold exactly monthly and months")
    monthly, months = found["monthly"], found["months"]
    if not _is_number(monthly) or not 0 < monthly < balance:
        _fail(where, f"instalment monthly {monthly!r} must be a number between 0 and the balance")
    if not _is_int(months) or months != math.ceil(round(balance / monthly, 6)):
        _fail(where, f"instalment months {months!r}: {balance:,.2f} at {monthly:,.2f} a month "
                     f"takes {math.ceil(round(balance / monthly, 6))} months")


def _check_turn(t: TurnRecord, i: int, target: int, max_days: int, standing: int | None,
                previous: Decision | None = None) -> None:
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
    check_text(where, "reply", t.reply)
    if not isinstance(d.mode, str) or len(d.mode) > 200:
        _fail(where, "decision.mode must be a short text")
    scores = d.reason.get("scores")
    if scores is not None and (not isinstance(scores, dict)
                               or not all(_is_number(v) for v in scores.values())):
        _fail(where, "decision.reason.scores must map names to numbers")
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
    if d.tactic not in _TACTICS[d.action]:
        _fail(where, f"tactic {d.tactic.value!r} does not go with a {d.action.value} decision")
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
    if len(t.debtor_text) > MAX_MESSAGE_CHARS:
        _fail(where, f"debtor_text is over {MAX_MESSAGE_CHARS} characters (live input never "
                     f"is)")
    check_text(where, "debtor_text", t.debtor_text)
    if t.move is None or not isinstance(t.move.kind, MoveKind):
        _fail(where, "a debtor move is required")
    for name in ("days", "days_high", "rejected_days"):
        _check_days(where, f"move.{name}", getattr(t.move, name), 0, MAX_DAYS_FIELD)
    check_probabilities(f"{where} reading", t.reading)
    if d.action == Action.ACCEPT:
        check_acceptance(where, t, standing, previous)


def printable(value: Any) -> Any:
    """``value`` with every unprintable character in its texts (keys too) replaced by U+FFFD
    (:data:`edge_agent.text.visible.UNPRINTABLE`).

    For the trace, which holds text the pipeline did not write itself (a rejected LLM draft,
    a guard detail quoting it): it is shown, so it must not carry an escape sequence to the
    terminal, but a genuine session must never be refused for what a model once drafted."""
    if isinstance(value, str):
        return replace_characters(value, UNPRINTABLE)
    if isinstance(value, dict):
        return {printable(k): printable(v) for k, v in value.items()}
    if isinstance(value, list):
        return [printable(v) for v in value]
    return value


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
    if not _is_int(steps) or not 0 <= steps <= MAX_STEPS:
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


# -- the document's shape: every field the current format writes, nothing else -------------------
DOCUMENT_KEYS = frozenset({"format", "scenario", "config", "turns", "tracker"})
TURN_KEYS = frozenset({"index", "debtor_text", "move", "reading", "decision", "reply", "trace"})
DECISION_KEYS = frozenset({"action", "tactic", "persona", "offer_days", "agreed_days",
                           "instructed", "mode", "reason", "supportive", "restrictions",
                           "final"})
MOVE_KEYS = frozenset({"kind", "days", "days_high", "rejected_days", "consent", "unsure",
                       "reason", "flags", "restrictions"})
LEGACY_KEYS = frozenset({"restrictions", "final", "consent", "unsure", "reason", "flags"})
"""Decision and move fields added after format 1 was first written: an older save lacks
them and loads with their defaults."""
TRACKER_KEYS = {"hmm": frozenset({"name", "learn", "priors", "start_counts", "trans_counts",
                                  "emit_counts", "belief", "steps"}),
                "reading": frozenset({"name", "belief"})}
PRIOR_KEYS = frozenset({"start", "transition", "emission"})
MAX_STEPS = 10**9
"""Tracker updates a saved state may claim (a million dialogues of a thousand turns)."""


def check_keys(where: str, d: Any, expected: frozenset[str]) -> None:
    """``d`` is an object with exactly the ``expected`` keys: an unknown one is refused (it
    may be a field a newer or a forged writer relies on), and so is a missing one (a default
    would silently replace the saved value)."""
    if not isinstance(d, dict):
        _fail(where, f"expected an object, got {type(d).__name__}")
    unknown, missing = set(d) - expected, expected - set(d) - LEGACY_KEYS
    if unknown:
        _fail(where, f"unknown field(s): {', '.join(sorted(map(str, unknown)))[:200]}")
    if missing:
        _fail(where, f"missing field(s): {', '.join(sorted(missing))}")


def check_document_shape(d: dict[str, Any]) -> None:
    """The raw saved document, before any object is built from it."""
    check_keys("session", d, DOCUMENT_KEYS)
    turns = d["turns"]
    if not isinstance(turns, list):
        _fail("session", "turns must be a list")
    for i, t in enumerate(turns):
        check_keys(f"turn {i}", t, TURN_KEYS)
        check_keys(f"turn {i} decision", t["decision"], DECISION_KEYS)
        if t["move"] is not None:
            check_keys(f"turn {i} move", t["move"], MOVE_KEYS)
        if not isinstance(t["decision"]["reason"], dict):
            _fail(f"turn {i}", "decision.reason must be an object")
    tracker = d["tracker"]
    if tracker is None:
        if turns:
            _fail("tracker", "a dialogue that has started has a tracker state")
        return
    if not isinstance(tracker, dict) or tracker.get("name") not in TRACKER_KEYS:
        _fail("tracker", "expected a tracker state with a known name")
    check_keys("tracker", tracker, TRACKER_KEYS[tracker["name"]])
    if tracker["name"] == "hmm":
        check_keys("tracker priors", tracker["priors"], PRIOR_KEYS)


_OPTIONAL_DAYS = ("days_overdue", "debtor_target_days")


def check_scenario_fields(d: dict[str, Any]) -> None:
    """Saved scenario fields of exactly their declared types (the constructor is lenient
    with fields that drive nothing: a saved file is not)."""
    for name in _OPTIONAL_DAYS:
        value = d.get(name)
        if value is not None and (not _is_int(value) or not 0 <= value <= MAX_DAYS_FIELD):
            _fail("scenario", f"{name} must be a whole number of days, got {value!r:.40}")
    details = d.get("details")
    if details is not None and (not isinstance(details, dict) or not all(
            isinstance(k, str) and isinstance(v, str) for k, v in details.items())):
        _fail("scenario", "details must be an object of texts")
    actions = d.get("lawful_actions", [])
    if not isinstance(actions, list) or not all(isinstance(a, str) for a in actions):
        _fail("scenario", "lawful_actions must be a list of names")
    balance = d.get("balance")
    if not _is_number(balance):
        _fail("scenario", f"balance must be a number, got {balance!r:.40}")


def check_text(where: str, name: str, text: str) -> None:
    """No control characters (an escape sequence would reach the user's terminal).

    Debtor text is held to the live rule (what ``respond()`` keeps: no
    :data:`~edge_agent.text.visible.UNPRINTABLE` character). A reply is held only to
    :data:`~edge_agent.text.visible.TERMINAL`: the negotiator cleans a reply of every invisible
    character, but a save written by an older version, which cleaned less, must still load
    (and a model's no-break space was never refused)."""
    bad = characters_in(text, UNPRINTABLE if name == "debtor_text" else TERMINAL)
    if bad:
        _fail(where, f"{name} holds control characters (the pipeline never writes them)")


_TACTICS = {
    Action.OPEN: {Tactic.OPEN},
    Action.ACCEPT: {Tactic.ACCEPT},
    Action.CONFIRM: {Tactic.CONFIRM},
    Action.CLOSE_FAILED: {Tactic.CLOSE},
    Action.CLOSE_STOP: {Tactic.CLOSE},
    Action.PAUSE_DISPUTE: {Tactic.DISPUTE},
    Action.SUPPORT: {Tactic.CRISIS, Tactic.SUPPORT},
    Action.COUNTER: {Tactic.HOLD, Tactic.CONCEDE, Tactic.CLARIFY, Tactic.ACKNOWLEDGE,
                     Tactic.REJECT_BEYOND_MANDATE, Tactic.SUPPORT, Tactic.ASK,
                     Tactic.TIMELINE_ONLY, Tactic.ASK_AFFORD},
}


def check_acceptance(where: str, t: TurnRecord, standing: int | None,
                     previous: Decision | None = None) -> None:
    """An accept agrees to what the debtor explicitly confirmed: the terms the previous turn
    restated (a confirm) when the debtor's move is an explicit yes. A save written before the
    consent protocol (no restatement, no graded consent) is held to the older rule: the
    standing offer the debtor accepted, or the days it proposed in that message."""
    d, move = t.decision, t.move
    if move is None:
        _fail(where, "an accept answers a debtor message")
    if move.consent != Consent.NONE or (previous is not None
                                        and previous.action == Action.CONFIRM):
        if previous is None or previous.action != Action.CONFIRM:
            _fail(where, "an agreement must answer a restatement of its terms (a confirm)")
        if previous.offer_days != d.agreed_days:
            _fail(where, f"{d.agreed_days} days agreed, but the restated terms were "
                         f"{previous.offer_days} days")
        if move.kind != MoveKind.ACCEPT or move.consent != Consent.EXPLICIT:
            _fail(where, "an agreement needs the debtor's explicit yes to the restated terms")
        return
    if move.kind == MoveKind.ACCEPT and move.days in (None, standing):
        if d.agreed_days != standing:
            _fail(where, f"the debtor accepted the standing offer ({standing} days), but "
                         f"{d.agreed_days} were agreed")
        return
    if move.days is None or d.agreed_days != move.days:
        _fail(where, f"{d.agreed_days} days agreed, but the debtor's message "
                     f"({move.kind.value} {move.days}) agreed to no such figure")
