"""Durable sessions: SQLite WAL, a commit per turn, owner-only file, kill and resume."""

import json
import os
import signal
import sqlite3
import stat
import subprocess
import sys
import textwrap

import pytest

from edge_agent import Negotiator
from edge_agent.state.store import DamagedSession, SessionStore, StoreError
from edge_agent.state.validate import MAX_DOCUMENT_BYTES
from tests.conftest import REPO

SCRIPT = ["I need 150 days, I lost my job at the mill.", "That's impossible. 120 days?",
          "I'm really struggling. 90 days.", "Please, 60 days.", "OK, 45 days.",
          "35 days then.", "Fine, 28 days.", "25 days.", "22 days.", "20 days.", "18 days."]


@pytest.fixture
def store(tmp_path):
    s = SessionStore(tmp_path / "data" / "sessions.db")
    yield s
    s.close()


def _dialogue(agent, script):
    texts = [agent.open().text]
    for line in script:
        if agent.status not in ("open", "awaiting_confirmation"):
            break
        texts.append(agent.respond(line).text)
    return texts


def test_each_turn_is_committed_and_the_session_resumes(make_agent, store):
    agent = make_agent(store=store)
    _dialogue(agent, SCRIPT[:3])
    assert len(store.load(agent.session_id).turns) == 4
    reference = make_agent()
    _dialogue(reference, SCRIPT[:3])
    other = SessionStore(store.path)  # a second connection sees every committed turn
    resumed = Negotiator.resume(other, agent.session_id, sensor="lexicon")
    assert resumed.respond(SCRIPT[3]).text == reference.respond(SCRIPT[3]).text
    with pytest.raises(StoreError, match="already stored"):  # a forked writer is refused
        agent.respond(SCRIPT[3])
    other.close()


def test_file_is_private_and_uses_wal(store):
    mode = stat.S_IMODE(os.stat(store.path).st_mode)
    assert mode == 0o600
    assert stat.S_IMODE(os.stat(store.path.parent).st_mode) == 0o700
    assert store._db.execute("PRAGMA journal_mode").fetchone()[0] == "wal"


def test_a_turn_cannot_be_stored_twice(make_agent, store):
    agent = make_agent(store=store)
    agent.open()
    session = store.load(agent.session_id)
    with pytest.raises(StoreError, match="already stored"):
        store.append(agent.session_id, session.turns[0], session)


def test_a_failed_store_write_leaves_the_session_unchanged(make_agent, store):
    agent = make_agent(store=store)
    agent.open()
    before = agent.to_json()
    store.close()  # the database goes away under the agent
    with pytest.raises(Exception):  # noqa: B017 - sqlite's own error type
        agent.respond("90 days?")
    assert agent.to_json() == before


def test_list_show_delete_export(make_agent, store):
    sc_agent = make_agent(store=store)
    _dialogue(sc_agent, ["My account 12345678 is with Northwind Credit. 40 days?", "deal",
                         "yes"])
    sid = sc_agent.session_id
    [info] = store.list()
    assert (info.id, info.status, info.turns) == (sid, "agreed", 4)
    md = store.export(sid, "md")
    assert "Northwind Credit" in md and "12345678" in md and "**debtor:**" in md
    red = store.export(sid, "md", redact=True)
    assert "Northwind" not in red and "Ms Lopez" not in red and "12345678" not in red
    assert "[NAME]" in red and "[NUMBER]" in red
    doc = json.loads(store.export(sid, "json", redact=True))
    assert doc["status"] == "agreed" and doc["scenario"]["debtor_name"] == "[NAME]"
    with pytest.raises(ValueError):
        store.export(sid, "pdf")
    store.delete(sid)
    assert store.list() == []
    with pytest.raises(StoreError, match="no session"):
        store.load(sid)
    with pytest.raises(StoreError):
        store.delete(sid)


def test_unusable_store_path_is_a_clear_error(tmp_path):
    blocker = tmp_path / "file"
    blocker.write_text("x")
    with pytest.raises(StoreError, match="cannot open the session store"):
        SessionStore(blocker / "sessions.db")


CHILD = textwrap.dedent("""
    import sys
    from edge_agent import Negotiator, Scenario
    from edge_agent.state.store import SessionStore
    script = {script!r}
    sc = Scenario(balance=15700.0, creditor_target_days=12, max_days=60,
                  creditor_name="Northwind Credit", debtor_name="Ms Lopez")
    agent = Negotiator(sc, seed=5, sensor="lexicon", store=SessionStore(sys.argv[1]))
    agent.open()
    print("ID", agent.session_id, flush=True)
    for line in script:
        agent.respond(line)
        print("TURN", flush=True)
        sys.stdin.readline()  # wait for the test: it kills us mid-dialogue
""")


def test_sigkill_mid_dialogue_loses_no_turn_and_resumes_exactly(tmp_path):
    db = tmp_path / "sessions.db"
    code = CHILD.format(script=SCRIPT)
    proc = subprocess.Popen([sys.executable, "-c", code, str(db)], cwd=REPO,
                            stdin=subprocess.PIPE, stdout=subprocess.PIPE, text=True)
    sid = proc.stdout.readline().split()[1]
    for _ in range(4):
        assert proc.stdout.readline().strip() == "TURN"
        proc.stdin.write("\n")
        proc.stdin.flush()
    assert proc.stdout.readline().strip() == "TURN"  # the fifth reply was returned...
    os.kill(proc.pid, signal.SIGKILL)  # ...and the process dies before going on
    proc.wait()
    store = SessionStore(db)
    stored = store.load(sid)
    assert len(stored.turns) == 6  # the opening and five answered turns: none lost
    assert [t.index for t in stored.turns] == list(range(6))  # none duplicated
    resumed = Negotiator.resume(store, sid, sensor="lexicon")
    rest = [resumed.respond(line).text for line in SCRIPT[5:]
            if resumed.status in ("open", "awaiting_confirmation")]
    from edge_agent import Scenario

    sc = Scenario(balance=15700.0, creditor_target_days=12, max_days=60,
                  creditor_name="Northwind Credit", debtor_name="Ms Lopez")
    uninterrupted = _dialogue(Negotiator(sc, seed=5, sensor="lexicon"), SCRIPT)
    assert [t.reply for t in stored.turns] + rest == uninterrupted
    assert len(store.load(sid).turns) == len(uninterrupted)
    store.close()


def test_a_second_store_in_one_process_keeps_sqlite_s_locks(make_agent, tmp_path):
    """Opening another store on the same file must not open()/close() it by hand: closing
    any descriptor drops every POSIX lock the process holds on it, and the next open after
    another process's write lock then failed with "disk I/O error"."""
    path = tmp_path / "s.db"
    first = SessionStore(path)
    agent = make_agent(store=SessionStore(path, timeout=0.5))
    agent.open()
    agent.respond("I need 90 days")
    holder = subprocess.Popen(
        [sys.executable, "-c", "import sqlite3, sys; c = sqlite3.connect(sys.argv[1], "
         "isolation_level=None); c.execute('BEGIN IMMEDIATE'); print('locked', flush=True)",
         str(path)], stdout=subprocess.PIPE, text=True)
    assert holder.stdout.readline().strip() == "locked"
    holder.wait(timeout=30)
    agent.respond("50 days")
    for _ in range(3):
        SessionStore(path).close()
    assert first.load(agent.session_id).turns[-1].debtor_text == "50 days"
    first.close()


def _row(store, sql, *args):
    db = sqlite3.connect(store.path)
    db.execute(sql, args)
    db.commit()
    db.close()


def test_the_size_limit_counts_bytes_not_characters(make_agent, store):
    """A row of four-byte characters under the limit in characters but over it in bytes is
    refused by the store, as ``from_json`` would refuse its own ``to_json``."""
    agent = make_agent(store=store)
    agent.open()
    agent.respond("I need 90 days")
    big = "𝕏" * (MAX_DOCUMENT_BYTES // 4 + 1000)  # 1,001,000 characters, 4,004,000 bytes
    _row(store, "UPDATE turns SET record = json_set(record, '$.debtor_text', ?) WHERE idx = 1",
         big)
    with pytest.raises(DamagedSession, match="over 4,000,000 bytes"):
        store.load(agent.session_id)


@pytest.mark.parametrize("status", ["agreed", "pwned"])
def test_the_status_column_must_match_the_turns(make_agent, store, status):
    agent = make_agent(store=store)
    agent.open()
    _row(store, "UPDATE sessions SET status = ?", status)
    with pytest.raises(DamagedSession, match="status"):
        store.load(agent.session_id)


@pytest.mark.parametrize("column, value", [
    ("updated", "abc"), ("updated", 1e300), ("created", "yesterday"), ("status", "pwned"),
    ("scenario", "not json"), ("scenario", "{}"), ("scenario", "[]"),
    ("scenario", '{"creditor_target_days": "12", "debtor_name": "x"}'),
])
def test_a_damaged_row_is_listed_as_damaged(make_agent, store, column, value):
    agent = make_agent(store=store)
    agent.open()
    _row(store, f"UPDATE sessions SET {column} = ?", value)
    [info] = store.list()
    assert info.damaged and info.id == agent.session_id and info.turns == 1
    assert isinstance(info.updated, float) and info.to_dict()["damaged"] is True


def test_an_intact_row_is_not_damaged(make_agent, store):
    make_agent(store=store).open()
    [info] = store.list()
    assert not info.damaged and info.scenario["creditor_target_days"] == 12


def test_a_turn_for_a_deleted_session_says_so(make_agent, store):
    agent = make_agent(store=store)
    agent.open()
    SessionStore(store.path).delete(agent.session_id)
    with pytest.raises(StoreError, match=r"deleted\?"):
        agent.respond("I need 90 days")
    assert len(agent.session.turns) == 1


@pytest.mark.parametrize("line, status, damaged", [
    ("This isn't my debt, I dispute it.", "disputed", False),
    ("OK, 12 days.", "awaiting_confirmation", False),
    ("I need 30 days.", "open", False),
])
def test_every_status_a_dialogue_can_reach_lists_as_intact(make_agent, store, line, status,
                                                            damaged):
    """Issue 23 item 11: a valid ``disputed`` session was listed as damaged, because the
    listing's status set was written before disputes and confirmations existed."""
    agent = make_agent(store=store)
    agent.open()
    agent.respond(line)
    [info] = store.list()
    assert (info.status, info.damaged) == (status, damaged)
