"""The ``edge-agent`` command line (Typer): the root app, ``chat`` and ``tui``.

``edge-agent chat``: you type as the debtor, the on-device agent answers, and a one-line
trace shows the sensor's reading, the policy's mode, the persona and the offer. ``tui`` is
the same negotiation full-screen. Both start from :func:`edge_agent.cli.options.open_agent`;
``sessions`` and ``learned`` are sub-apps of their own modules, and installed packages add
more through the ``edge_agent.cli`` entry-point group (:func:`load_plugins`).
"""

from __future__ import annotations

import os
import sys
from importlib.metadata import entry_points
from typing import Annotated

import typer
from rich.console import Console
from rich.markup import escape

from edge_agent import __version__
from edge_agent.agent import InvalidMessage, Reply, ReplyWithdrawn, TokenCallbackError
from edge_agent.cli.errors import fail, user_errors
from edge_agent.cli.learned import learned_app
from edge_agent.cli.options import (
    AgentOptions,
    BackendOpt,
    BalanceOpt,
    CradOpt,
    DbOpt,
    MaxDaysOpt,
    ModelOpt,
    PolicyOpt,
    ResumeOpt,
    SaveOpt,
    ScenarioOpt,
    SeedOpt,
    SensorOpt,
    TargetOpt,
    check_model,
    open_agent,
)
from edge_agent.cli.sessions import sessions_app
from edge_agent.llm.errors import LlmError
from edge_agent.state.session import ACTIVE_STATUSES
from edge_agent.state.store import StoreError
from edge_agent.state.trace import TraceView

app = typer.Typer(
    name="edge-agent",
    help="On-device credit negotiation: an EQ reasoning loop around a local language model.",
    no_args_is_help=True,
    add_completion=False,
)


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
    given = AgentOptions(scenario, crad, target, max_days, balance, policy, seed, backend,
                         sensor, resume, db, save, model)
    try:
        opened = open_agent(given)
        agent = opened.negotiator()
    except user_errors() as exc:
        raise fail(exc) from None
    store = opened.store
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
        shown = _Sentences(console)
        try:
            reply = agent.open(on_sentence=shown)
        except ReplyWithdrawn as exc:  # as without early display: the turn's own error
            shown.withdraw()
            raise exc.__cause__ or exc from None
        except TokenCallbackError as exc:
            reply = exc.reply
        shown.done(reply)
    if agent.session_id:
        assert store is not None  # a session id exists only where a store does
        console.print(f"[dim]session {agent.session_id} is saved in {store.path}; "
                      f"continue it with: edge-agent chat --resume {agent.session_id}[/dim]")
    while reply.status in ACTIVE_STATUSES:
        try:
            text = typer.prompt("you", prompt_suffix="> ", default="", show_default=False)
        except (typer.Abort, EOFError):
            console.print("\n[dim]input ended; dialogue left open[/dim]")
            return
        if _input_is_piped():
            console.print(escape(text))
        if text.strip().lower() in ("quit", "exit", ":q"):
            console.print("[dim]bye; dialogue left open[/dim]")
            return
        shown = _Sentences(console)
        try:
            try:
                reply = agent.respond(text, on_sentence=shown)
            except ReplyWithdrawn as exc:  # part of the reply was printed: take it back,
                shown.withdraw()  # then the turn's own error, as without early display
                raise exc.__cause__ or exc from None
            except TokenCallbackError as exc:  # the terminal failed; the turn was committed
                reply = exc.reply
        except InvalidMessage as exc:
            console.print(f"[yellow]{escape(str(exc))}[/yellow]")
            continue
        except (StoreError, LlmError) as exc:  # e.g. a full disk: the turn was not taken
            if agent.session_id:
                exc = f"{exc} (the session is intact: edge-agent chat --resume {agent.session_id})"
            raise fail(exc) from None
        shown.done(reply)
    console.print(f"[bold]dialogue {reply.status}[/bold]"
                  + (f": {reply.agreed_days} days" if reply.agreed_days else ""))


def _input_is_piped() -> bool:
    """True when stdin is a pipe or a file: a terminal echoes what the user types and a pipe
    does not, so without an echo the transcript read ``you> creditor> ...``. Click's test
    runner has no file descriptor and echoes by itself."""
    try:
        return not os.isatty(sys.stdin.fileno())
    except (OSError, ValueError):
        return False


class _Sentences:
    """Prints the creditor's reply sentence by sentence as the negotiator shows it
    (``on_sentence``), then the trace line; a turn that fails after printing part of its
    reply is marked as not sent."""

    def __init__(self, console: Console) -> None:
        self.console = console
        self.text = ""

    def __call__(self, piece: str) -> None:
        if not self.text:
            self.console.print("[bold cyan]creditor>[/bold cyan] ", end="")
        self.text += piece
        self.console.print(escape(piece), end="")
        self.console.file.flush()

    def withdraw(self) -> None:
        if self.text:
            self.console.print("\n[bold red]  (not sent: the turn failed; ignore the "
                               "message above)[/bold red]")

    def done(self, reply: Reply) -> None:
        if self.text != reply.text:  # nothing or not all of it was printed as it came
            if self.text:
                self.console.print("\n[dim]  (the reply in full:)[/dim]")
            _show(self.console, reply)
            return
        self.console.print()
        self.console.print(f"[dim]  {escape(trace_line(reply))}[/dim]")


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
    given = AgentOptions(scenario, crad, target, max_days, balance, policy, seed, backend,
                         sensor, resume, db, save, model)
    try:
        opened = open_agent(given)
        # A resume without --backend keeps the backend the session was held on (it silently
        # went on with the template); the app gets it by name, as if it had been given.
        backend = opened.backend or (opened.saved_backend() if opened.resume else "template")
        store_path = opened.release_store()  # the app opens its own, in its worker thread
        check_model(backend)
    except user_errors() as exc:
        raise fail(exc) from None
    from edge_agent.tui.app import EdgeAgentApp  # Textual loads only for this command
    from edge_agent.tui.session import SessionSettings

    settings = SessionSettings(opened.scenario, opened.policy, backend, opened.seed,
                               opened.sensor, opened.label, opened.crad, store=store_path,
                               resume_id=opened.resume)
    tui_app = EdgeAgentApp(settings)
    tui_app.run()
    if tui_app.return_code:  # the app ended on an error: a script must not read success
        raise typer.Exit(tui_app.return_code)


app.add_typer(sessions_app, name="sessions")
app.add_typer(learned_app, name="learned")

PLUGIN_GROUP = "edge_agent.cli"
"""Entry-point group through which higher layers (``sims``) add sub-commands, so that
``edge_agent`` never imports them."""


def load_plugins(target: typer.Typer = app) -> list[str]:
    """Add every installed ``edge_agent.cli`` entry point as a sub-command group."""
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
