"""Debtor simulators: text matches the structured move; each persona's tactics show."""

from __future__ import annotations

import pytest

from edge_agent.read import read
from edge_agent.sense import make_sensor
from edge_core import MoveKind, Scenario
from sims import PERSONAS, CreditorMessage, PolicySpec, RuleDebtor, run_dialogue
from sims.response import ResponseParams, Traits, concession_multiplier, update_affect

SCENARIOS = [
    Scenario(
        balance=15700.0,
        creditor_target_days=12,
        max_days=60,
        debtor_target_days=159,
        cash_flow_situation="Temporary Disruption",
        scenario_id="s1",
        reason_for_overdue="Supply chain disruption",
    ),
    Scenario(
        balance=9000.0,
        creditor_target_days=14,
        max_days=70,
        debtor_target_days=71,
        cash_flow_situation="Chronic Shortage",
        scenario_id="s2",
    ),
]
EMOS = ("anger", "neutral", "joy", "sadness", "disgust", "fear", "surprise")


def _play(persona: str, policy: str = "vanilla", seeds=(0, 1)) -> list[dict]:
    sensor = make_sensor("lexicon")
    out = []
    for sc in SCENARIOS:
        for seed in seeds:
            debtor = RuleDebtor(sc, persona, seed=seed, key=sc.scenario_id)
            out.append(run_dialogue(sc, debtor, PolicySpec.parse(policy), seed=seed, sensor=sensor))
    return out


def _debtor_msgs(records):
    return [m for r in records for m in r["messages"] if m["role"] == "debtor"]


_ANSWER = "My answer is still {} days."
_FEAR = "I'm scared about what happens to my business if this goes wrong. "
MISREAD_BY_THE_AGENT = {
    # Issue 19: the legacy parser read all of these as the debtor meant them. The agent's own
    # reader, which the simulator now measures with, does not: "answer" is one of its
    # other-topic cues ("I'll answer in 2 days"), and an "if" anywhere voids an acceptance.
    # text: (our standing offer, what the debtor meant: kind, days)
    "I will not keep going back and forth, decide today. This is ridiculous and I am fed up "
    "with these demands. " + _ANSWER.format(159): (12, MoveKind.PROPOSE, 159),
    "I'm sick of being hounded over this. " + _ANSWER.format(82): (12, MoveKind.PROPOSE, 82),
    "I need an answer right now or I walk. I am angry about how this account is being "
    "handled. " + _ANSWER.format(71): (12, MoveKind.PROPOSE, 71),
    _FEAR + _ANSWER.format(40): (12, MoveKind.PROPOSE, 40),
    _FEAR + "I can live with that, 39 days is agreed.": (39, MoveKind.ACCEPT, 39),
    _FEAR + "OK, 32 days works for me. Deal.": (32, MoveKind.ACCEPT, 32),
    "I can't sleep, I'm so worried about this debt. I can live with that, 41 days is "
    "agreed.": (41, MoveKind.ACCEPT, 41),
}
"""Rules-debtor messages the agent's reader misreads: listed, so a new misreading (or a fixed
one) fails a test instead of passing unseen."""


@pytest.mark.parametrize("text", sorted(MISREAD_BY_THE_AGENT))
def test_the_known_misreadings_are_still_misread(text):
    standing, kind, days = MISREAD_BY_THE_AGENT[text]
    move = read(text, standing, balance=15700.0)
    assert (move.kind, move.days) != (kind, days), "fixed: remove it from MISREAD_BY_THE_AGENT"


@pytest.mark.parametrize("persona", PERSONAS)
def test_text_parses_to_the_structured_move(persona):
    misread = set()
    for sc in SCENARIOS:
        for seed in range(3):
            debtor = RuleDebtor(sc, persona, seed=seed, key=sc.scenario_id)
            offer = sc.creditor_target_days
            for t in range(14):
                turn = debtor.respond(CreditorMessage("x", EMOS[(t + seed) % 7], offer), t / 14)
                # Read as the agent reads it: our offer standing, the balance known.
                move = read(turn.text, offer, balance=sc.balance)
                if turn.accept:
                    ok = move.kind == MoveKind.ACCEPT
                elif turn.days is not None:
                    ok = (move.kind, move.days) == (MoveKind.PROPOSE, turn.days)
                else:
                    ok = move.kind != MoveKind.ACCEPT and move.days is None
                if not ok:
                    misread.add(turn.text)
                if turn.accept or turn.leave:
                    break
                offer = min(sc.max_days, offer + 3)
    assert misread <= MISREAD_BY_THE_AGENT.keys(), misread - MISREAD_BY_THE_AGENT.keys()
    if persona not in ("fear", "pressure"):
        assert not misread


@pytest.mark.parametrize("persona", PERSONAS)
def test_hidden_reservation_at_or_below_stated_and_proposals_never_below_it(persona):
    for rec in _play(persona, seeds=(0,)):
        hidden = rec["hidden"]
        assert hidden["reservation"] <= hidden["stated_days"]
        days = [
            m["days"]
            for m in rec["messages"]
            if m["role"] == "debtor" and m["days"] is not None and not m.get("post_agreement")
        ]
        assert all(d >= hidden["reservation"] for d in days)
        assert days == sorted(days, reverse=True)  # never retracts a concession


def _tactics(records) -> set[str]:
    return {t for m in _debtor_msgs(records) for t in m["tactics"]}


def test_cheating_overstates_and_makes_false_claims_and_reopens():
    records = _play("cheating", seeds=(0, 1, 2))
    assert {"false_promise", "false_payment"} & _tactics(records)
    for rec, sc in zip(records, [s for s in SCENARIOS for _ in range(3)], strict=True):
        assert rec["hidden"]["stated_days"] > sc.debtor_target_days  # overstated need
    reopen = [m for m in _debtor_msgs(records) if m.get("post_agreement")]
    assert reopen and all(m["reopen_refused"] for m in reopen)


def test_threatening_threatens_and_caving_emboldens_it():
    records = _play("threatening")
    texts = " ".join(m["text"] for m in _debtor_msgs(records)).lower()
    assert "threat" in _tactics(records)
    assert any(
        w in texts for w in ("lawyer", "attorney", "complaint", "social media", "bankruptcy")
    )
    sc = SCENARIOS[0]

    def after_threat(jump: int) -> RuleDebtor:
        d = RuleDebtor(sc, "threatening", seed=0, key="s1")
        d.respond(CreditorMessage("x", "neutral", 12), 0.0)
        d.threatened_last, d.last_concession = True, 1
        d.respond(CreditorMessage("x", "neutral", 12 + jump), 0.1)
        return d

    assert after_threat(10).caved == 1 and after_threat(0).resisted == 1


def test_victim_guilt_trips_and_firmness_escalates_distress():
    assert "guilt" in _tactics(_play("victim"))
    firm = RuleDebtor(SCENARIOS[0], "victim", key="s1")
    kind = RuleDebtor(SCENARIOS[0], "victim", key="s1")
    for t in range(4):
        firm.respond(CreditorMessage("x", "anger", 12), t / 10)
        kind.respond(CreditorMessage("x", "sadness", 12 + 3 * t), t / 10)
    assert firm.affect["sadness"] > kind.affect["sadness"]
    assert firm.aspiration > kind.aspiration  # conceded less under firmness


def test_stonewalling_gives_minimal_answers_and_ignores_offers():
    msgs = _debtor_msgs(_play("stonewalling"))
    assert any(m["intent"] == "no_offer" for m in msgs)
    assert {"minimal", "delay"} & _tactics(_play("stonewalling"))
    others = _debtor_msgs(_play("vanilla"))
    mean = lambda ms: sum(len(m["text"]) for m in ms) / len(ms)  # noqa: E731
    assert mean(msgs) < mean(others)


def test_pressure_uses_ultimatums_and_holds():
    msgs = _debtor_msgs(_play("pressure"))
    assert "ultimatum" in {t for m in msgs for t in m["tactics"]}
    assert any(m["intent"] == "hold" for m in msgs)


@pytest.mark.parametrize(
    "persona,emotion",
    [("angry", "anger"), ("sad", "sadness"), ("fear", "fear"), ("disgust", "disgust")],
)
def test_emotional_personas_express_their_emotion(persona, emotion):
    msgs = _debtor_msgs(_play(persona, policy="fixed:neutral"))
    share = sum(m["emotion"] == emotion for m in msgs) / len(msgs)
    assert share > 0.5


def test_response_model_directions_follow_the_sources():
    p = ResponseParams()
    low = Traits({}, 0.5, 0.3, False, power=0.0)
    high = Traits({}, 0.5, 0.3, False, power=1.0)
    calm = {k: 0.0 for k in ("anger", "disgust", "fear", "joy", "sadness", "surprise")}
    m = lambda tr, d: concession_multiplier(calm, tr, d, 0.0, p)  # noqa: E731
    assert m(low, "anger") > m(low, "neutral") > m(low, "joy")  # Van Kleef et al. 2004
    assert m(high, "anger") == pytest.approx(m(high, "neutral"))  # Sinaceur & Tiedens 2006
    assert update_affect(calm, low, "anger", p)["anger"] > 0  # reciprocity
    assert update_affect(calm, low, "joy", p)["joy"] > 0  # contagion
    assert ResponseParams.from_dict(p.to_dict()) == p
