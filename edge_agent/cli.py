"""The ``edge-agent`` command line (Typer).

``edge-agent chat``: you type as the debtor, the on-device agent answers, and a one-line
trace shows the sensor's reading, the policy's mode, the persona and the offer.
"""

from __future__ import annotations

import sys
from collections.abc import Callable
from datetime import datetime
from pathlib import Path
from typing import Annotated

import typer
from rich.console import Console
from rich.markup import escape

from edge_agent import __version__
from edge_agent.agent import InvalidMessage, NegotiationError, Negotiator, Reply
from edge_agent.llm.errors import LlmError
from edge_agent.state.files import write_private
from edge_agent.state.learned_store import (
    LearnedStateError,
    LearnedStore,
    read_export,
    summary,
    write_export,
)
from edge_agent.state.session import ACTIVE_STATUSES
from edge_agent.state.store import SessionStore, StoreError
from edge_agent.state.trace import TraceView
from edge_core import Scenario, ScenarioError

_USER_ERRORS = (ScenarioError, ValueError, NegotiationError, OSError, StoreError, LlmError)


def user_errors() -> tuple[type[BaseException], ...]:
    """What a bad option, file or environment raises: one ``error:`` line and exit status 2.
    (The ONNX sensor's load error is included once that module is loaded: importing it just
    to name the class would load onnxruntime for every command.)"""
    onnx = sys.modules.get("edge_agent.sense.onnx")
    return (*_USER_ERRORS, onnx.ModelLoadError) if onnx else _USER_ERRORS

app = typer.Typer(
    name="edge-agent",
    help="On-device credit negotiation: an EQ reasoning loop around a local language model.",
    no_args_is_help=True,
    add_completion=False,
)

DEFAULT_BALANCE = 15700.0


def _version(value: bool) -> None:
    if value:
        typer.echo(f"edge-agent {__version__}")
        raise typer.Exit()


@app.callback()
def _root(
    version: Annotated[bool, typer.Option("--version", callback=_version, is_eager=True,
                                          help="Print the version and exit.")] = False,
) -> None:
    """On-device credit negotiation: an EQ reasoning loop around a local language model."""


def fail(exc: BaseException | str) -> typer.Exit:
    """Print one ``error:`` line on stderr; the caller raises the returned exit (status 2)."""
    Console(stderr=True, highlight=False, soft_wrap=True).print(
        f"[red]error:[/red] {escape(str(exc))}")
    return typer.Exit(2)


_RESUME_FIXED = ("scenario", "crad", "target", "max_days", "balance", "policy", "seed")
"""Options a stored session already fixed: given with --resume they are refused, never
silently ignored."""


def refuse_with_resume(**given: object) -> None:
    named = [f"--{k.replace('_', '-')}" for k, v in given.items() if v is not None]
    if named:
        raise ScenarioError(f"{', '.join(named)} cannot change a stored session; --resume "
                            f"continues it as it was saved (only --backend and --sensor "
                            f"may be changed)")


def choose_backend(backend: str | None, model: Path | None, resume: str | None,
                   save: bool) -> str | None:
    """The realiser the options name; contradictory or empty choices are refused, never
    resolved silently (``--model`` and ``--backend`` together, ``--backend ''``, and
    ``--resume`` with ``--no-save``, since a resumed session is saved turn by turn)."""
    if model is not None and backend is not None:
        raise ScenarioError("give --model or --backend, not both (--model PATH is the same as "
                            "--backend PATH)")
    if backend is not None and not backend.strip():
        raise ScenarioError("--backend is empty; give template, llama, llama:<model> or a "
                            "path to a .gguf file")
    if resume and not save:
        raise ScenarioError("--resume continues a stored session and saves every new turn "
                            "to it; it cannot be combined with --no-save")
    return str(model) if model is not None else backend


def resolve_scenario(
    scenario: int | None,
    crad: Path | None,
    target: int | None,
    max_days: int | None,
    balance: float | None,
) -> Scenario:
    """A CRAD row (1-based) or a custom scenario from the target/mandate/balance options."""
    if scenario is not None:
        rows = Scenario.load_crad(crad)
        if not 1 <= scenario <= len(rows):
            raise ScenarioError(f"--scenario must be between 1 and {len(rows)}, got {scenario}")
        chosen = rows[scenario - 1]
        if balance is not None or target is not None:
            raise ScenarioError("--scenario takes the target and balance from CRAD; "
                                "drop --target/--balance or drop --scenario")
        # --max-days applies to the chosen row only: an error names that row, not row 1
        return chosen if max_days is None else chosen.with_mandate(max_days)
    target = 12 if target is None else target
    return Scenario(
        balance=DEFAULT_BALANCE if balance is None else balance,
        creditor_target_days=target,
        max_days=5 * target if max_days is None else max_days,
    )


ScenarioOpt = Annotated[int | None, typer.Option(help="A CRAD scenario row (1-100).")]
CradOpt = Annotated[
    Path | None,
    typer.Option(help="CRAD CSV (default: ../shared/datasets/crad or $EDGE_AGENT_CRAD)."),
]
TargetOpt = Annotated[int | None, typer.Option("--target", help="Creditor target days [12].")]
MaxDaysOpt = Annotated[
    int | None, typer.Option("--max-days", help="Mandate: longest timeline allowed [5 x target].")
]
BalanceOpt = Annotated[float | None, typer.Option(help="Outstanding balance [15700].")]
PolicyOpt = Annotated[
    str | None, typer.Option(help="eq, eq-paper, eq-switch, payoff, wsls, hmm, vanilla, "
                                  "vanilla-adaptive, random or fixed:<emotion> [eq].")
]
SeedOpt = Annotated[int | None, typer.Option(help="Seed: the same seed gives the same "
                                                  "dialogue [0].")]
BackendOpt = Annotated[
    str | None, typer.Option(help="Realiser: template, llama (embedded GGUF) or a path to a "
                                  ".gguf [template; a resumed session keeps its own].")
]
SensorOpt = Annotated[str, typer.Option(help="Emotion sensor: default, onnx, lexicon or llm.")]
ModelOpt = Annotated[
    Path | None, typer.Option("--model", help="Any GGUF file: the same as --backend PATH."),
]
DbOpt = Annotated[
    Path | None,
    typer.Option("--db", help="Session database [$EDGE_AGENT_DB or "
                              "~/.local/share/edge-agent/sessions.db]."),
]
ResumeOpt = Annotated[
    str | None, typer.Option("--resume", help="Continue a stored session (see `sessions list`).")
]
SaveOpt = Annotated[
    bool, typer.Option("--save/--no-save", help="Commit every turn to the session database.")
]


def trace_line(reply: Reply) -> str:
    """One line: sensor reading, policy mode, persona and offer."""
    t = TraceView.of(reply.trace)
    parts = []
    if t.answered:
        best = t.sensor_top
        parts.append(f"sensor {best} {t.sensor_probs[best]:.2f}")
    parts.append(f"mode {t.mode or '-'}")
    parts.append(f"persona {reply.emotion}")
    parts.append(f"offer {reply.offer_days} days" if reply.offer_days else "offer -")
    if reply.status != "open":
        parts.append(f"status {reply.status}")
    if t.reading.get("unsure"):
        parts.append(f"unsure reading: {t.reading.get('reason', '')}")
    if t.restrictions:
        parts.append("restrictions " + ", ".join(t.restrictions))
    if t.replaced:
        parts.append("guard replaced the draft")
    return " | ".join(parts)


@app.command()
def chat(
    scenario: ScenarioOpt = None,
    crad: CradOpt = None,
    target: TargetOpt = None,
    max_days: MaxDaysOpt = None,
    balance: BalanceOpt = None,
    policy: PolicyOpt = None,
    seed: SeedOpt = None,
    backend: BackendOpt = None,
    sensor: SensorOpt = "default",
    resume: ResumeOpt = None,
    db: DbOpt = None,
    save: SaveOpt = True,
    model: ModelOpt = None,
) -> None:
    """Negotiate in the terminal: you are the debtor. Type 'quit' (or end input) to stop."""
    console = Console(highlight=False, soft_wrap=True)
    try:
        backend = choose_backend(backend, model, resume, save)
        store = SessionStore(db) if (save or resume) else None
        if resume:
            refuse_with_resume(scenario=scenario, crad=crad, target=target, max_days=max_days,
                               balance=balance, policy=policy, seed=seed)
            agent = Negotiator.resume(store, resume, backend,
                                      sensor=None if sensor == "default" else sensor)
        else:
            sc = resolve_scenario(scenario, crad, target, max_days, balance)
            learning = LearnedStore(store.path) if store is not None else None
            agent = Negotiator(sc, policy=policy or "eq", backend=backend or "template",
                               seed=0 if seed is None else seed, sensor=sensor, store=store,
                               learning=learning)
    except user_errors() as exc:
        raise fail(exc) from None
    sc, cfg = agent.scenario, agent.session.config
    console.print(
        f"[dim]scenario: balance ${sc.balance:,.2f}, target {sc.creditor_target_days} days, "
        f"mandate {sc.max_days} days, policy {cfg.policy}, backend {agent.backend}[/dim]"
    )
    if resume:
        for message in agent.transcript():
            console.print(f"[dim]{message['role']}> {escape(message['text'])}[/dim]")
        if agent.status not in ACTIVE_STATUSES:
            console.print(f"[bold]this dialogue has ended ({agent.status})[/bold]")
            return
        reply = agent.last_reply()
    else:
        reply = agent.open()
        _show(console, reply)
    if agent.session_id:
        console.print(f"[dim]session {agent.session_id} is saved in {store.path}; "
                      f"continue it with: edge-agent chat --resume {agent.session_id}[/dim]")
    while reply.status in ACTIVE_STATUSES:
        try:
            text = typer.prompt("you", prompt_suffix="> ", default="", show_default=False)
        except (typer.Abort, EOFError):
            console.print("\n[dim]input ended; dialogue left open[/dim]")
            return
        if text.strip().lower() in ("quit", "exit", ":q"):
            console.print("[dim]bye; dialogue left open[/dim]")
            return
        try:
            reply = agent.respond(text)
        except InvalidMessage as exc:
            console.print(f"[yellow]{escape(str(exc))}[/yellow]")
            continue
        except (StoreError, LlmError) as exc:  # e.g. a full disk: the turn was not taken
            if agent.session_id:
                exc = f"{exc} (the session is intact: edge-agent chat --resume {agent.session_id})"
            raise fail(exc) from None
        _show(console, reply)
    console.print(f"[bold]dialogue {reply.status}[/bold]"
                  + (f": {reply.agreed_days} days" if reply.agreed_days else ""))


def _show(console: Console, reply: Reply) -> None:
    console.print(f"[bold cyan]creditor>[/bold cyan] {escape(reply.text)}")
    console.print(f"[dim]  {escape(trace_line(reply))}[/dim]")


@app.command()
def tui(
    scenario: ScenarioOpt = None,
    crad: CradOpt = None,
    target: TargetOpt = None,
    max_days: MaxDaysOpt = None,
    balance: BalanceOpt = None,
    policy: PolicyOpt = None,
    seed: SeedOpt = None,
    backend: BackendOpt = None,
    sensor: SensorOpt = "default",
    resume: ResumeOpt = None,
    db: DbOpt = None,
    save: SaveOpt = True,
    model: ModelOpt = None,
) -> None:
    """Negotiate in a full-screen terminal UI and watch the agent's reasoning live."""
    try:
        backend = choose_backend(backend, model, resume, save)
        if resume:
            refuse_with_resume(scenario=scenario, target=target, max_days=max_days,
                               balance=balance, policy=policy, seed=seed)
        sc = resolve_scenario(scenario, crad, target, max_days, balance)
        store_path = None
        if save or resume:
            with SessionStore(db) as checked:  # refused here, with one error line
                store_path = checked.path
        if backend not in (None, "template"):
            from edge_agent.llm.models import resolve_model

            resolve_model(backend)  # a missing or non-GGUF file is an error here, not later
    except user_errors() as exc:
        raise fail(exc) from None
    from edge_agent.tui.app import EdgeAgentApp  # Textual loads only for this command
    from edge_agent.tui.session import SessionSettings

    label = f"CRAD {scenario}" if scenario is not None else "custom"
    settings = SessionSettings(sc, policy or "eq", backend or "template",
                               0 if seed is None else seed, sensor, label, crad,
                               store=store_path, resume_id=resume)
    EdgeAgentApp(settings).run()


sessions_app = typer.Typer(help="Stored sessions: list, show, export, delete.",
                           no_args_is_help=True)
app.add_typer(sessions_app, name="sessions")


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


learned_app = typer.Typer(
    help="What this device has learned about its debtors (eq, eq-paper): show, export, "
    "import, reset. It lives in the session database and never leaves the device.",
    no_args_is_help=True,
)
app.add_typer(learned_app, name="learned")
LearnPolicyOpt = Annotated[
    str | None, typer.Option("--policy", help="Only this learning policy (eq or eq-paper).")
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
    import json

    from edge_agent.state.learned_store import STATE_TYPES

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
    import json

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


PLUGIN_GROUP = "edge_agent.cli"
"""Entry-point group through which higher layers (``sims``) add sub-commands, so that
``edge_agent`` never imports them."""


def load_plugins(target: typer.Typer = app) -> list[str]:
    """Add every installed ``edge_agent.cli`` entry point as a sub-command group."""
    from importlib.metadata import entry_points

    loaded = []
    for ep in entry_points(group=PLUGIN_GROUP):
        try:
            sub_app = ep.load()
        except Exception as exc:  # a broken plugin must not take the whole CLI down
            Console(stderr=True).print(f"[yellow]warning: command {ep.name!r} unavailable: "
                                       f"{escape(str(exc))}[/yellow]")
            continue
        target.add_typer(sub_app, name=ep.name)
        loaded.append(ep.name)
    return loaded


load_plugins()


def main() -> None:
    app()


if __name__ == "__main__":
    main()
