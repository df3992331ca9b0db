"""The LLM debtor's contract with a fake runtime: same moves, checked words, fallback."""

from __future__ import annotations

from types import SimpleNamespace

from sims.debtor import CreditorMessage, RuleDebtor
from sims.llm_debtor import LlmDebtor, clean
from tests.sims.test_sims_debtors import SCENARIOS


class FakeRuntime:
    chat_template = None
    bos_text = eos_text = ""

    def __init__(self, reply) -> None:
        self.reply = reply
        self.prompts: list[str] = []

    def tokenize_prompt(self, text):
        self.prompts.append(text)
        return [1, 2, 3]

    def generate(self, tokens, **kw):
        return SimpleNamespace(text=self.reply(self.prompts[-1]))


def _plain(prompt: str) -> str:
    """The rules debtor's message, as quoted in the chat prompt."""
    return prompt.split('The debtor\'s message: "')[1].split('"\nRewrite')[0]


class ChatRuntime(FakeRuntime):
    chat_template = "{% for m in messages %}{{ m.content }}{% endfor %}"


def test_llm_words_are_used_when_they_state_the_decided_move():
    # The fake model keeps the plain message's figures and adds a voice of its own.
    rt = ChatRuntime(lambda p: f"The debtor's message: \"Look, I am furious. {_plain(p)}\"")
    sc = SCENARIOS[0]
    llm = LlmDebtor(sc, "angry", 0, key="s1", runtime=rt)
    rules = RuleDebtor(sc, "angry", 0, key="s1")
    a = llm.respond(CreditorMessage("Pay in 12 days.", "anger", 12), 0.0)
    b = rules.respond(CreditorMessage("Pay in 12 days.", "anger", 12), 0.0)
    assert (a.days, a.accept, a.emotion) == (b.days, b.accept, b.emotion)  # same decision
    assert a.state["text_path"] == "llm"
    assert a.text == f"Look, I am furious. {b.text}"  # label and quotes stripped
    assert "angry" in rt.prompts[0] and "Pay in 12 days." in rt.prompts[0]


def test_inconsistent_llm_words_fall_back_to_the_rules_sentence():
    rt = FakeRuntime(lambda p: "Fine, 10 days.")  # wrong figure and a false acceptance
    llm = LlmDebtor(SCENARIOS[0], "cheating", 0, key="s1", runtime=rt)
    turn = llm.respond(CreditorMessage("Pay in 12 days.", "neutral", 12), 0.0)
    assert turn.state["text_path"] == "rules_fallback" and "10 days" not in turn.text
    assert len(rt.prompts) == 2  # one retry before the fallback


def test_a_draft_that_talks_about_the_task_is_rejected():
    # Right figure, but it echoes the instructions instead of speaking as the debtor.
    rt = ChatRuntime(lambda p: f"Rewrite the debtor's message: {_plain(p)}")
    turn = LlmDebtor(SCENARIOS[0], "sad", 0, key="s1", runtime=rt).respond(
        CreditorMessage("Pay in 12 days.", "neutral", 12), 0.0
    )
    assert turn.state["text_path"] == "rules_fallback"


def test_base_models_get_a_few_shot_transcript_ending_at_the_debtors_line():
    rt = FakeRuntime(lambda p: "")
    LlmDebtor(SCENARIOS[0], "vanilla", 0, key="s1", runtime=rt).respond(
        CreditorMessage("Pay in 12 days.", "neutral", 12), 0.0
    )
    assert rt.prompts[0].count("Plain:") == 3 and rt.prompts[0].endswith("In my own words:")
    assert "Collector: Pay in 12 days.\nPlain: " in rt.prompts[0]


def test_clean_strips_labels_and_wrapping_quotes_only():
    assert clean('  The debtor\'s message:  "I need 40 days."\n') == "I need 40 days."
    assert clean("In my own words: I can't, I won't.") == "I can't, I won't."
    assert clean('"I said "no" twice."') == '"I said "no" twice."'


def test_the_report_counts_the_messages_the_model_voiced(tmp_path, monkeypatch):
    from sims import runner
    from sims.report import build
    from tests.sims.test_sims_runner import _cfg

    # Silent for the first two turns (two calls each), then repeats the plain message, which is
    # always consistent with the move.
    calls = []
    rt = ChatRuntime(lambda p: (calls.append(1), _plain(p) if len(calls) > 4 else "")[1])
    monkeypatch.setitem(runner._DEBTOR_BACKENDS, "fake", rt)
    cfg = _cfg(debtors=["angry"], policies=["eq"], debtor_backend="fake")
    runner.run(cfg, tmp_path)
    build(tmp_path, plots=False)
    records = runner.read_records(tmp_path / runner.JSONL)
    paths = [
        m["state"]["text_path"]
        for r in records
        for m in r["messages"]
        if m["role"] == "debtor" and m.get("index")
    ]
    voiced = paths.count("llm")
    assert 0 < voiced < len(paths)
    summary = (tmp_path / "summary.md").read_text()
    assert "## LLM debtor" in summary and f"| all | all | {voiced} / {len(paths)} |" in summary
