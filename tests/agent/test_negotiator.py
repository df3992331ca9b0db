"""The negotiator end to end: the public contract, scripted dialogues, determinism, resume."""

import json

import pytest

from edge_agent import (
    EMOTIONS,
    EmotionSensor,
    InvalidMessage,
    NegotiationError,
    Negotiator,
    Scenario,
    SessionClosed,
)
from edge_agent.state.session import SessionFormatError

CONCEDING = ["I need 150 days, I lost my job.", "That's impossible. 120 days?",
             "I'm really struggling. 90 days.", "Please, 60 days.", "OK, 45 days.",
             "35 days then.", "Fine, 28 days.", "25 days.", "22 days.", "20 days.", "18 days."]
STUBBORN = ["I need 150 days."] * 20


def _run(agent, script, confirm=True):
    """Play ``script``; with ``confirm``, a debtor who meant it says yes to restated terms."""
    replies = [agent.open()]
    for text in script:
        if replies[-1].status not in ("open", "awaiting_confirmation"):
            break
        replies.append(agent.respond(text))
        if confirm and replies[-1].status == "awaiting_confirmation":
            replies.append(agent.respond("Yes, I agree."))
            break
    return replies


def test_public_contract_example():
    agent = Negotiator(Scenario(balance=15700.0, creditor_target_days=12, max_days=60),
                       policy="eq", backend="template", seed=0)
    reply = agent.open()
    reply = agent.respond("I need 150 days, I lost my job.")
    assert isinstance(reply.text, str) and reply.text
    assert reply.emotion in EMOTIONS
    assert isinstance(reply.offer_days, int) and 12 <= reply.offer_days <= 60
    assert reply.status == "open" and reply.agreed_days is None
    trace = json.loads(json.dumps(reply.trace))
    for key in ("sensor", "belief", "policy", "offer", "guard", "timings"):
        assert key in trace
    assert trace["policy"]["mode"].startswith("eq:")
    assert set(trace["timings"]) >= {"parse_ms", "sensor_ms", "tracker_ms", "policy_ms",
                                     "realiser_ms", "guard_ms"}
    agent2 = Negotiator.from_json(agent.to_json(), backend="template")
    assert agent2.respond("90 days?").text == agent.respond("90 days?").text
    probs = EmotionSensor.default().probs("text")
    assert list(probs) == list(EMOTIONS) and abs(sum(probs.values()) - 1) < 1e-6


@pytest.mark.parametrize("policy", ["eq", "payoff", "wsls", "hmm", "vanilla", "random",
                                    "fixed:sadness"])
def test_conceding_debtor_reaches_agreement(make_agent, policy):
    replies = _run(make_agent(policy), CONCEDING)
    final = replies[-1]
    assert final.status == "agreed"
    assert final.agreed_days is not None and 12 <= final.agreed_days <= 60
    assert f"{final.agreed_days} days" in final.text


def test_stubborn_debtor_fails_after_the_message_limit(make_agent):
    agent = make_agent()
    replies = _run(agent, STUBBORN)
    assert replies[-1].status == "failed" and replies[-1].offer_days is None
    assert agent.session.messages_used == 31  # 30 negotiation messages, then the close
    assert all(r.offer_days is None or r.offer_days <= 60 for r in replies)
    offers = [r.offer_days for r in replies if r.offer_days]
    assert offers == sorted(offers)  # never retracts
    with pytest.raises(SessionClosed):
        agent.respond("ok fine, deal")


def test_message_limit_is_configurable(make_agent):
    replies = _run(make_agent(max_messages=6), STUBBORN)
    assert replies[-1].status == "failed" and len(replies) == 4
    assert replies[-2].offer_days is not None


def test_accepting_the_standing_offer(make_agent):
    agent = make_agent()
    agent.open()
    reply = agent.respond("deal")  # a yes to the standing offer is restated first
    assert (reply.status, reply.offer_days, reply.agreed_days) == ("awaiting_confirmation", 12,
                                                                   None)
    assert "To confirm: the $15,700.00 balance repaid within 12 days." in reply.text
    reply = agent.respond("yes")
    assert (reply.status, reply.agreed_days) == ("agreed", 12)


def test_same_seed_same_dialogue_different_seed_differs(make_agent):
    texts = lambda seed: [r.text for r in _run(make_agent("random", seed), CONCEDING)]  # noqa: E731
    assert texts(7) == texts(7)
    assert texts(7) != texts(8)


@pytest.mark.parametrize("cut", [1, 3, 5])
def test_resume_continues_exactly(make_agent, cut):
    original = make_agent("eq", 3)
    full = _run(original, CONCEDING, confirm=False)
    partial = make_agent("eq", 3)
    _run(partial, CONCEDING[:cut], confirm=False)
    resumed = Negotiator.from_json(partial.to_json(), backend="template")
    rest = [resumed.respond(t) for t in CONCEDING[cut:len(full) - 1]]
    assert [r.text for r in rest] == [r.text for r in full[cut + 1:]]
    assert [r.trace["belief"] for r in rest] == [r.trace["belief"] for r in full[cut + 1:]]
    assert resumed.to_json() != partial.to_json()


def test_bad_input_is_refused_and_loses_nothing(make_agent):
    agent = make_agent()
    agent.open()
    before = agent.to_json()
    for bad in ["", "   \n\t", "x" * 5000, None, b"bytes"]:
        with pytest.raises(InvalidMessage):
            agent.respond(bad)
    assert agent.to_json() == before
    assert agent.respond("🙂 ok, 12 days").status == "awaiting_confirmation"
    assert agent.respond("yes 🙂").status == "agreed"


def test_lifecycle_errors(make_agent):
    agent = make_agent()
    with pytest.raises(NegotiationError, match="open"):
        agent.respond("hello")
    agent.open()
    with pytest.raises(NegotiationError, match="already open"):
        agent.open()
    with pytest.raises(SessionFormatError):
        Negotiator.from_json("{not json")
    with pytest.raises(SessionFormatError):
        Negotiator.from_json('{"format": 99}')


def test_streaming_callback_receives_the_reply(make_agent):
    agent = make_agent()
    pieces = []
    reply = agent.open(on_token=pieces.append)
    assert "".join(pieces) == reply.text


def test_guard_replaces_a_failing_realiser(make_agent):
    class Rude:
        name = "rude"

        def realise(self, decision, ctx, on_token=None):
            from edge_agent.realise import Realisation
            return Realisation("Pay up, you deadbeat, or we sue.", "rude", "llm")

    agent = make_agent(realiser=Rude())
    reply = agent.open()
    assert "deadbeat" not in reply.text and "attempt to collect a debt" in reply.text
    assert reply.trace["guard"]["replaced"] and not reply.trace["guard"]["ok"]
    assert reply.trace["realiser"]["path"] == "guard_fallback"


def test_tracker_learning_carries_across_dialogues(make_agent):
    from edge_agent.track.trackers import OnlineHMMTracker

    shared = OnlineHMMTracker()
    for seed in range(3):
        _run(make_agent(seed=seed, tracker=shared), CONCEDING)
    assert shared.trans_counts.sum() > 10


def test_reading_tracker_variant(make_agent):
    replies = _run(make_agent(tracker="reading"), CONCEDING)
    assert replies[-1].status == "agreed"


def test_a_failing_realiser_leaves_the_session_and_tracker_unchanged(make_agent):
    class Broken:
        name = "broken"

        def realise(self, decision, ctx, on_token=None):
            if ctx.turn > 0:
                raise RuntimeError("model crashed")
            from edge_agent.realise import TemplateRealiser
            return TemplateRealiser().realise(decision, ctx, on_token)

    agent = make_agent(realiser=Broken())
    agent.open()
    before = agent.to_json()
    with pytest.raises(RuntimeError, match="model crashed"):
        agent.respond("I am furious, 150 days!")
    assert agent.to_json() == before
    assert agent.tracker.to_dict() == json.loads(before)["tracker"]
