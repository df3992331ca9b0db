"""Issue 20: every backend realises the same plan; duty texts are fixed; nothing repeats.

The model voice runs here on a deterministic fake runtime (byte tokens, seeded logits, scripted
drafts), so the tests pin the realiser's contract without a model file: which slots a model may
word, what is shown and when, and what happens to a draft the plan does not support. The real
model's run is the last test (skipped without llama-cpp-python).
"""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pytest

from edge_agent import Negotiator
from edge_agent.llm.runtime import Generation, GenerationStats
from edge_agent.plan import Part, sentence_key, split_sentences
from edge_agent.read import read
from edge_agent.realise.base import DialogueTurn, RealiserContext
from edge_agent.realise.planned import plan_for
from edge_agent.realise.voice import VoiceRealiser
from edge_agent.verify.faithful import SentenceJudge
from edge_agent.verify.guard import ComplianceGuard
from edge_core import Action, Decision, Tactic
from tests.conftest import NORTHWIND
from tests.verify.test_faithful import QUOTED
from tests.voice_helpers import model_voice, planner_for, template_voice

GUARD = ComplianceGuard()
PLANNER = planner_for()


class FakeRuntime:
    """Byte tokens, logits from a seeded generator, drafts from a script (cycled)."""

    chat_template = None
    bos_text = eos_text = ""
    path = Path("fake.gguf")

    def __init__(self, drafts: tuple[str, ...] = ()) -> None:
        self.drafts = list(drafts)
        self.calls = 0
        self.rng = np.random.default_rng(7)

    def tokenize(self, text: str, *, add_bos: bool = False) -> list[int]:
        return list(text.encode("utf-8"))

    def tokenize_prompt(self, text: str) -> list[int]:
        return self.tokenize(text)

    def next_logits(self, tokens):
        self.calls += 1
        return self.rng.normal(size=256), GenerationStats(reeval_tokens=len(tokens) % 50 + 1)

    def generate(self, tokens, *, on_text=None, **_):
        self.calls += 1
        text = self.drafts[(self.calls - 1) % len(self.drafts)] if self.drafts else ""
        if on_text is not None:
            on_text(text)
        return Generation(text, GenerationStats(generated_tokens=len(text.split()),
                                                reeval_tokens=12))  # fmt: skip


def voice(mode: str = "choose", drafts: tuple[str, ...] = ()) -> VoiceRealiser:
    realiser = VoiceRealiser(FakeRuntime(drafts), mode=mode, judge=SentenceJudge(),
                             planner=PLANNER)
    realiser._banned = ()  # the fake has no vocabulary to scan
    return realiser


def _ctx(text: str, history=(), turn: int = 2, standing: int | None = 14) -> RealiserContext:
    past = list(history) or [DialogueTurn("creditor", f"Our offer is {standing} days.")]
    if text:
        past.append(DialogueTurn("debtor", text))
    move = read(text, standing, balance=NORTHWIND.balance) if text else None
    return RealiserContext(NORTHWIND, tuple(past), turn, 5, move=move)


FIXED_PARTS = (Part.DUTY_FIRST, Part.OPENING, Part.ANSWER, Part.BODY, Part.TERMS)
DUTY_CASES = [
    ("opening", Decision(Action.OPEN, Tactic.OPEN, "joy", 12), ""),
    ("stop", Decision(Action.CLOSE_STOP, Tactic.CLOSE, "neutral", None), "Stop contacting me."),
    ("dispute", Decision(Action.PAUSE_DISPUTE, Tactic.DISPUTE, "neutral", None),
     "This is not my debt."),
    ("close", Decision(Action.CLOSE_FAILED, Tactic.CLOSE, "neutral", None), "No."),
    ("crisis", Decision(Action.SUPPORT, Tactic.CRISIS, "sadness", None, supportive=True),
     "I want to end it all."),
    ("support", Decision(Action.COUNTER, Tactic.SUPPORT, "sadness", 14, supportive=True),
     "I lost my job."),
    ("confirm", Decision(Action.CONFIRM, Tactic.CONFIRM, "joy", 30), "30 days."),
    ("agreement", Decision(Action.ACCEPT, Tactic.ACCEPT, "joy", 30, agreed_days=30), "Yes."),
    ("restriction", Decision(Action.COUNTER, Tactic.HOLD, "neutral", 14,
                             restrictions=("not_at_work",)), "Don't call me at work."),
    ("answers", Decision(Action.COUNTER, Tactic.HOLD, "anger", 14),
     "Who is this? Can you waive the interest?"),
]


@pytest.mark.parametrize("name,decision,text", DUTY_CASES, ids=[c[0] for c in DUTY_CASES])
def test_every_duty_text_is_fixed_on_every_backend(name, decision, text):
    """Duty texts, answers and terms are the plan's words on the template voice and on both
    model voices, even when the model's drafts are the issue's worst sentences."""
    ctx = _ctx(text, turn=0 if decision.action == Action.OPEN else 2)
    plan = plan_for(decision, ctx, PLANNER)
    fixed = [i.text for i in plan.items if i.part in FIXED_PARTS]
    assert fixed
    bad = tuple(s for s, _ in QUOTED)
    for realiser in (template_voice(), voice("choose"), voice("rewrite", bad)):
        done = realiser.realise(decision, ctx)
        for sentence in fixed:
            assert sentence in done.text, (realiser, sentence)
        assert not any(b in done.text for b in bad)
        assert GUARD.check(done.text, decision, NORTHWIND).ok, done.text


def test_only_voiced_slots_are_ever_model_words():
    decision = Decision(Action.COUNTER, Tactic.ACKNOWLEDGE, "sadness", 20)
    ctx = _ctx("I lost my biggest client last month.")
    kept = "I'm so sorry about the client, that is a real blow."
    done = voice("rewrite", (kept, "I am so sorry you are dealing with all of this.")).realise(
        decision, ctx)
    slots = done.stats["slots"]
    assert [s["key"] for s in slots] == [i.key for i in plan_for(decision, ctx, PLANNER).voiced]
    assert done.path == "llm" and kept in done.text


def test_a_draft_the_plan_does_not_support_is_never_shown():
    decision = Decision(Action.COUNTER, Tactic.HOLD, "neutral", 14)
    ctx = _ctx("You people are scammers.")
    pieces: list[str] = []
    bad = ("This is a legal notice.", "I believe in you.", "Dear debtor.")
    done = voice("rewrite", bad).realise(decision, ctx, pieces.append)
    assert "".join(pieces) == done.text
    assert done.path == "fallback"
    assert not any(b in done.text for b in bad)
    assert {r["text"] for r in done.rejected} <= set(bad)
    assert done.text == plan_for(decision, ctx, PLANNER).text()  # the plan's own wording


@pytest.mark.parametrize("mode", ["choose", "rewrite"])
def test_sentences_are_shown_in_order_as_they_pass(mode):
    decision = Decision(Action.COUNTER, Tactic.CLARIFY, "joy", 16)
    ctx = _ctx("How much do I owe? I'm hopeful we can agree.")
    pieces: list[str] = []
    done = voice(mode, ("Thank you, I appreciate you working with me on this.",)).realise(
        decision, ctx, pieces.append)
    assert "".join(pieces) == done.text and len(pieces) >= 3
    assert pieces[0] == plan_for(decision, ctx, PLANNER).items[0].text or done.stats["slots"]
    assert done.stats["first_shown_ms"] <= done.stats["total_ms"]


def _dialogue(realiser, messages):
    agent = Negotiator(NORTHWIND, seed=11, sensor="lexicon", realiser=realiser)
    replies = [agent.open().text]
    for text in messages:
        if agent.status not in ("open", "awaiting_confirmation"):
            break
        replies.append(agent.respond(text).text)
    return replies


REPEATING = ["How much do I owe?", "I lost my biggest client.", "120 days?", "You're useless.",
             "Is there any flexibility?", "That's the most I can manage."] * 5


@pytest.mark.parametrize("make", [template_voice, lambda: voice("choose"),
                                  lambda: voice("rewrite", ("I hear you.",))],
                         ids=["template", "choose", "rewrite"])
def test_no_sentence_repeats_in_a_dialogue_on_any_path(make):
    seen: set[str] = set()
    for reply in _dialogue(make(), REPEATING):
        keys = [sentence_key(s) for s in split_sentences(reply)]
        assert not set(keys) & seen, reply
        seen.update(keys)


def test_the_embedded_model_keeps_the_duty_texts():
    """The default GGUF, both modes, on the same duty turns."""
    pytest.importorskip("llama_cpp", reason="llama-cpp-python is not installed")
    for mode in ("choose", "rewrite"):
        realiser = model_voice("llama", mode=mode, n_ctx=2048, samples=1)
        for _, decision, text in DUTY_CASES[:4] + DUTY_CASES[-2:]:
            ctx = _ctx(text, turn=0 if decision.action == Action.OPEN else 2)
            fixed = [i.text for i in plan_for(decision, ctx, PLANNER).items
                     if i.part in FIXED_PARTS]
            done = realiser.realise(decision, ctx)
            assert all(f in done.text for f in fixed)
            assert GUARD.check(done.text, decision, NORTHWIND).ok


UNINSTRUCTED = [
    # (message, the model chooses the acknowledgement)
    ("I lost my biggest client last month.", True),
    ("You people are scammers.", True),
    ("That's really the most I can manage.", True),
    ("How much do I owe?", False),  # close negative: answers only, no voiced slot
    ("", False),
]


@pytest.mark.parametrize("text,speaks", UNINSTRUCTED)
def test_the_model_chooses_the_acknowledgement_on_an_uninstructed_turn(text, speaks):
    """Issue 20 item 3: with no persona instruction (eq's baseline) the acknowledgement is
    still content, so the model chooses among its reviewed variants; a frame carries a persona
    and is never planned there."""
    decision = Decision(Action.COUNTER, Tactic.ACKNOWLEDGE, "neutral", 20, instructed=False)
    ctx = _ctx(text)
    plan = plan_for(decision, ctx, PLANNER)
    assert not [i for i in plan.items if i.part == Part.FRAME]
    done = voice("choose").realise(decision, ctx)
    sources = {s["key"]: s["source"] for s in done.stats["slots"]}
    assert (done.path == "llm") is speaks, (done.path, sources)
    if speaks:
        ack = next(i for i in plan.items if i.part == Part.ACK)
        said = next(s["text"] for s in done.stats["slots"] if s["key"] == ack.key)
        assert said in ack.options  # a reviewed variant, never the model's own words
    assert GUARD.check(done.text, decision, NORTHWIND).ok


def test_template_acts_still_hand_an_uninstructed_acknowledgement_to_the_plan():
    realiser = VoiceRealiser(FakeRuntime(), mode="choose", planner=PLANNER,
                             template_acts=("hardship",))
    decision = Decision(Action.COUNTER, Tactic.ACKNOWLEDGE, "neutral", 20, instructed=False)
    done = realiser.realise(decision, _ctx("I lost my biggest client last month."))
    assert done.path == "template"


LONG = ["Can you call me back tomorrow?", "How much do I owe?", "I lost my biggest client.",
        "No, that does not work for me.", "You're useless.", "Is there any flexibility?",
        "That's the most I can manage.", "What happens if I don't pay?", "Hmm.",
        "120 days?"] * 6  # fmt: skip


@pytest.mark.parametrize("make", [template_voice, lambda: voice("choose"),
                                  lambda: Negotiator(NORTHWIND).realiser],
                         ids=["plan-template", "choose", "template-backend"])
def test_no_sentence_repeats_in_a_sixty_message_dialogue(make):
    """Issue 20 item 4: sixty messages that ask the same things again and again; neither voice
    nor the template backend sends a sentence twice (banks run out into related banks and
    "once more" forms)."""
    seen: set[str] = set()
    agent = Negotiator(NORTHWIND, seed=11, sensor="lexicon", realiser=make(), max_messages=200)
    replies = [agent.open().text]
    for text in LONG:
        if agent.status not in ("open", "awaiting_confirmation"):
            break
        replies.append(agent.respond(text).text)
    assert len(replies) > 40
    for reply in replies:
        keys = [sentence_key(s) for s in split_sentences(reply)]
        assert len(keys) == len(set(keys)), reply
        assert not set(keys) & seen, reply
        seen.update(keys)
