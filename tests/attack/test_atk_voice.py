"""Hostile probes of issue 20 (voice): early display through ``on_sentence`` and the
call-back wording. Each defect found is a test that failed on ``integ``; probes that held are
kept when cheap, as close negatives of the defects."""

from __future__ import annotations

import threading

import pytest

from edge_agent import Negotiator, Scenario, SentenceCallbackError
from edge_agent.errors import ConcurrentTurn
from edge_agent.read.questions import Ask, asks
from edge_agent.realise import Realisation

SCENARIO = Scenario(balance=4200.0, creditor_target_days=14, max_days=60)
CALLBACK_ANSWER = "I am not able to phone you"


class PlanVoice:
    """A replying realiser that speaks the plan slot by slot; ``bad`` replaces the first
    voiced slot, ``stream`` says whether it hands its pieces to ``on_token`` at all (a
    custom realiser need not stream)."""

    name = "probe"

    def __init__(self, bad: str | None = None, stream: bool = True) -> None:
        self.bad, self.stream = bad, stream

    def realise(self, decision, ctx, on_token=None):
        plan, texts, swapped = ctx.plan, {}, False
        for i, item in enumerate(plan.items):
            if not item.text:
                continue
            text = item.text
            if item.voiced and self.bad is not None and not swapped:
                text, swapped = self.bad, True
            texts[i] = text
            if on_token is not None and self.stream:
                on_token(text if len(texts) == 1 else " " + text)
        return Realisation(plan.with_texts(texts).text(), self.name, "llm", {})


def agent(realiser=None) -> Negotiator:
    a = Negotiator(SCENARIO, policy="random", seed=0, sensor="lexicon", realiser=realiser)
    a.open()
    return a


# -- early display: callbacks that misbehave --------------------------------------------------
def test_a_callback_re_entering_respond_commits_the_turn_once():
    """Held: the re-entrant call is refused (ConcurrentTurn, inside the callback) and the
    outer turn is committed once, its reply starting with what was shown."""
    a = agent(PlanVoice())
    shown: list[str] = []
    inner: list[BaseException] = []

    def cb(piece: str) -> None:
        shown.append(piece)
        try:
            a.respond("ok 30 days")
        except ConcurrentTurn as exc:
            inner.append(exc)
            raise

    with pytest.raises(SentenceCallbackError) as err:
        a.respond("Could I do 40 days?", on_sentence=cb)
    assert len(inner) == 1 and len(a.session.turns) == 2
    assert err.value.reply.text.startswith("".join(shown))
    assert a.respond("Could I do 30 days?").text  # the session goes on


def test_a_callback_waiting_on_another_thread_s_respond_does_not_deadlock():
    """Held: a second thread's respond during the callback is refused at once."""
    a = agent(PlanVoice())
    seen: list[str] = []

    def cb(piece: str) -> None:
        def other() -> None:
            try:
                a.respond("I can do 20 days")
            except ConcurrentTurn:
                seen.append("refused")
        t = threading.Thread(target=other)
        t.start()
        t.join(timeout=30)

    reply = a.respond("Could I do 40 days?", on_sentence=cb)
    assert seen and set(seen) == {"refused"} and len(a.session.turns) == 2 and reply.text


def test_a_store_failure_after_display_withdraws_the_reply_and_loses_nothing(tmp_path):
    """Held: the session row deleted under the negotiator, the commit fails after the whole
    reply was shown; ReplyWithdrawn carries it and the session in memory is unchanged."""
    from edge_agent import ReplyWithdrawn
    from edge_agent.state.store import SessionStore

    store = SessionStore(tmp_path / "s.db")
    a = Negotiator(SCENARIO, policy="random", seed=0, sensor="lexicon", store=store)
    a.open()
    store.delete(a.session_id)
    shown: list[str] = []
    with pytest.raises(ReplyWithdrawn) as err:
        a.respond("Could I do 40 days?", on_sentence=shown.append)
    assert err.value.shown == "".join(shown) and shown
    assert len(a.session.turns) == 1 and a.status == "open"


# -- the sentence checks do not depend on whether the realiser streamed -------------------------
# Sentences the faithfulness check refuses (the issue's own examples).
REFUSED = ("This is a legal notice.", "I believe in you.",
           "I'm not a banker, I just help people.")


@pytest.mark.parametrize("bad", REFUSED)
def test_a_refused_sentence_streamed_is_not_sent(bad):
    """Held: streamed through the gate, the refused sentence is replaced."""
    reply = agent(PlanVoice(bad, stream=True)).respond("Could I do 40 days?",
                                                      on_sentence=lambda p: None)
    assert bad not in reply.text


@pytest.mark.parametrize("bad", REFUSED)
@pytest.mark.parametrize("watching", [True, False])
def test_a_refused_sentence_not_streamed_is_not_sent_either(bad, watching):
    """The gate's own premise (display.py): the realiser is not trusted to say what is safe.
    A realiser that never calls ``on_token`` hands back the same sentence in its reply; the
    sentence checks never judge it, the whole-reply guard passes it, and it is sent (and
    shown by ``finish``)."""
    reply = agent(PlanVoice(bad, stream=False)).respond(
        "Could I do 40 days?", on_sentence=(lambda p: None) if watching else None)
    assert bad not in reply.text


# -- call-back requests: the trigger, its close negatives, other languages ----------------------
# (message, whether it asks to be phoned)
CALLBACKS = [
    ("Can you call me back tomorrow?", True),
    ("CAN YOU CALL ME BACK TOMORROW???", True),
    ("can u call me back", True),
    ("Call\u200b me back tomorrow", True),
    ("Call me back 📞", True),
    ("I would rather talk on the phone", True),
    ("Llámeme mañana", True),
    ("¿Me puede llamar mañana?", True),
    ("Rappelez-moi demain", True),
    ("Rufen Sie mich morgen an", True),
    # informal (tú / tu / du) forms and plain English ways to ask for a call
    ("Llámame mañana", True),
    ("Rappelle-moi demain", True),
    ("Ruf mich morgen an", True),
    ("Give me a call tomorrow.", True),
    ("Ring me back tomorrow.", True),
    ("Why don't you call me back tomorrow?", True),
    ("Call me in the morning.", True),
    # close negatives: negated, reported, or not about phoning
    ("Don't call me back.", False),
    ("Please do not ever call me back", False),
    ("Stop trying to call me back", False),
    ("I'd rather not talk on the phone.", False),
    ("No me llame mañana", False),
    ("Ne me rappelez pas", False),
    ("They call me Bob.", False),
    ("Call me crazy, but 30 days?", False),
    ("I don't want you to call me back.", False),
    ("No need to call me back.", False),
    ("I never asked you to call me back.", False),
    ("What do you call me in the letters?", False),
]


@pytest.mark.parametrize("message,requested", CALLBACKS)
def test_a_call_back_request_is_read_as_one_and_only_then(message, requested):
    assert (Ask.CALLBACK in asks(message)) is requested


@pytest.mark.parametrize("message", [m for m, r in CALLBACKS if not r and "call me back" in m])
def test_no_call_answer_to_a_debtor_who_said_not_to_call(message):
    """A supervisor strikes "I am not able to phone you" said to a debtor who has just said
    not to call: it answers a request that was never made."""
    assert CALLBACK_ANSWER not in agent().respond(message).text


# -- wording that contradicts the situation -------------------------------------------------------
UNCHANGED = ("Our offer remains", "The offer stands:", "As before, we are asking for",
             "Our position is unchanged:", "We are still asking for", "The terms are the same:")


@pytest.mark.parametrize("seed", range(8))
def test_a_moved_offer_is_never_called_unchanged(seed):
    """After a hardship the eq policy asks what the debtor can afford and moves 14 -> 15 days;
    the terms were worded "The terms are the same: 15 days" (the hold's leads). A supervisor
    strikes it: the offer did move."""
    a = Negotiator(SCENARIO, policy="eq", seed=seed, sensor="lexicon")
    a.open()
    before = a.respond("I lost my job and my wife is in hospital.").trace["offer"]
    reply = a.respond("I really can't pay 14 days, maybe 50?")
    if reply.trace["offer"] != before:
        assert not [lead for lead in UNCHANGED if lead in reply.text], reply.text


# -- the default model (skipped, as elsewhere, when llama-cpp-python or the model is missing) ----
def _llama_agent() -> Negotiator:
    import importlib.util

    if importlib.util.find_spec("llama_cpp") is None:
        pytest.skip("llama-cpp-python is not installed (make setup installs it)")
    from edge_agent.llm.models import ModelNotFound, resolve_model

    try:
        resolve_model("llama")
    except ModelNotFound as exc:
        pytest.skip(f"embedded model not installed: {exc}")
    a = Negotiator(SCENARIO, policy="eq", seed=1, sensor="lexicon", backend="llama")
    a.open()
    return a


# (message, the call-back answer is owed)
LLAMA_DIALOGUE = [
    ("I lost my job and my wife is in hospital.", False),
    ("I really can't pay 14 days, maybe 50?", False),
    ("Can you call me back tomorrow?", True),
    ("I don't want you to call me back, just write.", False),
    ("You people are vultures.", False),
    ("Llámame mañana por favor", True),
]


def test_the_model_s_dialogue_shows_a_prefix_and_fits_the_situation():
    a = _llama_agent()
    offer = 14
    for message, owed in LLAMA_DIALOGUE:
        shown: list[str] = []
        reply = a.respond(message, on_sentence=shown.append)
        assert "".join(shown) == reply.text
        phoned = "phone" in reply.text or "call you" in reply.text
        assert phoned is owed, (message, reply.text)
        if reply.trace["offer"] != offer:
            assert not [lead for lead in UNCHANGED if lead in reply.text], reply.text
        offer = reply.trace["offer"]


THANKS = ("Thank you for working with me on this, I appreciate it.",
          "I appreciate you talking this through with me.",
          "I am glad we are sorting this out together.")
# "Thanks for staying in touch with me about this." may follow a refusal (tests/plan/test_fit)


@pytest.mark.parametrize("policy", ["random", "fixed:joy", "eq"])
@pytest.mark.parametrize("seed", range(4))
@pytest.mark.parametrize("message", ["No.", "I refuse.", "Not paying.", "no no no"])
def test_no_thanks_for_cooperating_after_a_refusal(policy, seed, message):
    """"I refuse." was answered "Thank you for working with me on this, I appreciate it."
    (FIT banned cheer after a refusal, not thanks for working with us)."""
    a = Negotiator(SCENARIO, policy=policy, seed=seed, sensor="lexicon")
    a.open()
    for _ in range(3):
        if a.status != "open":
            break
        reply = a.respond(message)
        assert not [t for t in THANKS if t in reply.text], reply.text


@pytest.mark.xfail(strict=True, reason="FIT has no situation for a debtor who proposes the "
                   "offer's own terms ('Could I do 14 days?' against 14): the fear persona's "
                   "'I am worried this could get harder for you.' still fits ('worry' is banned "
                   "only on an accept/confirm decision, and the decision here is a counter at "
                   "the same days); needs a planner situation, beyond this attack's scope")
def test_no_worry_at_a_debtor_who_offers_our_own_terms():
    a = Negotiator(SCENARIO, policy="random", seed=0, sensor="lexicon")
    a.open()
    reply = a.respond("Could I do 14 days?")
    assert "I am worried this could get harder for you." not in reply.text, reply.text
