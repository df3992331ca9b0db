"""The outside hostile round on the consent protocol (tests/data/consent_attacks.tsv), and
properties of the whitelist consent grammar and of the debtor's standing ask.

Every row runs through the real negotiator (template backend, lexicon sensor: the reader and
the protocol do not depend on the sensor), in the attacker's scenario: balance 15,700, target
12 days, mandate 60.
"""

from __future__ import annotations

import csv
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from edge_agent import Negotiator, Scenario
from edge_agent.read import read
from edge_agent.read.consent import explicit
from edge_core import Consent

TABLE = Path(__file__).parents[1] / "data" / "consent_attacks.tsv"
NO = "no, that does not work for me"
BALANCE = 15700.0


def _rows() -> list[dict[str, str]]:
    with open(TABLE, encoding="utf-8", newline="") as f:
        lines = [line for line in f if not line.startswith("#")]
    return list(csv.DictReader(lines, delimiter="\t", quoting=csv.QUOTE_NONE))


def _messages(spec: str) -> list[str]:
    out: list[str] = []
    for part in spec.split(" || "):
        if part.startswith("NO*"):
            out += [NO] * int(part[3:])
        else:
            out.append(part.replace("\\n", "\n"))
    return out


def _dialogue(msgs: list[str]):
    agent = Negotiator(Scenario(balance=BALANCE, creditor_target_days=12, max_days=60),
                       policy="eq", backend="template", seed=0, sensor="lexicon")
    agent.open()
    replies = []
    for m in msgs:
        if agent.session.status not in ("open", "awaiting_confirmation"):
            break
        replies.append(agent.respond(m))
    return agent, replies


ROWS = _rows()


@pytest.mark.parametrize("row", ROWS, ids=[r["id"] for r in ROWS])
def test_hostile_case(row):
    check, expect, msgs = row["check"], row["expect"], _messages(row["messages"])
    if check == "reads":
        [msg] = msgs
        m = read(msg, 12, balance=BALANCE)
        kind, *rest = expect.split(":")
        assert m.kind.value == kind, m
        for part in rest:
            if part.isdigit():
                assert m.days == int(part), m
            elif part == "unsure":
                assert m.unsure, m
            else:
                assert part in m.restrictions, m
        return
    _agent, replies = _dialogue(msgs)
    if check == "no_agreement":
        assert all(r.status != "agreed" and r.agreed_days is None for r in replies), replies[-1]
    elif check == "status":
        assert replies[-1].status == expect, (replies[-1].status, replies[-1].trace["reading"])
    elif check == "max_offer":
        offers = [r.offer_days for r in replies if r.offer_days is not None]
        assert offers and max(offers) <= int(expect), offers
    else:  # pragma: no cover - a typo in the table
        raise AssertionError(f"unknown check {check!r}")


def test_the_table_covers_every_false_agreement_group():
    ids = {r["id"] for r in ROWS if r["check"] == "no_agreement"}
    for group, n in (("A", 19), ("B", 16), ("C", 25), ("D", 7)):
        assert {f"{group}{i}" for i in range(1, n + 1)} <= ids


@pytest.mark.parametrize("text", [
    "yes", "Yes.", "Yes please", "I agree.", "I accept", "I confirm", "agreed", "Confirmed!",
    "That's right", "correct", "Deal.", "Yes, I agree to 12 days.", "yes, 12 days, thank you",
    "I agree to pay $15,700.00 in 12 days", "Great, thanks, I accept.", "yes 🙂",
])
def test_whitelist_utterances_are_explicit(text):
    assert read(text, 12, balance=BALANCE).consent == Consent.EXPLICIT


@pytest.mark.parametrize("text", [
    "yes, 13 days", "yes but", "yes?", "Yes, if you waive the fee", "oui", "是的", "yes, tomorrow",
    "yes in march", "Y", "k", "I'm in", "yes, I hope", "yes, stop calling me", "agreed, not",
])
def test_anything_else_is_never_explicit(text):
    assert read(text, 12, balance=BALANCE).consent != Consent.EXPLICIT


_WORDS = ["yes", "I agree", "deal", "thanks", "ok", "not", "but", "if", "30", "days", "when",
          "no", "maybe", "once", "please", "12", "?", "March", "never", "try"]


@settings(max_examples=300, deadline=None)
@given(st.lists(st.sampled_from(_WORDS), min_size=1, max_size=6))
def test_explicit_only_when_every_word_is_whitelisted(words):
    text = " ".join(words)
    allowed = {"yes", "I agree", "deal", "thanks", "ok", "please", "12", "days"}
    said_yes = any(w in ("yes", "I agree", "deal") for w in words)
    lone_days = any(w == "days" and (i == 0 or words[i - 1] != "12") for i, w in enumerate(words))
    expect = said_yes and set(words) <= allowed and not lone_days
    assert explicit(text, 12, BALANCE) == expect


_FIGURES = [10, 15, 20, 25, 30, 40, 45, 50, 55]
_STEP = st.one_of(
    st.sampled_from(_FIGURES).map(lambda d: f"I need {d} days"),
    st.sampled_from(_FIGURES).map(lambda d: f"I'm not asking for {d} days"),
    st.sampled_from(_FIGURES).map(lambda d: f"{d} days is too short"),
    st.sampled_from(_FIGURES).map(lambda d: f"I can't do {d} days"),
    st.just(NO), st.just("ok"), st.just("hmm"),
)


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.lists(_STEP, min_size=1, max_size=12))
def test_never_offers_more_than_the_debtors_lowest_standing_ask(msgs):
    """Whatever refusals of other figures follow, no offer exceeds the lowest figure the debtor
    proposed and has not itself refused (by naming it, or by proposing more instead)."""
    _agent, replies = _dialogue(msgs)
    asks: list[int] = []
    confirmed: int | None = None  # the terms the previous reply restated
    for msg, reply in zip(msgs, replies, strict=False):
        words = msg.split()
        if msg.startswith("I need"):
            figure = int(words[2])
            if confirmed is not None and figure > confirmed:  # a higher ask instead
                asks = [a for a in asks if a > confirmed]
            asks.append(figure)
        elif words[0].isdigit() or msg.startswith("I can't"):
            refused = int(next(w for w in words if w.isdigit()))
            if refused == confirmed:
                asks = [a for a in asks if a > confirmed]
            asks = [a for a in asks if a != refused]
        elif msg == NO and confirmed is not None and confirmed not in asks:
            asks = [a for a in asks if a > confirmed]
        if asks and reply.offer_days is not None and reply.status != "agreed":
            assert reply.offer_days <= max(min(asks), 12), (msgs, reply.offer_days, asks)
        confirmed = reply.offer_days if reply.trace["decision"]["action"] == "confirm" else None


def test_a_disclaimed_figure_is_neither_a_refusal_nor_a_proposal():
    """Found by hypothesis after the merge: "I'm not asking for 10 days" right after asking
    for 10 was read as refusing 10 as too short, which withdrew the ask and let the offer
    climb past it. A figure the debtor says it is not asking for is an unsure reading: the
    agent asks, and the debtor's standing ask stays."""
    _agent, replies = _dialogue(["I need 10 days", "I'm not asking for 10 days"])
    last = replies[-1]
    assert last.trace["reading"]["unsure"] and last.offer_days <= 12
