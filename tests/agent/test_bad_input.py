"""Bad input: each gets a clear answer or a clear error, and the session stays usable."""

import pytest

from edge_agent import InvalidMessage
from edge_agent.agent import MAX_MESSAGE_CHARS


@pytest.mark.parametrize(
    ("bad", "message"),
    [
        ("", "empty"),
        ("   \n\t  ", "empty"),
        ("\x00\x01\x02\x1b\x7f", "empty"),  # control characters only
        ("\udcff\udcfe", "empty"),  # lone surrogates from a broken decode
        ("x" * (MAX_MESSAGE_CHARS + 1), f"limit is {MAX_MESSAGE_CHARS}"),
        (b"\xff\xfe binary", "must be text"),
        (12345, "must be text"),
        (None, "must be text"),
    ],
)
def test_refused_with_a_clear_error_and_nothing_lost(make_agent, bad, message):
    agent = make_agent()
    agent.open()
    before = agent.to_json()
    with pytest.raises(InvalidMessage, match=message):
        agent.respond(bad)
    assert agent.to_json() == before
    assert agent.respond("40 days?").status in ("open", "agreed")


@pytest.mark.parametrize(
    "text",
    [
        "I can do 14 days 🙂🙏",
        "😡😡😡 150 days!!!",
        "Cafe\u0301 owner here, j'ai besoin de 90 jours",  # combining accent, French
        "CafÃ© owner, 90 days please",  # UTF-8 read as Latin-1 (mojibake)
        "我需要 90 days",
        "مرحبا 45 days",
        "line one\nline two\r\n30 days",
        "tab\tseparated\t20 days",
        "x" * MAX_MESSAGE_CHARS,
        "zero\u200bwidth 40 days",
    ],
)
def test_unusual_but_valid_text_gets_a_clear_answer(make_agent, text):
    agent = make_agent()
    agent.open()
    reply = agent.respond(text)
    assert reply.text and reply.status in ("open", "awaiting_confirmation", "failed")
    assert agent.to_json()  # the session still serialises


def test_control_characters_are_stripped_not_stored(make_agent):
    agent = make_agent()
    agent.open()
    agent.respond("40\x00 days\x1b")
    assert agent.session.turns[-1].debtor_text == "40 days"
