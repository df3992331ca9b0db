"""The one connection layer for the device's SQLite file (sessions and learned state).

Both stores keep their rows in the same file: :class:`edge_agent.state.store.SessionStore`
the dialogues, :class:`edge_agent.state.learned_store.LearnedStore` what the policies learned.
They open it through :class:`Database`, which owns everything about the file itself, so it is
written once:

- the path is checked before anything touches it (a directory, a symbolic link or a file
  that is not a SQLite database is refused, nothing changed); a file it creates is 0600 and
  its folders 0700, because it holds private financial conversations;
- another application's database (tables of our names with other columns) is refused before
  any PRAGMA writes to it;
- WAL journaling with ``synchronous=FULL``: a committed write survives a crash or a SIGKILL;
- one connection behind one re-entrant lock, so the threads of a process never interleave
  inside a transaction, and :meth:`Database.transaction` (``BEGIN IMMEDIATE`` .. ``COMMIT``,
  rolled back on any failure) keeps other processes apart.

Each store maps SQLite's errors to its own error type (``StoreError``,
``LearnedStateError``); failures to open the file are :class:`StoreError` for both.
"""

from __future__ import annotations

import os
import sqlite3
import stat
import threading
import time
from collections.abc import Iterator
from contextlib import contextmanager, suppress
from pathlib import Path

from edge_agent.state.files import default_db_path, make_private_folder

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
SCHEMA_COLUMNS = {
    "sessions": ["id", "created", "updated", "status", "scenario", "config", "tracker"],
    "turns": ["session_id", "idx", "record"],
}
"""The columns of the sessions' two tables: a database holding tables of these names with
other columns belongs to another application."""


class StoreError(RuntimeError):
    """A session that is not in the store, or a store that cannot be used."""


class Database:
    """The device's SQLite file, opened once: checked, created private, in WAL mode.

    ``connection`` is used under ``lock`` only (:meth:`use`, :meth:`transaction`). Opening
    creates the sessions' tables when the file is new, whichever store opens it first, so a
    file is always recognisably ours."""

    def __init__(self, path: str | os.PathLike[str] | None = None, *,
                 timeout: float = 10.0) -> None:
        self.path = Path(path).expanduser() if path is not None else default_db_path()
        self.lock = threading.RLock()
        self.closed = False
        try:
            _prepare_file(self.path)
            self.connection = sqlite3.connect(self.path, isolation_level=None,
                                              check_same_thread=False, timeout=timeout)
        except (OSError, sqlite3.Error) as exc:
            raise StoreError(f"cannot open the session store {self.path}: {exc}") from None
        deadline = time.monotonic() + timeout
        try:
            while True:
                try:
                    self._setup()
                    break
                except sqlite3.OperationalError as exc:
                    # Switching a new file to WAL can report "locked" at once, without
                    # waiting, while another connection does the same: retry until timeout.
                    if "locked" not in str(exc) or time.monotonic() > deadline:
                        raise
                    time.sleep(0.01)
        except (sqlite3.Error, StoreError) as exc:
            self.connection.close()
            if isinstance(exc, StoreError):
                raise
            raise StoreError(f"cannot open the session store {self.path}: {exc}") from None

    def _setup(self) -> None:
        db = self.connection
        self._check_tables()  # before any change: another application's file stays as it was
        db.execute("PRAGMA journal_mode=WAL")
        db.execute("PRAGMA synchronous=FULL")
        db.execute("PRAGMA foreign_keys=ON")
        # Check and create in one write transaction: a second process opening the same new
        # file waits for it and then sees both tables, never one.
        db.execute("BEGIN IMMEDIATE")
        try:
            self._check_tables()
            for statement in SCHEMA.split(";"):
                if statement.strip():
                    db.execute(statement)
            db.execute("COMMIT")
        finally:
            if db.in_transaction:
                db.execute("ROLLBACK")

    def _check_tables(self) -> None:
        """Refuse a file that is not an empty database or ours, reading only.

        The header is read by SQLite itself (a query on ``sqlite_master``): opening and
        closing the file by hand would drop every POSIX lock this process's connections hold
        on it. Our tables must have our columns, so another application's ``sessions`` table
        is refused before any PRAGMA writes to its file."""
        db = self.connection
        try:
            tables = {r[0] for r in db.execute(
                "SELECT name FROM sqlite_master WHERE type = 'table'")}
        except sqlite3.DatabaseError as exc:
            if "not a database" not in str(exc):
                raise
            raise StoreError(f"refusing the session store {self.path}: it exists and is not "
                             f"a SQLite database (nothing was changed)") from None
        if not tables:
            return
        columns = {name: [r[1] for r in db.execute(
            "SELECT * FROM pragma_table_info(?)", (name,))] for name in ("sessions", "turns")}
        if columns != SCHEMA_COLUMNS:
            raise StoreError(f"refusing the session store {self.path}: it is another "
                             f"application's SQLite database (tables: "
                             f"{', '.join(sorted(tables)[:5])}); nothing was changed")

    def close(self) -> None:
        with self.lock:
            if not self.closed:
                self.closed = True
                self.connection.close()

    @contextmanager
    def use(self) -> Iterator[sqlite3.Connection]:
        """The connection, held exclusively (the caller checks :attr:`closed` and maps
        SQLite's errors to its own)."""
        with self.lock:
            yield self.connection

    @contextmanager
    def transaction(self) -> Iterator[sqlite3.Connection]:
        """``BEGIN IMMEDIATE`` .. ``COMMIT`` under the lock, rolled back on any failure,
        the commit's own included."""
        with self.use() as db:
            db.execute("BEGIN IMMEDIATE")
            try:
                yield db
                db.execute("COMMIT")
            except BaseException:
                if db.in_transaction:
                    with suppress(sqlite3.Error):  # the rollback's own failure
                        db.execute("ROLLBACK")
                raise


def _prepare_file(path: Path) -> None:
    """Refuse a path that is not (or cannot become) our database; create it 0600 if absent.

    Nothing is changed on a path that is refused, and an existing file keeps its mode."""
    for candidate in (path, *(path.with_name(path.name + s) for s in ("-wal", "-shm",
                                                                       "-journal"))):
        if candidate.is_symlink():  # SQLite would follow it and write wherever it points
            raise StoreError(f"refusing the session store {path}: {candidate.name} is a "
                             f"symbolic link")
    if path.exists():
        # Never open() the file here: closing any descriptor on it drops the SQLite locks
        # this process's other connections hold. SQLite reads the header (_check_tables).
        info = path.stat()
        if not stat.S_ISREG(info.st_mode):
            raise StoreError(f"refusing the session store {path}: it is not a regular file")
        if info.st_size == 0 and info.st_mode & 0o077:
            raise StoreError(f"refusing the session store {path}: it is an empty file that "
                             f"others may read (mode {stat.S_IMODE(info.st_mode):o}); remove "
                             f"it or `chmod 600` it first")
        return
    if path.parent.exists() and not path.parent.is_dir():
        raise StoreError(f"cannot open the session store {path}: {path.parent} is not a folder")
    make_private_folder(path.parent)
    try:
        fd = os.open(path, os.O_CREAT | os.O_EXCL | os.O_WRONLY | os.O_NOFOLLOW, 0o600)
    except FileExistsError:  # another process created it a moment ago: check it as theirs
        return _prepare_file(path)
    try:
        os.fchmod(fd, 0o600)
    finally:
        os.close(fd)


__all__ = ["SCHEMA", "SCHEMA_COLUMNS", "Database", "StoreError"]
