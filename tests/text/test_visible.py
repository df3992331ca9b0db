"""One visible-character policy (``edge_agent.text.visible``) in place of four rules.

Each former rule is kept here as an oracle, checked against the policy that replaced it over
every code point of the planes that hold characters: the debtor's message and the trace
(``str.isprintable``), a stored reply (C0/C1 controls and bidi overrides) and the guard
(invisible characters). Then the one intended change: a reply is cleaned by the rule the guard
judges it by.
"""

from __future__ import annotations

import unicodedata

import pytest

from edge_agent.realise import TemplateRealiser
from edge_agent.state.validate import check_text, printable
from edge_agent.text.visible import (
    INVISIBLE,
    TERMINAL,
    UNPRINTABLE,
    Kind,
    characters_in,
    invisible_characters,
    kind,
    replace_characters,
    visible,
    without_characters,
)

_BIDI = frozenset("\u202a\u202b\u202c\u202d\u202e\u2066\u2067\u2068\u2069")
_EXTRA = frozenset("\u034f\u115f\u1160\u3164\uffa0\u180e")


def _was_printable(ch: str) -> bool:
    """``agent._clean``, ``validate.printable`` and the debtor-text check, before."""
    return ch.isprintable() or ch in "\n\t"


def _was_control(ch: str) -> bool:
    """``validate.without_controls``, before."""
    return ch not in "\n\t" and (unicodedata.category(ch) == "Cc" or ch in _BIDI)


def _was_invisible(ch: str) -> bool:
    """``visible._invisible``, before."""
    if ch in "\n\t":
        return False
    return (unicodedata.category(ch) in ("Cf", "Cc", "Co", "Cn", "Zl", "Zp") or ch in _EXTRA
            or "\ufe00" <= ch <= "\ufe0f" or "\U000e0100" <= ch <= "\U000e01ef")


_PLANES = [*range(0x0000, 0x20000), *range(0xE0000, 0xE1000), *range(0xF0000, 0xF0100),
           0x10FFFD, 0x10FFFF, 0x30000, 0x3134A, 0x3FFFF]


@pytest.mark.parametrize(("policy", "oracle"), [
    (UNPRINTABLE, lambda ch: not _was_printable(ch)),
    (TERMINAL, _was_control),
    (INVISIBLE, _was_invisible),
], ids=["unprintable", "terminal", "invisible"])
def test_each_policy_is_the_rule_it_replaced_on_every_character(policy, oracle):
    wrong = [f"U+{cp:04X}" for cp in _PLANES if (kind(chr(cp)) in policy) != oracle(chr(cp))]
    assert wrong == []


def test_the_policies_nest_where_they_must():
    assert TERMINAL < INVISIBLE and TERMINAL < UNPRINTABLE
    assert Kind.LAYOUT not in INVISIBLE | UNPRINTABLE | TERMINAL
    only_invisible, only_unprintable = INVISIBLE - UNPRINTABLE, UNPRINTABLE - INVISIBLE
    assert only_invisible == {Kind.SELECTOR}  # printable to Python, drawn as nothing
    assert only_unprintable == {Kind.SPACE, Kind.SURROGATE}


@pytest.mark.parametrize(
    ("ch", "expected"),
    [("a", Kind.SHOWN), (" ", Kind.SHOWN), ("\n", Kind.LAYOUT), ("\t", Kind.LAYOUT),
     ("\x1b", Kind.CONTROL), ("\r", Kind.CONTROL), ("\x9b", Kind.CONTROL),
     ("\u202e", Kind.CONTROL), ("\u200b", Kind.FORMAT), ("\u00ad", Kind.FORMAT),
     ("\U000e0020", Kind.FORMAT), ("\ue000", Kind.PRIVATE), ("\U000effff", Kind.UNASSIGNED),
     ("\ud800", Kind.SURROGATE), ("\u00a0", Kind.SPACE), ("\u3000", Kind.SPACE),
     ("\u2028", Kind.LINE), ("\ufe0f", Kind.SELECTOR), ("\u034f", Kind.SELECTOR),
     ("\u3164", Kind.SELECTOR), ("🙂", Kind.SHOWN), ("é", Kind.SHOWN)],
)
def test_kind(ch, expected):
    assert kind(ch) is expected


def test_cleaning_and_judging_use_the_same_policy():
    text = "We\u200b w\u00adaive\ufe0f\x1b[2J it.\n\tOk\u00a0"
    assert characters_in(text, INVISIBLE) == ["\u200b", "\u00ad", "\ufe0f", "\x1b"]
    assert visible(text) == without_characters(text, INVISIBLE) == "We waive[2J it.\n\tOk\u00a0"
    assert invisible_characters(text) == ["U+200B", "U+00AD", "U+FE0F", "U+001B"]
    assert invisible_characters(visible(text)) == []  # what is cleaned is judged clean
    assert without_characters(text, UNPRINTABLE) == "We waive\ufe0f[2J it.\n\tOk"
    assert replace_characters("a\x1bb\u00a0", UNPRINTABLE) == "a\ufffdb\ufffd"
    assert without_characters("plain text", INVISIBLE) == "plain text"


def test_state_helpers_keep_their_rules():
    assert printable({"k\x07": ["Sure\x1b]0;t\x07", 3]}) == {"k\ufffd": ["Sure\ufffd]0;t\ufffd", 3]}
    check_text("turn 1", "reply", "30\u00a0days \u200b")  # not a terminal control: loads
    with pytest.raises(Exception, match="control characters"):
        check_text("turn 1", "reply", "30 days\x1b[2J")
    with pytest.raises(Exception, match="control characters"):
        check_text("turn 1", "debtor_text", "30\u00a0days")  # respond() never keeps it


class _Hidden(TemplateRealiser):
    """A realiser whose text carries invisible characters a model might emit."""

    def realise(self, decision, ctx, on_token=None):
        out = super().realise(decision, ctx, on_token)
        out.text = "\u200b" + out.text.replace(" ", " \u2060", 1) + "\ufe0f\u202e\x1b\x07"
        return out


def test_a_reply_is_cleaned_by_the_rule_the_guard_judges_it_by(make_agent):
    agent = make_agent(realiser=_Hidden())
    plain = make_agent()
    for a in (agent, plain):
        a.open()
    reply, expected = agent.respond("I need 90 days"), plain.respond("I need 90 days")
    # Before, the zero-width and selector characters survived the cleaning (controls only) and
    # the guard then refused the reply; now it is shown as the guard judged it.
    assert reply.text == expected.text
    assert invisible_characters(reply.text) == []
    assert reply.trace["guard"]["ok"] and reply.trace["realiser"]["path"] == "template"
    assert agent.session.turns[-1].reply == reply.text
