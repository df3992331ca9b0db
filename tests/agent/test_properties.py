"""Property-based tests: the parser, the HMM and the policies under any input."""

import math

import numpy as np
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from edge_agent import InvalidMessage, Negotiator
from edge_agent.read import read
from edge_agent.text.durations import find_durations
from edge_agent.track.trackers import OnlineHMMTracker
from edge_core import EMOTIONS, Action, DebtorMove, Exchange, MoveKind, NegotiationView, Scenario
from policies import CreditorStrategy, make_persona_policy
from tests.redteam import problems

FAST = settings(max_examples=150, deadline=None,
                suppress_health_check=[HealthCheck.function_scoped_fixture])


@FAST
@given(st.text(max_size=300))
def test_parser_never_raises_and_days_are_sane(text):
    move = read(text)
    assert isinstance(move.kind, MoveKind)
    for days in (move.days, move.days_high, move.rejected_days):
        assert days is None or 1 <= days <= 3650


@FAST
@given(st.integers(1, 999), st.sampled_from(["days", "day", "weeks", "months"]),
       st.sampled_from(["I can do {}", "{} please", "how about {}?", "maybe {} then"]))
def test_stated_durations_are_read_exactly(n, unit, frame):
    per = {"day": 1, "days": 1, "weeks": 7, "months": 30}[unit]
    text = frame.format(f"{n} {unit}")
    if n * per > 3650:  # beyond ten years is not a timeline anyone negotiates: ignored
        assert not any(d.valid for d in find_durations(text)) and read(text).days is None
        return
    [found] = find_durations(text)
    assert (found.low, found.high, found.exact) == (n * per, n * per, True)
    assert read(text).days == n * per


readings = st.lists(st.floats(0, 1e6, allow_nan=False), min_size=7, max_size=7).filter(
    lambda v: sum(v) > 0)


@FAST
@given(st.lists(st.tuples(readings, st.sampled_from([None, *EMOTIONS])), min_size=1,
                max_size=40))
def test_hmm_probabilities_stay_valid_under_any_evidence(steps):
    tracker = OnlineHMMTracker()
    for reading, persona in steps:
        step = tracker.update(reading, persona)
        for dist in (step.belief, *step.predicted.values()):
            assert all(math.isfinite(p) and p >= 0 for p in dist)
            assert abs(sum(dist) - 1) < 1e-9
    for matrix in (tracker.emissionprob, tracker.transmat("anger"), tracker.transmat(None)):
        assert np.all(np.isfinite(matrix)) and np.allclose(matrix.sum(axis=1), 1)


moves = st.builds(
    DebtorMove,
    kind=st.sampled_from(list(MoveKind)),
    days=st.one_of(st.none(), st.integers(1, 3650)),
)
exchanges = st.builds(
    Exchange,
    creditor_persona=st.sampled_from(EMOTIONS),
    creditor_offer=st.integers(5, 100),
    debtor_move=moves,
    debtor_probs=readings.map(lambda v: tuple(np.asarray(v) / sum(v))),
)


@st.composite
def views(draw):
    target = draw(st.integers(1, 60))
    scenario = Scenario(balance=draw(st.floats(1, 1e7)), creditor_target_days=target,
                        max_days=draw(st.integers(target, 400)))
    history = tuple(draw(st.lists(exchanges, min_size=1, max_size=14)))
    standing = draw(st.integers(target, scenario.max_days))
    return NegotiationView(
        scenario=scenario, exchanges=history, messages_used=draw(st.integers(2, 40)),
        max_messages=30, standing_offer=standing,
        belief=history[-1].debtor_probs,
        predicted={c: history[-1].debtor_probs for c in EMOTIONS},
        vulnerabilities=frozenset(draw(st.sets(st.sampled_from(
            ["job_loss", "illness", "crisis"])))),
    )


@FAST
@given(views(), st.sampled_from(["eq", "payoff", "wsls", "hmm", "vanilla", "random",
                                 "fixed:disgust"]), st.integers(0, 2**32 - 1))
def test_policies_always_give_a_valid_emotion_and_an_offer_inside_the_mandate(view, name, seed):
    rng = np.random.default_rng(seed)
    assert make_persona_policy(name).choose(view, rng).emotion in EMOTIONS
    decision = CreditorStrategy(make_persona_policy(name)).respond(view, view.last.debtor_move,
                                                                   rng)
    s = view.scenario
    assert decision.persona in EMOTIONS
    # Terms restated for confirmation (or confirmed) may be the debtor's own figure, below our
    # target or standing offer; every other offer stays in the mandate and never retracts.
    settled = decision.agreed_days if decision.action == Action.ACCEPT else (
        decision.offer_days if decision.action == Action.CONFIRM else None)
    for days in (decision.offer_days, decision.agreed_days):
        assert days is None or s.creditor_target_days <= days <= s.max_days or (
            days == settled and days <= s.max_days)
    if decision.offer_days is not None and view.standing_offer is not None:
        assert decision.offer_days >= min(view.standing_offer, settled or 10**9)
    if view.vulnerabilities:
        assert decision.persona not in ("anger", "disgust", "fear")


@settings(max_examples=60, deadline=None)
@given(st.lists(st.text(max_size=120), min_size=1, max_size=12), st.integers(0, 1000))
def test_the_negotiator_is_safe_under_any_debtor_text(texts, seed):
    agent = Negotiator(Scenario(balance=15700.0, creditor_target_days=12, max_days=60),
                       seed=seed, sensor="lexicon")
    agent.open()
    for text in texts:
        if agent.status not in ("open", "awaiting_confirmation"):
            break
        try:
            reply = agent.respond(text)
        except InvalidMessage:
            continue
        assert problems(agent, reply) == []
