"""Debtor simulators: text matches the structured move; each persona's tactics show."""

from __future__ import annotations

import pytest

from edge_agent.parsing import parse_move
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


@pytest.mark.parametrize("persona", PERSONAS)
def test_text_parses_to_the_structured_move(persona):
    for sc in SCENARIOS:
        for seed in range(3):
            debtor = RuleDebtor(sc, persona, seed=seed, key=sc.scenario_id)
            offer = sc.creditor_target_days
            for t in range(14):
                turn = debtor.respond(CreditorMessage("x", EMOS[(t + seed) % 7], offer), t / 14)
                move = parse_move(turn.text)
                if turn.accept:
                    assert move.kind == MoveKind.ACCEPT, turn.text
                elif turn.days is not None:
                    assert (move.kind, move.days) == (MoveKind.PROPOSE, turn.days), turn.text
                else:
                    assert move.kind != MoveKind.ACCEPT and move.days is None, turn.text
                if turn.accept or turn.leave:
                    break
                offer = min(sc.max_days, offer + 3)


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
