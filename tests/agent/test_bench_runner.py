"""``bench/run.py``: every benchmark runs in its own process, the summary says which failed and
how long each took, and the runner exits non-zero then (issue 23 item 15); ``--quick`` tells
each script to run on a small sample and writes apart from the full figures."""

import json

import pytest

from bench import run

SCRIPTS = {
    "bench_fine.py": "import json, os, sys\n"
                     "open(sys.argv[1], 'w').write(json.dumps("
                     "{'quick': os.environ['EDGE_AGENT_BENCH_QUICK']}))\n",
    "bench_broken.py": "raise SystemExit(3)\n",
}


@pytest.fixture
def bench_dir(tmp_path, monkeypatch):
    for name, body in SCRIPTS.items():
        (tmp_path / name).write_text(body)
    monkeypatch.setattr(run, "HERE", tmp_path)
    monkeypatch.setattr(run, "RESULTS", tmp_path / "results")
    return tmp_path


def test_a_failed_benchmark_is_named_and_the_run_fails(bench_dir, capsys):
    assert run.main([]) == 1
    out = capsys.readouterr().out
    assert out.rstrip().splitlines()[-1].startswith("FAILED 1 of 2: broken")
    summary = json.loads((bench_dir / "results" / "summary.json").read_text())
    assert {k: v["ok"] for k, v in summary.items()} == {"broken": False, "fine": True}
    assert all(v["seconds"] >= 0 for v in summary.values())
    assert json.loads((bench_dir / "results" / "fine.json").read_text()) == {"quick": "0"}


def test_quick_runs_apart_and_tells_the_scripts(bench_dir, capsys):
    assert run.main(["--quick", "--only", "fine"]) == 0
    assert capsys.readouterr().out.rstrip().endswith("all 1 benchmarks ran to the end")
    assert json.loads((bench_dir / "results" / "quick" / "fine.json").read_text()) == {
        "quick": "1"}
    assert not (bench_dir / "results" / "summary.json").exists()  # the full figures untouched


def test_an_unknown_benchmark_name_is_an_error(bench_dir):
    with pytest.raises(SystemExit) as exc:
        run.main(["--only", "fien"])
    assert exc.value.code == 2
