"""``sessions export --redact``: personal data a debtor typed is hidden. Recall is measured
on planted PII of our own (tests/data/pii_*.tsv) and printed; the assertions are floors."""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest

from edge_agent.state.redaction import find_pii, redact_text
from edge_agent.state.store import SessionStore
from tests.conftest import DATA


def _rows(name: str) -> list[tuple[str, str, str]]:
    lines = (DATA / name).read_text(encoding="utf-8").splitlines()
    return [tuple(ln.split("\t")) for ln in lines if ln and not ln.startswith("#")]


def _removed(value: str, out: str) -> bool:
    return value not in out


@pytest.mark.parametrize("name, floor", [("pii_messages.tsv", 0.9), ("pii_holdout.tsv", 0.8),
                                         ("pii_holdout2.tsv", 0.8)])
def test_recall_on_planted_pii(name, floor, capsys):
    rows = _rows(name)
    found = sum(_removed(value, redact_text(msg)) for _, value, msg in rows)
    recall = found / len(rows)
    with capsys.disabled():
        print(f"\nredaction recall on {name}: {found}/{len(rows)} = {recall:.3f}")
    assert recall >= floor


def test_every_kind_is_covered():
    kinds = {kind for kind, _, _ in _rows("pii_messages.tsv")}
    assert kinds == {"name", "email", "phone", "address", "postcode", "iban", "dob", "account"}
    for kind, value, msg in _rows("pii_messages.tsv"):
        if kind in ("email", "iban", "phone"):
            assert value not in redact_text(msg), (kind, msg)


def test_negotiation_content_survives():
    clean = [ln for ln in (DATA / "pii_clean.tsv").read_text().splitlines()
             if ln and not ln.startswith("#")]
    for msg in clean:
        out = redact_text(msg)
        figures = re.findall(r"\$?\d[\d,.]*\s*(?:days?|weeks?|months?)?", msg)
        for figure in figures:
            assert figure in out, (msg, out)


def test_an_iban_needs_its_checksum_and_money_is_not_a_phone():
    assert [s.kind for s in find_pii("GB82 WEST 1234 5698 7654 32")] == ["IBAN"]
    assert all(s.kind != "IBAN" for s in find_pii("GB00 WEST 1234 5698 7654 32"))
    assert find_pii("The balance is $1,200.50 and I can pay in 90 days.") == []


def test_export_redacts_what_the_debtor_typed(make_agent, tmp_path):
    store = SessionStore(tmp_path / "s.db")
    agent = make_agent(store=store)
    agent.open()
    typed = ("My name is Daniel Okafor, email daniel.okafor77@gmail.com, phone (415) 555-0132, "
             "I live at 1427 Maple Avenue, CA 94110. IBAN GB82 WEST 1234 5698 7654 32, "
             "DOB 14/03/1986, account AC-77812-ZK. I need 90 days.")
    agent.respond(typed)
    for fmt in ("md", "json"):
        out = store.export(agent.session_id, fmt, redact=True)
        for secret in ("Daniel", "Okafor", "daniel.okafor77", "555-0132", "1427 Maple",
                       "94110", "GB82", "14/03/1986", "AC-77812-ZK", "Northwind", "Lopez"):
            assert secret not in out, (fmt, secret)
        assert "90 days" in out
    doc = json.loads(store.export(agent.session_id, "json", redact=True))
    assert doc["scenario"]["debtor_name"] == "[NAME]"
    assert "Daniel Okafor" in store.export(agent.session_id, "md")  # unredacted keeps it
    store.close()


def test_planted_data_files_are_fictional():
    """The sets use reserved fictional numbers and example domains where they exist."""
    text = Path(DATA / "pii_messages.tsv").read_text()
    assert "555-0" in text and "7700 900" in text  # US 555-01xx and Ofcom drama numbers


ATTACK = "Court Street Lending", "Maria Gonzalez"
"""The scenario of the outside tester's redaction attack (finding D17)."""


@pytest.mark.parametrize("text, secrets", [
    ("My name is john smith", ["john", "smith"]),
    ("it's Siobhan O'Neill speaking", ["Siobhan", "O'Neill"]),
    ("Hello, Graham Pike here", ["Graham", "Pike"]),
    ("Me llamo José García", ["José", "García"]),
    ("Ich heiße Jürgen Müller", ["Jürgen", "Müller"]),
    ("je m'appelle Élise Bernard", ["Élise", "Bernard"]),
    ("My name is Zoë Ødegård", ["Zoë", "Ødegård"]),
    ("My name is 王小明", ["王小明"]),
    ("thanks - Lucy", ["Lucy"]),
    ("Regards,\nMaria", ["Maria"]),
    ("I live at 12 rue de la Paix, 75002 Paris", ["rue de la Paix", "75002"]),
    ("Hauptstraße 5, 10115 Berlin", ["Hauptstraße 5", "10115"]),
    ("Calle Mayor 10, 28013 Madrid", ["Calle Mayor 10", "28013"]),
    ("my postcode is sw1a 1aa", ["sw1a 1aa"]),
    ("Toronto ON M5V 3L9", ["M5V 3L9"]),
    ("born in March 1985", ["1985"]),
    ("my birthday is 3 March, I was born in 1985", ["1985"]),
    ("reference ref99813b", ["99813"]),
    ("account: abc-def-123", ["abc-def-123"]),
    ("my ID is X1234567", ["1234567"]),
    ("card ending 4242", ["4242"]),
])
def test_the_attack_s_leaks_are_redacted(text, secrets):
    out = redact_text(text, ATTACK)
    assert not [s for s in secrets if s.lower() in out.lower()], out


@pytest.mark.parametrize("name, typed", [
    ("Élodie Durand", "Élodie here, about the debt"),
    ("Łukasz Żuk", "this is Żuk, I need 90 days"),
    ("Владимир Петров", "Петров speaking, 90 days"),
])
def test_a_party_name_in_any_script_is_redacted_by_its_parts(name, typed):
    out = redact_text(typed, ("Court Street Lending", name))
    assert not any(part in out for part in name.split()), out
    assert ("90 days" in out) == ("90 days" in typed)


@pytest.mark.parametrize("text", [
    "call me tomorrow about 60 days", "my name is on the account, 90 days",
    "Thanks, 40 days works", "Best, I can do 20 days", "I was born to pay 30 days",
    "Ich brauche 90 Tage", "I can pay 15000 Euros in 2 months",
])
def test_ordinary_negotiation_lines_are_left_alone(text):
    assert redact_text(text, ATTACK) == text


def test_the_json_export_hides_the_scenario_s_free_text(make_agent, tmp_path):
    from dataclasses import replace

    from tests.conftest import NORTHWIND

    scenario = replace(NORTHWIND, reason_for_overdue="Maria lost her job at Tesco in Leeds",
                       cash_flow_situation="Wife Ana pays rent",
                       scenario_id="maria-gonzalez-AC-77812")
    store = SessionStore(tmp_path / "s.db")
    agent = make_agent(sc=scenario, store=store)
    agent.open()
    out = store.export(agent.session_id, "json", redact=True)
    for secret in ("Tesco", "Ana", "AC-77812", "maria"):
        assert secret not in out, secret
    doc = json.loads(out)["scenario"]
    assert doc["reason_for_overdue"] == doc["scenario_id"] == "[REDACTED]"
    assert doc["credit_type"] == scenario.credit_type  # categorical fields stay
    store.close()
