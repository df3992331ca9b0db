"""The store checks a path before touching it; saved and exported files are owner-only."""

from __future__ import annotations

import os
import sqlite3
import stat

import pytest

from edge_agent.state.files import default_data_dir, read_limited, write_private
from edge_agent.state.store import SessionStore, StoreError


def _mode(path) -> int:
    return stat.S_IMODE(os.lstat(path).st_mode)


def test_a_directory_is_refused_and_its_mode_kept(tmp_path):
    folder = tmp_path / "db"
    folder.mkdir(mode=0o755)
    os.chmod(folder, 0o755)
    with pytest.raises(StoreError, match="not a regular file"):
        SessionStore(folder)
    assert _mode(folder) == 0o755


def test_a_symlink_is_refused_and_its_target_untouched(tmp_path):
    target = tmp_path / "notes.txt"
    target.write_text("my notes")
    os.chmod(target, 0o644)
    link = tmp_path / "sessions.db"
    link.symlink_to(target)
    with pytest.raises(StoreError, match="symbolic link"):
        SessionStore(link)
    assert _mode(target) == 0o644 and target.read_text() == "my notes"
    dangling = tmp_path / "dangling.db"
    dangling.symlink_to(tmp_path / "nowhere.db")
    with pytest.raises(StoreError, match="symbolic link"):
        SessionStore(dangling)
    assert not (tmp_path / "nowhere.db").exists()


def test_a_symlinked_wal_file_is_refused(tmp_path):
    victim = tmp_path / "victim.txt"
    victim.write_text("keep")
    (tmp_path / "sessions.db-wal").symlink_to(victim)
    with pytest.raises(StoreError, match=r"sessions\.db-wal is a symbolic link"):
        SessionStore(tmp_path / "sessions.db")
    assert victim.read_text() == "keep" and not (tmp_path / "sessions.db").exists()


def test_an_unrelated_file_is_refused_unchanged(tmp_path):
    other = tmp_path / "thesis.docx"
    other.write_bytes(b"PK\x03\x04 not a database")
    os.chmod(other, 0o664)
    with pytest.raises(StoreError, match="not a SQLite database"):
        SessionStore(other)
    assert _mode(other) == 0o664 and other.read_bytes() == b"PK\x03\x04 not a database"


def test_another_applications_database_is_refused_unchanged(tmp_path):
    other = tmp_path / "contacts.db"
    db = sqlite3.connect(other)
    db.execute("CREATE TABLE people (name TEXT)")
    db.commit()
    db.close()
    before = other.read_bytes()
    with pytest.raises(StoreError, match="another application"):
        SessionStore(other)
    assert other.read_bytes() == before


def test_only_what_the_store_creates_is_chmodded(tmp_path):
    existing = tmp_path / "shared.db"
    SessionStore(existing).close()  # a store made earlier (e.g. by another user's umask)
    os.chmod(existing, 0o640)
    SessionStore(existing).close()
    assert _mode(existing) == 0o640
    created = tmp_path / "new" / "sessions.db"
    SessionStore(created).close()
    assert _mode(created) == 0o600 and _mode(created.parent) == 0o700


def test_saved_and_exported_files_are_private_and_never_follow_a_link(tmp_path):
    out = write_private(tmp_path / "sub" / "session.json", "{}")
    assert _mode(out) == 0o600 and _mode(out.parent) == 0o700
    os.chmod(out, 0o644)
    write_private(out, "{\"again\": 1}")  # replaced by a new private file
    assert _mode(out) == 0o600 and out.read_text() == "{\"again\": 1}"
    victim = tmp_path / "victim"
    victim.write_text("keep")
    link = tmp_path / "link.json"
    link.symlink_to(victim)
    with pytest.raises(OSError, match="symbolic link"):
        write_private(link, "secret")
    with pytest.raises(OSError, match="folder"):
        write_private(tmp_path, "secret")
    assert victim.read_text() == "keep"
    assert sorted(p.name for p in tmp_path.iterdir()) == ["link.json", "sub", "victim"]


def test_an_oversized_saved_file_is_refused_before_reading(tmp_path):
    big = tmp_path / "big.json"
    with big.open("wb") as fh:
        fh.truncate(5_000_000)
    with pytest.raises(OSError, match="at most"):
        read_limited(big)


def test_the_tui_saves_outside_the_working_directory(tmp_path, monkeypatch):
    from edge_agent.tui.app import EdgeAgentApp
    from edge_agent.tui.session import SessionSettings
    from tests.conftest import NORTHWIND

    work = tmp_path / "project"
    work.mkdir()
    monkeypatch.chdir(work)
    monkeypatch.setenv("EDGE_AGENT_DB", str(tmp_path / "data" / "sessions.db"))
    app = EdgeAgentApp(SessionSettings(NORTHWIND, "eq", "template", 0, "lexicon", "custom"))
    assert app.workdir == default_data_dir() == tmp_path / "data"


def test_another_applications_sessions_and_turns_tables_are_left_exactly_as_they_were(tmp_path):
    """Tables merely named like ours: refused before any PRAGMA writes to the file (it used
    to be switched to WAL first, and refused only by the first write)."""
    other = tmp_path / "tracker.db"
    db = sqlite3.connect(other)
    db.execute("CREATE TABLE sessions (id TEXT)")
    db.execute("CREATE TABLE turns (n INTEGER)")
    db.commit()
    db.close()
    before = other.read_bytes()
    with pytest.raises(StoreError, match="another application"):
        SessionStore(other)
    assert other.read_bytes() == before
    assert sqlite3.connect(other).execute("PRAGMA journal_mode").fetchone()[0] == "delete"
    assert sorted(p.name for p in tmp_path.iterdir()) == ["tracker.db"]


def test_an_empty_file_others_may_read_is_not_adopted(tmp_path):
    empty = tmp_path / "sessions.db"
    empty.touch()
    os.chmod(empty, 0o644)
    with pytest.raises(StoreError, match="chmod 600"):
        SessionStore(empty)
    assert _mode(empty) == 0o644 and empty.stat().st_size == 0
    os.chmod(empty, 0o600)  # the owner's own empty file is fine
    SessionStore(empty).close()


def test_a_tilde_in_edge_agent_db_is_the_home_folder(tmp_path, monkeypatch):
    monkeypatch.setenv("HOME", str(tmp_path / "home"))
    monkeypatch.setenv("EDGE_AGENT_DB", "~/s.db")
    monkeypatch.chdir(tmp_path)
    store = SessionStore()
    store.close()
    assert store.path == tmp_path / "home" / "s.db" and store.path.is_file()
    assert not (tmp_path / "~").exists()


@pytest.mark.skipif(not hasattr(os, "mkfifo"), reason="needs FIFOs")
def test_an_export_never_replaces_a_fifo_or_a_device(tmp_path):
    fifo = tmp_path / "pipe"
    os.mkfifo(fifo)
    with pytest.raises(OSError, match="not a regular file"):
        write_private(fifo, "private transcript\n")
    assert stat.S_ISFIFO(os.lstat(fifo).st_mode)
    with pytest.raises(OSError, match="not a regular file"):
        write_private("/dev/null", "private transcript\n")  # never via mkstemp + replace
    assert stat.S_ISCHR(os.stat("/dev/null").st_mode)


def test_every_folder_the_store_or_an_export_creates_is_private(tmp_path):
    old = os.umask(0)
    try:
        SessionStore(tmp_path / "a" / "b" / "s.db").close()
        write_private(tmp_path / "x" / "y" / "out.md", "text\n")
    finally:
        os.umask(old)
    for folder in ("a", "a/b", "x", "x/y"):
        assert _mode(tmp_path / folder) == 0o700, folder
    assert _mode(tmp_path / "a" / "b" / "s.db") == 0o600


def test_reading_a_saved_file_refuses_a_fifo_instead_of_blocking(tmp_path):
    """Loading a session from a named pipe would block forever on read."""
    import os

    from edge_agent.state.files import read_limited

    fifo = tmp_path / "session.json"
    os.mkfifo(fifo)
    with pytest.raises(OSError, match="not a regular file"):
        read_limited(fifo)
