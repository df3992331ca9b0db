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
        # a figure no reader should convert (it overflowed a float: OverflowError, not this)
        ("I can pay in 1" + "0" * 400 + " days", "more than 100 digits"),
        ("I can pay in " + "9" * 1500 + " days", "more than 100 digits"),
        ("how about 1," + ",".join(["000"] * 40) + " days?", "more than 100 digits"),
        ("I can pay in १" + "०" * 150 + " days", "more than 100 digits"),
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


@pytest.mark.parametrize("text", [
    "My card is 4111111111111111 and I can do 40 days",  # a 16-digit reference: still read
    "Reference " + "7" * 100 + ", 40 days please",         # exactly the limit
])
def test_long_but_plausible_figures_are_read(make_agent, text):
    agent = make_agent()
    agent.open()
    assert agent.respond(text).status in ("open", "awaiting_confirmation", "agreed")
