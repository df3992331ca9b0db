"""The policy registry: one list of names, each building the policy it names."""

from __future__ import annotations

import pytest

from edge_core.emotions import EMOTIONS
from policies import POLICY_NAMES, PayoffMatrix, make_persona_policy
from policies.learner import LearnerPolicy
from policies.paper import PaperPolicy
from policies.persona import EQPolicy, FixedPolicy, VanillaPolicy
from policies.registry import BUILDERS, policy_choices


def test_the_names_are_the_documented_ones_in_their_documented_order():
    """The CLI help and error messages print this tuple: it is public."""
    assert POLICY_NAMES == ("eq", "eq-paper", "eq-switch", "payoff", "wsls", "hmm", "vanilla",
                            "vanilla-adaptive", "random", "eq-research", "fixed:<emotion>")


def test_the_menu_holds_every_named_policy_then_one_fixed_per_emotion():
    assert policy_choices() == (*POLICY_NAMES[:-1], *(f"fixed:{e}" for e in EMOTIONS))


@pytest.mark.parametrize("name", policy_choices())
def test_every_name_builds_the_policy_that_reports_that_name(name):
    # eq-research is eq over every persona: it reports eq, whose learned state it shares.
    assert make_persona_policy(name).name == {"eq-research": "eq"}.get(name, name)


@pytest.mark.parametrize("name, kind", [
    ("eq", LearnerPolicy), ("eq-paper", PaperPolicy), ("eq-switch", EQPolicy),
    ("vanilla", VanillaPolicy), ("vanilla-adaptive", VanillaPolicy), ("fixed:joy", FixedPolicy),
    (" EQ-Paper ", PaperPolicy), ("FIXED:Joy", FixedPolicy),
])
def test_names_are_read_case_blind_and_trimmed(name, kind):
    assert type(make_persona_policy(name)) is kind


@pytest.mark.parametrize("name, listed", [
    ("telepathy", "eq, eq-paper"), ("", "eq, eq-paper"), ("eq paper", "eq, eq-paper"),
    ("eqpaper", "eq, eq-paper"), ("fixed", "eq, eq-paper"), ("vanilla-", "eq, eq-paper"),
    ("eq-paper:anger", "eq, eq-paper"),
    ("fixed:", "anger, disgust"), ("fixed:rage", "anger, disgust"),
    ("fixed:<emotion>", "anger, disgust"),
])
def test_unknown_names_are_refused_with_the_list(name, listed):
    with pytest.raises(ValueError, match=f"expected one of {listed}"):
        make_persona_policy(name)


def test_only_vanilla_is_emotion_blind():
    blind = {n for n in BUILDERS if getattr(make_persona_policy(n), "emotion_blind", False)}
    assert blind == {"vanilla"}


@pytest.mark.parametrize("name, uses_matrix", [
    ("eq", True), ("eq-switch", True), ("payoff", True), ("wsls", True), ("hmm", True),
    ("eq-paper", False),  # the published method keeps its own table
])
def test_the_payoff_matrix_given_is_the_one_played(name, uses_matrix):
    custom = PayoffMatrix(tuple(tuple(float(i == j) for j in range(7)) for i in range(7)))
    played = make_persona_policy(name, custom).payoff
    assert (played is custom) is uses_matrix
