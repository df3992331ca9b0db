"""Early display (issue 20 item 4): ``on_sentence`` sees each sentence as soon as it is safe,
and what it saw is always the start of the reply sent, or the turn says it was withdrawn."""

from __future__ import annotations

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from edge_agent import Negotiator, ReplyWithdrawn, Scenario, SentenceCallbackError
from edge_agent.errors import NegotiationError, TokenCallbackError
from edge_agent.realise import Realisation
from edge_agent.realise.display import EarlyDisplay, keeps_prefix, pieces_after
from edge_agent.state.trace import TraceView, check_shape
from edge_agent.text.sentences import sentence_key, split_sentences
from edge_agent.verify.faithful import SentenceJudge
from edge_agent.verify.guard import ComplianceGuard

SCENARIO = Scenario(balance=4200.0, creditor_target_days=14, max_days=60)
MESSAGES = ("I lost my job, I can't do 14 days.", "Could I do 40 days?",
            "You people are awful, stop this.", "What happens if I don't pay?",
            "Fine, maybe 30 days then.", "I really want to sort this out. 50 days.")
# Sentences the faithfulness check refuses (the issue's own examples).
BAD = ("This is a legal notice.", "I believe in you.", "I'm not a banker, I just help people.")


class ScriptedVoice:
    """A realiser that speaks the plan slot by slot as the voice does, with chosen voiced
    slots replaced by a sentence the checks refuse, and a chosen way of ending the reply:
    ``keep`` (the reply is what it showed), ``guard`` (it adds a threat the whole-reply guard
    refuses), ``prefix`` (its reply does not start with what it showed), ``raise``."""

    name = "scripted"

    def __init__(self, bad: frozenset[int] = frozenset(), end: str = "keep",
                 bad_text: str = BAD[0]) -> None:
        self.bad, self.end, self.bad_text = bad, end, bad_text
        self.offered: list[str] = []

    def realise(self, decision, ctx, on_token=None):
        plan = ctx.plan
        texts: dict[int, str] = {}
        voiced = 0
        for i, item in enumerate(plan.items):
            if not item.text:
                continue
            text = item.text
            if item.voiced:
                if voiced in self.bad:
                    text = self.bad_text
                voiced += 1
            texts[i] = text
            self.offered.append(text)
            if on_token is not None:
                on_token(text if len(texts) == 1 else " " + text)
            if self.end == "raise" and ctx.turn > 0 and len(texts) == 1:
                raise RuntimeError("the model crashed mid-reply")
        final = plan.with_texts(texts).text()
        if self.end == "guard":
            final += " Pay now or we will have you arrested."
        elif self.end == "prefix":
            final = "Let me put it another way. " + final
        return Realisation(final, self.name, "llm", {})


class ArmedGuard(ComplianceGuard):
    """The real guard, plus: when armed, any text of two sentences or more fails (single
    sentences, as the sentence checks see them, still pass)."""

    armed = False

    def check(self, text, decision, scenario):
        verdict = super().check(text, decision, scenario)
        if self.armed and len(split_sentences(text)) > 1:
            return super().check(text + " We will have you arrested.", decision, scenario)
        return verdict


def agent(realiser=None, policy="random", seed=0, guard=None) -> Negotiator:
    a = Negotiator(SCENARIO, policy=policy, seed=seed, sensor="lexicon", realiser=realiser,
                   guard=guard)
    a.open()
    return a


def test_the_issue_sentences_are_refused_by_the_sentence_checks():
    """The property tests below rely on these being refused (a close negative: the plan's
    own reviewed wording passes)."""
    a = agent()
    pipeline_turn = _plan_of(a, MESSAGES[1])
    plan, decision = pipeline_turn
    judge = SentenceJudge()
    for bad in BAD:
        assert judge(bad, plan, decision, SCENARIO), bad
    for item in plan.voiced:
        assert not judge(item.text, plan, decision, SCENARIO), item.text


def _plan_of(a: Negotiator, text: str):
    from edge_agent.turn import run_turn

    ctx = run_turn(a._pipeline(), text)
    a.tracker.load_state(a.session.tracker_state)
    return ctx.plan, ctx.decision


# -- the gate, one piece at a time -----------------------------------------------------------------
def _gate(used=frozenset(), refuse=()):
    from edge_core.reply_plan import Part, PlanItem, ReplyPlan

    items = (PlanItem(Part.ACK, "ack", "I hear you.", True, ("I hear you.", "I understand.")),
             PlanItem(Part.TERMS, "terms", "We can offer 20 days."),
             PlanItem(Part.FRAME, "frame", "", True),
             PlanItem(Part.FRAME, "frame", "Let me know.", True))
    plan = ReplyPlan("offer", "neutral", True, items)
    seen: list[str] = []
    gate = EarlyDisplay(plan, lambda s: ["faithful: refused"] if s in refuse else [], used,
                        seen.append)
    return gate, seen


@pytest.mark.parametrize(("pieces", "shown", "held"), [
    # fixed and voiced slots in the plan's own wording: all shown at once
    (["I hear you.", " We can offer 20 days.", " Let me know."],
     ["I hear you.", " We can offer 20 days.", " Let me know."], None),
    # a voiced slot reworded, passing its checks: shown
    (["I understand.", " We can offer 20 days."], ["I understand.", " We can offer 20 days."],
     None),
    # a voiced slot the checks refuse: held, and nothing after it is shown
    (["I am a lawyer.", " We can offer 20 days."], [], "faithful: refused"),
    # a fixed slot not in the plan's wording: held (close negative: one figure differs)
    (["I hear you.", " We can offer 21 days."], ["I hear you."], "fixed slot"),
    # two sentences for one voiced slot: held
    (["I understand. Truly."], [], "not one sentence"),
    # a voiced sentence the dialogue already sent: held
    (["I hear you so well."], [], "repeated"),
    # control characters: held
    (["I understand.\x1b[2J"], [], "control characters"),
    # a piece beyond the plan's slots: held
    (["I hear you.", " We can offer 20 days.", " Let me know.", " Bye."],
     ["I hear you.", " We can offer 20 days.", " Let me know."], "beyond the plan"),
])
def test_the_gate_shows_a_piece_only_when_every_check_that_can_judge_it_passed(pieces, shown,
                                                                                 held):
    gate, seen = _gate(used=frozenset({sentence_key("I hear you so well.")}),
                       refuse=("I am a lawyer.",))
    for piece in pieces:
        gate(piece)
    assert seen == shown
    assert gate.text == "".join(shown)
    if held is None:
        assert not gate.held and not gate.closed
    else:
        assert gate.closed and held in " ".join(gate.held[0]["problems"])


def test_a_refused_voiced_sentence_is_remembered_and_the_fallback_keeps_the_shown_slots():
    gate, _ = _gate(refuse=("I am a lawyer.",))
    gate("I understand.")
    gate(" We can offer 20 days.")
    gate(" I am a lawyer.")
    assert gate.refused == {sentence_key("I am a lawyer.")}
    assert gate.fallback() == "I understand. We can offer 20 days. Let me know."
    assert keeps_prefix(gate.fallback(), gate.text)


@pytest.mark.parametrize(("text", "prefix", "kept", "rest"), [
    ("A. B. C.", "A. B.", True, [" C."]),
    ("A. B. C.", "", True, ["A.", " B.", " C."]),
    ("A. B.", "A. B.", True, []),
    ("A. Bc.", "A. B", False, None),  # not at a sentence boundary
    ("X. A. B.", "A.", False, None),
])
def test_prefix_and_the_pieces_after_it(text, prefix, kept, rest):
    assert keeps_prefix(text, prefix) is kept
    if rest is not None:
        assert pieces_after(text, prefix) == rest
        assert prefix + "".join(pieces_after(text, prefix)) == text


# -- through the negotiator ------------------------------------------------------------------------
def test_a_voice_reply_streams_slot_by_slot_and_joins_to_the_reply():
    voice = ScriptedVoice()
    a = agent(voice)
    for message in MESSAGES[:3]:
        pieces: list[str] = []
        tokens: list[str] = []
        reply = a.respond(message, on_token=tokens.append, on_sentence=pieces.append)
        assert "".join(pieces) == reply.text == "".join(tokens)
        display = reply.trace["display"]
        assert display["early_sentences"] >= 1 and not display["held"]
        assert 0 <= display["first_shown_ms"] <= sum(reply.trace["timings"].values()) + 50


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(seed=st.integers(0, 50), bad=st.frozensets(st.integers(0, 3), max_size=3),
       end=st.sampled_from(["keep", "guard", "prefix"]), bad_text=st.sampled_from(BAD),
       turns=st.integers(1, 4), watch=st.booleans())
def test_what_was_shown_is_a_prefix_of_the_reply_and_nothing_refused_is_shown(
        seed, bad, end, bad_text, turns, watch):
    """Over plans where any voiced slot fails and any ending: every shown piece passed its
    checks, the reply sent starts with exactly what was shown (or the turn is withdrawn), a
    refused sentence is never shown nor sent, and watching changes nothing that is sent."""
    voice = ScriptedVoice(bad, end, bad_text)
    a, twin = agent(voice, seed=seed), agent(ScriptedVoice(bad, end, bad_text), seed=seed)
    for message in MESSAGES[:turns]:
        pieces: list[str] = []
        try:
            reply = a.respond(message, on_sentence=pieces.append)
        except ReplyWithdrawn as exc:  # the whole reply failed after part of it was shown
            assert exc.shown == "".join(pieces) and pieces
            assert len(a.session.turns) == len(twin.session.turns)
            return
        assert "".join(pieces) == reply.text
        early = reply.trace["display"]["early_sentences"]
        assert keeps_prefix(reply.text, "".join(pieces[:early]))
        for sentence in split_sentences(reply.text):
            assert sentence != bad_text
        assert bad_text not in "".join(pieces)
        if end != "keep" or bad:
            assert reply.trace["realiser"]["path"] in ("guard_fallback", "llm")
        unwatched = twin.respond(message)
        assert unwatched.text == reply.text


def test_a_turn_failing_after_partial_display_is_withdrawn_and_leaves_no_trace():
    a = agent(ScriptedVoice(end="raise"))
    before, tracker = a.to_json(), a.tracker.to_dict()
    pieces: list[str] = []
    with pytest.raises(ReplyWithdrawn) as caught:
        a.respond(MESSAGES[0], on_sentence=pieces.append)
    assert pieces and caught.value.shown == "".join(pieces)
    assert isinstance(caught.value.__cause__, RuntimeError)
    assert a.to_json() == before and a.tracker.to_dict() == tracker
    # Close negative: without on_sentence nothing was shown, so the turn's own error comes back.
    with pytest.raises(RuntimeError):
        a.respond(MESSAGES[0])
    a.realiser = ScriptedVoice()
    assert a.respond(MESSAGES[0]).text  # the same message can be sent again


def test_a_reply_whose_kept_prefix_fails_the_guard_is_withdrawn_not_replaced():
    guard = ArmedGuard()
    a = agent(ScriptedVoice(), guard=guard)
    guard.armed = True
    pieces: list[str] = []
    with pytest.raises(ReplyWithdrawn) as caught:
        a.respond(MESSAGES[1], on_sentence=pieces.append)
    assert isinstance(caught.value.__cause__, NegotiationError)
    assert caught.value.shown == "".join(pieces) and len(a.session.turns) == 1
    # Close negative: unwatched, the same failure is the turn's own NegotiationError.
    with pytest.raises(NegotiationError) as plain:
        a.respond(MESSAGES[1])
    assert not isinstance(plain.value, ReplyWithdrawn)


@pytest.mark.parametrize("fail_at", [0, 1, 2])
def test_on_sentence_raising_mid_stream_keeps_the_turn_and_says_so(fail_at):
    a = agent(ScriptedVoice())
    calls: list[str] = []
    tokens: list[str] = []

    def on_sentence(piece: str) -> None:
        calls.append(piece)
        if len(calls) > fail_at:
            raise OSError("the terminal went away")

    with pytest.raises(SentenceCallbackError) as caught:
        a.respond(MESSAGES[1], on_token=tokens.append, on_sentence=on_sentence)
    err = caught.value
    assert isinstance(err, TokenCallbackError) and isinstance(err.__cause__, OSError)
    assert len(calls) == fail_at + 1  # never called again after it raised
    assert len(a.session.turns) == 2 and a.last_reply().text == err.reply.text
    assert err.reply.text.startswith(calls[0])
    assert "".join(tokens) == err.reply.text  # on_token ran as documented, after commit


def test_the_opening_streams_too_and_its_trace_times_the_first_sentence():
    a = Negotiator(SCENARIO, policy="random", seed=3, sensor="lexicon")
    pieces: list[str] = []
    reply = a.open(on_sentence=pieces.append)
    assert "".join(pieces) == reply.text
    view = TraceView.of(reply.trace)
    assert view.first_shown_ms is not None and view.first_shown_ms >= 0
    check_shape("turn 0", reply.trace, answers=False)
    # An old save has no display entry: it reads as empty, never as an error.
    old = {k: v for k, v in reply.trace.items() if k != "display"}
    assert TraceView.of(old).first_shown_ms is None and TraceView.of(old).display == {}
    resumed = Negotiator.from_json(a.to_json())
    assert resumed.last_reply().text == reply.text


def test_a_saved_display_entry_of_the_wrong_shape_is_refused():
    from edge_agent.state.validate import SessionFormatError

    with pytest.raises(SessionFormatError):
        check_shape("turn 0", {"display": {"first_shown_ms": "soon"}}, answers=False)
    check_shape("turn 0", {"display": {"first_shown_ms": None, "early_sentences": 0,
                                       "held": []}}, answers=False)
