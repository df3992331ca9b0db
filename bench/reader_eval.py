"""Scoring the reader against a labelled table (``tests/data/debtor_messages.tsv``).

Shared by the CI test (which asserts there are no false acceptances) and by
``python bench/reader_eval.py [TABLE]`` or ``python -m bench.reader_eval [TABLE]`` (which
print the accuracy figures the README quotes). It lives outside the runtime package: it is a
measurement, not part of the agent. The table's reader, :func:`tests.helpers.load`, is the
one the tests use.
"""

from __future__ import annotations

import sys
from collections import Counter
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
if __package__ in (None, ""):  # run as a file: the repository root holds ``tests``
    sys.path.insert(0, str(REPO))

from edge_agent.read.reader import read  # noqa: E402
from edge_core import Consent, DebtorMove, MoveKind  # noqa: E402
from tests.helpers import Row, load  # noqa: E402

BALANCE = 15700.0
TABLE = REPO / "tests" / "data" / "debtor_messages.tsv"


def reading(row: Row) -> DebtorMove:
    return read(row.text, row.standing, balance=BALANCE)


def is_explicit_yes(move: DebtorMove) -> bool:
    """What the consent protocol agrees on (with the figure, if any, equal to the terms)."""
    return move.kind == MoveKind.ACCEPT and move.consent == Consent.EXPLICIT


def score(rows: list[Row]) -> dict[str, object]:
    """Kind accuracy, proposal-days accuracy, and false acceptances (an explicit yes read
    where the label has none)."""
    kinds = Counter()
    days_ok = days_n = 0
    false_accept: list[str] = []
    missed_yes: list[str] = []
    wrong: list[str] = []
    for row in rows:
        m = reading(row)
        ok = m.kind.value == row.kind
        kinds[ok] += 1
        if not ok:
            wrong.append(f"[{row.category}] {row.text!r}: read {m.kind.value} {m.days} "
                         f"({m.reason}); expected {row.kind} {row.days}")
        if row.kind == "propose" and row.days is not None:
            days_n += 1
            days_ok += m.kind == MoveKind.PROPOSE and m.days == row.days
        labelled_yes = row.kind == "accept" and row.consent == "explicit"
        if is_explicit_yes(m) and not labelled_yes:
            false_accept.append(row.text)
        if labelled_yes and not is_explicit_yes(m):
            missed_yes.append(row.text)
    n = len(rows)
    return {"n": n, "kind_accuracy": kinds[True] / n, "days_n": days_n,
            "days_accuracy": days_ok / days_n if days_n else float("nan"),
            "false_acceptances": false_accept, "missed_yes": missed_yes, "wrong": wrong}


def main(argv: list[str] | None = None) -> int:
    args = sys.argv[1:] if argv is None else argv
    path = args[0] if args else TABLE
    s = score(load(path))
    print(f"{s['n']} messages; kind accuracy {s['kind_accuracy']:.3f}; proposal-days accuracy "
          f"{s['days_accuracy']:.3f} over {s['days_n']} proposals; false acceptances "
          f"{len(s['false_acceptances'])}; explicit yes missed {len(s['missed_yes'])}")
    for line in s["wrong"]:  # type: ignore[union-attr]
        print("  " + line)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
