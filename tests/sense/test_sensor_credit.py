"""Issue 24: the shipped sensor reads a debtor's sentences as a collector would.

The issue's sentences, each with what it must (or must not) be read as, and close negatives
that share their words but not their emotion, so a model cannot pass by reading "great" or
"appreciate" as anything but joy, or "angry" as never anger. All were written before the
model was trained and are kept out of its training data (tests/sense/test_credit_data.py).
"""

from __future__ import annotations

import sys
from pathlib import Path

import pytest

from edge_agent.sense.onnx import OnnxEmotionSensor
from edge_core.emotions import EMOTIONS

sys.path.insert(0, str(Path(__file__).resolve().parents[2] / "training" / "emotion"))
import credit_data

ALL = frozenset(EMOTIONS)

# text -> the labels its top emotion may be
EXPECTED: dict[str, frozenset[str]] = {
    # the sentences
    "You vultures again? Get a real job.": frozenset({"disgust", "anger"}),
    "That's really the most I can manage.": ALL - {"joy"},
    "I appreciate you moving, but I just can't.": ALL - {"joy"},
    "45 days is really all I can afford.": ALL - {"joy"},
    "Oh great, another call": ALL - {"joy"},
    "I'm not angry, just tired": ALL - {"anger"},
    # close negatives
    "Great, that works for me, thank you!": frozenset({"joy"}),
    "Moving the deadline like that is really kind, thank you, I can manage it now!": frozenset(
        {"joy"}
    ),
    "45 days is fine, thank you so much!": frozenset({"joy"}),
    "I'm angry, not tired.": frozenset({"anger"}),
    "Oh great, the payment went through, thank you!": frozenset({"joy"}),
    "Is this the collections team? I would like to know my balance.": frozenset({"neutral"}),
    "Could you tell me the date of my last payment?": frozenset({"neutral"}),
    "That really is the most generous offer, thank you, I accept!": frozenset({"joy"}),
    # round 2's registers, each beside a close negative in the same words (written before the
    # round-2 model was trained; credit_data.ROUND2_SENTENCES)
    "Fantastic, you have charged me twice this month.": frozenset({"anger", "disgust"}),
    "Fantastic, the refund arrived, thank you!": frozenset({"joy"}),
    "Cheers for calling at midnight, really thoughtful.": frozenset({"anger", "disgust"}),
    "Cheers for calling back, that was really thoughtful of you!": frozenset({"joy"}),
    "Okay, I follow.": frozenset({"neutral"}),
    "Okay, I follow, and thank you, that is brilliant news!": frozenset({"joy"}),
    "How do I close the account once it is paid?": frozenset({"neutral"}),
    "What?! You closed the account without telling me?": frozenset({"surprise", "anger"}),
    "Thirty days is as quick as I can go, sadly.": ALL - {"joy"},
    "Thirty days? Lovely, I can do that easily!": frozenset({"joy"}),
    "I am not furious, just worn out.": ALL - {"anger"},
}


# Read wrong by the shipped model (its card and the branch report give the figures). Kept as
# strict expected failures, not swapped for easier sentences, so a retrained model that reads
# them right has to remove them from here. The round-3 model reads the sentences and
# all but one of round 2's right.
KNOWN_MISSES = {
    "Cheers for calling at midnight, really thoughtful.": "sarcasm read as joy (0.85)",
}
CASES = [
    pytest.param(
        text,
        allowed,
        marks=[pytest.mark.xfail(reason=KNOWN_MISSES[text], strict=True)]
        if text in KNOWN_MISSES
        else [],
    )
    for text, allowed in EXPECTED.items()
]


@pytest.fixture(scope="module")
def sensor() -> OnnxEmotionSensor:
    return OnnxEmotionSensor()


def test_table_is_the_held_out_list() -> None:
    """The sentences here are exactly the ones the training data is checked against."""
    assert set(EXPECTED) == set(credit_data.TEST_SENTENCES)


@pytest.mark.parametrize(("text", "allowed"), CASES)
def test_debtor_sentences(sensor: OnnxEmotionSensor, text: str, allowed: frozenset[str]) -> None:
    probs = sensor.probs(text)
    top = max(probs, key=probs.__getitem__)
    assert top in allowed, {k: round(v, 3) for k, v in probs.items()}


def test_vultures_mass_is_on_contempt(sensor: OnnxEmotionSensor) -> None:
    """The old model gave it neutral 0.43; contempt should carry most of the mass now."""
    probs = sensor.probs("You vultures again? Get a real job.")
    assert probs["disgust"] + probs["anger"] > 0.5 > probs["neutral"]
