"""Which GoEmotions training rows pull the debtor registers the sensor misreads, and where.

The round-1 sensor read debtors' sarcasm and bare confirmations as joy and plain questions as
surprise (docs/sensor.md). A model learns a surface form's label from the rows that share it;
this counts, for each such form, how GoEmotions train labels the rows that have it, so the
finding is a measurement anyone can rerun, not an impression:

    python training/emotion/register_pulls.py   # markdown table on stdout

numpy only (like goemo.py), so it runs in the runtime venv and is tested without torch.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Sequence
from dataclasses import dataclass

import goemo
import label_rules
import numpy as np

QUESTION_WORD = re.compile(r"(is|are|can|could|what|how|when|who|which|do|does)\b")
CONFIRMATION = re.compile(r"(yes|yeah|yep|ok|okay|sure|agreed|right|true|exactly|correct)\b")
POSITIVE_OPENER = re.compile(
    r"(oh )?(great|wonderful|lovely|perfect|fantastic|brilliant|thanks|thank you)\b"
)
CEILING = re.compile(r"\b(the most|all|the best) i can\b|\bcan (manage|afford)\b")


@dataclass(frozen=True)
class Form:
    """A surface form a debtor's message can share with Reddit comments."""

    name: str
    matches: Callable[[str], bool]


FORMS: tuple[Form, ...] = (
    Form("question (starts with a question word, has '?')",
         lambda s: QUESTION_WORD.match(s.lower()) is not None and "?" in s),
    Form("short confirmation (<= 4 words, yes/ok/sure/right...)",
         lambda s: len(s.split()) <= 4 and CONFIRMATION.match(s.lower()) is not None),
    Form("positive opener (great/wonderful/lovely/thanks...)",
         lambda s: POSITIVE_OPENER.match(s.lower()) is not None),
    Form("ceiling ('the most/all/the best I can', 'can manage/afford')",
         lambda s: CEILING.search(s.lower()) is not None),
    Form("tagged sarcastic ('/s')", label_rules.is_tagged_sarcasm),
)


def label_shares(
    texts: Sequence[str], hot: np.ndarray, matches: Callable[[str], bool]
) -> tuple[int, dict[str, float]]:
    """(rows with the form, {label: share of those rows carrying it}); multi-label rows count
    for each of their labels, so shares can sum past 1."""
    idx = [i for i, t in enumerate(texts) if matches(t)]
    if not idx:
        return 0, {e: 0.0 for e in goemo.EMOTIONS}
    share = hot[idx].sum(axis=0) / len(idx)
    return len(idx), {e: float(v) for e, v in zip(goemo.EMOTIONS, share, strict=True)}


def table(texts: Sequence[str], hot: np.ndarray) -> str:
    head = "| form | rows | " + " | ".join(goemo.EMOTIONS) + " |"
    lines = [head, "|---" * (goemo.N + 2) + "|"]
    for form in (Form("all train rows", lambda s: True), *FORMS):
        n, share = label_shares(texts, hot, form.matches)
        cells = " | ".join(f"{share[e]:.2f}" for e in goemo.EMOTIONS)
        lines.append(f"| {form.name} | {n} | {cells} |")
    return "\n".join(lines)


if __name__ == "__main__":
    print(table(*goemo.load_split("train")))
