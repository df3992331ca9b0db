"""Saved state is trusted no more: every edited or malformed session is refused, and a
resume is exact for every decision parameter."""

import json
import sqlite3

import pytest

from edge_agent import Negotiator
from edge_agent.realise import TemplateRealiser
from edge_agent.state.session import Session, SessionFormatError
from edge_agent.state.store import SessionStore, StoreError
from edge_agent.state.validate import MAX_DOCUMENT_BYTES
from edge_agent.turn import context_planner
from edge_core import Decision, Scenario
from policies import ConcessionCurve, PayoffMatrix

SCRIPT = ["I need 150 days, I lost my job.", "That's impossible. 120 days?",
          "I'm really struggling. 90 days.", "Please, 80 days.", "OK, 70 days.",
          "65 days then.", "Fine, 62 days.", "61 days."]


@pytest.fixture
def saved(make_agent):
    agent = make_agent()
    agent.open()
    for line in SCRIPT[:3]:
        agent.respond(line)
    return json.loads(agent.to_json())


def _load(doc):
    return Negotiator.from_json(json.dumps(doc), sensor="lexicon")


def test_an_intact_session_loads(saved):
    assert _load(saved).status == "open"


def test_a_standing_offer_beyond_the_mandate_is_refused(saved):
    saved["turns"][-1]["decision"]["offer_days"] = 500  # mandate 60
    with pytest.raises(SessionFormatError, match="outside"):
        _load(saved)


def test_the_500_day_edit_cannot_be_agreed(make_agent, saved):
    saved["turns"][-1]["decision"]["offer_days"] = 500
    saved["turns"][-1]["reply"] = saved["turns"][-1]["reply"]
    with pytest.raises(SessionFormatError):
        _load(saved).respond("ok")


@pytest.mark.parametrize("edit, match", [
    (lambda d: d["turns"][-1]["decision"].update(agreed_days=30), "without an accept"),
    (lambda d: d["turns"][-1]["decision"].update(action="accept", agreed_days=40,
                                                offer_days=41), "agree to its own offer"),
    (lambda d: d["turns"][1]["decision"].update(action="accept", agreed_days=20,
                                               offer_days=20), "ends the dialogue"),
    (lambda d: d["turns"][-1]["decision"].update(offer_days="30"), "whole number"),
    (lambda d: d["turns"][-1]["decision"].update(offer_days=True), "whole number"),
    (lambda d: d["turns"][-1]["decision"].update(offer_days=0), "outside"),
    (lambda d: d["turns"][-1]["decision"].update(offer_days=12), "retracts"),
    (lambda d: d["turns"][-1]["decision"].update(persona="rage"), "persona"),
    (lambda d: d["turns"][-1]["decision"].update(action="explode"), "invalid"),
    (lambda d: d["turns"][0]["decision"].update(offer_days=50), "open at the target"),
    (lambda d: d["turns"][2].update(index=1), "indices"),
    (lambda d: d["turns"][2].update(index="2"), "indices"),
    (lambda d: d["turns"].reverse(), "indices"),
    (lambda d: d["turns"].insert(2, d["turns"][1]), "indices"),
    (lambda d: d["turns"][1].update(reading=[float("nan")] * 7), "finite"),
    (lambda d: d["turns"][1].update(reading=[0.5] * 7), "sum"),
    (lambda d: d["turns"][1].update(reading=[1.0]), "7 probabilities"),
    (lambda d: d["turns"][1].update(reading="angry"), "list"),
    (lambda d: d["turns"][1].update(debtor_text=None), "debtor_text"),
    (lambda d: d["turns"][1].update(debtor_text=42), "debtor_text"),
    (lambda d: d["turns"][1].update(move={"kind": "propose", "days": -3, "days_high": None,
                                                "rejected_days": None}), "outside"),
    (lambda d: d["turns"][1].update(move="propose"), "object"),
    (lambda d: d["turns"][1].update(reply=""), "reply"),
    (lambda d: d["turns"][1].update(trace=[1, 2]), "trace"),
    (lambda d: d["turns"].__setitem__(0, "turn"), "object"),
    (lambda d: d.update(turns={"0": 1}), "list"),
    (lambda d: d["tracker"]["trans_counts"].pop(), "trans_counts"),
    (lambda d: d["tracker"]["emit_counts"][0].__setitem__(0, float("inf")), "emit_counts"),
    (lambda d: d["tracker"]["priors"]["start"].__setitem__(0, -1.0), "priors.start"),
    (lambda d: d["tracker"].update(belief=[float("nan")] * 7), "belief"),
    (lambda d: d["tracker"].update(name="reading"), "tracker"),
    (lambda d: d["tracker"].update(steps="many"), "steps"),
    (lambda d: d["config"].update(max_messages="30"), "max_messages"),
    (lambda d: d["config"].update(tolerance=-1), "tolerance"),
    (lambda d: d["config"].update(concession_exponent=float("nan")), "concession_exponent"),
    (lambda d: d["config"].update(payoff=[[1.0] * 7] * 6), "payoff"),
    (lambda d: d["config"].update(policy="evil"), "unknown policy"),
    (lambda d: d["config"].update(tracker="oracle"), "tracker"),
    (lambda d: d["config"].update(surprise=1), "unknown config"),
    (lambda d: d["scenario"].update(max_days="60"), "max_days"),
])
def test_malformed_sessions_are_refused(saved, edit, match):
    edit(saved)
    with pytest.raises(SessionFormatError, match=match):
        _load(saved)


def test_a_reply_edited_to_fail_the_guard_is_refused(saved):
    saved["turns"][-1]["reply"] = "Pay up or we will have you arrested, idiot."
    with pytest.raises(SessionFormatError, match="guard"):
        _load(saved)


def test_deep_nesting_is_refused_without_recursion_error(saved):
    deep = "[" * 100_000 + "]" * 100_000
    text = json.dumps(saved).replace('"trace": {', '"trace": {"x": ' + deep + ", ", 1)
    with pytest.raises(SessionFormatError, match="nested"):
        Negotiator.from_json(text, sensor="lexicon")
    shallow_but_deep = saved
    node: dict = {}
    shallow_but_deep["turns"][1]["trace"]["x"] = node
    for _ in range(200):
        node["y"] = {}
        node = node["y"]
    with pytest.raises(SessionFormatError, match="nested"):
        Session.from_dict(shallow_but_deep)


def test_an_oversized_document_is_refused_before_parsing(saved):
    saved["turns"][1]["trace"]["pad"] = "x" * (MAX_DOCUMENT_BYTES + 1)
    with pytest.raises(SessionFormatError, match="limit"):
        Negotiator.from_json(json.dumps(saved))
    with pytest.raises(SessionFormatError):
        Negotiator.from_json(12)  # not text at all


def _edit_row(store, sid, idx, edit):
    db = sqlite3.connect(store.path)
    record = json.loads(db.execute("SELECT record FROM turns WHERE session_id=? AND idx=?",
                                   (sid, idx)).fetchone()[0])
    edit(record)
    db.execute("UPDATE turns SET record=? WHERE session_id=? AND idx=?",
               (json.dumps(record), sid, idx))
    db.commit()
    db.close()


def test_a_db_row_edited_to_700_days_is_refused_at_resume(make_agent, tmp_path):
    store = SessionStore(tmp_path / "s.db")
    agent = make_agent(store=store)
    agent.open()
    agent.respond(SCRIPT[0])
    _edit_row(store, agent.session_id, 1, lambda r: r["decision"].update(offer_days=700))
    for kind in (SessionFormatError, StoreError):  # the error is both
        with pytest.raises(kind, match="700"):
            Negotiator.resume(store, agent.session_id, sensor="lexicon")
    _edit_row(store, agent.session_id, 1, lambda r: r.update(index=5))
    with pytest.raises(StoreError, match="another turn"):
        store.load(agent.session_id)
    db = sqlite3.connect(store.path)
    db.execute("UPDATE turns SET record='{bad' WHERE session_id=?", (agent.session_id,))
    db.commit()
    db.close()
    with pytest.raises(StoreError, match="invalid JSON"):
        store.load(agent.session_id)
    store.close()


CUSTOM_PAYOFF = PayoffMatrix(tuple(
    tuple(float((r * 3 + c * 5) % 7) - 3.0 for c in range(7)) for r in range(7)))


@pytest.mark.parametrize("kw", [
    {"payoff": CUSTOM_PAYOFF},
    {"concession": ConcessionCurve(exponent=1.7, adaptive=True, distress_gain=2.0,
                                   hostility_brake=0.9, name="custom")},
    {"tolerance": 0, "max_messages": 40},
    {"eq_k": 2, "eq_n": 3, "payoff": CUSTOM_PAYOFF},
    {"concession": ConcessionCurve.preset("conceder")},
])
@pytest.mark.parametrize("policy", ["eq", "wsls", "payoff"])
def test_resume_is_exact_for_every_decision_parameter(make_agent, kw, policy):
    full = make_agent(policy=policy, **kw)
    decisions = [full.open().trace["decision"]]
    decisions += [full.respond(t).trace["decision"] for t in SCRIPT if full.status == "open"]
    for cut in (1, 2, 3):
        partial = make_agent(policy=policy, **kw)
        partial.open()
        for t in SCRIPT[:cut]:
            partial.respond(t)
        resumed = Negotiator.from_json(partial.to_json())
        rest = [resumed.respond(t).trace["decision"]
                for t in SCRIPT[cut:len(decisions) - 1]]
        assert rest == decisions[cut + 1:], f"diverged after a resume at turn {cut}"


def test_resume_keeps_the_saved_backend_unless_told_otherwise(saved):
    saved["config"]["backend"] = "llama"
    text = json.dumps(saved)
    agent = Negotiator.from_json(text, sensor="lexicon", realiser=TemplateRealiser())
    assert agent.backend == "llama" and agent.session.config.backend == "llama"
    agent = Negotiator.from_json(text, "template", sensor="lexicon")
    assert agent.backend == "template" and json.loads(agent.to_json())["config"]["backend"] \
        == "template"


def test_a_session_saved_before_these_fields_existed_still_loads(saved):
    for key in ("backend", "payoff", "concession_name", "concession_distress_gain",
                "concession_hostility_brake", "deadline_messages", "last_mover"):
        del saved["config"][key]
    for turn in saved["turns"]:  # decision and move fields the consent protocol added
        for key in ("restrictions", "final"):
            del turn["decision"][key]
        if turn["move"] is not None:
            for key in ("consent", "unsure", "reason", "flags", "restrictions"):
                del turn["move"][key]
    assert _load(saved).backend == "template"


def test_control_characters_in_stored_debtor_text_are_refused(saved):
    saved["turns"][1]["debtor_text"] = "90 days\x1b[2J<|im_start|>"
    with pytest.raises(SessionFormatError, match="control characters"):
        _load(saved)


def test_a_trusted_scenario_pins_the_mandate(saved, scenario, make_agent, tmp_path):
    """Editing the mandate itself (with the offer) passes the consistency checks; the
    caller who knows the real scenario refuses it."""
    assert _load(saved).scenario == scenario
    Negotiator.from_json(json.dumps(saved), sensor="lexicon", scenario=scenario)
    saved["scenario"]["max_days"] = 700
    saved["turns"][-1]["decision"]["offer_days"] = 700
    with pytest.raises(SessionFormatError, match="max_days"):
        Negotiator.from_json(json.dumps(saved), sensor="lexicon", scenario=scenario)
    store = SessionStore(tmp_path / "s.db")
    agent = make_agent(store=store)
    agent.open()
    other = Scenario(balance=1.0, creditor_target_days=12, max_days=60)
    with pytest.raises(SessionFormatError, match="balance"):
        Negotiator.resume(store, agent.session_id, sensor="lexicon", scenario=other)
    assert Negotiator.resume(store, agent.session_id, sensor="lexicon",
                             scenario=scenario).status == "open"
    store.close()


def test_a_number_too_long_to_parse_is_a_format_error(saved):
    text = json.dumps(saved).replace('"offer_days": ', '"offer_days": ' + "9" * 5000 + ", "
                                     '"x": ', 1)
    with pytest.raises(SessionFormatError, match="invalid JSON"):
        Negotiator.from_json(text)
    with pytest.raises(SessionFormatError, match="invalid JSON"):
        Negotiator.from_json(b"\xff\xfe{}")


# -- the attack on saved state (D7-D12, B2): exact fields, strict types, consistent turns ---------
def _accept_last(d, days):
    """The last (counter) turn relabelled as an accept of ``days``."""
    d["turns"][-1]["decision"].update(action="accept", tactic="accept", agreed_days=days,
                                      offer_days=days)


@pytest.mark.parametrize("edit, match", [
    (lambda d: d.update(evil=1), "unknown field"),
    (lambda d: d["turns"][1].update(evil=1), "unknown field"),
    (lambda d: d["turns"][1]["decision"].update(evil=1), "unknown field"),
    (lambda d: d["turns"][1]["move"].update(evil=1), "unknown field"),
    (lambda d: d["tracker"].update(evil=1), "unknown field"),
    (lambda d: d["tracker"]["priors"].update(evil=1), "unknown field"),
    (lambda d: d["config"].pop("tolerance"), "missing config field"),
    (lambda d: d["config"].pop("backend"), "missing config field"),
    (lambda d: d["turns"][1]["decision"].pop("mode"), "missing field"),
    (lambda d: d["turns"][1]["decision"].pop("instructed"), "missing field"),
    (lambda d: d["turns"][1].pop("trace"), "missing field"),
    (lambda d: d["turns"][1]["move"].pop("days_high"), "missing field"),
    (lambda d: d.pop("tracker"), "missing field"),
    (lambda d: d.update(tracker=None), "tracker state"),
    (lambda d: d["tracker"].pop("steps"), "missing field"),
    (lambda d: d.update(format=True), "format"),
    (lambda d: d.update(format=1.0), "format"),
    (lambda d: d["scenario"].update(days_overdue="lots"), "days_overdue"),
    (lambda d: d["scenario"].update(days_overdue=-5), "days_overdue"),
    (lambda d: d["scenario"].update(debtor_target_days=[1]), "debtor_target_days"),
    (lambda d: d["scenario"].update(details=[1, 2]), "details"),
    (lambda d: d["scenario"].update(details={"a": 5}), "details"),
    (lambda d: d["scenario"].update(lawful_actions={"seizure": 1}), "lawful_actions"),
    (lambda d: d["scenario"].update(balance=True), "balance"),
    (lambda d: d["turns"][1]["decision"].update(reason=[["k", 4]]), "reason"),
    (lambda d: d["tracker"].update(steps=10**4000), "steps"),
    (lambda d: d["scenario"].update(balance=10**400), "balance"),
    (lambda d: d["turns"][1].update(debtor_text="I need 90 days. " * 200), "over 2000"),
    (lambda d: d["config"].update(concession_exponent=10**400), "concession_exponent"),
    (lambda d: d["config"].update(payoff=[[10**400] * 7] * 7), "payoff"),
    (lambda d: d["turns"][1].update(reading=[10**400] + [0] * 6), "probabilities"),
    (lambda d: d["tracker"]["start_counts"].__setitem__(0, 10**400), "start_counts"),
    (lambda d: d["turns"][1]["trace"].update(guard=[1]), "trace.guard"),
    (lambda d: d["turns"][1]["trace"]["guard"].update(violations=5), "trace.guard"),
    (lambda d: d["turns"][1]["trace"]["realiser"].update(stats="fast"), "trace.realiser"),
    (lambda d: d["turns"][1]["trace"].update(timings={"policy_ms": "slow"}), "timings"),
    (lambda d: d["turns"][1]["trace"].update(belief={}), "trace.belief"),
    (lambda d: d["turns"][1]["trace"]["predicted_next"].update(joy="x"), "predicted_next"),
    (lambda d: d["turns"][1]["decision"]["reason"].update(scores={"joy": "x"}), "scores"),
    (lambda d: d["config"].update(eq_k=9, eq_n=5), "eq_k"),
    (lambda d: d["turns"][-1]["decision"].update(tactic="crisis"), "tactic"),
    (lambda d: d["turns"][-1]["decision"].update(action="accept", agreed_days=d["turns"][-1][
        "decision"]["offer_days"]), "tactic"),
    (lambda d: _accept_last(d, d["turns"][-2]["decision"]["offer_days"]), "no such figure"),
    (lambda d: d["turns"][-1].update(reply=d["turns"][-1]["reply"] + "\x1b]0;t\x07\x1b[2J"),
     "reply holds control characters"),
])
def test_every_field_exactly_and_strictly(saved, edit, match):
    edit(saved)
    with pytest.raises(SessionFormatError, match=match):
        Negotiator.from_json(json.dumps(saved), sensor="lexicon")


def test_an_accept_agrees_to_what_the_debtor_proposed(saved):
    """The relabelled counter (D10) is refused above; a real acceptance of the days the
    debtor proposed in that message still loads."""
    proposed = saved["turns"][-1]["move"]["days"]
    assert proposed == 90
    saved["scenario"]["max_days"] = 90  # inside the mandate
    _accept_last(saved, proposed)
    last = saved["turns"][-1]
    last["reply"] = TemplateRealiser(context_planner()).phrase(Decision.from_dict(last["decision"]),
                                              Scenario.from_dict(saved["scenario"]), seed=0,
                                              turn=last["index"])
    agent = Negotiator.from_json(json.dumps(saved), sensor="lexicon")
    assert agent.status == "agreed" and agent.session.agreed_days == 90


def test_repeated_keys_are_refused(saved):
    text = json.dumps(saved).replace('"format": 1', '"format": 1, "format": 1', 1)
    with pytest.raises(SessionFormatError, match="twice"):
        Negotiator.from_json(text, sensor="lexicon")


@pytest.mark.parametrize("backend", ["/etc/passwd", "./model.gguf", "llama:no-such-model"])
def test_a_saved_backend_is_never_a_path(saved, backend):
    saved["config"]["backend"] = backend
    with pytest.raises(SessionFormatError, match="saved backend"):
        Negotiator.from_json(json.dumps(saved), sensor="lexicon")
    agent = Negotiator.from_json(json.dumps(saved), "template", sensor="lexicon")
    assert agent.backend == "template"  # the caller's explicit choice is honoured


def test_the_trace_shown_is_rebuilt_from_the_validated_turn(saved):
    """A tampered trace never reaches a display: decision, offer, policy, move and the
    sensor reading come from the checked record; a malformed entry is dropped."""
    real = saved["turns"][-1]["decision"]["offer_days"]
    trace = saved["turns"][-1]["trace"]
    trace.update(offer=500, decision={**trace["decision"], "action": "accept",
                                      "offer_days": 500, "agreed_days": 500},
                 sensor="oops", policy={"mode": "evil"}, extra=[1])
    agent = Negotiator.from_json(json.dumps(saved), sensor="lexicon")
    shown = agent.last_reply().trace
    assert shown["offer"] == real and shown["decision"]["action"] == "counter"
    assert shown["decision"]["offer_days"] == real and "extra" not in shown
    assert shown["sensor"]["top"] in shown["sensor"]["probs"]
    assert shown["policy"]["mode"] == agent.session.turns[-1].decision.mode
    from edge_agent.tui.export import to_json, to_markdown  # used to crash on sensor="oops"

    assert to_json(agent) and "500" not in to_markdown(agent)


def test_an_untampered_trace_round_trips_unchanged(make_agent):
    agent = make_agent()
    agent.open()
    for line in SCRIPT[:3]:
        agent.respond(line)
    text = agent.to_json()
    assert Negotiator.from_json(text, sensor="lexicon").to_json() == text


def test_control_characters_in_a_trace_are_neutralised_not_refused(saved):
    """A rejected LLM draft is kept in the trace as the model wrote it; a genuine session
    is never refused for it, and no escape sequence reaches a display."""
    saved["turns"][1]["trace"]["realiser"]["rejected"] = [
        {"attempt": 0, "text": "Sure\x1b]0;title\x07\x1b[2J", "problems": ["days_missing"]}]
    agent = Negotiator.from_json(json.dumps(saved), sensor="lexicon")
    [draft] = agent.session.turns[1].trace["realiser"]["rejected"]
    assert "\x1b" not in draft["text"] and "\x07" not in draft["text"]
    assert draft["text"].startswith("Sure\ufffd")


def test_a_realiser_s_control_characters_never_reach_a_reply(make_agent):
    """What the negotiator sends (and so stores) has no ESC/BEL/CR: the resume check that
    refuses them in a stored reply can never refuse a genuine session."""

    class Noisy(TemplateRealiser):
        def realise(self, decision, ctx, on_token=None):
            out = super().realise(decision, ctx, on_token)
            out.text = "\x1b]0;x\x07" + out.text + "\r\x9b2J\u202e"
            return out

    agent = make_agent(realiser=Noisy())
    texts = [agent.open().text, agent.respond("I need 90 days").text]
    assert all(ch.isprintable() or ch in "\n\t" for text in texts for ch in text)
    assert Negotiator.from_json(agent.to_json(), sensor="lexicon").status == "open"


def test_every_tactic_the_policies_can_decide_is_one_a_restored_session_may_hold():
    """A tactic missing from the restore check's table makes a session the agent itself
    saved unloadable (ask_afford, a counter tactic since the afford question, was: a debtor
    who wrote "I have nothing left. I skip meals." could not be resumed)."""
    from edge_agent.state.validate import _TACTICS
    from edge_core.decision import Tactic

    assert set(Tactic) == set().union(*_TACTICS.values())


def test_a_session_that_asked_what_the_debtor_can_afford_resumes():
    from edge_agent import Negotiator
    from tests.helpers import SCENARIO

    agent = Negotiator(SCENARIO, backend="template", seed=0, sensor="lexicon")
    agent.open()
    reply = agent.respond("I have nothing left. I skip meals.")
    assert reply.trace["decision"]["tactic"] == "ask_afford"
    resumed = Negotiator.from_json(agent.to_json())
    assert resumed.respond("ok, 20 days?").offer_days is not None
