"""Debtors perceive the creditor's words: the independent reader, the two perception paths,
persona fidelity in the summary, and old runs resuming as they were."""

from __future__ import annotations

import csv
import json

import pytest

from sims.debtor import CreditorMessage, RuleDebtor
from sims.metrics import dialogue_metrics, summarise
from sims.perception import (
    LabelPerception,
    TextPerception,
    TextReader,
    decided_persona,
    make_perception,
)
from sims.report import build
from sims.runner import JSONL, MANIFEST, run
from tests.sims.test_sims_debtors import SCENARIOS
from tests.sims.test_sims_runner import _cfg

READER = TextReader()


@pytest.mark.parametrize(
    ("text", "read"),
    [
        ("I am furious about how you treat me.", "anger"),
        ("I am disgusted by this.", "disgust"),
        ("I am terrified of losing the business.", "fear"),
        ("Thank you, that is wonderful news.", "joy"),
        ("I am so sad and depressed about this.", "sadness"),
        ("Wow, I am really surprised.", "surprise"),
        # close negatives: the figure alone, a firm tone without an emotion word, and two
        # emotions at once (a tie reads as neither)
        ("We can offer 30 days.", "neutral"),
        ("Let me be direct with you. We do need this resolved.", "neutral"),
        ("I am happy but also terrified", "neutral"),
    ],
)
def test_the_reader_reads_emotion_words_not_labels(text, read):
    assert READER.read(text) == read


def test_a_negated_emotion_word_does_not_count():
    assert READER.counts("I am furious.")["anger"] == 1
    assert READER.counts("I am not furious.")["anger"] == 0
    assert READER.read("I am not disgusted by this.") != "disgust"


def test_the_two_paths_differ_only_in_what_they_look_at():
    text, label = PLAIN, "anger"
    assert TextPerception(READER).perceive(text, label, True) == "neutral"
    assert LabelPerception().perceive(text, label, True) == "anger"
    assert LabelPerception().perceive(text, label, False) == "neutral"  # vanilla: no persona
    assert decided_persona("anger", False) == "neutral"
    with pytest.raises(ValueError, match="unknown perception"):
        make_perception("telepathy")


PLAIN = "We can offer repayment of the balance within 20 days."
ANGRY = "I am furious that this is still unpaid. We can offer 20 days."


def _play(perception, messages, persona="victim"):
    debtor = RuleDebtor(SCENARIOS[0], persona, 0, key="s1", perception=perception)
    return [debtor.respond(m, t / 10).to_dict() for t, m in enumerate(messages)]


@pytest.mark.parametrize("persona", ["victim", "angry", "fear", "threatening"])
def test_a_persona_the_words_do_not_carry_does_not_move_the_debtor(persona):
    text = TextPerception(READER)
    shown = [CreditorMessage(PLAIN, "anger", 20 + t) for t in range(6)]
    hidden = [CreditorMessage(PLAIN, "neutral", 20 + t) for t in range(6)]
    assert _play(text, shown, persona) == _play(text, hidden, persona)
    # the label path, fed the same messages, is moved by the label alone
    label = LabelPerception()
    assert _play(label, shown, persona) != _play(label, hidden, persona)


def test_words_that_carry_the_persona_move_the_debtor_as_the_label_did():
    words = [CreditorMessage(ANGRY, "neutral", 20 + t) for t in range(6)]
    labels = [CreditorMessage(PLAIN, "anger", 20 + t) for t in range(6)]
    by_words, by_label = _play(TextPerception(READER), words), _play(LabelPerception(), labels)
    strip = [{k: v for k, v in turn.items() if k != "text"} for turn in by_words]
    assert strip == [{k: v for k, v in turn.items() if k != "text"} for turn in by_label]
    assert all(turn["state"]["perceived"] == "anger" for turn in by_words)


def test_summary_reports_persona_fidelity_for_both_paths(tmp_path):
    rows = {}
    for path in ("text", "label"):
        cfg = _cfg(debtors=["angry"], policies=["eq", "vanilla"], perception=path)
        build(tmp_path / path, run(cfg, tmp_path / path), plots=False)
        with (tmp_path / path / "summary.csv").open() as fh:
            rows[path] = {r["policy"]: r for r in csv.DictReader(fh) if r["debtor"] == "all"}
    for path in rows:
        for row in rows[path].values():
            assert 0.0 <= float(row["persona_fidelity"]) <= 1.0
            assert row["backend"] == "template"
    # fidelity is a property of the words, whatever the debtor perceived: every creditor
    # message carries the independent reader's reading
    records = [json.loads(line) for line in (tmp_path / "text" / JSONL).open()]
    assert all(
        m["read_as"] == READER.read(m["text"])
        for r in records
        for m in r["messages"]
        if m["role"] == "creditor"
    )


def test_persona_fidelity_by_hand():
    def msg(index, emotion, read_as, instructed=True):
        trace = {"decision": {"instructed": instructed}}
        return {"role": "creditor", "index": index, "emotion": emotion, "read_as": read_as,
                "guard_caught": 0, "emitted_violations": [], "trace": trace}  # fmt: skip

    record = {
        "policy": "eq",
        "debtor": "angry",
        "scenario": {"scenario_id": "s", "creditor_target_days": 10, "max_days": 50},
        "hidden": {"reservation": 20},
        "outcome": {"agreed": False, "agreed_days": None, "outcome": "limit", "messages": 4},
        "messages": [
            msg(1, "anger", "anger"),
            {"role": "debtor", "index": 2, "emotion": "anger"},
            msg(3, "sadness", "joy"),
            {"role": "debtor", "index": 4, "emotion": "anger"},
            msg(None, "joy", "joy"),  # a close the debtor never answered: not judged
            msg(5, "joy", "neutral", instructed=False),  # vanilla: meant neutral, read neutral
        ],
    }
    m = dialogue_metrics(record)
    assert (m["fidelity_hits"], m["fidelity_judged"]) == (2, 3)
    assert m["fidelity_by_persona"] == {"anger": [1, 1], "sadness": [0, 1], "neutral": [1, 1]}
    assert summarise([m], "eq", "angry")["persona_fidelity"] == pytest.approx(2 / 3)


def test_an_old_run_without_a_perception_setting_resumes_as_the_label_run_it_was(tmp_path):
    cfg = _cfg(debtors=["angry"], policies=["eq"], perception="label")
    run(cfg, tmp_path, stop_after=1)
    manifest = json.loads((tmp_path / MANIFEST).read_text())
    del manifest["perception"], manifest["debtor_voice"]  # as saved before this change
    (tmp_path / MANIFEST).write_text(json.dumps(manifest))
    assert len(run(cfg, tmp_path, resume=True)) == 2
    with pytest.raises(ValueError, match="different run"):
        run(_cfg(debtors=["angry"], policies=["eq"]), tmp_path, resume=True)  # text now


def test_text_perception_is_deterministic_per_seed(tmp_path):
    run(_cfg(), tmp_path / "a")
    run(_cfg(), tmp_path / "b")
    assert (tmp_path / "a" / JSONL).read_bytes() == (tmp_path / "b" / JSONL).read_bytes()
    run(_cfg(seed=4), tmp_path / "c")
    assert (tmp_path / "a" / JSONL).read_bytes() != (tmp_path / "c" / JSONL).read_bytes()


def test_cli_perception_option(tmp_path):
    from typer.testing import CliRunner

    from edge_agent.cli import app as root_app
    from tests.sims.test_sims_runner import FIXTURE

    base = ["sim", "run", "--scenarios", str(FIXTURE), "--limit", "1", "--debtors", "angry",
            "--policies", "eq", "--no-plots"]  # fmt: skip
    cli = CliRunner()
    ok = cli.invoke(root_app, [*base, "--perception", "label", "--out", str(tmp_path / "l")])
    assert ok.exit_code == 0, ok.output
    assert json.loads((tmp_path / "l" / MANIFEST).read_text())["perception"] == "label"
    for flag, value, message in (("--perception", "telepathy", "unknown perception"),
                                 ("--debtor-voice", "mime", "unknown debtor voice")):  # fmt: skip
        bad = cli.invoke(root_app, [*base, flag, value, "--out", str(tmp_path / "x")])
        assert bad.exit_code == 2 and message in bad.output


def test_population_debtors_read_the_words_too():
    from sims.populations import run_sequence

    rows = run_sequence("fear-exits", "fixed:anger", SCENARIOS, 2, 0)
    label = run_sequence("fear-exits", "fixed:anger", SCENARIOS, 2, 0, perception="label")
    assert all(len(r["personas_read"]) == len(r["personas_shown"]) for r in rows)
    assert all(set(r["personas_shown"]) == {"anger"} for r in rows)
    assert [r["personas_read"] for r in rows] == [
        r["personas_read"] for r in label
    ] or rows != label
