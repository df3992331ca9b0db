"""training/emotion/register_pulls.py: the surface forms it counts and the shares it reports.

Each form with a close negative that must not match, and the share arithmetic on a table
small enough to check by hand.
"""

from __future__ import annotations

import sys
from pathlib import Path

import numpy as np
import pytest

sys.path.insert(0, str(Path(__file__).resolve().parents[2] / "training" / "emotion"))
import goemo
import register_pulls

FORMS = {f.name.split(" (")[0]: f for f in register_pulls.FORMS}


@pytest.mark.parametrize(
    ("form", "text", "matches"),
    [
        ("question", "What does FPTP have to do with it?", True),
        ("question", "What a day.", False),  # question word, no question
        ("question", "Really?", False),  # question, no question word first
        ("short confirmation", "Yes.", True),
        ("short confirmation", "ok sure thing", True),
        ("short confirmation", "Yes, I think that is exactly how it went down", False),  # long
        ("short confirmation", "Yesterday was fine", False),  # not the word "yes"
        ("positive opener", "Great, thanks!", True),
        ("positive opener", "Oh great, more of this", True),
        ("positive opener", "Not great, honestly", False),
        ("ceiling", "That's the most I can do", True),
        ("ceiling", "I can manage that", True),
        ("ceiling", "I can't afford that", False),
        ("ceiling", "the most I care about", False),
        ("tagged sarcastic", "Hooray for the cancer! /s", True),
        ("tagged sarcastic", "Hooray for the cancer!", False),
    ],
)
def test_forms(form: str, text: str, matches: bool) -> None:
    assert FORMS[form].matches(text) is matches


def test_label_shares_count_every_label_of_a_row() -> None:
    texts = ["Yes.", "Yes!", "No.", "Yep"]
    hot = np.zeros((4, goemo.N), dtype=np.float32)
    joy, neutral, anger = (goemo.EMOTIONS.index(e) for e in ("joy", "neutral", "anger"))
    hot[0, joy] = 1
    hot[1, [joy, neutral]] = 1  # two labels: counts for both
    hot[2, anger] = 1  # no match
    hot[3, neutral] = 1
    n, share = register_pulls.label_shares(texts, hot, FORMS["short confirmation"].matches)
    assert n == 3
    assert share["joy"] == pytest.approx(2 / 3)
    assert share["neutral"] == pytest.approx(2 / 3)
    assert share["anger"] == 0.0


def test_label_shares_of_a_form_nobody_has() -> None:
    hot = np.eye(goemo.N, dtype=np.float32)[[0]]
    assert register_pulls.label_shares(["No."], hot, lambda s: False) == (
        0,
        {e: 0.0 for e in goemo.EMOTIONS},
    )


def test_table_has_a_row_per_form_plus_all() -> None:
    hot = np.eye(goemo.N, dtype=np.float32)[[3, 4]]
    lines = register_pulls.table(["Great, thanks!", "Is it due?"], hot).splitlines()
    assert len(lines) == 2 + 1 + len(register_pulls.FORMS)
    assert lines[2].startswith("| all train rows | 2 | ")
    assert "| positive opener" in lines[5] and lines[5].split(" | ")[1] == "1"
