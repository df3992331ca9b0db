"""``edge-agent learned``: show, export, import and reset what learning policies learned.

Its errors are printed by this module's own console (not :func:`edge_agent.cli.errors.fail`):
the lines are the same ``error:`` lines with exit status 2, but wrapped as they always were.
"""

from __future__ import annotations

import json
from collections.abc import Callable
from datetime import datetime
from pathlib import Path
from typing import Annotated

import typer
from rich.console import Console
from rich.markup import escape

from edge_agent.cli.options import DbOpt, spoken_list
from edge_agent.state.learned_store import (
    STATE_TYPES,
    LearnedStateError,
    LearnedStore,
    read_export,
    summary,
    write_export,
)
from edge_agent.state.store import StoreError

learned_app = typer.Typer(
    help=f"What this device has learned about its debtors ({', '.join(STATE_TYPES)}): show, "
    "export, import, reset. It lives in the session database and never leaves the device.",
    no_args_is_help=True,
)
LearnPolicyOpt = Annotated[
    str | None,
    typer.Option("--policy", help=f"Only this learning policy ({spoken_list(STATE_TYPES)})."),
]
ProfileOpt = Annotated[str | None, typer.Option("--profile", help="Only this profile.")]


def _learned(db: Path | None) -> LearnedStore:
    try:
        return LearnedStore(db)
    except (StoreError, LearnedStateError) as exc:
        Console(stderr=True).print(f"[red]error:[/red] {escape(str(exc))}")
        raise typer.Exit(2) from None


def _learned_or_exit(call: Callable[[], object]) -> object:
    try:
        return call()
    except LearnedStateError as exc:
        Console(stderr=True).print(f"[red]error:[/red] {escape(str(exc))}")
        raise typer.Exit(2) from None


def _learned_error(message: str) -> None:
    Console(stderr=True).print(f"[red]error:[/red] {escape(message)}")


@learned_app.command("show")
def learned_show(policy: LearnPolicyOpt = None, profile: ProfileOpt = None,
                 db: DbOpt = None) -> None:
    """A digest of every learned state: dialogues learned from, per-persona evidence.

    A row that cannot be read is reported (exit 2) without hiding the others."""
    store = _learned(db)
    console = Console(highlight=False, soft_wrap=True)
    rows = [i for i in _learned_or_exit(store.list)  # type: ignore[attr-defined]
            if (policy is None or i.policy == policy) and (profile is None or i.profile == profile)]
    if not rows:
        console.print("nothing learned yet")
    failed = False
    for info in rows:
        name = f"{escape(info.policy)}[/bold] profile {escape(info.profile)}"
        if info.policy not in STATE_TYPES:
            console.print(f"[bold]{name}: skipped, that policy learns nothing")
            continue
        try:
            state = store.load(info.policy, info.profile)
        except LearnedStateError as exc:
            _learned_error(str(exc))
            failed = True
            continue
        assert state is not None
        when = datetime.fromtimestamp(info.updated).strftime("%Y-%m-%d %H:%M")
        console.print(f"[bold]{name}: {info.dialogues} dialogues, updated {when}")
        console.print(escape(json.dumps(summary(state), indent=1)))
    if failed:
        raise typer.Exit(2)


@learned_app.command("export")
def learned_export(
    out: Annotated[Path | None, typer.Option(help="Write to this file (default: stdout).")] = None,
    policy: LearnPolicyOpt = None,
    profile: ProfileOpt = None,
    db: DbOpt = None,
) -> None:
    """The learned states as JSON (a local file, owner-readable only; nothing is sent)."""
    store = _learned(db)
    doc = _learned_or_exit(lambda: store.export(policy, profile))
    for row in doc.get("skipped", []):  # type: ignore[attr-defined]
        Console(stderr=True).print(f"[yellow]warning:[/yellow] skipped "
                                   f"{escape(str(row['policy']))}/{escape(str(row['profile']))}"
                                   ": that policy learns nothing")  # fmt: skip
    if out is None:
        typer.echo(json.dumps(doc, indent=1))
        return
    try:
        write_export(doc, out)  # type: ignore[arg-type]
    except OSError as exc:
        _learned_error(f"cannot write {out}: {exc}")
        raise typer.Exit(2) from None
    typer.echo(f"wrote {out}")


@learned_app.command("import")
def learned_import(
    path: Annotated[Path, typer.Argument(help="A file written by `learned export`.")],
    db: DbOpt = None,
) -> None:
    """Load learned states from an export (all validated, then written in one transaction:
    all or nothing)."""
    store = _learned(db)
    doc = _learned_or_exit(lambda: read_export(path))
    n = _learned_or_exit(lambda: store.import_(doc))
    typer.echo(f"imported {n} learned state(s)")


@learned_app.command("reset")
def learned_reset(
    policy: LearnPolicyOpt = None,
    profile: ProfileOpt = None,
    yes: Annotated[bool, typer.Option("--yes", help="Do not ask for confirmation.")] = False,
    db: DbOpt = None,
) -> None:
    """Forget what was learned (everything, or one policy's / profile's).

    On a learned-state table of a newer or damaged schema, resetting everything drops the
    learned-state tables (sessions are kept); a filtered reset is refused there."""
    what = " ".join(x for x in (policy, profile) if x) or "everything"
    try:
        store: LearnedStore | None = LearnedStore(db)
    except StoreError as exc:
        _learned_error(str(exc))
        raise typer.Exit(2) from None
    except LearnedStateError as exc:
        if policy is not None or profile is not None:
            _learned_error(f"{exc} (a damaged or newer table can only be reset whole: "
                           "`edge-agent learned reset --yes` without --policy/--profile)")
            raise typer.Exit(2) from None
        store = None
    if not yes and not typer.confirm(f"Forget learned state ({what})?", default=False):
        raise typer.Exit(1)
    if store is None:
        _learned_or_exit(lambda: LearnedStore.wipe(db))
        typer.echo("reset the learned state (its tables were unreadable and were recreated)")
        LearnedStore(db).close()
        return
    n = _learned_or_exit(lambda: store.reset(policy, profile))
    typer.echo(f"reset {n} learned state(s)")
