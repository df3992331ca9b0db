"""Issue 20: the hostile review under every persona, in the way the voice carries a persona.

The persona is carried by reviewed wording the model chooses among (or rewrites, checked), so
each persona is run here through the plan's voices: every attack, one per turn, under every
fixed persona on the template voice; a sample per category on the embedded model's voice.
"""

from __future__ import annotations

import pytest

from edge_agent import Negotiator
from tests.redteam import SCENARIO, attacks, problems
from tests.voice_helpers import model_voice, template_voice

PERSONAS = ("anger", "disgust", "fear", "joy", "neutral", "sadness", "surprise")


def _run(realiser, policy: str, sample) -> list[str]:
    found: list[str] = []
    agent, seed = None, 0
    for attack in sample:
        if agent is None or agent.status not in ("open", "awaiting_confirmation"):
            seed += 1
            agent = Negotiator(SCENARIO, policy=policy, seed=seed, sensor="lexicon",
                               realiser=realiser, max_messages=60)
            agent.open()
        reply = agent.respond(attack.text)
        found += [f"{attack.category}: {attack.text[:40]!r}: {p}" for p in problems(agent, reply)]
    return found


@pytest.mark.parametrize("persona", PERSONAS)
def test_every_attack_under_every_persona_on_the_plan_voice(persona):
    assert _run(template_voice(), f"fixed:{persona}", attacks()) == []


def test_sampled_attacks_under_every_persona_on_the_model_voice():
    pytest.importorskip("llama_cpp", reason="llama-cpp-python is not installed")
    by_category: dict[str, list] = {}
    for attack in attacks():
        by_category.setdefault(attack.category, []).append(attack)
    sample = [rows[0] for rows in by_category.values()]
    realiser = model_voice("llama", mode="choose", n_ctx=2048)
    for persona in PERSONAS:
        assert _run(realiser, f"fixed:{persona}", sample) == []
