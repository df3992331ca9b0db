"""Sweeps: the same results whatever the worker count, resume, report, and the CLI."""

from __future__ import annotations

import json

import pytest
from typer.testing import CliRunner

from edge_agent.cli import app as root_app
from sims.report import build
from sims.runner import JSONL, RunConfig, read_records, run
from tests.conftest import DATA
from tests.sims.test_sims_debtors import SCENARIOS

FIXTURE = DATA / "crad_fixture.csv"


def _cfg(**kw) -> RunConfig:
    base = dict(
        scenarios=[s.to_dict() for s in SCENARIOS],
        debtors=["angry", "cheating"],
        policies=["eq", "boulware"],
        seed=3,
    )
    return RunConfig(**{**base, **kw})


def test_same_results_for_one_and_two_workers(tmp_path):
    run(_cfg(), tmp_path / "w1", workers=1)
    run(_cfg(), tmp_path / "w2", workers=2)
    one, two = (tmp_path / d / JSONL for d in ("w1", "w2"))
    assert one.read_bytes() == two.read_bytes()
    assert len(read_records(one)) == 8


def test_seed_changes_results_and_policies_meet_the_same_debtors(tmp_path):
    a = read_records_of(run(_cfg(), tmp_path / "a"))
    b = read_records_of(run(_cfg(seed=4), tmp_path / "b"))
    assert a != b
    recs = run(_cfg(), tmp_path / "c")
    hidden = {}
    for r in recs:
        hidden.setdefault((r["scenario"]["scenario_id"], r["debtor"]), set()).add(
            json.dumps(r["hidden"], sort_keys=True)
        )
    assert all(len(v) == 1 for v in hidden.values())


def read_records_of(records):
    return [json.dumps(r, sort_keys=True) for r in records]


def test_resume_finishes_an_interrupted_run_without_redoing_work(tmp_path):
    full = tmp_path / "full"
    run(_cfg(), full)
    part = tmp_path / "part"
    run(_cfg(), part, stop_after=3)
    with (part / JSONL).open("a") as fh:
        fh.write('{"key": "cut in the mid')  # an interrupted write
    seen = []
    run(_cfg(), part, resume=True, progress=lambda done, total: seen.append(done))
    assert seen == list(range(4, 9))  # only the five unfinished dialogues ran
    assert (part / JSONL).read_bytes() == (full / JSONL).read_bytes()


def test_resume_refuses_a_different_run(tmp_path):
    run(_cfg(), tmp_path, stop_after=1)
    try:
        run(_cfg(seed=9), tmp_path, resume=True)
    except ValueError as exc:
        assert "different run" in str(exc)
    else:  # pragma: no cover
        raise AssertionError("resume accepted other settings")


def test_report_rebuilds_the_same_tables_from_jsonl(tmp_path):
    records = run(_cfg(), tmp_path)
    build(tmp_path, records, plots=False)
    csv_first = (tmp_path / "summary.csv").read_text()
    (tmp_path / "summary.csv").unlink()
    build(tmp_path, plots=False)
    assert (tmp_path / "summary.csv").read_text() == csv_first
    header = csv_first.splitlines()[0].split(",")
    for col in (
        "policy",
        "debtor",
        "n",
        "success_rate",
        "mean_days",
        "debt_multiple",
        "collection_rate",
        "mean_messages",
        "violations",
        "surplus_kept",
    ):
        assert col in header


def test_cli_run_and_report(tmp_path):
    runner = CliRunner()
    out = tmp_path / "cli"
    args = [
        "sim",
        "run",
        "--scenarios",
        str(FIXTURE),
        "--debtors",
        "victim,pressure",
        "--policies",
        "eq,vanilla,linear",
        "--limit",
        "2",
        "--out",
        str(out),
        "--no-plots",
    ]
    result = runner.invoke(root_app, args)
    assert result.exit_code == 0, result.output
    assert "By policy" in result.output
    for name in ("dialogues.jsonl", "summary.csv", "summary.md"):
        assert (out / name).is_file()
    assert len(read_records(out / JSONL)) == 2 * 2 * 3
    result = runner.invoke(root_app, ["sim", "report", str(out), "--no-plots"])
    assert result.exit_code == 0 and "Target (eq vs vanilla)" in result.output
    bad = runner.invoke(
        root_app,
        ["sim", "run", "--scenarios", str(FIXTURE), "--debtors", "nobody", "--out", str(out)],
    )
    assert bad.exit_code == 2 and "unknown debtor persona" in bad.output


def test_plots_are_written_when_matplotlib_is_installed(tmp_path):
    import pytest

    pytest.importorskip("matplotlib")
    records = run(_cfg(debtors=["angry"], policies=["eq", "vanilla"]), tmp_path)
    build(tmp_path, records)
    for name in ("debt_multiple.png", "success_rate.png", "emotion_trajectories.png"):
        assert (tmp_path / name).stat().st_size > 1000


def test_cli_grid_reruns_the_sweep_once_per_parameter_point(tmp_path):
    from sims.grid import GRID

    out = tmp_path / "grid"
    args = ["sim", "grid", "--scenarios", str(FIXTURE), "--limit", "1", "--debtors", "angry"]
    args += ["--policies", "eq,vanilla,boulware", "--out", str(out)]
    result = CliRunner().invoke(root_app, args)
    assert result.exit_code == 0, result.output
    rows = [line for line in (out / "grid.md").read_text().splitlines()[2:] if line]
    assert len(rows) == 1 + sum(len(v) for v in GRID.values())
    assert rows[0].startswith("| default | ")
    for name, values in GRID.items():
        for v in values:
            params = json.loads((out / f"{name}_{v:g}" / "run.json").read_text())["params"]
            assert params[name] == v  # the point ran with its own value...
            assert len(read_records(out / f"{name}_{v:g}" / JSONL)) == 3
    # ...and the default point with the documented defaults.
    from sims.response import ResponseParams

    default = json.loads((out / "default" / "run.json").read_text())["params"]
    assert default == ResponseParams().to_dict()
    assert set(GRID) == set(default)  # every effect size is swept (sims/RESPONSE_MODEL.md)


def test_cli_persona_set_option(tmp_path):
    """``--personas research`` runs eq on all seven personas (as eq-research); the default,
    professional, keeps eq; anything else is refused with exit code 2."""
    from sims.cli import with_persona_set

    assert with_persona_set(["eq", "vanilla"], "professional") == ["eq", "vanilla"]
    assert with_persona_set(["eq", "vanilla"], "research") == ["eq-research", "vanilla"]
    runner = CliRunner()
    base = ["sim", "run", "--scenarios", str(FIXTURE), "--debtors", "angry", "--policies",
            "eq,vanilla", "--limit", "1", "--no-plots"]  # fmt: skip
    out = tmp_path / "research"
    result = runner.invoke(root_app, [*base, "--out", str(out), "--personas", "research"])
    assert result.exit_code == 0, result.output
    assert [r["policy"] for r in read_records(out / JSONL)] == ["eq-research", "vanilla"]
    assert "kept value" in (out / "summary.md").read_text()
    bad = runner.invoke(root_app, [*base, "--out", str(tmp_path / "x"), "--personas", "all"])
    assert bad.exit_code == 2 and "--personas must be" in bad.output


@pytest.mark.parametrize(("kw", "size"), [
    ({}, 8),  # template creditor, rules debtors: cheap dialogues, batched
    ({"backend": "llama"}, 1),
    ({"debtor_backend": "llama"}, 1),
    ({"policies": ["eq", "llm-alone:llama"]}, 1),
])  # fmt: skip
def test_a_dialogue_that_runs_a_model_is_its_own_task(kw, size):
    """A worker's task reaches dialogues.jsonl only when it is done: one dialogue per task
    whenever a model speaks, so a long run writes (and a stopped one keeps) as it goes."""
    from sims.runner import RunConfig, chunk_size

    cfg = RunConfig([], ["angry"], kw.pop("policies", ["eq"]), **kw)
    assert chunk_size(cfg) == size
