"""The reader against the labelled table, and the consent protocol on every labelled message.

``tests/data/debtor_messages.tsv`` holds messages written for issue 11 with the reading a careful
human gives them. Asserted: no false acceptance, either by the reader (an explicit yes where the
label has none) or through the negotiator (an agreement on a message that is not a clear yes to
terms restated for confirmation). Kind and proposal-days accuracy are printed, not asserted:
``python -m bench.reader_eval`` prints them with every miss.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from bench.reader_eval import reading, score
from edge_agent import Negotiator, Scenario
from edge_agent.read import normalise, read
from edge_core import Consent, DebtorMove, MoveKind
from tests.helpers import load

TABLE = Path(__file__).parents[1] / "data" / "debtor_messages.tsv"
ROWS = load(TABLE)
CATEGORIES = {"issue", "propose", "echo", "refuse", "sarcasm", "other", "amount", "range",
              "correct", "cond", "several", "norm", "absurd", "yes", "weak", "voided", "stop",
              "restrict", "dispute", "lang", "question", "hostile", "hostile2"}


def test_the_table_is_large_and_covers_every_category():
    assert len(ROWS) >= 300
    assert {r.category for r in ROWS} == CATEGORIES


def test_no_false_acceptance_by_the_reader_and_accuracy_is_reported():
    s = score(ROWS)
    print(f"\nreader: {s['n']} messages, kind accuracy {s['kind_accuracy']:.3f}, "
          f"proposal-days accuracy {s['days_accuracy']:.3f} over {s['days_n']} proposals, "
          f"explicit yes missed {len(s['missed_yes'])}")
    assert s["false_acceptances"] == []


def _agent(standing: int) -> Negotiator:
    agent = Negotiator(Scenario(balance=15700.0, creditor_target_days=standing,
                                max_days=max(60, 5 * standing)), sensor="lexicon")
    agent.open()
    return agent


@pytest.mark.parametrize("row", ROWS, ids=lambda r: f"{r.category}:{r.text[:40]}")
def test_no_message_agrees_without_restated_terms_and_only_a_clear_yes_confirms(row):
    agent = _agent(row.standing)
    first = agent.respond(row.text)
    assert first.status != "agreed" and first.agreed_days is None  # never on first reading
    agent = _agent(row.standing)
    restated = agent.respond("ok")
    assert restated.status == "awaiting_confirmation"
    assert f"To confirm: the $15,700.00 balance repaid within {row.standing} days." in \
        restated.text
    answer = agent.respond(row.text)
    labelled_yes = row.kind == "accept" and row.consent == "explicit" and row.days in (
        None, row.standing)
    if answer.status == "agreed":
        assert labelled_yes, f"false acceptance: {row.text!r}"
        assert answer.agreed_days == row.standing


ISSUE = [r for r in ROWS if r.category == "issue"]


@pytest.mark.parametrize("row", ISSUE, ids=lambda r: r.text[:50])
def test_every_example_quoted_in_the_issue_reads_as_labelled(row):
    m = reading(row)
    assert m.kind.value == row.kind, m.reason
    if row.kind == "propose":
        assert m.days == row.days
    if row.unsure is not None:
        assert m.unsure == row.unsure
    if row.restriction:
        assert row.restriction in m.restrictions


@pytest.mark.parametrize(("raw", "clean"), [
    ("１２ days", "12 days"), ("٣٠ days", "30 days"), ("४५ days", "45 days"),
    ("1,000 days", "1000 days"), ("1.000 days", "1000 days"), ("$15,700.00", "$15700.00"),
    ("three hundred and sixty five days", "365 days"), ("treinta días", "30 días"),
    ("I’m ok", "I'm ok"), ("1,5 months", "1.5 months"),
])
def test_normalisation(raw, clean):
    assert normalise(raw) == clean


def test_unsure_readings_say_why():
    for text in ("between 1 and 400 days", "a few weeks", "45", "-10 days"):
        m = read(text, 12)
        assert m.unsure and m.reason, text


def test_instalments_never_become_days():
    for text in ("Can I pay $100 a week instead", "a payment of $5,000 in the first 10 days",
                 "I can pay 20% now", "$50 every two weeks is what I can afford."):
        m = read(text, 12, balance=15700.0)
        assert m.kind == MoveKind.AMOUNT and m.days is None, text


def test_the_full_balance_is_not_a_partial_amount():
    m = read("I can pay the full $15,700 in 60 days.", 12, balance=15700.0)
    assert (m.kind, m.days) == (MoveKind.PROPOSE, 60)


def test_reader_never_raises_on_odd_input():
    for text in ("", "\x00", "🙂" * 500, "9" * 400, "days days days", "- - days", None):
        assert isinstance(read(text, 12), DebtorMove)  # type: ignore[arg-type]


def test_debtor_move_round_trips_and_old_dicts_still_load():
    m = read("I can do 40 days if you stop calling me at work", 12)
    assert DebtorMove.from_dict(m.to_dict()) == m
    old = {"kind": "propose", "days": 40, "days_high": None, "rejected_days": None}
    loaded = DebtorMove.from_dict(old)
    assert (loaded.days, loaded.consent, loaded.unsure, loaded.flags) == (40, Consent.NONE,
                                                                         False, ())
    assert set(old) <= set(loaded.to_dict())
