"""What the device has learned about its debtors, kept in the session database.

The learning persona policies (``eq``, ``eq-paper``) carry an explicit state from one dialogue
to the next (:class:`policies.learner.LearnerState`, :class:`policies.paper.PaperState`).
:class:`LearnedStore` keeps it in the same SQLite file as the sessions, in its own table, so it
shares the file's owner-only permissions and never leaves the device: nothing here opens a
connection, and ``export`` only writes a local file. One row per (policy, profile); a profile
names a debtor population or portfolio (``default`` unless told).

Schema versioning: ``learned_schema`` holds the table layout's version; a database written by
a newer layout is refused with a clear error instead of being misread. Each row also stores
the state's own format version (checked again by the state's validated loader: trust no
stored byte). A row that fails to load raises :class:`LearnedStateError`; nothing is dropped
silently.
"""

from __future__ import annotations

import json
import os
import sqlite3
import time
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from policies.learner import LearnerState
from policies.paper import PaperState

SCHEMA_VERSION = 1
SCHEMA = """
CREATE TABLE IF NOT EXISTS learned_schema (version INTEGER NOT NULL);
CREATE TABLE IF NOT EXISTS learned_state (
    policy TEXT NOT NULL,
    profile TEXT NOT NULL,
    state TEXT NOT NULL,
    dialogues INTEGER NOT NULL,
    updated REAL NOT NULL,
    PRIMARY KEY (policy, profile)
);
"""
STATE_TYPES: dict[str, Any] = {"eq": LearnerState, "eq-paper": PaperState}
"""Learning policies and the state class each carries."""

LearnedState = LearnerState | PaperState


class LearnedStateError(ValueError):
    """A learned state that cannot be used (unknown policy, bad row, newer schema)."""


def state_from_dict(d: Any) -> LearnedState:
    """A validated state from its JSON form (its ``kind`` names the policy)."""
    if not isinstance(d, dict) or d.get("kind") not in STATE_TYPES:
        kind = d.get("kind") if isinstance(d, dict) else type(d).__name__
        raise LearnedStateError(f"not a learned state of {sorted(STATE_TYPES)} (kind {kind!r})")
    try:
        return STATE_TYPES[d["kind"]].from_dict(d)
    except (KeyError, TypeError, ValueError) as exc:
        raise LearnedStateError(f"learned state for {d['kind']!r} is invalid: {exc}") from None


@dataclass(frozen=True)
class LearnedInfo:
    policy: str
    profile: str
    dialogues: int
    updated: float


class LearnedStore:
    """Learned policy states in the session database (``$EDGE_AGENT_DB`` by default)."""

    def __init__(self, path: str | os.PathLike[str] | None = None) -> None:
        from edge_agent.store import SessionStore

        # Opening through SessionStore creates the file with the sessions' permissions.
        sessions = SessionStore(path)
        self.path = sessions.path
        sessions.close()
        try:
            self._db = sqlite3.connect(self.path, isolation_level=None, timeout=10)
            self._db.execute("PRAGMA journal_mode=WAL")
            self._db.execute("PRAGMA synchronous=FULL")
            self._db.executescript(SCHEMA)
            row = self._db.execute("SELECT MAX(version) FROM learned_schema").fetchone()
            if row[0] is None:
                self._db.execute("INSERT INTO learned_schema VALUES (?)", (SCHEMA_VERSION,))
            elif row[0] > SCHEMA_VERSION:
                raise LearnedStateError(
                    f"{self.path} holds learned state of schema {row[0]}; this build reads "
                    f"schema {SCHEMA_VERSION} (upgrade edge-agent, or reset the learned state)"
                )
        except sqlite3.Error as exc:
            raise LearnedStateError(f"cannot open learned state in {self.path}: {exc}") from None

    def close(self) -> None:
        self._db.close()

    @staticmethod
    def _check(policy: str) -> str:
        if policy not in STATE_TYPES:
            raise LearnedStateError(
                f"policy {policy!r} learns nothing; learning policies: {sorted(STATE_TYPES)}"
            )
        return policy

    def load(self, policy: str, profile: str = "default") -> LearnedState | None:
        """The stored state, or None when this device has learned nothing yet."""
        row = self._db.execute(
            "SELECT state FROM learned_state WHERE policy = ? AND profile = ?",
            (self._check(policy), profile),
        ).fetchone()
        if row is None:
            return None
        try:
            data = json.loads(row[0])
        except json.JSONDecodeError as exc:
            raise LearnedStateError(
                f"stored state of {policy}/{profile} is corrupt: {exc}"
            ) from None
        state = state_from_dict(data)
        if state.kind != policy:
            raise LearnedStateError(f"row {policy}/{profile} holds a {state.kind!r} state")
        return state

    def save(self, state: LearnedState, profile: str = "default") -> None:
        policy = self._check(state.kind)
        self._db.execute(
            "INSERT INTO learned_state (policy, profile, state, dialogues, updated) "
            "VALUES (?, ?, ?, ?, ?) ON CONFLICT(policy, profile) DO UPDATE SET "
            "state = excluded.state, dialogues = excluded.dialogues, updated = excluded.updated",
            (policy, profile, json.dumps(state.to_dict()), state.dialogues, time.time()),
        )

    def list(self) -> list[LearnedInfo]:
        rows = self._db.execute(
            "SELECT policy, profile, dialogues, updated FROM learned_state ORDER BY policy, profile"
        ).fetchall()
        return [LearnedInfo(*r) for r in rows]

    def export(self, policy: str | None = None, profile: str | None = None) -> dict[str, Any]:
        """Every stored state (or one policy's / profile's) as a JSON-ready document."""
        out = []
        for info in self.list():
            if (policy and info.policy != policy) or (profile and info.profile != profile):
                continue
            state = self.load(info.policy, info.profile)
            assert state is not None
            out.append({"policy": info.policy, "profile": info.profile,
                        "dialogues": info.dialogues, "updated": info.updated,
                        "state": state.to_dict()})  # fmt: skip
        return {"schema": SCHEMA_VERSION, "learned": out}

    def import_(self, document: dict[str, Any]) -> int:
        """Load states from an :meth:`export` document (validated); returns how many."""
        if not isinstance(document, dict) or document.get("schema") != SCHEMA_VERSION:
            raise LearnedStateError(f"not a learned-state export of schema {SCHEMA_VERSION}")
        states = [(state_from_dict(item["state"]), str(item["profile"]))
                  for item in document.get("learned", [])]  # fmt: skip
        for state, profile in states:  # all validated before any is written
            self.save(state, profile)
        return len(states)

    def reset(self, policy: str | None = None, profile: str | None = None) -> int:
        """Forget learned states (all, one policy's, or one profile's); returns how many."""
        clauses, args = [], []
        if policy is not None:
            clauses.append("policy = ?")
            args.append(self._check(policy))
        if profile is not None:
            clauses.append("profile = ?")
            args.append(profile)
        where = f" WHERE {' AND '.join(clauses)}" if clauses else ""
        cur = self._db.execute(f"DELETE FROM learned_state{where}", args)
        return cur.rowcount


def summary(state: LearnedState) -> dict[str, Any]:
    """A human-readable digest of a state for ``edge-agent learned show``."""
    if isinstance(state, LearnerState):
        return {"dialogues": state.dialogues, "turns": state.turns, "personas": state.summary()}
    return {"dialogues": state.dialogues,
            "payoff_change_from_published": _paper_delta(state)}  # fmt: skip


def _paper_delta(state: PaperState) -> float:
    import numpy as np

    from policies.paper import paper_payoff

    return round(float(np.abs(np.asarray(state.payoff) - paper_payoff()).sum()), 4)


def write_export(document: dict[str, Any], path: Path) -> None:
    """Write an export owner-readable only: it describes the device's debtors."""
    fd = os.open(path, os.O_CREAT | os.O_WRONLY | os.O_TRUNC, 0o600)
    with os.fdopen(fd, "w", encoding="utf-8") as fh:
        json.dump(document, fh, indent=1)
