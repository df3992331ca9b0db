"""The one exporter (``state/export.py``): one JSON schema holding every field of the two it
replaced (``sessions export`` and the TUI's ``edge-agent-transcript/1``), both Markdown
layouts, and redaction that drops what quotes the debtor."""

from __future__ import annotations

import json

import pytest

from edge_agent import SessionStore
from edge_agent.state import export
from edge_agent.tui import export as tui_export
from tests.conftest import NORTHWIND

STORE_FIELDS = {"id", "status", "agreed_days", "scenario", "messages"}
"""What ``sessions export --format json`` wrote before the exporters were one."""
TRANSCRIPT_FIELDS = {"format", "scenario", "config", "backend", "status", "agreed_days",
                     "messages"}
"""What the TUI's ``edge-agent-transcript/1`` wrote."""
DEBTOR_FIELDS = {"role", "turn", "text", "move", "emotion"}
CREDITOR_FIELDS = {"role", "turn", "text", "persona", "offer_days", "action", "trace"}


@pytest.fixture
def stored(make_agent, tmp_path):
    store = SessionStore(tmp_path / "s.db")
    agent = make_agent(store=store)
    agent.open()
    agent.respond("I am Daniel Okafor, account AC-77812-ZK. I need 90 days.")
    yield store, agent
    store.close()


def test_both_readers_find_their_fields_in_one_document(stored):
    store, agent = stored
    from_store = json.loads(store.export(agent.session_id, "json"))
    from_tui = json.loads(tui_export.to_json(agent))
    assert from_store == from_tui  # one schema, whichever door it leaves by
    assert set(from_store) == STORE_FIELDS | TRANSCRIPT_FIELDS
    assert from_store["format"] == export.EXPORT_FORMAT and from_store["id"] == agent.session_id
    roles = [m["role"] for m in from_store["messages"]]
    assert roles == ["creditor", "debtor", "creditor"]
    assert [m["text"] for m in from_store["messages"]] == [
        m.text for m in agent.session.history()]  # the old {"role", "text"} list, in order
    assert set(from_store["messages"][1]) == DEBTOR_FIELDS
    assert set(from_store["messages"][2]) == CREDITOR_FIELDS
    assert from_store["messages"][2]["trace"] == agent.session.turns[1].trace


def test_a_redacted_document_has_the_same_shape_without_what_quotes_the_debtor(stored):
    store, agent = stored
    doc = json.loads(store.export(agent.session_id, "json", redact=True))
    assert set(doc) == STORE_FIELDS | TRANSCRIPT_FIELDS
    assert set(doc["messages"][1]) == DEBTOR_FIELDS - {"move"}
    assert set(doc["messages"][2]) == CREDITOR_FIELDS - {"trace"}
    text = json.dumps(doc)
    for secret in ("Daniel", "Okafor", "AC-77812", "Northwind", "Lopez"):
        assert secret not in text, secret
    assert doc["messages"][1]["text"].endswith("90 days.")


def test_the_two_markdown_layouts(stored):
    store, agent = stored
    summary = store.export(agent.session_id, "md")
    assert summary.startswith(f"# Session {agent.session_id}") and "**debtor:**" in summary
    transcript = tui_export.to_markdown(agent)
    assert transcript.startswith("# Negotiation transcript") and "**Debtor** (" in transcript
    assert transcript == export.transcript_markdown(agent.session, agent.backend,
                                                    tui_export.mode_name)  # fmt: skip
    with pytest.raises(ValueError, match="expected md or json"):
        export.export(agent.session, "x", "pdf")


def test_an_unsaved_session_exports_without_an_id():
    from edge_agent import Negotiator

    agent = Negotiator(NORTHWIND, sensor="lexicon")
    agent.open()
    doc = json.loads(tui_export.to_json(agent))
    assert doc["id"] is None and doc["backend"] == "template" and len(doc["messages"]) == 1
