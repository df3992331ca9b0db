"""``sessions export --redact``: personal data a debtor typed is hidden. Recall is measured
on planted PII of our own (tests/data/pii_*.tsv) and printed; the assertions are floors."""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest

from edge_agent.redaction import find_pii, redact_text
from edge_agent.store import SessionStore
from tests.conftest import DATA


def _rows(name: str) -> list[tuple[str, str, str]]:
    lines = (DATA / name).read_text(encoding="utf-8").splitlines()
    return [tuple(ln.split("\t")) for ln in lines if ln and not ln.startswith("#")]


def _removed(value: str, out: str) -> bool:
    return value not in out


@pytest.mark.parametrize("name, floor", [("pii_messages.tsv", 0.9), ("pii_holdout.tsv", 0.8)])
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
