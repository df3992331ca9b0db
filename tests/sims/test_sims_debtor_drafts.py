"""What a free debtor's draft may not do besides carrying the move: name another number,
narrate, recite its instruction. Tables with the close negatives a debtor may say."""

from __future__ import annotations

import pytest

from sims.debtor_drafts import narrates, other_numbers, recites
from sims.free_debtor import FreeLlmDebtor, Plan
from tests.sims.test_sims_debtors import SCENARIOS
from tests.sims.test_sims_free_debtor import MSG, _asked
from tests.sims.test_sims_llm_debtor import ChatRuntime


@pytest.mark.parametrize("draft, allowed, found", [
    # the planned figure alone, however written
    ("I need 109 days.", {109}, []),
    ("Give me 60 days, 60 and not one less.", {60}, []),
    ("Two months, that is 60 days, or nothing.", {60}, []),
    ("Sixty days is my limit.", {60}, []),
    # what the headline's debtors kept (docs/headline.md)
    ("My accountant sent you $12,000 last week. The remaining amount is $3,700. I need 109 "
     "days.", {109}, ["12,000", "3,700"]),
    ("Instead of our earlier 12-day offer, I need 60 days.", {60}, ["12-day"]),
    # other durations, in digits or words
    ("I can't do it in a week; give me 60 days.", {60}, ["a week"]),
    ("Not 45 days, I need 60 days.", {60}, ["45 days"]),
    ("I need 60, not 45.", {60}, ["45"]),
    # figures that are not durations
    ("We have been open 24/7; I need 60 days.", {60}, ["24", "7"]),
    ("It is 100% impossible. 60 days.", {60}, ["100"]),
    ("By the 15th I need 60 days.", {60}, ["15"]),
    ("I owe five thousand dollars, so 60 days.", {60}, ["5000"]),
    # close negatives: counts of things in words, months, vague spans are not figures
    ("I have two kids to feed; I need 60 days.", {60}, []),
    ("Since March we have lost three trucks. 60 days.", {60}, []),
    ("Give me one more chance: 60 days.", {60}, []),
    ("I need a few more days than that: 60 days.", {60}, []),
    # an acceptance may name the offer; a plan with no figure allows none
    ("Fine, I agree to 30 days.", {30}, []),
    ("Fine, I agree to 30 days.", set(), ["30 days"]),
    ("Not today. We lost two contracts.", set(), []),
])  # fmt: skip
def test_other_numbers(draft, allowed, found):
    assert other_numbers(draft, allowed) == found


@pytest.mark.parametrize("draft, narration", [
    ('"86 days," the collector replied.', True),
    ("The collector, it seems, is not willing to budge. I need 86 days.", True),
    ('"I need 86 days," I said.', True),
    ('She sighed, "I need 86 days."', True),
    ("The owner sighed. I need 86 days.", True),
    # close negatives: the debtor speaking to the collector, in the first person
    ("You are not willing to budge. I need 86 days.", False),
    ("I said it before and I say it again: 86 days.", False),
    ('You called it "a fair offer"; it is not. I need 86 days.', False),
    ("My business owes you money, I know. 86 days.", False),
])  # fmt: skip
def test_narrates(draft, narration):
    assert (narrates(draft) is not None) is narration


@pytest.mark.parametrize("draft, days, recited", [
    ("You need 159 days, and there are no other numbers.", 159, True),
    ("You need 159 days.", 159, True),
    ("Say that you need 60 days.", 60, True),
    ("I will name no numbers today.", None, True),
    # close negatives
    ("I need 159 days.", 159, False),
    ("You need to give me 159 days.", 159, False),
    ("You need 30 days to process it? I need 159 days.", 159, False),
    ("There are other numbers I could give, but 159 days it is.", 159, False),
])  # fmt: skip
def test_recites(draft, days, recited):
    assert (recites(draft, days) is not None) is recited


@pytest.mark.parametrize("bad", [
    "My accountant sent you $12,000. I need {d} days.",
    '"{d} days," the collector replied.',
    "You need {d} days, and there are no other numbers.",
])  # fmt: skip
def test_the_free_debtor_asks_again_and_sends_the_clean_draft(bad):
    def reply(prompt: str) -> str:
        d = _asked(prompt)
        return bad.format(d=d) if "Your last reply" not in prompt else f"I need {d} days."

    rt = ChatRuntime(reply)
    turn = FreeLlmDebtor(SCENARIOS[0], "angry", 0, key="s1", runtime=rt).respond(MSG, 0.0)
    assert turn.state["text_path"] == "llm" and turn.state["drafts"] == 2
    assert turn.text == f"I need {turn.days} days."


def test_allowed_days_of_a_plan():
    assert Plan("counter", 40, 12, (), "anger").allowed_days() == {40}
    assert Plan("accept", None, 12, (), "joy").allowed_days() == {12}
    assert Plan("no_offer", None, 12, (), "neutral").allowed_days() == set()


def _system(prompt: str) -> str:
    return prompt.split("The collector wrote")[0]


def test_the_persona_prefix_is_the_same_for_every_message_of_a_debtor():
    """llama.cpp reuses the KV cache of the longest common token prefix: the persona and
    situation go first and must not change from one message (or draft) to the next."""
    rt = ChatRuntime(lambda p: f"I need {_asked(p) or 60} days.")
    debtor = FreeLlmDebtor(SCENARIOS[0], "angry", 0, key="s1", runtime=rt)
    plans = [Plan("counter", 90, 12, ("threat",), "anger"),
             Plan("no_offer", None, 20, ("delay",), "neutral"),
             Plan("accept", None, 45, (), "joy")]  # fmt: skip
    prompts = []
    for i, plan in enumerate(plans):
        debtor._offer, debtor._creditor_text = plan.offer, f"Message {i}: {plan.offer} days."
        prompts += [debtor.prompt(plan), debtor.prompt(plan, "Your last reply was empty.")]
    assert len({_system(p) for p in prompts}) == 1 and len(set(prompts)) == len(prompts)
    assert len(_system(prompts[0])) > 200  # the shared part is the bulk of the prompt
    # close negative: another persona is another prefix
    other = FreeLlmDebtor(SCENARIOS[0], "victim", 0, key="s1", runtime=rt)
    assert _system(other.prompt(plans[0])) != _system(prompts[0])


def test_the_prompt_shows_no_figure_but_the_planned_one():
    """The style example once said "10 days is impossible ... Give me 75 days": small models
    copied it, naming a second figure the check now refuses. The prompt's fixed text names one
    figure (the example's) besides the plan's."""
    rt = ChatRuntime(lambda p: "I need 90 days.")
    debtor = FreeLlmDebtor(SCENARIOS[0], "angry", 0, key="s1", runtime=rt)
    debtor._offer, debtor._creditor_text = 12, "We can offer 12 days."
    prompt = debtor.prompt(Plan("counter", 90, 12, (), "anger"))
    system = _system(prompt)
    figures = other_numbers(system.split(" owes ")[1].split(".", 2)[-1], {75})
    assert figures == [] and "no narration" in system and "no quotation marks" in system
