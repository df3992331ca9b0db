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
import re
import sqlite3
import time
import uuid
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from edge_agent.session import FORMAT_VERSION, Session, SessionFormatError, TurnRecord
from edge_agent.session_checks import MAX_DOCUMENT_BYTES

SCHEMA = """
CREATE TABLE IF NOT EXISTS sessions (
    id TEXT PRIMARY KEY,
    created REAL NOT NULL,
    updated REAL NOT NULL,
    status TEXT NOT NULL,
    scenario TEXT NOT NULL,
    config TEXT NOT NULL,
    tracker TEXT
);
CREATE TABLE IF NOT EXISTS turns (
    session_id TEXT NOT NULL REFERENCES sessions(id) ON DELETE CASCADE,
    idx INTEGER NOT NULL,
    record TEXT NOT NULL,
    PRIMARY KEY (session_id, idx)
);
"""


class StoreError(RuntimeError):
    """A session that is not in the store, or a store that cannot be used."""


class DamagedSession(StoreError, SessionFormatError):
    """A stored session that fails validation (an edited or corrupted row): both a
    ``StoreError`` and a ``SessionFormatError``, so either handler catches it."""


def default_db_path() -> Path:
    env = os.environ.get("EDGE_AGENT_DB")
    if env:
        return Path(env)
    base = Path(os.environ.get("XDG_DATA_HOME") or Path.home() / ".local" / "share")
    return base / "edge-agent" / "sessions.db"


@dataclass(frozen=True)
class SessionInfo:
    id: str
    created: float
    updated: float
    status: str
    turns: int
    scenario: dict[str, Any]

    def to_dict(self) -> dict[str, Any]:
        return {"id": self.id, "created": self.created, "updated": self.updated,
                "status": self.status, "turns": self.turns, "scenario": self.scenario}


class SessionStore:
    """Sessions in one SQLite file. Safe to share between threads of one process."""

    def __init__(self, path: str | os.PathLike[str] | None = None) -> None:
        self.path = Path(path) if path is not None else default_db_path()
        try:
            self.path.parent.mkdir(parents=True, exist_ok=True, mode=0o700)
            if not self.path.exists():
                os.close(os.open(self.path, os.O_CREAT | os.O_WRONLY, 0o600))
            os.chmod(self.path, 0o600)
            self._db = sqlite3.connect(self.path, isolation_level=None,
                                       check_same_thread=False, timeout=10)
            self._db.execute("PRAGMA journal_mode=WAL")
            self._db.execute("PRAGMA synchronous=FULL")
            self._db.execute("PRAGMA foreign_keys=ON")
            self._db.executescript(SCHEMA)
        except (OSError, sqlite3.Error) as exc:
            raise StoreError(f"cannot open the session store {self.path}: {exc}") from None

    def close(self) -> None:
        self._db.close()

    @contextmanager
    def _transaction(self) -> Iterator[sqlite3.Connection]:
        self._db.execute("BEGIN IMMEDIATE")
        try:
            yield self._db
        except BaseException:
            self._db.execute("ROLLBACK")
            raise
        self._db.execute("COMMIT")

    # -- writing -----------------------------------------------------------------------------
    def create(self, session: Session, session_id: str | None = None) -> str:
        """Store a new session (its turns too, if any) and return its id."""
        sid = session_id or uuid.uuid4().hex[:12]
        d = session.to_dict()
        now = time.time()
        with self._transaction() as db:
            db.execute(
                "INSERT INTO sessions VALUES (?, ?, ?, ?, ?, ?, ?)",
                (sid, now, now, session.status, json.dumps(d["scenario"]),
                 json.dumps(d["config"]), json.dumps(d["tracker"])),
            )
            for t in session.turns:
                db.execute("INSERT INTO turns VALUES (?, ?, ?)",
                           (sid, t.index, json.dumps(t.to_dict(), ensure_ascii=False)))
        return sid

    def append(self, session_id: str, turn: TurnRecord, session: Session) -> None:
        """Commit one turn and the session's new status and tracker state, atomically.

        ``session`` is the state *including* ``turn``; raises if the turn is already stored.
        """
        with self._transaction() as db:
            try:
                db.execute("INSERT INTO turns VALUES (?, ?, ?)",
                           (session_id, turn.index, json.dumps(turn.to_dict(), ensure_ascii=False)))
            except sqlite3.IntegrityError:
                raise StoreError(f"turn {turn.index} of session {session_id} is already "
                                 f"stored") from None
            updated = db.execute(
                "UPDATE sessions SET updated = ?, status = ?, tracker = ? WHERE id = ?",
                (time.time(), session.status, json.dumps(session.tracker_state), session_id),
            ).rowcount
            if updated != 1:
                raise StoreError(f"no session {session_id!r} in {self.path}")

    def delete(self, session_id: str) -> None:
        with self._transaction() as db:
            db.execute("DELETE FROM turns WHERE session_id = ?", (session_id,))
            if db.execute("DELETE FROM sessions WHERE id = ?", (session_id,)).rowcount != 1:
                raise StoreError(f"no session {session_id!r} in {self.path}")

    # -- reading -----------------------------------------------------------------------------
    def load(self, session_id: str) -> Session:
        """The stored session, validated like a saved file (``DamagedSession`` otherwise)."""
        row = self._db.execute(
            "SELECT scenario, config, tracker, length(scenario) + length(config) "
            "+ ifnull(length(tracker), 0) FROM sessions WHERE id = ?", (session_id,)
        ).fetchone()
        if row is None:
            raise StoreError(f"no session {session_id!r} in {self.path}; "
                             f"`edge-agent sessions list` shows the stored ones")
        size = self._db.execute(
            "SELECT ifnull(sum(length(record)), 0), count(*) FROM turns WHERE session_id = ?",
            (session_id,)).fetchone()
        try:
            if (row[3] or 0) + size[0] > MAX_DOCUMENT_BYTES:
                raise SessionFormatError(f"stored session is over {MAX_DOCUMENT_BYTES:,} bytes")
            rows = self._db.execute(
                "SELECT idx, record FROM turns WHERE session_id = ? ORDER BY idx", (session_id,)
            ).fetchall()
            turns = []
            for idx, record in rows:
                turn = _json(record)
                if not isinstance(turn, dict) or turn.get("index") != idx:
                    raise SessionFormatError(f"turn row {idx!r} holds another turn's record")
                turns.append(turn)
            doc = {"format": FORMAT_VERSION, "scenario": _json(row[0]),
                   "config": _json(row[1]), "turns": turns,
                   "tracker": _json(row[2]) if row[2] else None}
            return Session.from_dict(doc)
        except SessionFormatError as exc:
            raise DamagedSession(f"session {session_id!r} is damaged: {exc}") from None

    def list(self) -> list[SessionInfo]:
        rows = self._db.execute(
            "SELECT s.id, s.created, s.updated, s.status, s.scenario, COUNT(t.idx) "
            "FROM sessions s LEFT JOIN turns t ON t.session_id = s.id "
            "GROUP BY s.id ORDER BY s.updated DESC"
        ).fetchall()
        return [SessionInfo(r[0], r[1], r[2], r[3], r[5], json.loads(r[4])) for r in rows]

    def export(self, session_id: str, fmt: str = "md", redact: bool = False) -> str:
        """The transcript as Markdown or JSON; ``redact`` hides names and account numbers."""
        session = self.load(session_id)
        return export_session(session, session_id, fmt, redact)


def _json(text: Any) -> Any:
    if not isinstance(text, str | bytes):
        raise SessionFormatError(f"a stored column holds {type(text).__name__}, not JSON text")
    try:
        return json.loads(text)
    except (json.JSONDecodeError, UnicodeDecodeError) as exc:
        raise SessionFormatError(f"invalid JSON ({exc})") from None
    except RecursionError:
        raise SessionFormatError("nested too deeply") from None


_ACCOUNT_NUMBER = re.compile(r"\b\d(?:[\s-]?\d){5,}\b")


def redactor(session: Session) -> Callable[[str], str]:
    """A function hiding the scenario's party names and long digit runs (account numbers,
    phone numbers) in a text."""
    names = sorted({n for n in (session.scenario.creditor_name, session.scenario.debtor_name)
                    if n and n not in ("the creditor", "there")}, key=len, reverse=True)
    pattern = re.compile("|".join(map(re.escape, names)), re.IGNORECASE) if names else None

    def redact(text: str) -> str:
        if pattern is not None:
            text = pattern.sub("[NAME]", text)
        return _ACCOUNT_NUMBER.sub("[NUMBER]", text)

    return redact


def export_session(session: Session, session_id: str, fmt: str = "md",
                   redact: bool = False) -> str:
    clean = redactor(session) if redact else (lambda text: text)
    messages = [{"role": m.role, "text": clean(m.text)} for m in session.history()]
    if fmt == "json":
        scenario = session.scenario.to_dict()
        if redact:
            scenario = {**scenario, "creditor_name": "[NAME]", "debtor_name": "[NAME]",
                        "details": None}
        return json.dumps({"id": session_id, "status": session.status,
                           "agreed_days": session.agreed_days, "scenario": scenario,
                           "messages": messages}, indent=2, ensure_ascii=False)
    if fmt != "md":
        raise ValueError(f"unknown export format {fmt!r}; expected md or json")
    s = session.scenario
    lines = [f"# Session {session_id}", "",
             f"- status: {session.status}"
             + (f" ({session.agreed_days} days)" if session.agreed_days else ""),
             f"- balance: ${s.balance:,.2f}; target {s.creditor_target_days} days; "
             f"mandate {s.max_days} days", ""]
    for m in messages:
        lines += [f"**{m['role']}:** {m['text']}", ""]
    return "\n".join(lines)
