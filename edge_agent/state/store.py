"""Durable sessions: every turn is committed to SQLite before its reply is returned.

One database file holds many sessions. The file is created readable and writable by its owner
only (0600; its folder 0700): it holds private financial conversations. WAL journaling with
``synchronous=FULL`` means a turn that was returned survives a crash or a SIGKILL, and the
``(session_id, idx)`` primary key means a turn can never be stored twice.

Default location: ``$EDGE_AGENT_DB``, else ``~/.local/share/edge-agent/sessions.db``.
"""

from __future__ import annotations

import json
import os
import sqlite3
import time
import uuid
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from typing import Any

from edge_agent.state import export
from edge_agent.state.database import SCHEMA, SCHEMA_COLUMNS, Database, StoreError
from edge_agent.state.files import default_db_path, make_private_folder
from edge_agent.state.session import FORMAT_VERSION, Session, SessionFormatError, TurnRecord
from edge_agent.state.status import STATUSES
from edge_agent.state.validate import MAX_DOCUMENT_BYTES, load_json

__all__ = ["SCHEMA", "SCHEMA_COLUMNS", "DamagedSession", "SessionInfo", "SessionStore",
           "StoreError", "default_db_path", "make_private_folder"]


class DamagedSession(StoreError, SessionFormatError):
    """A stored session that fails validation (an edited or corrupted row): both a
    ``StoreError`` and a ``SessionFormatError``, so either handler catches it."""


@dataclass(frozen=True)
class SessionInfo:
    id: str
    created: float
    updated: float
    status: str
    turns: int
    scenario: dict[str, Any]
    damaged: bool = False
    """The row fails the checks a listing can make (times, status, scenario summary);
    :meth:`SessionStore.load` says exactly what is wrong."""

    def to_dict(self) -> dict[str, Any]:
        return {"id": self.id, "created": self.created, "updated": self.updated,
                "status": self.status, "turns": self.turns, "scenario": self.scenario,
                "damaged": self.damaged}


class SessionStore:
    """Sessions in one SQLite file, safe to share between the threads of a process.

    Thread safety: one connection, and every statement and transaction runs under one
    re-entrant lock, so two threads' turns never interleave inside a transaction. Other
    processes are kept apart by SQLite's own locking (``BEGIN IMMEDIATE``); a lock held past
    ``timeout`` seconds, a full disk or any other SQLite failure raises :class:`StoreError`
    after a rollback, with nothing written.

    File safety: the path is checked before anything touches it. A directory, a symbolic
    link or an existing file that is not a SQLite database is refused; only a file this
    store creates is given mode 0600 (and a folder it creates 0700). Both are the file
    layer's (:class:`edge_agent.state.database.Database`), shared with the learned state.
    """

    def __init__(self, path: str | os.PathLike[str] | None = None, *,
                 timeout: float = 10.0) -> None:
        self._database = Database(path, timeout=timeout)
        self.path = self._database.path
        self._db = self._database.connection

    def close(self) -> None:
        self._database.close()

    def __enter__(self) -> SessionStore:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    @contextmanager
    def _use(self, what: str) -> Iterator[sqlite3.Connection]:
        """The connection, held exclusively; any SQLite error becomes a ``StoreError``."""
        with self._database.use() as db:
            if self._database.closed:
                raise StoreError(f"the session store {self.path} is closed")
            try:
                yield db
            except sqlite3.Error as exc:
                raise StoreError(f"{what} failed in {self.path}: {_explain(exc)}") from None

    @contextmanager
    def _transaction(self, what: str = "writing") -> Iterator[sqlite3.Connection]:
        """``BEGIN IMMEDIATE`` .. ``COMMIT``, rolled back on any failure, commit included."""
        with self._use(what), self._database.transaction() as db:
            yield db

    # -- writing -----------------------------------------------------------------------------
    def create(self, session: Session, session_id: str | None = None) -> str:
        """Store a new session (its turns too, if any) and return its id."""
        sid = session_id or uuid.uuid4().hex[:12]
        d = session.to_dict()
        now = time.time()
        with self._transaction("saving a new session") as db:
            try:
                db.execute(
                    "INSERT INTO sessions VALUES (?, ?, ?, ?, ?, ?, ?)",
                    (sid, now, now, session.status, json.dumps(d["scenario"]),
                     json.dumps(d["config"]), json.dumps(d["tracker"])),
                )
            except sqlite3.IntegrityError:
                raise StoreError(f"a session {sid!r} is already stored") from None
            for t in session.turns:
                db.execute("INSERT INTO turns VALUES (?, ?, ?)",
                           (sid, t.index, json.dumps(t.to_dict(), ensure_ascii=False)))
        return sid

    def append(self, session_id: str, turn: TurnRecord, session: Session) -> None:
        """Commit one turn and the session's new status and tracker state, atomically.

        ``session`` is the state *including* ``turn``; raises if the turn is already stored.
        """
        with self._transaction(f"saving turn {turn.index}") as db:
            try:
                db.execute("INSERT INTO turns VALUES (?, ?, ?)",
                           (session_id, turn.index, json.dumps(turn.to_dict(), ensure_ascii=False)))
            except sqlite3.IntegrityError as exc:
                if "FOREIGN KEY" in str(exc):
                    raise StoreError(f"no session {session_id!r} in {self.path} (deleted?); "
                                     f"turn {turn.index} was not saved") from None
                raise StoreError(f"turn {turn.index} of session {session_id} is already "
                                 f"stored: the session went on from another handle or "
                                 f"process; resume it again to continue from there") from None
            updated = db.execute(
                "UPDATE sessions SET updated = ?, status = ?, tracker = ? WHERE id = ?",
                (time.time(), session.status, json.dumps(session.tracker_state), session_id),
            ).rowcount
            if updated != 1:
                raise StoreError(f"no session {session_id!r} in {self.path}")

    def delete(self, session_id: str) -> None:
        with self._transaction("deleting a session") as db:
            db.execute("DELETE FROM turns WHERE session_id = ?", (session_id,))
            if db.execute("DELETE FROM sessions WHERE id = ?", (session_id,)).rowcount != 1:
                raise StoreError(f"no session {session_id!r} in {self.path}")

    # -- reading -----------------------------------------------------------------------------
    def load(self, session_id: str) -> Session:
        """The stored session, validated like a saved file (``DamagedSession`` otherwise)."""
        with self._use("reading a session") as db:
            row = db.execute(
                "SELECT scenario, config, tracker, length(CAST(scenario AS BLOB)) "
                "+ length(CAST(config AS BLOB)) + ifnull(length(CAST(tracker AS BLOB)), 0), "
                "status FROM sessions WHERE id = ?", (session_id,)
            ).fetchone()
            if row is None:
                raise StoreError(f"no session {session_id!r} in {self.path}; "
                                 f"`edge-agent sessions list` shows the stored ones")
            size = db.execute(
                "SELECT ifnull(sum(length(CAST(record AS BLOB))), 0) FROM turns "
                "WHERE session_id = ?",
                (session_id,)).fetchone()[0]
            rows = [] if (row[3] or 0) + size > MAX_DOCUMENT_BYTES else db.execute(
                "SELECT idx, record FROM turns WHERE session_id = ? ORDER BY idx", (session_id,)
            ).fetchall()
        try:
            if (row[3] or 0) + size > MAX_DOCUMENT_BYTES:
                raise SessionFormatError(f"stored session is over {MAX_DOCUMENT_BYTES:,} bytes")
            turns = []
            for idx, record in rows:
                turn = _json(record)
                if not isinstance(turn, dict) or turn.get("index") != idx:
                    raise SessionFormatError(f"turn row {idx!r} holds another turn's record")
                turns.append(turn)
            doc = {"format": FORMAT_VERSION, "scenario": _json(row[0]),
                   "config": _json(row[1]), "turns": turns,
                   "tracker": _json(row[2]) if row[2] else None}
            session = Session.from_dict(doc)
            if row[4] != session.status:
                raise SessionFormatError(f"the stored status {row[4]!r:.40} is not the one its "
                                         f"turns reach ({session.status!r})")
            return session
        except SessionFormatError as exc:
            raise DamagedSession(f"session {session_id!r} is damaged: {exc}") from None

    def list(self) -> list[SessionInfo]:
        with self._use("listing sessions") as db:
            rows = db.execute(
                "SELECT s.id, s.created, s.updated, s.status, s.scenario, COUNT(t.idx) "
                "FROM sessions s LEFT JOIN turns t ON t.session_id = s.id "
                "GROUP BY s.id ORDER BY s.updated DESC"
            ).fetchall()
        return [_info(*r) for r in rows]

    def export(self, session_id: str, fmt: str = "md", redact: bool = False) -> str:
        """The transcript as Markdown or JSON; ``redact`` hides names and account numbers."""
        return export.export(self.load(session_id), session_id, fmt, redact)


def _explain(exc: sqlite3.Error) -> str:
    text = str(exc)
    if "locked" in text or "busy" in text:
        return f"{text} (another process holds the database lock; nothing was written)"
    if "full" in text:
        return f"{text} (free some disk space; nothing was written)"
    return text


MAX_TIMESTAMP = 1e11
"""Upper bound on a stored time (year ~5138): anything later is a damaged row."""


def _info(sid: Any, created: Any, updated: Any, status: Any, scenario: Any,
          turns: int) -> SessionInfo:
    """A listing row that never raises: whatever fails a check is marked damaged."""
    summary = _scenario_summary(scenario)
    times = [float(t) if _is_time(t) else 0.0 for t in (created, updated)]
    damaged = (bool(summary.get("damaged")) or not all(map(_is_time, (created, updated)))
               or status not in STATUSES)
    return SessionInfo(str(sid), times[0], times[1], str(status), turns, summary, damaged)


def _is_time(value: Any) -> bool:
    return (isinstance(value, int | float) and not isinstance(value, bool)
            and 0 <= value <= MAX_TIMESTAMP)


def _scenario_summary(text: Any) -> dict[str, Any]:
    try:
        value = _json(text)
    except SessionFormatError:
        return {"damaged": True}
    if (not isinstance(value, dict) or isinstance(value.get("creditor_target_days"), bool)
            or not isinstance(value.get("creditor_target_days"), int)
            or not isinstance(value.get("debtor_name"), str)):
        return {"damaged": True}
    return value


def _json(text: Any) -> Any:
    if not isinstance(text, str | bytes):
        raise SessionFormatError(f"a stored column holds {type(text).__name__}, not JSON text")
    return load_json(text)
