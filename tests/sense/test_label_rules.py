"""The GoEmotions label-noise rule (training/emotion/label_rules.py): which rows it drops.

Close negatives on both sides: the same words without the tag, the tag on a non-joy row,
and strings that contain "/s" without being Reddit's sarcasm tag.
"""

from __future__ import annotations

import sys
from pathlib import Path

import numpy as np
import pytest

sys.path.insert(0, str(Path(__file__).resolve().parents[2] / "training" / "emotion"))
import goemo
import label_rules


@pytest.mark.parametrize(
    ("text", "tagged"),
    [
        ("Hooray for the cancer! /s", True),
        ("I love Arkansas. /s.", True),
        ("Tell her to stop being so fat, then. Edit: /s", True),
        ("/s obviously", True),
        ('"So is that biological too? /s ^I ^think ^so"', True),
        ("Thanks a lot [NAME] /s", True),
        ("Hooray for the cancer!", False),  # same words, no tag
        ("I take it w/sugar", False),
        ("check /sbin for it", False),
        ("the /sarcasm tag", False),
        ("5 m/s wind", False),
        ("You forgot the/s", False),
    ],
)
def test_sarcasm_tag(text: str, tagged: bool) -> None:
    assert label_rules.is_tagged_sarcasm(text) is tagged


def test_drops_only_tagged_rows_labelled_joy() -> None:
    rows = [
        ("Hooray for the cancer! /s", ["joy"]),  # dropped
        ("Great, more rain /s", ["joy", "surprise"]),  # dropped: joy among its labels
        ("Hooray for the cancer!", ["joy"]),  # kept: no tag
        ("Tell her to stop being so fat, then. /s", ["anger"]),  # kept: tag, not joy
        ("They'll be healthy for the rest of their lives. /s", ["neutral"]),  # kept
    ]
    hot = np.zeros((len(rows), goemo.N), dtype=np.float32)
    for i, (_, labels) in enumerate(rows):
        hot[i, [goemo.EMOTIONS.index(e) for e in labels]] = 1.0
    texts, kept_hot, dropped = label_rules.drop_tagged_sarcastic_joy([t for t, _ in rows], hot)
    assert dropped == 2
    assert texts == [t for t, _ in rows[2:]]
    np.testing.assert_array_equal(kept_hot, hot[2:])


def test_joy_index_is_goemotions_joy() -> None:
    assert goemo.EMOTIONS[label_rules.JOY] == "joy"
