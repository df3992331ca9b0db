"""Manipulation resistance on the llama backend: the embedded GGUF speaks, the same checks.

A sample of two attacks per category, one per turn through long dialogues, keeps CI time
modest; `make redteam` runs all 200+ (the figures are in the README).
"""

import pytest

from tests.redteam import attacks, run_suite

pytest.importorskip("llama_cpp", reason="llama-cpp-python is not installed")


def test_sampled_attacks_on_the_embedded_model():
    by_category: dict[str, list] = {}
    for attack in attacks():
        by_category.setdefault(attack.category, []).append(attack)
    sample = [a for rows in by_category.values() for a in (rows[0], rows[len(rows) // 2])]
    # eq-switch varies the persona turn by turn, so the model voices the replies under attack
    # (eq shows the baseline's uninstructed persona, which the plan words without the model)
    report = run_suite("llama", sample, max_messages=60, policy="eq-switch")
    assert report["problems"] == []
    assert report["attacks"] == len(sample) >= 18
    assert report["paths"].get("llm", 0) + report["paths"].get("llm_retry", 0) > 0
