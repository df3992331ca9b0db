"""Threads: the store stays consistent, memory and database always agree, and a negotiator
refuses overlapping turns instead of writing duplicate indices."""

from __future__ import annotations

import json
import sqlite3
import threading

import pytest

from edge_agent import ConcurrentTurn, Negotiator, SessionClosed
from edge_agent.realise import TemplateRealiser
from edge_agent.state.store import SessionStore, StoreError

LINES = ["I need 150 days.", "120 days?", "I'm struggling, 100 days.", "What about 90 days?",
         "No.", "85 days.", "Why so few?", "80 days then.", "Please, 75 days.", "70 days?"]


def _same(agent: Negotiator, store: SessionStore) -> None:
    """What the negotiator holds in memory is exactly what the store holds."""
    stored = store.load(agent.session_id)
    assert [t.to_dict() for t in stored.turns] == [t.to_dict() for t in agent.session.turns]
    assert [t.index for t in stored.turns] == list(range(len(stored.turns)))


@pytest.fixture
def store(tmp_path):
    s = SessionStore(tmp_path / "sessions.db")
    yield s
    s.close()


def test_two_sessions_in_two_threads_on_one_store(make_agent, store):
    for round_ in range(5):
        agents = [make_agent(seed=round_ * 2 + k, store=store) for k in range(2)]
        errors: list[BaseException] = []
        start = threading.Barrier(2)

        def run(agent, start=start, errors=errors):
            try:
                start.wait()
                agent.open()
                for line in LINES:
                    if agent.status != "open":
                        break
                    agent.respond(line)
            except BaseException as exc:
                errors.append(exc)

        threads = [threading.Thread(target=run, args=(a,)) for a in agents]
        for t in threads:
            t.start()
        for t in threads:
            t.join(timeout=120)
        assert errors == []
        for a in agents:
            _same(a, store)


class _Gate(TemplateRealiser):
    """A realiser that waits inside realise() until the test lets it go."""

    def __init__(self) -> None:
        super().__init__()
        self.entered = threading.Event()
        self.release = threading.Event()

    def realise(self, decision, ctx, on_token=None):
        self.entered.set()
        assert self.release.wait(30)
        return super().realise(decision, ctx, on_token)


def test_an_overlapping_respond_is_refused_and_changes_nothing(make_agent, store):
    gate = _Gate()
    gate.release.set()
    agent = make_agent(store=store, realiser=gate)
    agent.open()
    gate.release.clear()
    gate.entered.clear()
    first = threading.Thread(target=agent.respond, args=("I need 150 days.",))
    first.start()
    assert gate.entered.wait(30)
    with pytest.raises(ConcurrentTurn, match="still running"):
        agent.respond("120 days?")
    with pytest.raises(ConcurrentTurn):
        agent.open()
    gate.release.set()
    first.join(30)
    assert len(agent.session.turns) == 2
    _same(agent, store)
    agent.respond("120 days?")  # after the first call returned, the next one is fine
    _same(agent, store)


def test_hammering_one_negotiator_from_threads_never_duplicates_a_turn(make_agent, store):
    agent = make_agent(store=store)
    agent.open()
    returned, refused, other = [], [], []
    lock = threading.Lock()
    start = threading.Barrier(4)

    def hammer(k):
        start.wait()
        for i in range(15):
            try:
                reply = agent.respond(f"{LINES[(k + i) % len(LINES)]}")
                with lock:
                    returned.append(reply)
            except (ConcurrentTurn, SessionClosed) as exc:
                with lock:
                    refused.append(exc)
            except BaseException as exc:
                with lock:
                    other.append(exc)

    threads = [threading.Thread(target=hammer, args=(k,)) for k in range(4)]
    for t in threads:
        t.start()
    for t in threads:
        t.join(timeout=120)
    assert other == []
    assert len(returned) + len(refused) == 60
    assert len(agent.session.turns) == 1 + len(returned)  # every returned turn, no other
    _same(agent, store)


class _Failing(TemplateRealiser):
    def __init__(self, fail_on: int) -> None:
        super().__init__()
        self.fail_on = fail_on

    def realise(self, decision, ctx, on_token=None):
        if ctx.turn == self.fail_on:
            raise RuntimeError("the model crashed")
        return super().realise(decision, ctx, on_token)


def test_a_turn_whose_respond_raised_is_never_committed(make_agent, store):
    agent = make_agent(store=store, realiser=_Failing(fail_on=2))
    agent.open()
    agent.respond(LINES[0])
    before = agent.to_json()
    with pytest.raises(RuntimeError, match="crashed"):
        agent.respond(LINES[1])
    assert agent.to_json() == before
    _same(agent, store)


def test_a_lock_held_past_the_timeout_is_a_store_error_and_changes_nothing(make_agent,
                                                                           tmp_path):
    store = SessionStore(tmp_path / "s.db", timeout=0.2)
    agent = make_agent(store=store)
    agent.open()
    before = agent.to_json()
    other = sqlite3.connect(store.path, isolation_level=None)
    other.execute("BEGIN IMMEDIATE")  # another process holds the write lock
    try:
        with pytest.raises(StoreError, match="lock"):
            agent.respond(LINES[0])
        assert agent.to_json() == before
    finally:
        other.execute("ROLLBACK")
        other.close()
    agent.respond(LINES[0])  # the lock is free again: the same turn goes through
    _same(agent, store)
    store.close()


def test_a_full_disk_is_a_store_error_and_changes_nothing(make_agent, store):
    agent = make_agent(store=store)
    agent.open()
    agent.respond(LINES[0])
    before = agent.to_json()
    pages = store._db.execute("PRAGMA page_count").fetchone()[0]
    store._db.execute(f"PRAGMA max_page_count = {pages}")  # the disk is now full
    big = "I need more time. " * 100
    with pytest.raises(StoreError, match="full"):
        for _ in range(20):
            agent.respond(big)
    store._db.execute("PRAGMA max_page_count = 1073741823")
    assert agent.session.turns == Negotiator.from_json(agent.to_json(),
                                                       sensor="lexicon").session.turns
    assert json.loads(agent.to_json())["turns"][:3] == json.loads(before)["turns"]
    _same(agent, store)


def test_a_closed_store_is_a_store_error(make_agent, store):
    agent = make_agent(store=store)
    agent.open()
    before = agent.to_json()
    store.close()
    with pytest.raises(StoreError, match="closed"):
        agent.respond(LINES[0])
    assert agent.to_json() == before


def test_two_connections_opening_a_new_database_at_once(tmp_path):
    """Both see the full schema: the tables are created in one write transaction and the
    file with O_EXCL (the loser of the race checks the winner's file)."""
    for round_ in range(20):
        path = tmp_path / f"r{round_}" / "sessions.db"
        start = threading.Barrier(3)
        errors: list[BaseException] = []

        def open_it(path=path, start=start, errors=errors):
            start.wait()
            try:
                SessionStore(path).close()
            except BaseException as exc:  # asserted below
                errors.append(exc)

        threads = [threading.Thread(target=open_it) for _ in range(3)]
        for t in threads:
            t.start()
        for t in threads:
            t.join(timeout=60)
        assert errors == [], errors


def test_a_stale_handle_is_told_the_session_went_on_elsewhere(make_agent, store):
    agent = make_agent(store=store)
    agent.open()
    other = Negotiator.resume(store, agent.session_id, sensor="lexicon")
    other.respond("I need 90 days")
    with pytest.raises(StoreError, match="went on from another handle"):
        agent.respond("I need 80 days")
    assert len(agent.session.turns) == 1
