"""Documented label-noise rules applied to GoEmotions *train* rows (never dev or test).

GoEmotions labels were given by raters who read each Reddit comment on its own, so a comment
its writer tagged as sarcastic ("/s") is often labelled by its surface words: "Hooray for the
cancer! /s" is joy. Those rows teach the model the exact error issue 24 reports on debtors
("Oh great, another call" read as joy). The rule is mechanical (the writer's own tag and the
label), decided before training and never from what the model gets wrong on a test sentence.
numpy only, like goemo.py, so CI tests it without torch.
"""

from __future__ import annotations

import re
from collections.abc import Sequence

import numpy as np

# Reddit's sarcasm tag: "/s" as its own token (end of text, before punctuation or space);
# "w/sugar", "/sarcasm" spelled out or a path such as "/sbin" do not match.
SARCASM_TAG = re.compile(r"(?:^|\s)/s(?=$|[\s.,!?)\]*:;]|\^)")
JOY = 3  # index of joy in goemo.EMOTIONS (anger, disgust, fear, joy, neutral, sadness, surprise)


def is_tagged_sarcasm(text: str) -> bool:
    return SARCASM_TAG.search(text) is not None


def drop_tagged_sarcastic_joy(
    texts: Sequence[str], hot: np.ndarray
) -> tuple[list[str], np.ndarray, int]:
    """Rows minus those the writer tagged "/s" that carry a joy label; returns the count dropped.

    Dropped rather than relabelled: the tag says the joy is not meant, not which emotion is.
    """
    keep = [i for i, t in enumerate(texts) if not (hot[i, JOY] and is_tagged_sarcasm(t))]
    return [texts[i] for i in keep], hot[keep], len(texts) - len(keep)
