"""Scenario validation and the CRAD loader (on a fixture in CRAD's format, and on CRAD)."""

import pytest

from edge_core import Scenario, ScenarioError
from tests.conftest import DATA

FIXTURE = DATA / "crad_fixture.csv"


def test_valid_scenario_round_trips():
    s = Scenario(balance=15700.0, creditor_target_days=12, max_days=60)
    assert Scenario.from_dict(s.to_dict()) == s


@pytest.mark.parametrize(
    ("kwargs", "message"),
    [
        ({"balance": 100.0, "creditor_target_days": 30, "max_days": 10}, "below creditor_target"),
        ({"balance": -1.0, "creditor_target_days": 5, "max_days": 10}, "balance must be positive"),
        ({"balance": float("nan"), "creditor_target_days": 5, "max_days": 10}, "finite"),
        ({"balance": 10.0, "creditor_target_days": 0, "max_days": 10}, "at least 1"),
        ({"balance": 10.0, "creditor_target_days": 5.5, "max_days": 10}, "whole number"),
        ({"balance": 10.0, "creditor_target_days": 5, "max_days": 99999}, "at most 3650"),
    ],
)
def test_invalid_scenarios_raise_clear_errors(kwargs, message):
    with pytest.raises(ScenarioError, match=message):
        Scenario(**kwargs)


def test_from_dict_rejects_unknown_fields():
    with pytest.raises(ScenarioError, match="unknown scenario field"):
        Scenario.from_dict({"balance": 1.0, "creditor_target_days": 1, "max_days": 2, "x": 1})


def test_load_crad_fixture_maps_columns_and_derives_mandate():
    rows = Scenario.load_crad(FIXTURE)
    assert len(rows) == 3
    first = rows[0]
    assert first.creditor_name == "Acme, Rowe and Sons"
    assert first.debtor_name == "Delta Bakery Ltd"
    assert (first.balance, first.creditor_target_days, first.debtor_target_days) == (
        15700.0, 12, 150)
    assert first.max_days == 60  # 5 x target
    assert first.days_overdue == 120 and first.recovery_stage == "Pre-Legal"
    assert first.details["Collateral"] == "Inventory"
    assert first.scenario_id == "crad-1"
    assert [r.max_days for r in rows] == [60, 40, 100]


def test_load_crad_mandate_is_overridable():
    assert {r.max_days for r in Scenario.load_crad(FIXTURE, max_days=90)} == {90}
    assert [r.max_days for r in Scenario.load_crad(FIXTURE, mandate_multiple=2)] == [24, 16, 40]
    with pytest.raises(ScenarioError, match="row 3"):
        Scenario.load_crad(FIXTURE, max_days=15)  # below row 3's 20-day target


def test_load_crad_errors(tmp_path):
    with pytest.raises(ScenarioError, match="not found"):
        Scenario.load_crad(tmp_path / "missing.csv")
    bad = tmp_path / "bad.csv"
    bad.write_text("a,b\n1,2\n")
    with pytest.raises(ScenarioError, match="missing column"):
        Scenario.load_crad(bad)
    text = FIXTURE.read_text().splitlines()
    broken = tmp_path / "broken.csv"
    broken.write_text("\n".join([text[0], text[1].replace(",12,150,", ",twelve,150,")]))
    with pytest.raises(ScenarioError, match=r"row 1.*Creditor Target Days"):
        Scenario.load_crad(broken)


def test_load_real_crad(crad_path):
    rows = Scenario.load_crad(crad_path)
    assert len(rows) == 100
    assert all(r.balance == 15700 for r in rows)
    assert all(5 <= r.creditor_target_days <= 20 for r in rows)
    assert all(32 <= r.debtor_target_days <= 179 for r in rows)
    assert all(r.max_days == 5 * r.creditor_target_days for r in rows)
