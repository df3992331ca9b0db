"""Shared fixtures. Tests that need ../shared/datasets skip with a reason when it is absent."""

from __future__ import annotations

from pathlib import Path

import pytest

from edge_agent import Negotiator, Scenario

REPO = Path(__file__).resolve().parents[1]
DATA = Path(__file__).resolve().parent / "data"
SHARED = REPO.parent / "shared" / "datasets"
CRAD = SHARED / "crad" / "credit_recovery_scenarios.csv"


@pytest.fixture(autouse=True)
def private_session_db(tmp_path, monkeypatch):
    """Commands that save sessions write to a temporary database, never the user's."""
    monkeypatch.setenv("EDGE_AGENT_DB", str(tmp_path / "sessions.db"))
    return tmp_path / "sessions.db"


NORTHWIND = Scenario(balance=15700.0, creditor_target_days=12, max_days=60,
                     creditor_name="Northwind Credit", debtor_name="Ms Lopez")
"""The scenario most tests negotiate: CRAD's balance, a 12-day target, a 60-day mandate."""


@pytest.fixture
def scenario() -> Scenario:
    return NORTHWIND


@pytest.fixture
def crad_path() -> Path:
    if not CRAD.is_file():
        pytest.skip(f"CRAD not found at {CRAD} (../shared/datasets is absent on this machine)")
    return CRAD


@pytest.fixture
def make_agent(scenario):
    """A template-backend negotiator on the lexicon sensor: fast and model-free."""

    def make(policy: str = "eq", seed: int = 0, sc: Scenario | None = None, **kw) -> Negotiator:
        kw.setdefault("sensor", "lexicon")
        return Negotiator(sc or scenario, policy=policy, backend="template", seed=seed, **kw)

    return make
