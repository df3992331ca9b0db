"""``bench/bench_integrity.py`` fails when a pass/fail figure is off (issue 23 item 15: ``make
bench`` says which benchmarks failed). Its round trip refused 59 of 1,440 saved sessions for a
round while the script exited 0, so the runner called it a success."""

import copy

import pytest

from bench import bench_integrity

GOOD = {
    "threads": {"runs": 30, "memory_equals_db": 30, "raw_sqlite_errors": 0},
    "processes": {"sessions": 120, "memory_equals_db": 120, "errors": 0},
    "sigkill": {"trials": 30, "resumed_exactly": 30},
    "round_trip": {"dialogues": 1440, "refused": 0, "scenarios": 12},
    "redaction_recall": {"pii_messages": 1.0},
}


@pytest.mark.parametrize(
    ("section", "key", "value", "named"),
    [
        ("round_trip", "refused", 59, "round trip: 59 of 1440"),
        ("threads", "memory_equals_db", 29, "threads"),
        ("threads", "raw_sqlite_errors", 1, "threads"),
        ("processes", "errors", 2, "processes"),
        ("processes", "memory_equals_db", 119, "processes"),
        ("sigkill", "resumed_exactly", 29, "sigkill: 29 of 30"),
    ],
)
def test_a_broken_invariant_is_named(section, key, value, named):
    results = copy.deepcopy(GOOD)
    results[section][key] = value
    [claim] = bench_integrity.broken_invariants(results)
    assert claim.startswith(named)


def test_a_clean_run_breaks_nothing():
    assert bench_integrity.broken_invariants(GOOD) == []
