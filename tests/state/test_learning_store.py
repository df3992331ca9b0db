"""Learned state on the device: persistence round-trip, export, import, reset, determinism."""

import json
import sqlite3

import pytest
from typer.testing import CliRunner

from edge_agent import Negotiator
from edge_agent.cli import app
from edge_agent.state.learned_store import LearnedStateError, LearnedStore
from edge_agent.state.session import ACTIVE_STATUSES
from policies.learner import LearnerPolicy, LearnerState
from policies.paper import PaperPolicy
from tests.helpers import SCENARIO, exchange, view

DEBTOR = ["I can pay in 100 days.", "I'm scared, maybe 80 days.", "This is unfair! 70 days.",
          "40 days?", "ok 30 days", "25 days", "20 days"]  # fmt: skip


def _learned_states():
    v = view(exchange("neutral", "anger", 100), exchange("joy", "neutral", 60))
    return LearnerPolicy().learn(v, "agreed"), PaperPolicy().learn(v, "breakoff")


def test_round_trip_export_import_reset(tmp_path):
    db = tmp_path / "s.db"
    store = LearnedStore(db)
    assert store.load("eq") is None
    eq_state, paper_state = _learned_states()
    store.save(eq_state)
    store.save(paper_state, profile="portfolio-b")
    again = LearnedStore(db)  # a new connection: it is on disk
    assert again.load("eq") == eq_state
    assert again.load("eq-paper", "portfolio-b") == paper_state
    doc = again.export()
    assert doc["schema"] == 1 and len(doc["learned"]) == 2
    assert again.reset("eq") == 1 and again.load("eq") is None
    assert again.reset() == 1 and again.list() == []
    assert again.import_(json.loads(json.dumps(doc))) == 2
    assert again.load("eq") == eq_state
    with pytest.raises(LearnedStateError):
        again.load("vanilla")


def test_bad_bytes_are_refused_and_nothing_is_lost(tmp_path):
    db = tmp_path / "s.db"
    store = LearnedStore(db)
    eq_state, _ = _learned_states()
    store.save(eq_state)
    raw = sqlite3.connect(db)
    raw.execute("UPDATE learned_state SET state = '{not json' WHERE policy = 'eq'")
    raw.commit()
    with pytest.raises(LearnedStateError, match="corrupt"):
        store.load("eq")
    bad_doc = {"schema": 1, "learned": [{"profile": "x", "state": {"kind": "eq", "version": 1}}]}
    with pytest.raises(LearnedStateError):
        store.import_(bad_doc)
    assert [i.profile for i in store.list()] == ["default"]  # the bad import wrote nothing
    raw.execute("INSERT INTO learned_schema VALUES (7)")
    raw.commit()
    with pytest.raises(LearnedStateError, match="schema 7"):
        LearnedStore(db)


def _play(seed: int, learned=None, learning=None) -> tuple[list, Negotiator]:
    agent = Negotiator(SCENARIO, policy="eq", seed=seed, sensor="lexicon", learned=learned,
                       learning=learning)
    personas = [agent.open().emotion]
    for text in DEBTOR:
        if agent.status not in ACTIVE_STATUSES:
            break
        personas.append((agent.respond(text).emotion, agent.session.standing_offer))
    if agent.status in ACTIVE_STATUSES:
        agent.conclude("breakoff")
    return personas, agent


def test_dialogues_learn_persist_and_replay_per_seed(tmp_path):
    store = LearnedStore(tmp_path / "s.db")
    first, agent = _play(3, learning=store)
    assert agent.learned.dialogues == 1
    assert store.load("eq") == agent.learned
    agent.conclude("breakoff")  # a second conclude changes nothing
    assert store.load("eq").dialogues == 1
    # without carried state: the same seed replays exactly
    assert _play(3)[0] == first
    # with carried state: the same seed and state replay exactly, and the state is used
    carried = store.load("eq")
    second, agent2 = _play(3, learned=carried)
    assert _play(3, learned=carried)[0] == second
    assert _play(3, learning=store)[0] == second  # loaded from the device's store
    assert agent2.strategy.persona.state.dialogues == 2
    assert isinstance(carried, LearnerState)


def test_wrong_state_for_the_policy_is_refused():
    _, paper_state = _learned_states()
    with pytest.raises(ValueError):
        Negotiator(SCENARIO, policy="eq", sensor="lexicon", learned=paper_state)
    with pytest.raises(ValueError):
        Negotiator(SCENARIO, policy="vanilla", sensor="lexicon", learned=paper_state)


def test_cli_show_export_reset(tmp_path):
    runner = CliRunner()
    db = tmp_path / "s.db"
    store = LearnedStore(db)
    eq_state, paper_state = _learned_states()
    store.save(eq_state)
    store.save(paper_state)
    shown = runner.invoke(app, ["learned", "show", "--db", str(db)])
    assert shown.exit_code == 0, shown.output
    assert "eq profile default: 1 dialogues" in shown.output and "escalation_share" in shown.output
    out = tmp_path / "learned.json"
    exported = runner.invoke(app, ["learned", "export", "--db", str(db), "--out", str(out)])
    assert exported.exit_code == 0 and (out.stat().st_mode & 0o777) == 0o600
    assert len(json.loads(out.read_text())["learned"]) == 2
    reset = runner.invoke(app, ["learned", "reset", "--policy", "eq", "--yes", "--db", str(db)])
    assert reset.exit_code == 0 and "reset 1" in reset.output
    assert runner.invoke(app, ["learned", "reset", "--policy", "vanilla", "--yes",
                               "--db", str(db)]).exit_code == 2  # fmt: skip
    imported = runner.invoke(app, ["learned", "import", str(out), "--db", str(db)])
    assert imported.exit_code == 0 and "imported 2" in imported.output
    assert LearnedStore(db).load("eq") == eq_state


def test_chat_learns_on_the_device(tmp_path):
    db = tmp_path / "s.db"
    result = CliRunner().invoke(app, ["chat", "--sensor", "lexicon", "--seed", "1", "--db",
                                      str(db)], input="I need 150 days\ndeal\nyes\n")  # fmt: skip
    assert result.exit_code == 0, result.output
    assert LearnedStore(db).load("eq").dialogues == 1
