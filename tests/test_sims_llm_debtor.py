"""The LLM debtor's contract with a fake runtime: same moves, checked words, fallback."""

from __future__ import annotations

from types import SimpleNamespace

from sims.debtor import CreditorMessage, RuleDebtor
from sims.llm_debtor import LlmDebtor
from tests.test_sims_debtors import SCENARIOS


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


def _asked_days(prompt: str) -> str:
    return prompt.split("Ask for exactly ")[1].split(" days")[0]


def test_llm_words_are_used_when_they_state_the_decided_move():
    rt = FakeRuntime(lambda p: f"Look, I am furious. I need {_asked_days(p)} days.")
    sc = SCENARIOS[0]
    llm = LlmDebtor(sc, "angry", 0, key="s1", runtime=rt)
    rules = RuleDebtor(sc, "angry", 0, key="s1")
    a = llm.respond(CreditorMessage("Pay in 12 days.", "anger", 12), 0.0)
    b = rules.respond(CreditorMessage("Pay in 12 days.", "anger", 12), 0.0)
    assert (a.days, a.accept, a.emotion) == (b.days, b.accept, b.emotion)  # same decision
    assert a.state["text_path"] == "llm" and a.text.endswith(f"{a.days} days.")
    assert "angry" in rt.prompts[0] and "Ask for exactly" in rt.prompts[0]


def test_inconsistent_llm_words_fall_back_to_the_rules_sentence():
    rt = FakeRuntime(lambda p: "Fine, 10 days.")  # wrong figure and a false acceptance
    llm = LlmDebtor(SCENARIOS[0], "cheating", 0, key="s1", runtime=rt)
    turn = llm.respond(CreditorMessage("Pay in 12 days.", "neutral", 12), 0.0)
    assert turn.state["text_path"] == "rules_fallback" and "10 days" not in turn.text
    assert len(rt.prompts) == 2  # one retry before the fallback
