"""Files that hold a dialogue: written owner-only (0600), never through a link, atomically.

Saved sessions and exported transcripts are private financial conversations, like the
session database; they get the same mode. A target that is a folder or a symbolic link is
refused (writing through a link would put the conversation wherever the link points), and
the text goes to a temporary file beside the target that replaces it in one step, so a full
disk leaves the old file intact instead of a truncated one.

Where those files live by default (the database's folder) and how a private folder is made
are here too: the database layer (:mod:`edge_agent.state.database`) and the exports both
need them, and neither should have to import the other for them.
"""

from __future__ import annotations

import os
import stat
import tempfile
from pathlib import Path

from edge_agent.state.validate import MAX_DOCUMENT_BYTES


def default_db_path() -> Path:
    """The session database: ``$EDGE_AGENT_DB``, else
    ``$XDG_DATA_HOME/edge-agent/sessions.db`` (``~/.local/share`` when unset)."""
    env = os.environ.get("EDGE_AGENT_DB")
    if env:
        return Path(env).expanduser()
    base = Path(os.environ.get("XDG_DATA_HOME") or Path.home() / ".local" / "share")
    return base / "edge-agent" / "sessions.db"


def make_private_folder(folder: Path) -> None:
    """Create ``folder`` and every missing parent 0700 (``mkdir(parents=True, mode=...)``
    gives the mode to the last one only: the others followed the umask, 0777 under
    ``umask 000``). Existing folders keep their mode."""
    missing = []
    while not folder.exists() and not folder.is_symlink():
        missing.append(folder)
        folder = folder.parent
    for created in reversed(missing):
        try:
            created.mkdir(mode=0o700)
        except FileExistsError:  # another process made it a moment ago
            continue
        os.chmod(created, 0o700)  # whatever the umask


def default_data_dir() -> Path:
    """Where the TUI saves and exports by default: the session database's folder (outside
    the working directory, owner-only)."""
    return default_db_path().parent


def write_private(path: str | os.PathLike[str], text: str) -> Path:
    """Write ``text`` to ``path`` with mode 0600; ``OSError`` (with a reason) on refusal."""
    target = Path(path).expanduser()
    if target.is_symlink():
        raise OSError(f"{target} is a symbolic link; refusing to write through it")
    if target.is_dir():
        raise OSError(f"{target} is a folder; give a file name")
    if target.exists() and not stat.S_ISREG(target.lstat().st_mode):
        # A FIFO, a device (/dev/null) or a socket: replacing it would break whatever uses it.
        raise OSError(f"{target} is not a regular file; refusing to replace it")
    folder = target.parent
    if not folder.exists():
        make_private_folder(folder)
    fd, tmp = tempfile.mkstemp(prefix=f".{target.name}.", dir=folder)  # created 0600
    try:
        with os.fdopen(fd, "w", encoding="utf-8") as fh:
            fh.write(text)
            fh.flush()
            os.fsync(fh.fileno())
        os.replace(tmp, target)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise
    return target


def read_limited(path: str | os.PathLike[str], limit: int = MAX_DOCUMENT_BYTES) -> str:
    """A saved session's text, refusing a file over ``limit`` bytes before reading it."""
    file = Path(path).expanduser()
    info = file.stat()
    if not stat.S_ISREG(info.st_mode):  # a FIFO or a device would block or never end
        raise OSError(f"{file} is not a regular file")
    size = info.st_size
    if size > limit:
        raise OSError(f"{file} is {size:,} bytes; this file may be at most {limit:,}")
    return file.read_text(encoding="utf-8")
