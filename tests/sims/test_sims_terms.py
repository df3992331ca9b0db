"""The reports define the words they measure in (issue 23 item 13): a newcomer met "debt
multiple", "surplus kept", "collection" and "regret" in summary.md and the README with no
definition. Each term is defined where it is shown, from one table (``sims.metrics.TERMS``)."""

from __future__ import annotations

import re

import pytest

from sims.metrics import TERMS
from sims.report import markdown, summary_table
from tests.conftest import REPO

REQUIRED = ("debt multiple", "collection", "surplus kept", "regret", "kept value")


def _definitions(text: str) -> dict[str, str]:
    """``- **term**: definition`` lines of a Markdown text."""
    return {m[1].lower(): m[2] for m in re.finditer(r"^- \*\*(.+?)\*\*: (.+)$", text, re.M)}


def test_the_terms_table_defines_every_reported_word():
    assert set(REQUIRED) <= set(TERMS)
    assert all(len(TERMS[t].split()) >= 6 for t in REQUIRED)


@pytest.mark.parametrize("term, formula", [
    ("debt multiple", "agreed days / creditor target"),
    ("collection", "min(1, target / agreed)"),
    ("surplus kept", "(max_days - agreed) / (max_days - reservation)"),
    ("regret", "best fixed persona"),
])
def test_summary_md_defines_its_terms(term, formula):
    metric = {"policy": "eq", "debtor": "vanilla", "scenario": 1, "outcome": "agreed",
              "agreed": True, "agreed_days": 24, "debt_multiple": 2.0, "collection": 0.5,
              "messages": 6, "guard_caught": 0, "emitted_bad": 0, "creditor_messages": 3,
              "surplus_kept": 0.5, "deescalation": 0.0, "judged": 0, "sensor_hits": 0,
              "tracker_hits": 0, "mismatch": 0, "reservation": 20, "max_days": 60,
              "reopen_attempted": False, "reopen_refused": False, "creditor_confirmed": True,
              "confirmation_messages": 1}
    text = markdown(summary_table([metric]), [metric])
    assert "## Terms" in text
    assert formula in _definitions(text)[term]


@pytest.mark.parametrize("term", REQUIRED)
def test_the_readme_defines_its_terms(term):
    readme = (REPO / "README.md").read_text(encoding="utf-8")
    assert term in _definitions(readme)
