"""Sentence splitting: the reply splitter and the loose one the language check uses."""

from __future__ import annotations

import pytest

from edge_agent.text.language import language_problem
from edge_agent.text.sentences import sentence_key, split_loosely, split_sentences


@pytest.mark.parametrize(
    ("text", "sentences"),
    [
        ("Thank you. We can offer 30 days.", ["Thank you.", "We can offer 30 days."]),
        ("The $1,200.00 balance. Ok!", ["The $1,200.00 balance.", "Ok!"]),
        ("Ms. Lopez, hello. Mr. Smith is here.", ["Ms. Lopez, hello.", "Mr. Smith is here."]),
        ("ok. then", ["ok. then"]),  # a dot before lower case does not end a reply sentence
        ("Why? \"Because.\"", ["Why?", "\"Because.\""]),
        ("  ", []),
    ],
)
def test_split_sentences(text, sentences):
    assert split_sentences(text) == sentences


@pytest.mark.parametrize(
    ("text", "pieces"),
    [
        ("ok. then", ["ok.", "then"]),
        ("Thank you.\n\nMerci beaucoup", ["Thank you.", "Merci beaucoup"]),
        ("The $1,200.00 balance", ["The $1,200.00 balance"]),
        ("", []),
    ],
)
def test_split_loosely(text, pieces):
    assert split_loosely(text) == pieces


def test_sentence_key_compares_letters_and_digits_only():
    assert sentence_key("Thank you, Ms Lopez!") == sentence_key("thank you ms lopez")
    assert sentence_key("30 days.") != sentence_key("31 days.")


def test_one_foreign_sentence_makes_a_reply_foreign():
    english = "We can offer 30 days to repay the balance, and we thank you for the message. "
    assert language_problem(english) == ""
    assert language_problem(english + "nous vous le des.") != ""  # judged per loose sentence
    # The same two French words inside an English sentence are outnumbered there.
    assert language_problem(english + "le la") != ""
    assert language_problem("We can offer le la 30 days to repay the balance, thank you.") == ""
