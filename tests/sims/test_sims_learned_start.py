"""eq's starting state in ``sim headline``: a warm-up on other CRAD rows or an exported
state, recorded in OUT (learned.json, run.json), used by every eq dialogue and by no other,
and never mixed with another state on resume."""

from __future__ import annotations

import hashlib
import json

import pytest
from typer.testing import CliRunner

from edge_agent.cli import app as root_app
from edge_agent.state.learned_store import LearnedStore
from edge_core import Scenario
from policies.learner import LearnerState
from sims import learned_start as L
from sims import llm_alone, runner
from sims.free_debtor import CHECK_VERSION
from sims.runner import JSONL, RunConfig, check_resume, read_records
from tests.sims.test_sims_headline import LargeModel, _args, _debtor
from tests.sims.test_sims_llm_debtor import ChatRuntime
from tests.sims.test_sims_runner import FIXTURE


@pytest.fixture
def models(monkeypatch):
    monkeypatch.setitem(runner._DEBTOR_BACKENDS, "fake-debtor", ChatRuntime(_debtor))
    monkeypatch.setitem(llm_alone._RUNTIMES, "fake-large", LargeModel([]))


def _run(out, *extra):
    return CliRunner().invoke(root_app, _args(out, *extra))


def _records(out):
    return read_records(out / JSONL)


def test_a_warmup_is_written_recorded_and_used_by_eq_only(tmp_path, models):
    out = tmp_path / "a"
    result = _run(out, "--warmup", "2")
    assert result.exit_code == 0, result.output
    text = (out / L.FILE).read_text()
    saved = json.loads((out / "run.json").read_text())["learned"]
    assert saved["sha256"] == hashlib.sha256(text.encode()).hexdigest()
    assert "state" not in saved  # the state lives in learned.json, not in run.json
    made = saved["made"]
    assert made["source"] == "warmup" and made["warmup"] == 2 and made["after_rows"] == 1
    assert made["dialogues"] == 4 and made["debtors"] == ["angry", "victim"]
    headline_rows = {r["scenario"]["scenario_id"] for r in _records(out)}
    assert not headline_rows & set(made["rows"])  # disjoint from the headline's rows
    # learned.json is an export `edge-agent learned import` accepts
    [(state, profile)] = LearnedStore.parse_export(json.loads(text))
    assert isinstance(state, LearnerState) and state.dialogues == 4 and profile == "default"
    for rec in _records(out):
        assert ("learned_sha256" in rec) == (rec["policy"] == "eq"), rec["policy"]
        if rec["policy"] == "eq":
            assert rec["learned_sha256"] == saved["sha256"]
    md = (out / "headline.md").read_text()
    assert "eq started from a learned state of 4 dialogues" in md and saved["sha256"][:12] in md


def test_warmup_0_is_the_cold_start_and_leaves_no_state(tmp_path, models):
    out = tmp_path / "cold"
    out.mkdir()
    (out / L.FILE).write_text("stale")  # an earlier run's file must not pass for this one's
    result = _run(out, "--warmup", "0", "--no-resume")
    assert result.exit_code == 0, result.output
    assert not (out / L.FILE).exists()
    assert "learned" not in json.loads((out / "run.json").read_text())
    assert not any("learned_sha256" in r for r in _records(out))
    assert "eq started from an empty learned state" in (out / "headline.md").read_text()


def test_the_same_warmup_gives_the_same_bytes(tmp_path, models):
    assert _run(tmp_path / "a", "--warmup", "2").exit_code == 0
    assert _run(tmp_path / "b", "--warmup", "2").exit_code == 0
    assert (tmp_path / "a" / L.FILE).read_bytes() == (tmp_path / "b" / L.FILE).read_bytes()


@pytest.mark.parametrize("first, second, ok", [
    (("--warmup", "2"), ("--warmup", "2"), True),
    (("--warmup", "2"), ("--warmup", "0"), False),
    (("--warmup", "2"), ("--warmup", "1"), False),
    (("--warmup", "0"), ("--warmup", "0"), True),
    (("--warmup", "0"), ("--warmup", "2"), False),
    (("--warmup", "2"), ("--warmup", "2", "--seed", "1"), False),
])  # fmt: skip
def test_a_resume_never_mixes_two_starting_states(tmp_path, models, first, second, ok):
    out = tmp_path / "r"
    assert _run(out, *first).exit_code == 0
    before = {p.name: p.read_bytes() for p in out.iterdir()}
    result = _run(out, *second)
    if ok:
        assert result.exit_code == 0, result.output
        assert (out / JSONL).read_bytes() == before[JSONL]
        return
    assert result.exit_code == 2, result.output
    assert "Traceback" not in result.output
    kept = {k: v for k, v in before.items() if k in (JSONL, "run.json", L.FILE)}
    assert {p.name: p.read_bytes() for p in out.iterdir() if p.name in kept} == kept


def test_a_resume_refuses_an_edited_learned_json(tmp_path, models):
    out = tmp_path / "e"
    assert _run(out, "--warmup", "2").exit_code == 0
    doc = json.loads((out / L.FILE).read_text())
    doc["learned"][0]["updated"] = 5.0
    (out / L.FILE).write_text(json.dumps(doc))
    result = _run(out, "--warmup", "2")
    assert result.exit_code == 2 and "sha256 differs" in " ".join(result.output.split())
    # close negative: the untouched file resumes (the previous test's first row)


def test_learned_starts_from_an_export(tmp_path, models):
    assert _run(tmp_path / "a", "--warmup", "2").exit_code == 0
    export = tmp_path / "export.json"
    export.write_text((tmp_path / "a" / L.FILE).read_text())
    out = tmp_path / "x"
    result = _run(out, "--learned", str(export))
    assert result.exit_code == 0, result.output
    saved = json.loads((out / "run.json").read_text())["learned"]
    assert saved["made"]["source"] == "export"
    # the same state: the same file and the same eq dialogues as the warm-up's run
    assert (out / L.FILE).read_bytes() == (tmp_path / "a" / L.FILE).read_bytes()
    eq = [r["messages"] for r in _records(out) if r["policy"] == "eq"]
    assert eq == [r["messages"] for r in _records(tmp_path / "a") if r["policy"] == "eq"]
    # resuming with the file again is fine; with a warm-up instead, refused
    assert _run(out, "--learned", str(export)).exit_code == 0
    assert _run(out, "--warmup", "1").exit_code == 2


@pytest.mark.parametrize("content, says", [
    ("not json", "invalid JSON"),
    ('{"schema": 1, "learned": []}', "holds no eq state"),
    ('{"schema": 9, "learned": []}', "schema"),
    ('{"schema": 1, "learned": [{"profile": "default", "state": {"kind": "eq"}}]}', "item 0"),
    ('{"schema": 1, "learned": [{"profile": "default", "state": {"kind": "eq"}, '
     '"profile": "x"}]}', "appears twice"),
])  # fmt: skip
def test_a_bad_learned_file_exits_2_before_anything_runs(tmp_path, models, content, says):
    bad = tmp_path / "bad.json"
    bad.write_text(content)
    out = tmp_path / "o"
    result = _run(out, "--learned", str(bad))
    assert result.exit_code == 2, result.output
    assert says.lower() in " ".join(result.output.split()).lower()
    assert "Traceback" not in result.output and not out.exists()


def test_a_missing_learned_file_and_both_options_exit_2(tmp_path, models):
    result = _run(tmp_path / "o", "--learned", str(tmp_path / "nope.json"))
    assert result.exit_code == 2 and "cannot read" in result.output
    both = _run(tmp_path / "o", "--learned", str(tmp_path / "nope.json"), "--warmup", "2")
    assert both.exit_code == 2 and "not both" in both.output
    assert not (tmp_path / "o").exists()


def test_too_few_rows_for_the_warmup_exit_2(tmp_path, models):
    result = _run(tmp_path / "o", "--warmup", "3")  # the fixture has 2 rows after the first
    assert result.exit_code == 2 and "lower --warmup" in " ".join(result.output.split())
    assert not (tmp_path / "o").exists()


def _state() -> LearnerState:
    rows = Scenario.load_crad(FIXTURE)
    return L.warm_up(rows[1:2], 1, ["angry"], 0, "lexicon", RunConfig([], [], []).params).state


def test_every_eq_dialogue_gets_a_fresh_copy_and_no_other_policy_one():
    state = _state()
    cfg = RunConfig([], [], [], learned={"sha256": "x", "state": state.to_dict()})
    a, b = cfg.starting_state("eq"), cfg.starting_state("eq")
    assert a == state and b == state and a is not b
    assert cfg.starting_state("vanilla") is None and cfg.starting_state("eq-paper") is None
    assert RunConfig([], [], []).starting_state("eq") is None


def test_run_job_hands_eq_its_state(monkeypatch):
    seen = {}
    real = runner.play_dialogue

    def spy(*args, **kw):
        seen[args[2].name] = kw.get("learned")
        return real(*args, **kw)

    monkeypatch.setattr(runner, "play_dialogue", spy)
    state = _state()
    sc = Scenario.load_crad(FIXTURE)[0].to_dict()
    cfg = RunConfig([sc], ["angry"], ["eq", "vanilla"], sensor="lexicon",
                    learned={"sha256": "abc", "state": state.to_dict()})  # fmt: skip
    recs = [runner.run_job(j, cfg) for j in cfg.jobs()]
    assert seen["eq"] == state and seen["vanilla"] is None
    assert [r.get("learned_sha256") for r in recs] == ["abc", None]


@pytest.mark.parametrize("saved_extra, free, ok", [
    ({}, False, True),  # a rewrite-voice run.json from before either key
    # a free-debtor run.json from before the check was versioned holds version 1's dialogues
    ({}, True, CHECK_VERSION == 1),
    ({"free_debtor_check": CHECK_VERSION}, True, True),
    ({"free_debtor_check": CHECK_VERSION - 1}, True, False),
    ({"learned": {"sha256": "x"}}, False, False),  # saved warm, now cold
])  # fmt: skip
def test_check_resume_reads_old_manifests(tmp_path, saved_extra, free, ok):
    cfg = RunConfig([], ["angry"], ["eq"], debtor_voice="free" if free else "rewrite")
    ident = cfg.identity()
    ident.pop("free_debtor_check", None)
    assert CHECK_VERSION == 3  # each version refuses what the one before kept: no old resume
    (tmp_path / "run.json").write_text(json.dumps({**ident, **saved_extra}))
    if ok:
        check_resume(cfg, tmp_path)
    else:
        with pytest.raises(ValueError, match=r"settings differ: (free_debtor_check|learned)"):
            check_resume(cfg, tmp_path)


def test_sim_run_takes_a_learned_state_for_eq(tmp_path, models):
    assert _run(tmp_path / "a", "--warmup", "2").exit_code == 0
    args = ["sim", "run", "--scenarios", str(FIXTURE), "--limit", "1", "--debtors", "angry",
            "--policies", "eq,vanilla", "--no-plots"]  # fmt: skip
    cli = CliRunner()
    warm = cli.invoke(root_app, [*args, "--out", str(tmp_path / "w"), "--learned",
                                 str(tmp_path / "a" / L.FILE)])  # fmt: skip
    assert warm.exit_code == 0, warm.output
    recs = _records(tmp_path / "w")
    assert [r.get("learned_sha256") is not None for r in recs] == [True, False]
    assert (tmp_path / "w" / L.FILE).read_bytes() == (tmp_path / "a" / L.FILE).read_bytes()
    cold = cli.invoke(root_app, [*args, "--out", str(tmp_path / "c")])
    assert cold.exit_code == 0 and not (tmp_path / "c" / L.FILE).exists()
    assert not any("learned_sha256" in r for r in _records(tmp_path / "c"))
    bad = tmp_path / "bad.json"
    bad.write_text("{}")
    refused = cli.invoke(root_app, [*args, "--out", str(tmp_path / "b"), "--learned", str(bad)])
    assert refused.exit_code == 2 and not (tmp_path / "b").exists()


def test_sim_run_resume_with_another_state_is_refused_and_leaves_out_as_it_was(tmp_path, models):
    assert _run(tmp_path / "a", "--warmup", "2").exit_code == 0
    args = ["sim", "run", "--scenarios", str(FIXTURE), "--limit", "1", "--debtors", "angry",
            "--policies", "eq", "--no-plots", "--out", str(tmp_path / "c")]  # fmt: skip
    cli = CliRunner()
    assert cli.invoke(root_app, args).exit_code == 0
    before = sorted(p.name for p in (tmp_path / "c").iterdir())
    again = cli.invoke(root_app, [*args, "--resume", "--learned", str(tmp_path / "a" / L.FILE)])
    assert again.exit_code == 2 and "learned" in again.output
    assert sorted(p.name for p in (tmp_path / "c").iterdir()) == before  # no learned.json


@pytest.mark.parametrize("extra, says", [
    (("--warmup", "-1"), "--warmup must be 0"),
    (("--learned", "."), "not a regular file"),
])  # fmt: skip
def test_bad_start_options_exit_2(tmp_path, models, extra, says, monkeypatch):
    monkeypatch.chdir(tmp_path)
    result = _run(tmp_path / "o", *extra)
    assert result.exit_code == 2 and says in " ".join(result.output.split())
    assert "warm-up on" not in result.output and not (tmp_path / "o").exists()


def test_a_resume_whose_learned_json_is_gone_is_refused(tmp_path, models):
    out = tmp_path / "g"
    assert _run(out, "--warmup", "2").exit_code == 0
    (out / L.FILE).unlink()
    result = _run(out, "--warmup", "2")
    assert result.exit_code == 2 and "cannot be read" in " ".join(result.output.split())
    # close negative: --no-resume starts over and writes it again
    assert _run(out, "--warmup", "2", "--no-resume").exit_code == 0 and (out / L.FILE).exists()
