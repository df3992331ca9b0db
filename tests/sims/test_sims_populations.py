"""Debtor populations: definitions, common random numbers, regret, README block, one run."""

import json

import pytest

from edge_core import Scenario
from sims import populations as P
from sims.response import ResponseParams
from tests.conftest import NORTHWIND

SCENARIOS = [NORTHWIND, Scenario(balance=9000.0, creditor_target_days=20, max_days=100,
                                 scenario_id="s2")]  # fmt: skip


def test_populations_differ_in_the_sign_of_a_response():
    base = ResponseParams()
    works, backfires = P.POPULATIONS["firmness-works"], P.POPULATIONS["firmness-backfires"]
    assert works.response().anger_concession > 0 > backfires.response().anger_concession
    rewarded, exploited = P.POPULATIONS["warmth-rewarded"], P.POPULATIONS["warmth-exploited"]
    assert rewarded.response().joy_discount < 0 < exploited.response().joy_discount
    assert P.POPULATIONS["fear-exits"].response().breakoff_fear > base.breakoff_fear
    assert P.POPULATIONS["crad-default"].response() == base
    for pop in P.POPULATIONS.values():
        pop.response()  # every override is a real parameter
    with pytest.raises(ValueError):
        P.parse_populations("kind-debtors")


def test_sequence_is_fixed_by_seed_and_shared_by_policies():
    pop = P.POPULATIONS["fear-exits"]
    a, b = P.sequence(pop, SCENARIOS, 30, 0), P.sequence(pop, SCENARIOS, 30, 0)
    assert a == b and {p for _, p, _ in a} <= set(pop.personas)
    assert P.sequence(pop, SCENARIOS, 30, 1) != a


def test_regret_curve_by_hand():
    mine = [{"reward": r} for r in (0.0, 0.5, 1.0)]
    best = [{"reward": r} for r in (0.5, 0.5, 0.5)]
    assert P.regret_curve(mine, best) == pytest.approx([1.0, 0.5, 1 - 1.5 / 1.5])


def test_update_readme_replaces_only_the_block(tmp_path):
    readme = tmp_path / "README.md"
    readme.write_text("# t\n\nbefore\n")
    P.update_readme(readme, "one\n")
    P.update_readme(readme, "two\n")
    text = readme.read_text()
    assert text.count(P.START) == 1 and "two" in text and "one" not in text
    assert text.startswith("# t\n\nbefore\n")


def test_a_small_evaluation_carries_learned_state(tmp_path):
    doc = P.evaluate(SCENARIOS, ["fear-exits"], tmp_path, dialogues=4,
                     policies=("eq", "fixed:neutral", "fixed:sadness"))
    rows = [json.loads(line) for line in (tmp_path / "rows.jsonl").read_text().splitlines()]
    assert len(rows) == 12 and {r["index"] for r in rows} == {1, 2, 3, 4}
    eq = next(r for r in doc["table"] if r["policy"] == "eq")
    assert len(doc["curves"]["fear-exits|eq"]) == 4 and "regret_end" in eq
    assert any(r["policy"].startswith("best fixed") for r in doc["table"])
    again = P.evaluate(SCENARIOS, ["fear-exits"], tmp_path / "b", dialogues=4,
                       policies=("eq", "fixed:neutral", "fixed:sadness"))
    assert again["table"] == doc["table"]  # deterministic per seed, with carried state
    assert "| fear-exits | eq |" in P.markdown(doc)


def test_one_command_writes_table_plot_and_readme(tmp_path):
    from typer.testing import CliRunner

    from edge_agent.cli import app
    from tests.conftest import DATA

    pytest.importorskip("matplotlib")
    readme = tmp_path / "README.md"
    readme.write_text("# r\n")
    out = tmp_path / "pop"
    args = ["sim", "grid", "--populations", "fear-exits", "--dialogues", "2", "--scenarios",
            str(DATA / "crad_fixture.csv"), "--out", str(out), "--readme", str(readme)]
    result = CliRunner().invoke(app, args)
    assert result.exit_code == 0, result.output
    assert (out / "regret_curves.png").stat().st_size > 0
    text = readme.read_text()
    assert "| fear-exits | eq |" in text and "edge-agent sim grid --populations fear-exits" in text
    bad = CliRunner().invoke(app, ["sim", "grid", "--populations", "nobody", "--scenarios",
                                   str(DATA / "crad_fixture.csv"), "--out", str(out)])
    assert bad.exit_code == 2 and "unknown population" in bad.output


def test_chosen_policies_kept_value_and_the_per_persona_table(tmp_path):
    """``--policies`` narrows a population run (no fixed persona: no regret, no best-fixed row);
    every row carries kept value, and the per-persona table compares eq with vanilla."""
    from typer.testing import CliRunner

    from edge_agent.cli import app
    from tests.conftest import DATA

    out = tmp_path / "pop"
    args = ["sim", "grid", "--populations", "fear-exits", "--dialogues", "3", "--scenarios",
            str(DATA / "crad_fixture.csv"), "--out", str(out), "--policies", "eq,vanilla"]
    result = CliRunner().invoke(app, args)
    assert result.exit_code == 0, result.output
    doc = json.loads((out / "results.json").read_text())
    assert [r["policy"] for r in doc["table"]] == ["eq", "vanilla"] and doc["curves"] == {}
    assert all("kept_value" in r and "broken" in r for r in doc["table"])
    text = (out / "populations.md").read_text()
    assert "kept value" in text and "eq against vanilla" in text
    bad = CliRunner().invoke(app, [*args[:-1], "eq,nobody"])
    assert bad.exit_code == 2 and "unknown policy" in bad.output
