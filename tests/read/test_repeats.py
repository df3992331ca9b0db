"""Evidence counted once (issue 21): the same hardship text pasted again, exactly or nearly, is
a repeat; a different disclosure, the same story told again in other words, and a short reply
that only holds a figure are not."""

import pytest

from edge_agent.read.repeats import dialogue_cues, repeated, same_text
from edge_agent.read.turn_reading import reading_of
from edge_core import DebtorMove, MoveKind

STORY = "Our cash flow is terrible this quarter and there is nothing left. 45 days is my limit."


@pytest.mark.parametrize(("a", "b", "same"), [
    (STORY, STORY, True),
    (STORY, STORY.replace("45", "44"), True),  # a figure changed: the same words
    (STORY, STORY.replace("terrible", "terible"), True),  # a typo
    (STORY, "As I said: " + STORY, True),
    (STORY, STORY.upper(), True),
    # close negatives
    (STORY, "Two big clients paid late and I can't pay the suppliers. 45 days is my limit.",
     False),
    (STORY, "Honestly our cash flow is a mess and we have nothing left at all, 45 days.", False),
    ("45 days.", "45 days is what I need, my husband lost his job last week.", False),
    ("", "", False),
])  # fmt: skip
def test_same_text(a, b, same):
    assert same_text(a, b) is same


def _readings(*texts: str):
    return [reading_of(t, DebtorMove(MoveKind.NONE)) for t in texts]


@pytest.mark.parametrize(("texts", "expected"), [
    ((STORY, STORY, STORY), (False, True, True)),
    ((STORY, "Two big clients paid late and I can't pay the suppliers.", STORY),
     (False, False, True)),
    (("45 days.", "45 days.", "45 days."), (False, False, False)),  # holding a figure
    (("I lost my job.", "I lost my job."), (False, True)),  # a disclosure pasted again
])  # fmt: skip
def test_repeated_marks_hardship_pasted_again(texts, expected):
    readings = _readings(*texts)
    assert repeated(readings) == expected
    cues = dialogue_cues(readings)
    assert tuple("repeated" in c for c in cues) == expected
    assert all(c - {"repeated"} == r.cues for c, r in zip(cues, readings, strict=True))


def test_thirty_long_hardship_messages_are_compared_in_linear_time():
    """A character-level ratio took minutes on such a dialogue (a denial of service); word
    pairs take milliseconds. The bound is loose for a loaded machine."""
    import random
    import time

    rng = random.Random(0)
    vocab = ("i", "lost", "my", "job", "and", "we", "have", "no", "money", "left", "the", "rent",
             "is", "late", "kids", "need", "food", "cash", "flow", "nothing", "struggling",
             "hardship", "can", "not", "pay")
    readings = _readings(*(" ".join(rng.choice(vocab) for _ in range(400))[:2000]
                           for _ in range(30)))  # fmt: skip
    start = time.perf_counter()
    repeated(readings)
    assert time.perf_counter() - start < 10.0
