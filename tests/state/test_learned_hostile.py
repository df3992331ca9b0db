"""Hostile learned state: hand-written exports, hand-edited databases, hostile files,
parallel dialogues, markup in names, hash-seed determinism (the outside test's D7-D16, B1-B4)."""

import dataclasses
import json
import os
import sqlite3
import stat
import subprocess
import sys
import threading
from pathlib import Path
from types import SimpleNamespace

import numpy as np
import pytest
from typer.testing import CliRunner

from edge_agent import Negotiator
from edge_agent.cli import app
from edge_agent.state.learned_store import LearnedStateError, LearnedStore
from policies.learner import LearnerPolicy, LearnerState
from policies.paper import PaperState
from tests.helpers import SCENARIO, exchange, view

I7 = np.eye(7)


def _eq_state() -> LearnerState:
    v = view(exchange("neutral", "anger", 100), exchange("joy", "neutral", 60))
    return LearnerPolicy().learn(v, "agreed")


def _export(tmp_path: Path, **changes) -> dict:
    state = {**_eq_state().to_dict(), **changes}
    return {"schema": 1, "learned": [{"policy": "eq", "profile": "p1", "state": state}]}


def _xx(m: np.ndarray) -> list:
    return [m.tolist()] * 7


@pytest.mark.parametrize("changes", [
    {"xx": _xx(-1000 * I7)}, {"xx": _xx(-0.5 * I7)},  # indefinite / singular precision
    {"xx": _xx(np.triu(np.ones((7, 7))))},  # not symmetric
    {"xx": _xx(1e308 * I7)},  # finite, but the posterior would be NaN
    {"dialogues": -7}, {"dialogues": True}, {"dialogues": "12"}, {"dialogues": 10**30},
    {"dialogues": 1.0}, {"version": True}, {"version": 1.0},
    {"seen": [[-5.0] * 7] * 7}, {"esc": [[1.0] * 7] * 7, "seen": [[0.5] * 7] * 7},
    {"xr": [["1"] * 7] * 7}, {"xr": [[None] * 7] * 7}, {"xr": [[1.0] * 6] * 7},
    {"unknown": 1},
])  # fmt: skip
def test_impossible_eq_states_are_refused_everywhere(tmp_path, changes):
    doc = _export(tmp_path, **changes)
    store = LearnedStore(tmp_path / "s.db")
    with pytest.raises(LearnedStateError):
        store.import_(doc)
    assert store.list() == []
    # the same values written straight into the database are refused on load
    good = _eq_state()
    store.save(good)
    with sqlite3.connect(store.path) as db:
        db.execute("UPDATE learned_state SET state = ?", (json.dumps(doc["learned"][0]["state"]),))
    with pytest.raises(LearnedStateError):
        store.load("eq")
    with pytest.raises(LearnedStateError):
        Negotiator(SCENARIO, policy="eq", sensor="lexicon", learning=store)


def test_a_hand_built_bad_state_cannot_reach_a_dialogue():
    with pytest.raises(LearnedStateError, match="positive semi-definite"):
        LearnerState.from_arrays(-100 * np.ones((7, 1, 1)) * I7, np.zeros((7, 7)),
                                 np.zeros((7, 7)), np.zeros((7, 7)), 1, 1)  # fmt: skip
    with pytest.raises(LearnedStateError):
        dataclasses.replace(LearnerState(), xx=None)
    with pytest.raises(LearnedStateError):
        dataclasses.replace(PaperState(), trans_counts=((-1.0,) * 7,) * 7)
    with pytest.raises(LearnedStateError, match="whole counts"):
        dataclasses.replace(PaperState(), emit_counts=((0.5,) * 7,) * 7)


def test_learned_argument_of_the_wrong_type_is_a_clear_type_error():
    with pytest.raises(TypeError, match="must be a LearnerState"):
        Negotiator(SCENARIO, policy="eq", sensor="lexicon", learned=SimpleNamespace(kind="eq"))
    with pytest.raises(TypeError, match="must be a PaperState"):
        Negotiator(SCENARIO, policy="eq-paper", sensor="lexicon",
                   learned=SimpleNamespace(kind="eq-paper"))  # fmt: skip


def test_import_is_all_or_nothing(tmp_path):
    good = _export(tmp_path)["learned"][0]
    bad = {**good, "profile": "p2", "state": {**good["state"], "dialogues": 10**30}}
    store = LearnedStore(tmp_path / "s.db")
    with pytest.raises(LearnedStateError, match="item 1"):
        store.import_({"schema": 1, "learned": [good, bad]})
    assert store.list() == []


@pytest.mark.parametrize("content", [
    b'{"schema": 1, "learned": [{"profile": "p", "state": {"dialogues": Infinity}}]}',
    b'{"schema": 1, "learned": [{"profile": "p"}]}',
    b'{"schema": 1, "learned": {"a": 1}}', b'{"schema": 1, "learned": "xyz"}',
    b'{"schema": 1, "learned": [[1, 2]]}', b'{"schema": true, "learned": []}',
    b"[" * 100_000, b"\xff\xfe not utf-8", b'{"schema": 1, "schema": 1, "learned": []}',
])  # fmt: skip
def test_malformed_import_files_give_one_error_line_and_exit_2(tmp_path, content):
    path = tmp_path / "in.json"
    path.write_bytes(content)
    result = CliRunner().invoke(app, ["learned", "import", str(path), "--db",
                                      str(tmp_path / "s.db")])  # fmt: skip
    assert result.exit_code == 2, result.output
    assert result.exception is None or isinstance(result.exception, SystemExit)
    assert "error:" in result.output and "Traceback" not in result.output


def test_import_refuses_fifos_devices_and_huge_files(tmp_path):
    fifo = tmp_path / "fifo"
    os.mkfifo(fifo)
    zero = tmp_path / "zero.json"
    zero.symlink_to("/dev/zero")
    big = tmp_path / "big.json"
    big.write_bytes(b" " * 5_000_000)
    for path in (fifo, zero, big, tmp_path):
        result = CliRunner().invoke(app, ["learned", "import", str(path), "--db",
                                          str(tmp_path / "s.db")])  # fmt: skip
        assert result.exit_code == 2 and "error:" in result.output, (path, result.output)


def test_export_is_private_atomic_and_never_through_a_link(tmp_path):
    db = str(tmp_path / "s.db")
    LearnedStore(db).save(_eq_state())
    out = tmp_path / "out.json"
    out.write_text("old")
    out.chmod(0o644)
    assert CliRunner().invoke(app, ["learned", "export", "--out", str(out), "--db", db]
                              ).exit_code == 0  # fmt: skip
    assert stat.S_IMODE(out.stat().st_mode) == 0o600
    assert json.loads(out.read_text())["learned"][0]["profile"] == "default"
    victim = tmp_path / "victim.txt"
    victim.write_text("important data")
    link = tmp_path / "link.json"
    link.symlink_to(victim)
    for target in (link, tmp_path):
        result = CliRunner().invoke(app, ["learned", "export", "--out", str(target), "--db", db])
        assert result.exit_code == 2 and "error:" in result.output
    assert victim.read_text() == "important data"


def test_profile_names_are_printed_not_interpreted_as_markup(tmp_path):
    db = str(tmp_path / "s.db")
    store = LearnedStore(db)
    store.save(_eq_state(), profile="[/oops]")
    store.save(_eq_state(), profile="[red]spoof")
    for args in (["learned", "show"], ["learned", "show", "--profile", "[/oops]"]):
        result = CliRunner().invoke(app, [*args, "--db", db])
        assert result.exit_code == 0, result.output
        assert "profile [/oops]:" in result.output
    assert "profile [red]spoof:" in CliRunner().invoke(app, ["learned", "show", "--db", db]
                                                       ).output  # fmt: skip


@pytest.mark.parametrize("edit", [
    "UPDATE learned_state SET updated = 'yesterday'", "UPDATE learned_state SET updated = 1e300",
    "UPDATE learned_state SET dialogues = 'many'", "UPDATE learned_schema SET version = 'zzz'",
    "UPDATE learned_schema SET version = 7",
    "DROP TABLE learned_state; CREATE TABLE learned_state(x)",
])  # fmt: skip
def test_a_hand_edited_database_gives_clean_errors_and_can_be_reset(tmp_path, edit):
    db = tmp_path / "s.db"
    LearnedStore(db).save(_eq_state())
    with sqlite3.connect(db) as conn:
        conn.executescript(edit)

    def usable() -> None:
        store = LearnedStore(db)
        store.list()
        store.load("eq")

    with pytest.raises(LearnedStateError):
        usable()
    for args in (["learned", "show"], ["learned", "export"]):
        result = CliRunner().invoke(app, [*args, "--db", str(db)])
        assert result.exit_code == 2 and "error:" in result.output, result.output
        assert result.exception is None or isinstance(result.exception, SystemExit)
    result = CliRunner().invoke(app, ["learned", "reset", "--yes", "--db", str(db)])
    assert result.exit_code == 0, result.output
    usable()
    assert LearnedStore(db).list() == []


def test_a_row_of_a_policy_that_learns_nothing_does_not_block_show_or_export(tmp_path):
    db = tmp_path / "s.db"
    LearnedStore(db).save(_eq_state())
    with sqlite3.connect(db) as conn:
        conn.execute("INSERT INTO learned_state VALUES ('wsls', 'default', '{}', 0, 0)")
    show = CliRunner().invoke(app, ["learned", "show", "--db", str(db)])
    assert show.exit_code == 0 and "eq profile default: 1 dialogues" in show.output
    export = CliRunner().invoke(app, ["learned", "export", "--db", str(db)])
    assert export.exit_code == 0
    doc = json.loads(export.stdout)
    assert [i["policy"] for i in doc["learned"]] == ["eq"]
    assert doc["skipped"] == [{"policy": "wsls", "profile": "default"}]


def _play(store: LearnedStore, policy: str = "eq") -> Negotiator:
    neg = Negotiator(SCENARIO, policy=policy, sensor="lexicon", seed=1, learning=store)
    neg.open()
    neg.respond("I can pay in 100 days.")
    return neg


@pytest.mark.parametrize("policy", ["eq", "eq-paper"])
def test_parallel_dialogues_sharing_a_store_both_count(tmp_path, policy):
    store = LearnedStore(tmp_path / "s.db")
    a, b = _play(store, policy), _play(store, policy)
    a.conclude("breakoff")
    b.conclude("breakoff")
    stored = store.load(policy)
    assert stored.dialogues == 2
    if policy == "eq":  # the statistics are the sum of both dialogues' increments
        one = a.learned.merged_into(None)
        np.testing.assert_allclose(stored.arrays()[3], 2 * one.arrays()[3])


def test_threads_and_processes_do_not_lose_updates(tmp_path):
    db = tmp_path / "s.db"
    store = LearnedStore(db)
    errors: list[BaseException] = []

    def bump(s: LearnedStore) -> None:
        try:
            for _ in range(20):
                s.update("eq", lambda cur: dataclasses.replace(
                    cur or LearnerState(), dialogues=(cur.dialogues if cur else 0) + 1))
        except BaseException as exc:
            errors.append(exc)

    threads = [threading.Thread(target=bump, args=(store,)) for _ in range(2)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert errors == [] and store.load("eq").dialogues == 40
    code = ("import dataclasses, sys; from edge_agent.state.learned_store import LearnedStore;"
            "from policies.learner import LearnerState; s = LearnedStore(sys.argv[1]);"
            "[s.update('eq', lambda c: dataclasses.replace(c, dialogues=c.dialogues + 1))"
            " for _ in range(20)]")  # fmt: skip
    env = {**os.environ, "PYTHONPATH": str(Path(__file__).resolve().parents[2])}
    procs = [subprocess.Popen([sys.executable, "-c", code, str(db)], env=env) for _ in range(2)]
    assert [p.wait(timeout=120) for p in procs] == [0, 0]
    assert store.load("eq").dialogues == 80


def test_learned_state_is_the_same_under_any_hash_seed(tmp_path):
    code = ("import hashlib, numpy as np; from policies.learner import negative_mass;"
            "from policies.learner import LearnerPolicy; from tests.helpers import view, exchange;"
            "rng = np.random.default_rng(0);"
            "v = [negative_mass(tuple(rng.dirichlet(np.ones(7)))) for _ in range(500)];"
            "s = LearnerPolicy().learn(view(exchange('neutral', 'anger', 100),"
            " exchange('joy', 'fear', 60), exchange('anger', 'sadness', 50)), 'breakoff', 'joy');"
            "print(hashlib.sha256(np.array(v).tobytes() + repr(s.to_dict()).encode()).hexdigest())")
    root = str(Path(__file__).resolve().parents[2])
    digests = {subprocess.run([sys.executable, "-c", code], capture_output=True, text=True,
                              check=True, cwd=root,
                              env={**os.environ, "PYTHONPATH": root, "PYTHONHASHSEED": str(h)}
                              ).stdout for h in (0, 1, 2, 3)}  # fmt: skip
    assert len(digests) == 1
