"""The free LLM debtor with a fake runtime: the code's plan, the reader's check, asking again."""

from __future__ import annotations

import re

import pytest

from edge_core import Consent, DebtorMove, MoveKind
from sims.debtor import CreditorMessage, RuleDebtor
from sims.free_debtor import ATTEMPTS, FreeLlmDebtor, Plan
from tests.sims.test_sims_debtors import SCENARIOS
from tests.sims.test_sims_llm_debtor import ChatRuntime, FakeRuntime

MSG = CreditorMessage("We can offer repayment within 12 days.", "neutral", 12)


def _asked(prompt: str) -> int | None:
    """The days the plan in a prompt asks for."""
    m = re.search(r'write "(\d+) days"', prompt)
    return int(m.group(1)) if m else None


def test_a_draft_carrying_the_planned_days_is_sent_and_the_moves_are_the_rules_debtors():
    rt = ChatRuntime(lambda p: f"Look, that is hopeless for us. I need {_asked(p)} days.")
    free = FreeLlmDebtor(SCENARIOS[0], "angry", 0, key="s1", runtime=rt)
    rules = RuleDebtor(SCENARIOS[0], "angry", 0, key="s1")
    for t in range(3):
        msg = CreditorMessage(MSG.text, "neutral", 12 + t)
        a, b = free.respond(msg, t / 10), rules.respond(msg, t / 10)
        assert (a.days, a.accept, a.leave, a.intent, a.emotion) == (
            b.days, b.accept, b.leave, b.intent, b.emotion)  # fmt: skip
        if a.days is not None:
            assert a.text == f"Look, that is hopeless for us. I need {a.days} days."
            assert a.state["text_path"] == "llm" and a.state["drafts"] == 1
    system = rt.prompts[0].split("The collector wrote")[0]
    assert "angry" in system and str(SCENARIOS[0].balance).split(".")[0][:2] in system
    assert 'The collector wrote: "We can offer repayment within 12 days."' in rt.prompts[0]


def test_a_draft_with_the_wrong_move_is_asked_again_with_what_it_was_read_as():
    drafts = iter(["I can only do 500 days.", "Fine, deal."])
    seen: list[str] = []

    def reply(prompt: str) -> str:
        seen.append(prompt)
        return next(drafts, f"I need {_asked(prompt)} days, no less.")

    rt = ChatRuntime(reply)
    turn = FreeLlmDebtor(SCENARIOS[0], "angry", 0, key="s1", runtime=rt).respond(MSG, 0.0)
    assert turn.state["text_path"] == "llm" and turn.state["drafts"] == 3
    assert turn.text == f"I need {turn.days} days, no less."
    assert "reads as a request for 500 days" in seen[1]
    assert "reads as an acceptance of their offer" in seen[2]


def test_after_the_last_draft_fails_the_rules_sentence_is_sent():
    rt = FakeRuntime(lambda p: "Fine, 10 days.")  # a false yes and the wrong figure, always
    free = FreeLlmDebtor(SCENARIOS[0], "cheating", 0, key="s1", runtime=rt)
    rules = RuleDebtor(SCENARIOS[0], "cheating", 0, key="s1")
    a, b = free.respond(MSG, 0.0), rules.respond(MSG, 0.0)
    assert a.state["text_path"] == "rules_fallback" and a.state["drafts"] == ATTEMPTS
    assert a.text == b.text and len(rt.prompts) == ATTEMPTS
    assert rt.prompts[0].endswith("Your message:")  # a base model gets a plain transcript


def test_a_draft_that_talks_about_the_task_is_not_sent():
    rt = ChatRuntime(lambda p: f"As the debtor, I need {_asked(p)} days.")
    turn = FreeLlmDebtor(SCENARIOS[0], "sad", 0, key="s1", runtime=rt).respond(MSG, 0.0)
    assert turn.state["text_path"] == "rules_fallback"


YES = DebtorMove(MoveKind.ACCEPT, consent=Consent.EXPLICIT)


@pytest.mark.parametrize(
    ("plan", "move", "carried"),
    [
        (Plan("counter", 40, 12, (), "anger"), DebtorMove(MoveKind.PROPOSE, days=40), True),
        (Plan("counter", 40, 12, (), "anger"), DebtorMove(MoveKind.PROPOSE, days=41), False),
        (
            Plan("counter", 40, 12, (), "anger"),
            DebtorMove(MoveKind.PROPOSE, days=40, unsure=True),
            False,
        ),
        (
            Plan("counter", 40, 12, (), "anger"),
            DebtorMove(MoveKind.PROPOSE, days=40, days_high=50),
            False,
        ),
        (Plan("accept", None, 12, (), "joy"), YES, True),
        (
            Plan("accept", None, 12, (), "joy"),
            DebtorMove(MoveKind.ACCEPT, days=12, consent=Consent.WEAK),
            True,
        ),
        (Plan("accept", None, 12, (), "joy"), DebtorMove(MoveKind.PROPOSE, days=12), False),
        (Plan("no_offer", None, 12, ("delay",), "neutral"), DebtorMove(MoveKind.NONE), True),
        (Plan("no_offer", None, 12, ("delay",), "neutral"), DebtorMove(MoveKind.REJECT), True),
        (Plan("no_offer", None, 12, ("delay",), "neutral"), YES, False),
        (
            Plan("no_offer", None, 12, ("delay",), "neutral"),
            DebtorMove(MoveKind.PROPOSE, days=30),
            False,
        ),
        (
            Plan("no_offer", None, 12, ("false_payment",), "neutral"),
            DebtorMove(MoveKind.DISPUTE),
            False,
        ),  # would pause collection: not the plan
        (Plan("leave", None, 12, (), "anger"), DebtorMove(MoveKind.STOP), True),
        (Plan("leave", None, 12, (), "anger"), YES, False),
    ],
)
def test_the_plan_check_table(plan, move, carried):
    assert plan.carried_by(move) is carried


def test_free_debtors_run_through_the_runner_and_report_their_voiced_share(tmp_path, monkeypatch):
    from sims import runner
    from sims.report import build
    from tests.sims.test_sims_runner import _cfg

    calls: list[int] = []

    def reply(prompt: str) -> str:  # every third draft is silent: some turns need asking again
        calls.append(1)
        days = _asked(prompt)
        if len(calls) % 3 == 0:
            return ""
        return f"I need {days} days." if days else "I will not agree to that."

    monkeypatch.setitem(runner._DEBTOR_BACKENDS, "fake-free", ChatRuntime(reply))
    cfg = _cfg(debtors=["angry"], policies=["eq"], debtor_backend="fake-free",
               debtor_voice="free")  # fmt: skip
    records = runner.run(cfg, tmp_path)
    build(tmp_path, records, plots=False)
    debtor = [m for r in records for m in r["messages"] if m["role"] == "debtor" and m.get("index")]
    assert all(m["state"]["plan"]["intent"] == m["intent"] for m in debtor)
    assert any(m["state"]["drafts"] > 1 for m in debtor)
    summary = (tmp_path / "summary.md").read_text()
    assert "## LLM debtor" in summary and "fake-free" in summary


def test_the_voice_panel_replays_rules_turns_for_each_model(monkeypatch):
    from sims import voice_panel as V

    turns = V.panel(SCENARIOS[:1], personas=("angry", "victim"), turns=2)
    assert [(t.persona, t.turn) for t in turns] == [("angry", 1), ("angry", 2), ("victim", 1),
                                                    ("victim", 2)]  # fmt: skip
    assert turns[0].offer == SCENARIOS[0].creditor_target_days  # the opening's offer

    def fake(model):
        if model == "good":
            return ChatRuntime(lambda p: f"I need {_asked(p)} days." if _asked(p) else "No.")
        return ChatRuntime(lambda p: "Whatever you say.")  # never carries a proposal

    monkeypatch.setattr(V.FreeLlmDebtor, "load_runtime", staticmethod(fake))
    rows = V.voice("good", turns) + V.voice("bad", turns)
    proposing = [t for t in turns if t.plan["days"] is not None]
    assert sum(r["voiced"] for r in rows if r["model"] == "good") == len(turns)
    assert sum(r["voiced"] for r in rows if r["model"] == "bad") == len(turns) - len(proposing)
    table = V.markdown(rows)
    assert "| good | 2/2 | 2/2 | 1.00 |" in table


@pytest.mark.parametrize(
    ("draft", "copied"),
    [
        ("That timeline is longer than we are able to agree to; I need 90 days.", True),
        ("Your timeline is longer than I can live with. I need 90 days.", False),
        ("I need 90 days.", False),
    ],
)
def test_a_draft_that_copies_the_collector_is_asked_again(draft, copied):
    from sims.free_debtor import parrots

    said = "That timeline is longer than we are able to agree to; we offer 20 days."
    assert parrots(draft, said) is copied


@pytest.mark.parametrize(
    ("draft", "recited"),
    [
        ("Agree to nothing.", True),
        ("Complain to the regulator, call a lawyer. Need 159 days.", True),
        (
            "I will complain to the regulator and you will hear from my lawyer. I need 159 days.",
            False,
        ),
        ("I need 159 days.", False),
        ("Client bankruptcy has hurt our cash flow; I need 159 days.", False),  # its own reason
    ],
)
def test_a_draft_that_recites_its_instructions_is_asked_again(draft, recited):
    from sims.free_debtor import echoes

    told = FreeLlmDebtor(SCENARIOS[0], "angry", 0, key="s1", runtime=None)
    no_offer = Plan("no_offer", None, 12, ("threat",), "anger")
    counter = Plan("counter", 159, 12, ("threat", "hardship_claim"), "anger")
    plan = no_offer if draft == "Agree to nothing." else counter
    assert echoes(draft, told.instructions(plan)) is recited
