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
import math
import os
import sqlite3
import stat
import time
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any, TypeVar

from edge_agent.state.database import Database
from edge_agent.state.files import read_limited, write_private
from edge_agent.state.validate import SessionFormatError, check_depth, unique_keys
from policies.learner import LearnedStateError, LearnerState, check_count
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
COLUMNS = ("policy", "profile", "state", "dialogues", "updated")
STATE_TYPES: dict[str, Any] = {"eq": LearnerState, "eq-paper": PaperState}
"""Learning policies and the state class each carries."""
MAX_EXPORT_BYTES = 4_000_000
"""Largest export accepted by :func:`read_export` (one state is ~6 KB of JSON)."""
MAX_PROFILE_CHARS = 200
MAX_TIMESTAMP = 4_102_444_800.0
"""2100-01-01: an ``updated`` beyond it was not written by this program."""
RESET_HINT = "forget it with `edge-agent learned reset --yes` (drops only the learned state)"

LearnedState = LearnerState | PaperState
__all__ = ["LearnedInfo", "LearnedState", "LearnedStateError", "LearnedStore", "read_export",
           "state_from_dict", "summary", "write_export"]  # fmt: skip
_T = TypeVar("_T")


def state_from_dict(d: Any) -> LearnedState:
    """A validated state from its JSON form (its ``kind`` names the policy)."""
    if not isinstance(d, dict) or d.get("kind") not in STATE_TYPES:
        kind = d.get("kind") if isinstance(d, dict) else type(d).__name__
        raise LearnedStateError(f"not a learned state of {sorted(STATE_TYPES)} "
                                f"(kind {kind!r:.40})")  # fmt: skip
    try:
        return STATE_TYPES[d["kind"]].from_dict(d)
    except (KeyError, TypeError, ValueError, OverflowError) as exc:
        raise LearnedStateError(f"learned state for {d['kind']!r} is invalid: {exc}") from None


def check_profile(profile: Any) -> str:
    """A profile name: a non-empty string of printable characters, at most 200 of them."""
    if not isinstance(profile, str) or not profile or len(profile) > MAX_PROFILE_CHARS or (
        not profile.isprintable()
    ):
        raise LearnedStateError(f"a profile is 1..{MAX_PROFILE_CHARS} printable characters, "
                                f"got {profile!r:.60}")  # fmt: skip
    return profile


@dataclass(frozen=True)
class LearnedInfo:
    policy: str
    profile: str
    dialogues: int
    updated: float

    @classmethod
    def from_row(cls, row: tuple[Any, ...]) -> LearnedInfo:
        """A listed row, checked: a hand-edited ``updated='yesterday'`` is refused here."""
        policy, profile, dialogues, updated = row
        where = f"row {policy!r:.40}/{profile!r:.40}"
        if not isinstance(policy, str) or not isinstance(profile, str):
            raise LearnedStateError(f"{where}: policy and profile must be text")
        try:
            check_count(f"{where}: dialogues", dialogues)
        except LearnedStateError as exc:
            raise LearnedStateError(str(exc)) from None
        if isinstance(updated, bool) or not isinstance(updated, int | float) or not (
            math.isfinite(updated) and 0 <= updated <= MAX_TIMESTAMP
        ):
            raise LearnedStateError(f"{where}: updated must be a timestamp, got {updated!r:.40}")
        return cls(policy, profile, dialogues, float(updated))


class LearnedStore:
    """Learned policy states in the session database (``$EDGE_AGENT_DB`` by default).

    Safe to share between threads (one connection behind a lock) and processes (every write
    is one ``BEGIN IMMEDIATE`` transaction, and :meth:`save` merges what a dialogue learned
    into the stored state inside it, so parallel dialogues never lose each other's updates).
    """

    def __init__(self, path: str | os.PathLike[str] | None = None) -> None:
        self._open(path)
        try:
            self._check_schema()
        except BaseException:
            self.close()
            raise

    def _open(self, path: str | os.PathLike[str] | None) -> None:
        # The same connection layer as the sessions: the file is checked and created with
        # the sessions' permissions, in WAL mode, and used under one lock.
        self._database = Database(path, timeout=10)
        self.path = self._database.path
        self._db = self._database.connection

    def _check_schema(self) -> None:
        try:
            self._db.executescript(SCHEMA)
            rows = self._db.execute("SELECT version FROM learned_schema").fetchall()
            columns = tuple(r[1] for r in self._db.execute("PRAGMA table_info(learned_state)"))
        except sqlite3.Error as exc:
            raise LearnedStateError(f"cannot open learned state in {self.path}: {exc}; "
                                    f"{RESET_HINT}") from None  # fmt: skip
        versions = [r[0] for r in rows]
        if any(isinstance(v, bool) or not isinstance(v, int) for v in versions):
            raise LearnedStateError(f"{self.path}: learned_schema is damaged "
                                    f"({versions[:3]!r:.80}); {RESET_HINT}")  # fmt: skip
        if columns != COLUMNS:
            raise LearnedStateError(f"{self.path}: the learned_state table has columns "
                                    f"{columns!r:.120}, expected {COLUMNS}; {RESET_HINT}")
        if not versions:
            self._db.execute("INSERT INTO learned_schema VALUES (?)", (SCHEMA_VERSION,))
        elif max(versions) > SCHEMA_VERSION:
            raise LearnedStateError(
                f"{self.path} holds learned state of schema {max(versions)}; this build reads "
                f"schema {SCHEMA_VERSION} (upgrade edge-agent, or {RESET_HINT})"
            )

    @classmethod
    def wipe(cls, path: str | os.PathLike[str] | None = None) -> None:
        """Drop the learned-state tables whatever they hold (a newer or damaged schema):
        the way out :meth:`__init__`'s errors name. Sessions are not touched."""
        store = cls.__new__(cls)
        store._open(path)
        try:
            with store._database.transaction() as db:
                db.execute("DROP TABLE IF EXISTS learned_state")
                db.execute("DROP TABLE IF EXISTS learned_schema")
        except sqlite3.Error as exc:
            raise LearnedStateError(f"cannot reset learned state in {store.path}: {exc}") from None
        finally:
            store.close()

    def close(self) -> None:
        self._database.close()

    def _run(self, call: Callable[[], _T], write: bool = False) -> _T:
        """One call under the lock, inside a transaction when it writes; sqlite errors
        (a locked or hand-edited file) become LearnedStateError, and nothing half-done stays."""
        try:
            if write:
                with self._database.transaction():
                    return call()
            with self._database.use():
                return call()
        except (sqlite3.Error, OverflowError) as exc:
            raise LearnedStateError(f"learned state in {self.path}: {exc}") from None

    @staticmethod
    def _check(policy: str) -> str:
        if policy not in STATE_TYPES:
            raise LearnedStateError(
                f"policy {policy!r:.40} learns nothing; learning policies: {sorted(STATE_TYPES)}"
            )
        return policy

    def load(self, policy: str, profile: str = "default") -> LearnedState | None:
        """The stored state, or None when this device has learned nothing yet."""
        self._check(policy)
        return self._run(lambda: self._load(policy, profile))

    def _load(self, policy: str, profile: str) -> LearnedState | None:
        row = self._db.execute(
            "SELECT state FROM learned_state WHERE policy = ? AND profile = ?",
            (policy, profile),
        ).fetchone()
        if row is None:
            return None
        if not isinstance(row[0], str):
            raise LearnedStateError(f"stored state of {policy}/{profile!r:.40} is not text")
        try:
            data = json.loads(row[0])
        except (ValueError, RecursionError) as exc:
            raise LearnedStateError(
                f"stored state of {policy}/{profile!r:.40} is corrupt: {exc}"
            ) from None
        state = state_from_dict(data)
        if state.kind != policy:
            raise LearnedStateError(f"row {policy}/{profile!r:.40} holds a {state.kind!r} state")
        return state

    def _write(self, state: LearnedState, profile: str) -> None:
        self._db.execute(
            "INSERT INTO learned_state (policy, profile, state, dialogues, updated) "
            "VALUES (?, ?, ?, ?, ?) ON CONFLICT(policy, profile) DO UPDATE SET "
            "state = excluded.state, dialogues = excluded.dialogues, updated = excluded.updated",
            (state.kind, profile, json.dumps(state.to_dict(), allow_nan=False), state.dialogues,
             time.time()),
        )  # fmt: skip

    def save(self, state: LearnedState, profile: str = "default") -> LearnedState:
        """Store a state; returns what was stored. A state learned from a base
        (:meth:`LearnerPolicy.learn`) is merged: the stored state plus what this dialogue
        added, read and written in one transaction, so no concurrent dialogue is lost."""
        if not isinstance(state, LearnerState | PaperState):
            raise TypeError(f"a learned state is a LearnerState or PaperState, "
                            f"got {type(state).__name__}")  # fmt: skip
        self._check(state.kind)
        check_profile(profile)
        state.validate()

        def merge() -> LearnedState:
            stored = self._load(state.kind, profile) if state.base is not None else None
            merged = state.merged_into(stored)  # type: ignore[arg-type]
            self._write(merged, profile)
            return merged

        return self._run(merge, write=True)

    def update(self, policy: str, change: Callable[[LearnedState | None], LearnedState],
               profile: str = "default") -> LearnedState:  # fmt: skip
        """Read-modify-write in one transaction: ``change(stored)`` is stored and returned."""
        self._check(policy)
        check_profile(profile)

        def apply() -> LearnedState:
            new = change(self._load(policy, profile))
            if getattr(new, "kind", None) != policy:
                raise LearnedStateError(f"update of {policy} returned {type(new).__name__}")
            new.validate()
            self._write(new, profile)
            return new

        return self._run(apply, write=True)

    def list(self) -> list[LearnedInfo]:
        rows = self._run(lambda: self._db.execute(
            "SELECT policy, profile, dialogues, updated FROM learned_state ORDER BY policy, profile"
        ).fetchall())  # fmt: skip
        return [LearnedInfo.from_row(r) for r in rows]

    def export(self, policy: str | None = None, profile: str | None = None) -> dict[str, Any]:
        """Every stored state (or one policy's / profile's) as a JSON-ready document.

        Rows of policies that learn nothing (a stray ``wsls`` row) are left out and named
        in ``skipped``; they do not block the export of the good state."""
        out, skipped = [], []
        for info in self.list():
            if (policy and info.policy != policy) or (profile and info.profile != profile):
                continue
            if info.policy not in STATE_TYPES:
                skipped.append({"policy": info.policy, "profile": info.profile})
                continue
            state = self.load(info.policy, info.profile)
            assert state is not None
            out.append(export_entry(info.policy, info.profile, info.dialogues, info.updated,
                                    state))  # fmt: skip
        doc = export_document(out)
        if skipped:
            doc["skipped"] = skipped
        return doc

    @staticmethod
    def parse_export(document: Any) -> list[tuple[LearnedState, str]]:
        """Every (state, profile) of an :meth:`export` document, all validated; raises
        LearnedStateError on the first problem (naming the item)."""
        if not isinstance(document, dict):
            raise LearnedStateError(f"not a learned-state export (a {type(document).__name__})")
        schema = document.get("schema")
        if isinstance(schema, bool) or not isinstance(schema, int) or schema != SCHEMA_VERSION:
            raise LearnedStateError(f"not a learned-state export of schema {SCHEMA_VERSION} "
                                    f"(schema {schema!r:.40})")  # fmt: skip
        items = document.get("learned")
        if not isinstance(items, list):
            raise LearnedStateError("an export's \"learned\" must be a list of items")
        states, seen = [], set()
        for k, item in enumerate(items):
            if not isinstance(item, dict) or "state" not in item or "profile" not in item:
                raise LearnedStateError(f"item {k}: expected an object with \"profile\" "
                                        f"and \"state\"")  # fmt: skip
            try:
                profile = check_profile(item["profile"])
                state = state_from_dict(item["state"])
                if item.get("policy", state.kind) != state.kind:
                    raise LearnedStateError(f"policy {item.get('policy')!r:.40} holds a "
                                            f"{state.kind!r} state")  # fmt: skip
            except LearnedStateError as exc:
                raise LearnedStateError(f"item {k}: {exc}") from None
            if (state.kind, profile) in seen:
                raise LearnedStateError(f"item {k}: {state.kind}/{profile!r:.40} appears twice")
            seen.add((state.kind, profile))
            states.append((state, profile))
        return states

    def import_(self, document: Any) -> int:
        """Load states from an :meth:`export` document; returns how many. All or nothing:
        every item is validated first, then all are written in one transaction."""
        states = self.parse_export(document)

        def write_all() -> int:
            for state, profile in states:
                self._write(state, profile)
            return len(states)

        return self._run(write_all, write=True)

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
        return self._run(lambda: self._db.execute(f"DELETE FROM learned_state{where}",
                                                  args).rowcount, write=True)  # fmt: skip


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


def write_export(document: dict[str, Any], path: Path) -> Path:
    """Write an export owner-readable only (0600, atomically, never through a link or into
    a folder: :func:`edge_agent.state.files.write_private`); OSError on refusal."""
    return write_private(path, json.dumps(document, indent=1, allow_nan=False))


def export_entry(policy: str, profile: str, dialogues: int, updated: float,
                 state: LearnedState) -> dict[str, Any]:  # fmt: skip
    """One learned state as an item of an export document (what :meth:`LearnedStore.export`
    writes and :meth:`LearnedStore.parse_export` reads)."""
    return {"policy": policy, "profile": profile, "dialogues": dialogues, "updated": updated,
            "state": state.to_dict()}  # fmt: skip


def export_document(entries: list[dict[str, Any]]) -> dict[str, Any]:
    """An export document holding ``entries`` (from :func:`export_entry`)."""
    return {"schema": SCHEMA_VERSION, "learned": entries}


def read_export(path: str | os.PathLike[str]) -> Any:
    """The parsed document of an export file. Only a regular file of at most
    :data:`MAX_EXPORT_BYTES` is read (a FIFO or /dev/zero would hang), strictly (UTF-8,
    no NaN/Infinity, no repeated keys, bounded nesting); LearnedStateError otherwise."""
    file = Path(path).expanduser()
    try:
        info = os.stat(file)
        if not stat.S_ISREG(info.st_mode):
            raise LearnedStateError(f"cannot read {file}: not a regular file")
        text = read_limited(file, MAX_EXPORT_BYTES)
    except OSError as exc:
        raise LearnedStateError(f"cannot read {file}: {exc}") from None
    except UnicodeDecodeError as exc:
        raise LearnedStateError(f"cannot read {file}: not UTF-8 text ({exc.reason})") from None

    def refuse_constant(name: str) -> None:
        raise SessionFormatError(f"{name} is not a number JSON allows")

    try:
        doc = json.loads(text, object_pairs_hook=unique_keys, parse_constant=refuse_constant)
        check_depth(doc)
    except SessionFormatError as exc:
        raise LearnedStateError(f"{file} is not a learned-state export: {exc}") from None
    except (ValueError, RecursionError) as exc:
        raise LearnedStateError(f"{file} is not a learned-state export: invalid JSON "
                                f"({str(exc)[:120] or type(exc).__name__})") from None
    return doc
