"""The NegMAS arena: cells, paired summaries, and one tiny run (needs the negmas extra)."""

import math

import pytest

from edge_core import Scenario
from sims.negmas_arena import Cell, cells, markdown, summarise, target_line

ROWS = [
    Scenario(balance=1000.0, creditor_target_days=10, max_days=50, debtor_target_days=30),
    Scenario(balance=1000.0, creditor_target_days=12, max_days=60, debtor_target_days=200),
    Scenario(balance=1000.0, creditor_target_days=8, max_days=40, debtor_target_days=5),
]


def test_cells_draw_hidden_reservations_between_target_and_min_of_debtor_target_and_mandate():
    grid = cells(ROWS, seeds=(0, 1), debtors=("BoulwareTB", "MiCRO"))
    assert len(grid) == 3 * 2 * 2
    for c in grid:
        high = max(c.target, min(ROWS[c.row].debtor_target_days, c.mandate))
        assert c.target <= c.reservation <= high
    assert {c.reservation for c in grid if c.row == 2} == {8}  # D below T: r = T
    assert grid == cells(ROWS, seeds=(0, 1), debtors=("BoulwareTB", "MiCRO"))  # seeded


def _row(creditor, row, utility, agreed=True, days=20):
    return {
        "creditor": creditor,
        "row": row,
        "seed": 0,
        "debtor": "LinearTB",
        "utility": utility,
        "agreed": agreed,
        "multiple": days / 10 if agreed else None,
    }


def test_summary_pairs_every_creditor_with_eq_cell_by_cell():
    rows = [
        _row("edge:eq", 0, 0.5),
        _row("edge:eq", 1, 0.3),
        _row("Aspiration", 0, 0.6),
        _row("Aspiration", 1, 0.0, agreed=False),
    ]
    by = {s["creditor"]: s for s in summarise(rows)}
    asp = by["Aspiration"]
    assert asp["agreement"] == 0.5 and asp["multiple"] == 2.0
    assert math.isclose(asp["diff_vs_eq"], ((0.6 - 0.5) + (0.0 - 0.3)) / 2)
    assert asp["diff_lo"] <= asp["diff_vs_eq"] <= asp["diff_hi"]
    line = target_line(list(by.values()))
    assert "eq 0.400 at agreement 1.00" in line and "Aspiration, 0.300 at 0.50" in line
    assert line.endswith("met") and "NOT" not in line


def test_a_tiny_arena_runs_edge_and_negmas_creditors_on_the_same_cells():
    pytest.importorskip("negmas", reason="NegMAS is the optional extra edge-agent[negmas]")
    from sims.negmas_arena import run_arena

    rows = run_arena(
        ROWS[:1],
        seeds=(0,),
        edge_policies=("eq", "eq/legacy"),
        negmas_creditors=("Aspiration",),
        debtors=("LinearTB",),
        sensor="lexicon",
    )
    assert [r["creditor"] for r in rows] == ["edge:eq", "edge:eq/legacy", "Aspiration"]
    for r in rows:
        assert r["agreed"] == (r["days"] is not None)
        if r["agreed"]:
            assert r["reservation"] <= r["days"] <= 50
            assert math.isclose(r["utility"], (50 - r["days"]) / 40)
    text = markdown(
        summarise(rows),
        {
            "rows": 1,
            "seeds": [0],
            "negmas": "x",
            "sensor": "lexicon",
            "command": "cmd",
            "seconds": 1.0,
        },
    )
    assert "| edge:eq |" in text and "## Target" in text
    assert (
        Cell(0, 0, "LinearTB", 10, 50, rows[0]["reservation"])
        == cells(ROWS[:1], (0,), ("LinearTB",))[0]
    )


def _sim_negmas(tmp_path):
    from typer.testing import CliRunner

    from sims.cli import app
    from tests.conftest import DATA

    args = [
        "negmas",
        "--scenarios",
        str(DATA / "crad_fixture.csv"),
        "--limit",
        "1",
        "--seeds",
        "0",
        "--policies",
        "eq",
        "--negmas-creditors",
        "Aspiration",
        "--debtors",
        "LinearTB",
        "--sensor",
        "lexicon",
        "--out",
        str(tmp_path / "arena"),
    ]
    return CliRunner().invoke(app, args)


def test_sim_negmas_without_the_extra_says_how_to_install_it(tmp_path):
    import importlib.util

    if importlib.util.find_spec("negmas") is not None:
        pytest.skip("NegMAS is installed: the missing-extra message cannot show")
    result = _sim_negmas(tmp_path)
    assert result.exit_code == 2
    assert "pip install 'edge-agent[negmas]'" in " ".join(result.output.split())


def test_sim_negmas_writes_the_table_and_the_command_that_regenerates_it(tmp_path):
    pytest.importorskip("negmas", reason="NegMAS is the optional extra edge-agent[negmas]")
    result = _sim_negmas(tmp_path)
    assert result.exit_code == 0, result.output
    text = (tmp_path / "arena" / "summary.md").read_text()
    assert "| edge:eq |" in text and "| Aspiration |" in text
    assert "edge-agent sim negmas --limit 1 --seeds 0 --policies eq" in text
    assert (tmp_path / "arena" / "negotiations.csv").read_text().count("\n") == 3  # header + 2
