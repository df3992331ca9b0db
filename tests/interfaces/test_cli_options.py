"""The options ``chat`` and ``tui`` share: declared once, checked once by ``open_agent``."""

from __future__ import annotations

import dataclasses

import pytest
import typer

from edge_agent.cli import app
from edge_agent.cli.options import (
    RESUME_FIXED,
    AgentOptions,
    open_agent,
    spoken_list,
)
from edge_agent.sense.registry import SENSOR_NAMES
from edge_agent.state.store import SessionStore
from edge_core import ScenarioError
from policies.registry import POLICY_NAMES
from tests.conftest import DATA

FIXTURE = DATA / "crad_fixture.csv"


def _params(command: str) -> dict[str, object]:
    group = typer.main.get_command(app)
    return {p.name: p for p in group.commands[command].params}  # type: ignore[attr-defined]


def test_chat_and_tui_declare_the_same_options_with_the_same_help():
    chat, tui = _params("chat"), _params("tui")
    assert list(chat) == list(tui)
    assert [(p.opts, p.help, p.default) for p in chat.values()] == \
        [(p.opts, p.help, p.default) for p in tui.values()]


def test_every_shared_option_reaches_open_agent():
    assert [n for n in _params("chat") if n != "help"] == \
        [f.name for f in dataclasses.fields(AgentOptions)]


@pytest.mark.parametrize("names, text", [
    (["a"], "a"), (["a", "b"], "a or b"), (["a", "b", "c"], "a, b or c"), ([], ""),
])
def test_spoken_list(names, text):
    assert spoken_list(names) == text


def test_the_policy_and_sensor_help_come_from_the_registries():
    chat = _params("chat")
    assert chat["policy"].help == ("eq, eq-paper, eq-switch, payoff, wsls, hmm, vanilla, "
                                   "vanilla-adaptive, random, eq-research or fixed:<emotion> "
                                   "\\[eq].")
    assert all(name in chat["policy"].help for name in POLICY_NAMES)
    assert chat["sensor"].help == "Emotion sensor: default, onnx, lexicon or llm."
    assert all(name in chat["sensor"].help for name in SENSOR_NAMES)


@pytest.mark.parametrize("fixed", RESUME_FIXED)
def test_each_option_a_stored_session_fixed_is_refused_with_resume_before_any_file_is_made(
        tmp_path, fixed):
    value = {"scenario": 2, "crad": FIXTURE, "target": 20, "max_days": 40, "balance": 900.0,
             "policy": "wsls", "seed": 3}[fixed]
    db = tmp_path / "new.db"
    given = AgentOptions(resume="abc", db=db, **{fixed: value})
    with pytest.raises(ScenarioError, match="cannot change a stored session") as err:
        open_agent(given)
    assert str(err.value).startswith(f"--{fixed.replace('_', '-')} cannot")
    assert not db.exists()


def test_all_fixed_options_are_named_in_one_refusal(tmp_path):
    given = AgentOptions(resume="abc", db=tmp_path / "s.db", crad=FIXTURE, seed=0, policy="eq")
    with pytest.raises(ScenarioError, match=r"^--crad, --policy, --seed cannot change"):
        open_agent(given)


@pytest.mark.parametrize("changed", [{}, {"backend": "template"}, {"sensor": "lexicon"},
                                     {"backend": "llama"}])
def test_resume_accepts_what_a_resume_may_change(tmp_path, changed):
    opened = open_agent(AgentOptions(resume="abc", db=tmp_path / "s.db", **changed))
    assert opened.resume == "abc" and isinstance(opened.store, SessionStore)
    assert opened.backend == changed.get("backend")
    assert opened.sensor == changed.get("sensor", "default")
    assert opened.release_store() == tmp_path / "s.db"


@pytest.mark.parametrize("given, label, target, policy, seed", [
    (AgentOptions(), "custom", 12, "eq", 0),
    (AgentOptions(target=20, policy="wsls", seed=4), "custom", 20, "wsls", 4),
    (AgentOptions(scenario=3, crad=FIXTURE), "CRAD 3", 20, "eq", 0),
])
def test_a_new_session_is_resolved_the_same_way_for_both_commands(tmp_path, given, label,
                                                                   target, policy, seed):
    opened = open_agent(dataclasses.replace(given, db=tmp_path / "s.db"))
    assert (opened.label, opened.scenario.creditor_target_days, opened.policy, opened.seed) == \
        (label, target, policy, seed)
    assert opened.crad == given.crad and opened.resume is None


@pytest.mark.parametrize("save, stored", [(True, True), (False, False)])
def test_no_save_opens_no_database(tmp_path, save, stored):
    db = tmp_path / "s.db"
    opened = open_agent(AgentOptions(save=save, db=db))
    assert (opened.store is not None) is stored and db.exists() is stored
    assert opened.release_store() == (db if stored else None)


def test_the_negotiator_of_a_new_saved_session_learns_into_the_database(tmp_path):
    agent = open_agent(AgentOptions(sensor="lexicon", db=tmp_path / "s.db")).negotiator()
    assert agent.store is not None and agent.learning is not None
    unsaved = open_agent(AgentOptions(sensor="lexicon", save=False)).negotiator()
    assert unsaved.store is None and unsaved.learning is None
