"""``sim headline`` end to end with fake models: one command, three creditors, free debtors,
the table, resuming, and the same bytes for the same seed."""

from __future__ import annotations

import json

from typer.testing import CliRunner

from edge_agent.cli import app as root_app
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
            "--no-plots", *extra]  # fmt: skip


def test_one_command_regenerates_the_headline_and_resumes(tmp_path, monkeypatch):
    monkeypatch.setitem(runner._DEBTOR_BACKENDS, "fake-debtor", ChatRuntime(_debtor))
    monkeypatch.setitem(llm_alone._RUNTIMES, "fake-large", LargeModel([]))
    cli = CliRunner()
    result = cli.invoke(root_app, _args(tmp_path / "a"))
    assert result.exit_code == 0, result.output
    table = json.loads((tmp_path / "a" / "headline.json").read_text())
    assert [r["policy"] for r in table] == ["eq", "vanilla", "llm-alone:fake-large"]
    assert [r["backend"] for r in table] == ["template", "template", "fake-large"]
    assert all(r["n"] == 2 for r in table)
    alone = table[2]
    assert alone["success_rate"] == 1.0 and alone["mandate_breaches"] >= 1  # agrees to anything
    assert table[0]["mandate_breaches"] == 0 and table[1]["mandate_breaches"] == 0
    assert 0 < table[0]["voiced"] <= 1
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
