"""One typed reading per debtor message (``read/turn_reading.py``), and the acknowledgement
rule split between the read stage (the words) and the sensor (the feeling)."""

from __future__ import annotations

from dataclasses import dataclass

import pytest

from edge_agent.read import cues, vulnerability
from edge_agent.read.acknowledge import read_message, read_text, with_feeling
from edge_agent.read.turn_reading import ReadingMemory, disclosed_so_far, reading_of
from edge_core import DebtorMove, MoveKind
from edge_core.dialogue import Cue

PROPOSAL = DebtorMove(MoveKind.PROPOSE, 45)


@pytest.mark.parametrize(("text", "move", "disclosed", "cue_set", "ack"), [
    ("I lost my job and I can't pay", None, {"job_loss"}, {"hardship"}, Cue("reason", "job")),
    ("My husband passed away, trust me I will pay", None, {"bereavement"}, {"promise"},
     Cue("reason", "family")),
    ("I can do 45 days", PROPOSAL, set(), set(), Cue("offer", "proposal")),
    ("I can do 45 days instead", PROPOSAL, set(), {"reopen"}, Cue("offer", "proposal")),
    ("I'm not suicidal, just tired", None, {"crisis"}, set(), Cue("none")),  # broad on purpose
    ("ok", None, set(), set(), Cue("none")),
])  # fmt: skip
def test_a_message_is_read_into_one_reading(text, move, disclosed, cue_set, ack):
    r = reading_of(text, move)
    assert (r.text, r.move) == (text, move)
    assert r.disclosed == disclosed == vulnerability.detect(text)
    assert r.cues == cue_set == cues.detect(text)
    assert r.ack == ack


# The two halves give the whole rule: read_text (the read stage) + with_feeling (the sensor).
@pytest.mark.parametrize(("text", "move", "emotion"), [
    ("I lost my biggest client last month", None, "sadness"),       # a reason beats a feeling
    ("This is getting me down", None, "sadness"),                    # the feeling
    ("I can do 45 days", PROPOSAL, "anger"),                         # a feeling beats an offer
    ("I can do 45 days", PROPOSAL, "neutral"),                       # neutral is no feeling
    ("Why so fast?", DebtorMove(MoveKind.QUESTION), "fear"),
    ("You people are scammers.", None, "anger"),
    ("", None, "anger"),                                              # empty: nothing at all
    ("ok", None, None),
])  # fmt: skip
def test_the_split_rule_is_the_whole_rule(text, move, emotion):
    whole = read_message(text, move, emotion)
    split = with_feeling(read_text(text, move), emotion) if text else read_text(text, move)
    assert split == whole


@pytest.mark.parametrize(("cue", "emotion", "out"), [
    (Cue("none"), "fear", Cue("feeling", "fear")),
    (Cue("offer", "refusal"), "anger", Cue("feeling", "anger")),
    (Cue("reason", "bills"), "anger", Cue("reason", "bills")),
    (Cue("question", "why"), "fear", Cue("question", "why")),
    (Cue("none"), "neutral", Cue("none")),
    (Cue("none"), None, Cue("none")),
])  # fmt: skip
def test_a_feeling_ranks_above_an_offer_and_below_a_reason(cue, emotion, out):
    assert with_feeling(cue, emotion) == out


@dataclass
class _Turn:
    index: int
    debtor_text: str | None
    move: DebtorMove | None = None


def test_memory_reads_each_saved_message_once_and_rereads_a_changed_one(monkeypatch):
    calls: list[str] = []
    real = reading_of

    def counted(text, move):
        calls.append(text)
        return real(text, move)

    monkeypatch.setattr("edge_agent.read.turn_reading.reading_of", counted)
    turns = [_Turn(0, None), _Turn(1, "I lost my job"), _Turn(2, "trust me", PROPOSAL)]
    memory = ReadingMemory()
    first = memory.readings(turns)
    assert [r.text for r in first] == ["I lost my job", "trust me"] and len(calls) == 2
    assert memory.readings(turns) == first and len(calls) == 2  # kept, not read again
    turns[1] = _Turn(1, "I lost my wife")  # a session replaced in memory: read afresh
    again = memory.readings(turns)
    assert calls == ["I lost my job", "trust me", "I lost my wife"]
    assert again[0].disclosed == {"bereavement"} and again[1] is first[1]


def test_a_saved_message_keeps_the_move_it_was_read_with():
    # The reader may have changed since the save: the stored move is used, never re-parsed.
    stored = DebtorMove(MoveKind.REJECT)
    [r] = ReadingMemory().readings([_Turn(1, "I can do 45 days", stored)])
    assert r.move == stored and r.ack == Cue("offer", "refusal")


def test_a_disclosure_holds_for_the_rest_of_the_dialogue():
    earlier = [reading_of("I was laid off", None), reading_of("ok", None)]
    now = reading_of("my mum died", None)
    assert disclosed_so_far(earlier, now) == {"job_loss", "bereavement"}
    assert disclosed_so_far([], reading_of("ok", None)) == frozenset()


@pytest.mark.parametrize("text, partial", [
    ("I paid 5,000 of this back in March, so really I only owe about 10 grand.", True),
    ("I already paid $3,000 towards this balance.", True),
    ("I paid half of it already", True),
    ("I paid it all back last year.", False),  # all of it: a dispute of the whole debt
    ("I already paid this.", False),
])
def test_a_claimed_partial_payment_is_a_dispute_of_part_of_the_amount(text, partial):
    """Issue 23 item 2: a claimed partial payment was ignored and the full balance demanded."""
    from edge_agent.read import read
    from edge_core.moves import MoveKind

    move = read(text, 12, balance=15700.0)
    assert move.kind == MoveKind.DISPUTE
    assert ("partial_payment" in move.flags) == partial


@pytest.mark.parametrize("text, says", [
    ("I paid 5,000 of this back in March, so really I only owe about 10 grand. Check your "
     "records.", "part of this balance has already been paid"),
    ("I already paid this.", "you dispute this debt"),
])
def test_the_reply_to_a_partial_payment_says_what_it_means(text, says):
    from edge_agent import Negotiator
    from tests.conftest import NORTHWIND

    agent = Negotiator(NORTHWIND, sensor="lexicon")
    agent.open()
    reply = agent.respond(text)
    assert reply.status == "disputed" and says in reply.text
    assert "15,700" not in reply.text  # the full balance is not demanded
