"""``edge-agent sessions``: list, show, export and delete the stored sessions."""

from __future__ import annotations

from collections.abc import Callable
from datetime import datetime
from pathlib import Path
from typing import Annotated

import typer
from rich.console import Console
from rich.markup import escape

from edge_agent.cli.errors import fail
from edge_agent.cli.options import DbOpt
from edge_agent.state.files import write_private
from edge_agent.state.store import SessionStore, StoreError

sessions_app = typer.Typer(help="Stored sessions: list, show, export, delete.",
                           no_args_is_help=True)


def _store(db: Path | None) -> SessionStore:
    try:
        return SessionStore(db)
    except StoreError as exc:
        raise fail(exc) from None


def _or_exit(call: Callable[[], str]) -> str:
    try:
        return call()
    except (StoreError, ValueError, OSError) as exc:
        raise fail(exc) from None


@sessions_app.command("list")
def sessions_list(db: DbOpt = None) -> None:
    """The stored sessions, most recently updated first."""
    console = Console(highlight=False, soft_wrap=True)
    rows = _store(db).list()
    if not rows:
        console.print("no stored sessions")
    for info in rows:
        s = info.scenario
        when = datetime.fromtimestamp(info.updated).strftime("%Y-%m-%d %H:%M")
        who = str(s.get("debtor_name") or "-")
        target = "damaged" if info.damaged else f"target {s.get('creditor_target_days')}d"
        console.print(f"{info.id}  {when}  {escape(str(info.status)):<6}  {info.turns:>2} "
                      f"turns  {target}  {escape(who)}")


@sessions_app.command("show")
def sessions_show(session_id: str, db: DbOpt = None) -> None:
    """A stored session's transcript."""
    store = _store(db)
    Console(highlight=False, soft_wrap=True).print(
        escape(_or_exit(lambda: store.export(session_id, "md"))))


@sessions_app.command("export")
def sessions_export(
    session_id: str,
    fmt: Annotated[str, typer.Option("--format", help="md or json.")] = "md",
    redact: Annotated[bool, typer.Option(help="Hide names, emails, phones, addresses, "
                                               "IBANs, dates and account numbers.")] = False,
    out: Annotated[Path | None, typer.Option(help="Write to this file (default: stdout).")] = None,
    db: DbOpt = None,
) -> None:
    """Export a stored session as Markdown or JSON, optionally redacted."""
    store = _store(db)
    text = _or_exit(lambda: store.export(session_id, fmt, redact))
    if out is None:
        typer.echo(text)
        return
    written = _or_exit(lambda: str(write_private(out, text + "\n")))  # 0600, like the DB
    typer.echo(f"wrote {written}")


@sessions_app.command("delete")
def sessions_delete(
    session_id: str,
    yes: Annotated[bool, typer.Option("--yes", help="Do not ask for confirmation.")] = False,
    db: DbOpt = None,
) -> None:
    """Delete a stored session and all its turns."""
    store = _store(db)
    if not yes and not typer.confirm(f"Delete session {session_id}?", default=False):
        raise typer.Exit(1)
    _or_exit(lambda: (store.delete(session_id), "")[1])
    typer.echo(f"deleted {session_id}")
