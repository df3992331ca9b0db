"""One connection layer (``state/database.py``) for the file both stores keep their rows in."""

from __future__ import annotations

import sqlite3
import stat

import pytest

from edge_agent.state import database
from edge_agent.state.learned_store import LearnedStore
from edge_agent.state.store import SessionStore, StoreError


@pytest.mark.parametrize("opener", [SessionStore, LearnedStore])
def test_either_store_opens_the_file_once_private_and_recognisably_ours(
        tmp_path, monkeypatch, opener):  # fmt: skip
    connects: list[object] = []
    real = sqlite3.connect
    monkeypatch.setattr(database.sqlite3, "connect",
                        lambda *a, **k: connects.append(a[0]) or real(*a, **k))
    path = tmp_path / "new" / "s.db"
    store = opener(path)
    assert len(connects) == 1  # one connection, not a second layer around another store
    assert stat.S_IMODE(path.stat().st_mode) == 0o600
    assert stat.S_IMODE(path.parent.stat().st_mode) == 0o700
    with sqlite3.connect(path) as db:
        tables = {r[0] for r in db.execute("SELECT name FROM sqlite_master")}
        mode = db.execute("PRAGMA journal_mode").fetchone()[0]
    assert {"sessions", "turns"} <= tables and mode == "wal"
    store.close()
    store.close()  # closing twice is harmless


def test_both_stores_share_one_file(tmp_path, make_agent):
    from policies.learner import LearnerState

    path = tmp_path / "s.db"
    sessions, learned = SessionStore(path), LearnedStore(path)
    agent = make_agent(store=sessions)
    agent.open()
    learned.save(LearnerState())
    assert [i.id for i in sessions.list()] == [agent.session_id]
    assert [i.policy for i in learned.list()] == ["eq"]
    sessions.close()
    learned.close()


@pytest.mark.parametrize("opener", [SessionStore, LearnedStore])
def test_another_application_s_database_is_refused_by_either_store(tmp_path, opener):
    path = tmp_path / "other.db"
    with sqlite3.connect(path) as db:
        db.execute("CREATE TABLE sessions (user TEXT, token TEXT)")
    before = path.read_bytes()
    with pytest.raises(StoreError, match="another application's SQLite database"):
        opener(path)
    assert path.read_bytes() == before
