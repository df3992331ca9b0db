"""``llm-alone``, the papers' baseline, with a fake model: its terms and its agreement are read
from its own words; mandate breaches are counted, not prevented."""

from __future__ import annotations

from types import SimpleNamespace

import pytest

from sims import llm_alone
from sims.debtor import RuleDebtor
from sims.metrics import dialogue_metrics, summarise
from sims.protocol import PolicySpec, play_dialogue
from tests.sims.test_sims_debtors import SCENARIOS


class ScriptedModel:
    """A chat model that says the next line of a script whatever it is asked."""

    chat_template = "{% for m in messages %}<{{ m.role }}>{{ m.content }}{% endfor %}"
    bos_text = eos_text = ""

    def __init__(self, lines: list[str]) -> None:
        self.lines = list(lines)
        self.prompts: list[str] = []

    def tokenize_prompt(self, text):
        self.prompts.append(text)
        return [1]

    def generate(self, tokens, **kw):
        return SimpleNamespace(text=self.lines.pop(0) if self.lines else "We offer 30 days.")


def _creditor(lines, sc=SCENARIOS[0]):
    return llm_alone.LlmAloneCreditor(sc, ScriptedModel(lines), seed=1, backend="fake")


@pytest.mark.parametrize(
    ("words", "offer", "agreed"),
    [
        ("We can offer 25 days to repay the balance.", 25, None),
        ("Yes, I agree to your proposal of 90 days.", 90, 90),
        ("Yes, we agree. Deal.", 90, 90),
        ("Alright, 90 days works for us.", 90, 90),  # a weak yes at their figure
        ("I cannot agree to that, we need this paid sooner.", 20, None),  # keeps its offer
        ("We cannot do 90 days. We offer 30 days.", 30, None),
    ],
)
def test_its_terms_and_agreement_are_read_from_its_words(words, offer, agreed):
    c = _creditor(["Hello, we can offer 20 days.", words])
    assert c.open().offer_days == 20
    reply = c.respond("I need 90 days to repay.")
    assert (reply.offer_days, reply.agreed_days) == (offer, agreed)
    assert reply.status == ("agreed" if agreed else "open")
    decision = reply.trace["decision"]
    assert decision["mode"] == "llm-alone" and decision["instructed"] is False


def test_the_prompt_carries_target_and_mandate_and_the_whole_dialogue():
    c = _creditor(["Hello, we offer 20 days.", "We offer 25 days."])
    c.open()
    c.respond("I need 90 days to repay.")
    last = c.runtime.prompts[-1]
    sc = SCENARIOS[0]
    assert f"within {sc.creditor_target_days} days" in last
    assert f"more than {sc.max_days} days" in last
    assert "Hello, we offer 20 days." in last and "I need 90 days to repay." in last


def test_policy_names():
    assert PolicySpec.parse("llm-alone").llm_alone == "llama"
    spec = PolicySpec.parse("llm-alone:llama:qwen2.5-coder-1.5b-instruct-q4_k_m")
    assert spec.llm_alone == "llama:qwen2.5-coder-1.5b-instruct-q4_k_m"
    assert PolicySpec.parse("eq").llm_alone is None
    with pytest.raises(ValueError, match="llm-alone"):
        PolicySpec.parse("llm-lonely")


def _dialogue(lines, monkeypatch, persona="angry"):
    model = ScriptedModel(lines)
    monkeypatch.setitem(llm_alone._RUNTIMES, "fake", model)
    sc = SCENARIOS[0]
    debtor = RuleDebtor(sc, persona, 0, key="s1")
    record, state = play_dialogue(sc, debtor, PolicySpec.parse("llm-alone:fake"), seed=1,
                                  sensor=None)  # fmt: skip
    record.update(policy="llm-alone:fake", debtor=persona, scenario=sc.to_dict())
    return record, state


def test_a_yes_in_its_own_words_closes_the_deal_beyond_the_mandate_and_is_counted(monkeypatch):
    record, state = _dialogue(["Hello, we offer 20 days.", "Yes, I agree to your proposal."],
                              monkeypatch)  # fmt: skip
    out = record["outcome"]
    debtor_days = [m["days"] for m in record["messages"] if m["role"] == "debtor"]
    assert out["agreed"] and out["closed_by"] == "creditor_accept"
    assert out["agreed_days"] == debtor_days[0] and state is None
    m = dialogue_metrics(record)
    sc = SCENARIOS[0]
    assert m["mandate_breach"] is (out["agreed_days"] > sc.max_days)
    assert summarise([m], "llm-alone:fake", "angry")["mandate_breaches"] == int(m["mandate_breach"])
    assert m["creditor_confirmed"] is True and out["confirmation_messages"] == 0


def test_a_creditor_that_never_says_yes_does_not_agree(monkeypatch):
    record, _ = _dialogue(["We offer 20 days."] * 40, monkeypatch)
    m = dialogue_metrics(record)
    assert not m["agreed"] and not m["mandate_breach"]
    assert record["outcome"]["outcome"] in ("limit", "debtor_left")
