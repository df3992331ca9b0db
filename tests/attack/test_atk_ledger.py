"""Hostile tests of the ``ledger`` branch: eq's loss budget counts this dialogue's own
exploratory turns (``budget.lost_here``), through ``Negotiator`` on the template backend with
the lexicon sensor (deterministic, fast), a stored session resumed, and the policy itself fed
random exchange histories.

Each defect found is a test that failed on ``ledger``; those fixed on this branch pass, the
rest are strict xfails whose reason says what breaks and why it was left."""

from __future__ import annotations

import threading

import numpy as np
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from edge_agent import ConcurrentTurn, Negotiator, SessionStore, decide
from edge_core import MoveKind, NegotiationView, Scenario
from edge_core.emotions import EMOTIONS, INDEX, N_EMOTIONS, one_hot
from edge_core.moves import DebtorMove
from edge_core.view import Exchange
from policies.learner import EXPLORABLE, LearnerPolicy, LearnerState

SCENARIO = Scenario(balance=1000.0, creditor_target_days=12, max_days=60)
NEUTRAL = tuple(float(v) for v in one_hot("neutral"))


def baseline_state(turns: int = 1000, reward: float = 0.1) -> LearnerState:
    """A device whose baseline earned ``reward`` a turn over ``turns`` neutral-context turns:
    allowance = 0.05 * reward * turns, nothing else learned."""
    n = N_EMOTIONS
    xx, xr, esc, seen = np.zeros((n, n, n)), np.zeros((n, n)), np.zeros((n, n)), np.zeros((n, n))
    b, e = INDEX["neutral"], one_hot("neutral")
    xx[b] = turns * np.outer(e, e)
    xr[b] = turns * reward * e
    seen[b] = turns * e
    return LearnerState.from_arrays(xx, xr, esc, seen, turns // 10, turns)


def view(exchanges: list[Exchange], belief: tuple[float, ...] = NEUTRAL) -> NegotiationView:
    return NegotiationView(SCENARIO, tuple(exchanges), 2 * len(exchanges) + 1, 30, 12,
                           belief=belief)  # fmt: skip


def agent(**kw: object) -> Negotiator:
    a = Negotiator(SCENARIO, backend="template", sensor="lexicon", seed=0, **kw)  # type: ignore[arg-type]
    a.open()
    return a


# -- defect: a dialogue's own wins fund exploration where the device has no budget ------------

# The debtor answered two empathetic (sadness) turns by conceding: 60 -> 13 days, then a yes.
WON = [Exchange("neutral", 12, DebtorMove(MoveKind.PROPOSE, days=60), NEUTRAL),
       Exchange("sadness", 12, DebtorMove(MoveKind.PROPOSE, days=13), NEUTRAL),
       Exchange("sadness", 12, DebtorMove(MoveKind.ACCEPT, days=12), NEUTRAL)]  # fmt: skip
LOST = [Exchange("neutral", 12, DebtorMove(MoveKind.PROPOSE, days=30), NEUTRAL),
        Exchange("sadness", 12, DebtorMove(MoveKind.PROPOSE, days=60), NEUTRAL)]  # fmt: skip


@pytest.mark.parametrize(
    "exchanges",
    [WON[:1], WON[:2], WON, LOST],
    ids=["baseline-only", "one-won-empathy", "two-won-empathy", "lost-empathy"],
)
def test_no_learned_state_never_explores_whatever_this_dialogue_won(exchanges):
    """A device with no history has no budget (docs/learning-eq.md §2): eq with no learned
    state is vanilla. On ``ledger`` a non-baseline turn that *won* gave a negative
    ``lost_here``, so ``left`` = 0 - lost_here > 0 and the priors-only policy explored:
    'two-won-empathy' chose eq:explore with allowance 0."""
    choice = LearnerPolicy().choose(view(exchanges), np.random.default_rng(0))
    assert choice.mode == "eq:baseline", choice.reason["budget"]
    assert choice.reason["budget"]["allowance"] == 0.0


def test_this_dialogues_wins_add_nothing_to_the_devices_budget():
    """``left`` never exceeds what the stored state allows (allowance - stored lost): this
    dialogue cannot fund its own exploration (LearnerPolicy.budget's docstring)."""
    p = LearnerPolicy(state=baseline_state())
    stored = p.budget()["left"]
    for k in range(len(WON) + 1):
        assert p.budget(view(WON[:k]))["left"] <= stored + 1e-12


def test_a_resumed_session_does_not_explore_on_its_restored_wins(tmp_path):
    """Resume starts the policy from the priors (no budget). On ``ledger`` the restored
    exchanges' wins (empathy explored, the debtor conceded 60 -> 13) made ``left`` positive and
    the resumed agent answered 'I can do 13 days' with eq:explore (allowance 0.0)."""
    store = SessionStore(str(tmp_path / "s.db"))
    a = Negotiator(SCENARIO, backend="template", sensor="lexicon", seed=0,
                   learned=baseline_state(), store=store)  # fmt: skip
    a.open()
    for message in ("I can do 60 days", "ok I can do 13 days"):
        a.respond(message)
    modes = [t.decision.persona for t in a.session.turns]
    assert any(m != "neutral" for m in modes)  # the probe needs explored turns to restore
    b = Negotiator.resume(store, a.session_id)
    policy = b.respond("I can do 13 days").trace["policy"]
    assert policy["mode"] != "eq:explore", policy["reason"]["budget"]
    assert policy["reason"]["budget"]["allowance"] == 0.0


# -- properties over random exchange histories -------------------------------------------------

_PERSONAS = st.sampled_from(["neutral", "joy", "sadness", "anger"])
_PROBS = st.lists(st.floats(0.0, 1.0), min_size=N_EMOTIONS, max_size=N_EMOTIONS).map(
    lambda v: tuple(x / s for x in v) if (s := sum(v)) > 1e-6 else NEUTRAL)
_MOVE = st.one_of(
    st.builds(DebtorMove, st.just(MoveKind.PROPOSE), st.integers(1, 365)),
    st.sampled_from([DebtorMove(MoveKind.ACCEPT, 12), DebtorMove(MoveKind.REJECT),
                     DebtorMove(MoveKind.QUESTION), DebtorMove(MoveKind.NONE)]),
)  # fmt: skip
_EXCHANGE = st.builds(Exchange, _PERSONAS, st.integers(12, 60), _MOVE, _PROBS)
_HISTORY = st.lists(_EXCHANGE, max_size=14)


def _worst(choice, persona: str) -> float:
    r = choice.reason
    return max(0.0, r["mean"]["neutral"] - r["lcb"][persona])


@settings(max_examples=120, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(history=_HISTORY, belief=_PROBS, budgeted=st.booleans())
def test_explore_only_within_the_budget_and_never_without_a_state(history, belief, budgeted):
    """eq:explore only picks an explorable persona whose worst case fits what is left
    (trace values are rounded to 4 places), and only on a device that has an allowance."""
    p = LearnerPolicy(state=baseline_state(1000, 0.4)) if budgeted else LearnerPolicy()
    v = view(history, belief)
    choice = p.choose(v, np.random.default_rng(0))
    ledger = p.budget(v)
    if choice.mode == "eq:explore":
        assert choice.emotion in EXPLORABLE and choice.emotion != "neutral"
        assert ledger["allowance"] > 0
        assert ledger["left"] - _worst(choice, choice.emotion) >= -1e-3
    if not budgeted:
        assert choice.mode == "eq:baseline"
        assert choice.emotion == "neutral" and not choice.instructed


@settings(max_examples=60, deadline=None)
@given(history=_HISTORY)
def test_lost_here_is_a_function_of_the_exchanges_alone(history):
    """Resuming rebuilds the view from stored exchanges: the same exchanges give the same
    ledger, whatever came before in memory (no hidden per-dialogue accumulator)."""
    p = LearnerPolicy(state=baseline_state())
    a = p.budget(view(history))
    p.choose(view(history[:1]), np.random.default_rng(0))
    assert p.budget(view(history)) == a
    assert a["left"] == pytest.approx(a["allowance"] - a["lost"])


# -- probes that held ----------------------------------------------------------------------------

def test_budgeted_dialogue_explores_early_then_returns_to_the_baseline():
    """A state with a small budget (allowance 1.5) whose explored turns keep losing against
    a debtor who refuses 14 times (29 messages, inside the 30-message limit): it explores on
    the first turns, ``lost_here`` only grows, and once back on the baseline it stays there."""
    a = agent(learned=baseline_state(300, 0.1))
    modes, lost = [], []
    for k in range(14):
        assert a.status == "open"
        text = ("no way, 60 days", "I said NO, stop pushing 😡")[k % 2]
        policy = a.respond(text).trace["policy"]
        modes.append(policy["mode"])
        lost.append(policy["reason"]["budget"]["lost_here"])
    assert modes[0] == "eq:explore"
    assert modes[-1] == "eq:baseline"
    assert "eq:explore" not in modes[modes.index("eq:baseline"):]
    assert lost == sorted(lost)


@pytest.mark.parametrize("message", [
    "I lost my job and I'm scared, I can't pay anything",
    "HE PERDIDO MI TRABAJO, tengo miedo 😢",
    "j'ai perdu mon emploi, je suis malade",
    "I'm not NOT struggling... my wife has cancer",
])  # fmt: skip
def test_huge_budget_never_firm_toward_distress(message):
    """Firm (anger) proven by a hand-built state and a budget of millions: a distressed or
    vulnerable debtor still never sees firm."""
    state = baseline_state(10**6, 0.5)
    xx, xr, esc, seen = (x.copy() for x in state.arrays())
    a_, n = INDEX["anger"], 10**6
    for emo in EMOTIONS:
        e = one_hot(emo)
        xx[a_] += n * np.outer(e, e)
        xr[a_] += n * 1.0 * e
        seen[a_] += n * e
    strong = LearnerState.from_arrays(xx, xr, esc, seen, 10**5, 2 * 10**6)
    a = agent(learned=strong)
    for text in (message, "I can do 40 days", "no"):
        reply = a.respond(text)
        if text == message or a.session.turns[-1].decision.persona == "anger":
            assert reply.emotion != "anger", (text, reply.trace["policy"]["mode"])


def test_no_learned_state_eq_speaks_exactly_as_vanilla():
    msgs = ["I can do 50 days", "OK 20 DAYS", "15 días?", "hmm", "13 days", "yes"]
    eq, vanilla = agent(), agent(policy="vanilla")
    for m in msgs:
        if eq.status not in ("open", "awaiting_confirmation"):
            break
        r1, r2 = eq.respond(m), vanilla.respond(m)
        assert (r1.text, r1.emotion, r1.offer_days, r1.status) == (
            r2.text, r2.emotion, r2.offer_days, r2.status)


def test_two_threads_on_one_negotiator_keep_one_ledger():
    """Two threads answer one budgeted negotiator at once: each gets a reply or the
    documented ConcurrentTurn, and the next turn's ledger is the one its stored exchanges
    give (a turn lost to the race is not counted, a committed one is counted once)."""
    a = agent(learned=baseline_state(300, 0.1))
    out: list[object] = []

    def go(text: str) -> None:
        try:
            out.append(a.respond(text))
        except ConcurrentTurn as exc:
            out.append(exc)

    threads = [threading.Thread(target=go, args=(t,)) for t in ("no, 60 days", "NO 😡")]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert len(out) == 2 and len(a.session.turns) == 1 + sum(
        not isinstance(o, ConcurrentTurn) for o in out)
    policy = a.respond("still no").trace["policy"]
    expected = a.strategy.persona.budget(decide.view_of(a.session, None, {}))
    assert policy["reason"]["budget"]["lost_here"] == round(expected["lost_here"], 4)


# -- left as xfail ---------------------------------------------------------------------------------

@pytest.mark.xfail(strict=True, reason=(
    "the device's ledger learns a dialogue's exploratory losses only at conclude(); a "
    "dialogue left open (chat input ended, app killed) or continued by resume (which starts "
    "from the priors and has no learned-state store) is never charged, so every abandoned "
    "dialogue re-spends the same stored budget: the cumulative constraint holds per dialogue "
    "only. Fixing it means charging each answered non-baseline turn to the store as it is "
    "committed (a learned-store schema change), beyond this feature"))
def test_an_abandoned_dialogues_exploration_is_charged_to_the_device(tmp_path):
    from edge_agent.state.learned_store import LearnedStore

    learning = LearnedStore(str(tmp_path / "s.db"))
    learning.save(baseline_state(300, 0.1), "default")
    before = LearnerPolicy(state=learning.load("eq", "default")).budget()["left"]
    a = Negotiator(SCENARIO, backend="template", sensor="lexicon", seed=0, learning=learning)
    a.open()
    modes = [a.respond(t).trace["policy"]["mode"] for t in ("no way, 60 days", "NO 😡")]
    assert "eq:explore" in modes  # it spent budget, then the debtor walked off (left open)
    after = LearnerPolicy(state=learning.load("eq", "default")).budget()["left"]
    assert after < before
