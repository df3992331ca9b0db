"""The edge-agent TUI: chat as the debtor, watch the agent's emotional reasoning live.

Every call into the negotiator runs in a thread worker (model loading and generation can take
seconds); streamed tokens and results come back to the UI thread through ``call_from_thread``.
The worker threads never touch widgets, and the UI thread never reads an agent a worker is
using: results arrive as :class:`~edge_agent.tui.session.TurnView` snapshots. Each session has
an id, so output of a superseded session's worker is dropped.
"""

from __future__ import annotations

import codecs
import contextlib
import functools
from collections.abc import Callable
from dataclasses import replace
from pathlib import Path
from typing import Any, ClassVar

from textual import events, work
from textual.app import App, ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Horizontal, Vertical, VerticalScroll
from textual.reactive import reactive
from textual.widgets import Footer, Header, Input, Static

from edge_agent.agent import (
    MAX_MESSAGE_CHARS,
    InvalidMessage,
    Negotiator,
    Reply,
    ReplyWithdrawn,
    SessionClosed,
    TokenCallbackError,
)
from edge_agent.state.files import default_data_dir, read_limited, write_private
from edge_agent.state.session import ACTIVE_STATUSES
from edge_agent.state.store import SessionStore, StoreError
from edge_agent.state.trace import TraceView
from edge_agent.tui import export
from edge_agent.tui.chat import ChatLog, ChatMessage
from edge_agent.tui.panels import PANELS, ModelPanel, Panel
from edge_agent.tui.screens.files import ExportScreen, PathScreen
from edge_agent.tui.screens.help import HelpScreen
from edge_agent.tui.screens.scenario import ScenarioScreen
from edge_agent.tui.screens.spectator import PersonaScreen
from edge_agent.tui.session import (
    SessionSettings,
    TurnView,
    build_negotiator,
    resume_negotiator,
    settings_of,
    turn_view,
)
from edge_agent.tui.spectator import (
    SimDebtor,
    SimTurn,
    SpectatorUnavailable,
    list_personas,
    make_debtor,
)

SESSION_FILE = "edge-agent-session.json"
EXPORT_BASE = "edge-agent-transcript"
WIDE = 140
"""From this terminal width the side panels are laid out in two columns."""


class MessageBox(Input):
    """The debtor's message box. A paste that would make the message longer than the agent
    accepts is refused whole and reported with its own length: the box used to cut a
    5,000-character paste at its 4,000 maximum, and the agent then reported "4000 characters",
    a figure the user never pasted."""

    def _on_paste(self, event: events.Paste) -> None:
        total = len(self.value) + len(event.text)
        if total > MAX_MESSAGE_CHARS:
            event.stop()
            event.prevent_default()
            pasted = f"{len(event.text):,}"
            self.app.notify(f"The paste is {pasted} characters; a message can be at most "
                            f"{MAX_MESSAGE_CHARS:,}. Nothing was pasted.",
                            title="Paste refused", severity="warning", markup=False)
        # Otherwise Textual goes on to Input's own handler (it dispatches along the MRO).


def tolerate_invalid_input() -> None:
    """Decode the terminal's input with U+FFFD for invalid UTF-8 instead of raising.

    Textual's Linux driver decodes stdin strictly in its input thread: pasting bytes that are
    not UTF-8 raised ``UnicodeDecodeError`` there, which ended the app (and the process exited
    0). The driver looks its decoder factory up in its module when the thread starts, so the
    factory is replaced there with one whose decoders replace what they cannot decode.
    """
    try:
        from textual.drivers import linux_driver
    except ImportError:  # Windows: another driver
        return

    def replacing(encoding: str) -> Callable[..., codecs.IncrementalDecoder]:
        return functools.partial(codecs.getincrementaldecoder(encoding), errors="replace")

    linux_driver.getincrementaldecoder = replacing  # type: ignore[attr-defined]


class EdgeAgentApp(App[None]):
    """Negotiate with the on-device agent; the side panels show each turn's reasoning."""

    TITLE = "edge-agent"
    CSS_PATH = Path(__file__).with_name("app.tcss")
    ENABLE_COMMAND_PALETTE = False
    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("f1", "help", "Help"),
        Binding("ctrl+n", "new_session", "New"),
        Binding("ctrl+s", "save", "Save"),
        Binding("ctrl+o", "load", "Load"),
        Binding("ctrl+r", "export", "Export"),
        Binding("ctrl+t", "spectate", "Watch"),
        Binding("space", "pause", "Pause"),
        Binding("n", "step", "Step"),
        Binding("ctrl+b", "toggle_panels", "Panels"),
        Binding("f12", "snapshot", "Screenshot", show=False),
    ]

    busy: reactive[bool] = reactive(False)

    def __init__(self, settings: SessionSettings, *, show_timings: bool = True,
                 spectator_delay: float = 1.5, workdir: Path | None = None) -> None:
        super().__init__()
        self.settings = settings
        self.show_timings = show_timings
        self.spectator_delay = spectator_delay
        self.workdir = workdir or default_data_dir()  # never the working directory
        self.agent: Negotiator | None = None
        self.view: TurnView | None = None
        self.session_id = 0
        self.debtor: SimDebtor | None = None
        self.paused = False
        self.debtor_left = False
        self._last_reply: Reply | None = None
        self._streaming: ChatMessage | None = None
        self._pending_debtor: ChatMessage | None = None

    # -- layout --------------------------------------------------------------------------------
    def compose(self) -> ComposeResult:
        yield Header()
        with Horizontal(id="main"):
            with Vertical(id="chat-pane"):
                yield ChatLog(id="chat")
                yield Static("", id="status")
                yield MessageBox(placeholder="Type as the debtor, Enter to send", id="message",
                                 max_length=4000)
            with VerticalScroll(id="side"):
                for panel in PANELS:
                    if panel is ModelPanel:
                        yield ModelPanel(show_timings=self.show_timings, classes="panel")
                    else:
                        yield panel(classes="panel")
        yield Footer()

    def run(self, *args: Any, **kwargs: Any) -> None:  # type: ignore[override]
        tolerate_invalid_input()
        return super().run(*args, **kwargs)

    def on_mount(self) -> None:
        if self.settings.resume_id:
            self.resume_stored(self.settings.resume_id)
        else:
            self.start_session(self.settings)

    def resume_stored(self, session_id: str) -> None:
        """Continue a session from the session database (``--resume ID``)."""
        self.settings = replace(self.settings, resume_id=None)
        try:
            store = SessionStore(self.settings.store)
            text = store.load(session_id).to_json()
        except StoreError as exc:
            self.tell(str(exc), "Resume", "error")
            self.start_session(self.settings)
            return
        self.session_id += 1
        self.busy = True
        self.set_status("Loading the session…")
        self._load_worker(text, self.settings.backend, f"session {session_id}",
                          self.session_id, (store, session_id))

    @property
    def chat(self) -> ChatLog:
        return self.query_one("#chat", ChatLog)

    @property
    def spectating(self) -> bool:
        return self.debtor is not None

    def set_status(self, text: str) -> None:
        self.query_one("#status", Static).update(text)

    def on_resize(self) -> None:
        """Side panels in two columns when the terminal is wide enough."""
        self.query_one("#side").set_class(self.size.width >= WIDE, "wide")

    def watch_busy(self, busy: bool) -> None:
        box = self.query_one("#message", Input)
        # After the end the box stays enabled: a disabled box swallowed what was typed with no
        # word; now Enter says the dialogue has ended and keeps the text.
        box.placeholder = ("Spectator: Space pauses or resumes, N steps" if self.spectating
                           else "The dialogue has ended: Ctrl+N starts a new session"
                           if self._dialogue_over() else "Type as the debtor, Enter to send")
        box.disabled = busy or self.spectating
        if not box.disabled:
            box.focus()

    def _dialogue_over(self) -> bool:
        return self.view is not None and self.view.status not in ACTIVE_STATUSES

    def tell(self, message: str, title: str = "", severity: str = "information",
             timeout: float | None = None) -> None:
        """A notification whose text is shown as it is (no markup: error texts carry [])."""
        self.notify(message, title=title, severity=severity,  # type: ignore[arg-type]
                    timeout=timeout, markup=False)

    def _ui(self, callback: Callable[..., Any], *args: Any) -> None:
        """Run ``callback`` on the UI thread (from a worker); dropped if the app has gone."""
        with contextlib.suppress(RuntimeError):
            self.call_from_thread(callback, *args)

    def show_panels(self, view: TurnView | None) -> None:
        self.view = view
        for panel in self.query(Panel):
            panel.show(view)

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        if action in ("pause", "step"):
            return self.spectating
        return True

    def _main_screen_idle(self) -> bool:
        if len(self.screen_stack) > 1:
            return False
        if self.busy:
            self.notify("The agent is still speaking; wait for the reply.", severity="warning")
            return False
        return True

    # -- sessions ------------------------------------------------------------------------------
    def start_session(self, settings: SessionSettings, debtor: SimDebtor | None = None) -> None:
        """Build a new agent for ``settings`` (in a worker) and let it open."""
        self.settings = settings
        self.debtor, self.paused, self.debtor_left = debtor, False, False
        self.session_id += 1
        self.agent, self._last_reply = None, None
        self.sub_title = settings.summary()
        self.chat.clear()
        self.show_panels(None)
        self.busy = True
        loading = "Loading the model…" if settings.backend != "template" else "Opening…"
        self.set_status(loading)
        self._streaming = self.chat.add("creditor", "", "creditor")
        self._open_worker(settings, self.session_id)

    @work(thread=True, exit_on_error=False, group="agent")
    def _open_worker(self, settings: SessionSettings, sid: int) -> None:
        try:
            agent, warning = build_negotiator(settings, self._resetter(sid))
        except Exception as exc:
            self._ui(self._failed, sid, f"Cannot start the session: {exc}")
            return
        if warning:
            self._ui(self.tell, warning, "Model", "error", 12)
        self._run_turn(sid, agent, lambda shown: agent.open(on_sentence=shown))

    def _run_turn(self, sid: int, agent: Negotiator,
                  call: Callable[[Callable[[str], None]], Reply]) -> None:
        """In a worker: run one agent call, showing each sentence of the reply as soon as the
        negotiator says it is safe (``on_sentence``), then hand the result to the UI."""
        def on_sentence(piece: str) -> None:
            self._ui(self._stream, sid, piece)

        try:
            reply = call(on_sentence)
        except TokenCallbackError as exc:  # the screen failed, the turn was committed
            reply = exc.reply
        except ReplyWithdrawn as exc:  # the turn failed after part of it was shown
            self._ui(self._withdrawn, sid, exc.shown)
            self._ui(self._failed, sid, f"The agent could not reply: {exc}")
            return
        except InvalidMessage as exc:
            self._ui(self._refused, sid, str(exc))
            return
        except SessionClosed as exc:
            self._ui(self._failed, sid, str(exc), "warning")
            return
        except Exception as exc:  # a model error mid-turn: tell, never crash
            self._ui(self._failed, sid, f"The agent could not reply: {exc}")
            return
        self._ui(self._replied, sid, agent, reply, turn_view(agent, reply))

    def _resetter(self, sid: int) -> Callable[[], None]:
        """Kept for realisers that still call it; the negotiator shows only guarded text, so a
        rejected draft is never on screen to clear."""
        return lambda: self._ui(self._reset_stream, sid)

    def _reset_stream(self, sid: int) -> None:
        if sid == self.session_id and self._streaming is not None:
            self._streaming.set_text("")
            self.set_status("The draft was rejected; the agent is rephrasing…")

    def _withdrawn(self, sid: int, shown: str) -> None:
        """The turn failed after ``shown`` was on screen: it stays visible, struck through and
        marked as not sent, so the screen never claims a message the dialogue does not hold."""
        if sid != self.session_id or self._streaming is None:
            return
        self._streaming.withdraw(shown or self._streaming.text)
        self._streaming = None

    def _stream(self, sid: int, piece: str) -> None:
        if sid != self.session_id or self._streaming is None:
            return
        if not self._streaming.text:  # only sentences that passed their checks arrive here
            self.set_status("The agent is speaking…")
        self._streaming.append(piece)
        self.chat.follow()

    def _replied(self, sid: int, agent: Negotiator, reply: Reply, view: TurnView) -> None:
        if sid != self.session_id:
            return
        self.agent, self._last_reply = agent, reply
        message = self._streaming or self.chat.add("creditor")
        message.set_text(reply.text)
        offer = f" · offer {reply.offer_days} days" if reply.offer_days is not None else ""
        message.border_title = f"creditor · {reply.emotion}{offer}"
        trace = TraceView.of(view.trace)
        path = trace.path
        if trace.replaced:
            message.add_class("replaced")
            message.border_subtitle = "guard replaced the draft"
            # What was shown early stays the start of the reply (the fallback keeps it).
            self.notify("The guard replaced the model's draft with a safe message.",
                        title="Guard", severity="warning")
        elif path == "fallback":
            message.add_class("replaced")
            message.border_subtitle = "drafts rejected: template"
        elif path == "llm_retry":
            message.border_subtitle = "retried after a rejected draft"
        self._streaming = self._pending_debtor = None
        self.show_panels(view)
        self._after_turn(view)

    def _after_turn(self, view: TurnView) -> None:
        if view.status not in ACTIVE_STATUSES:
            outcome = {"agreed": f"Agreed at {view.agreed_days} days.",
                       "disputed": "The debt is disputed: collection is paused until it is "
                                   "validated."}.get(view.status,
                                                     "The dialogue ended without agreement.")
            self.chat.add("system", f"{outcome} Ctrl+N starts a new session.", "end")
            self.set_status(outcome)
        elif self.spectating:
            self.set_status(self._spectator_status())
            if not self.paused:
                self.set_timer(self.spectator_delay, self._auto_step)
        elif view.status == "awaiting_confirmation":
            self.set_status("Awaiting confirmation: the agent restated the terms; only a clear "
                            "yes agrees.")
        else:
            self.set_status("Your turn: type what the debtor says.")
        self.busy = False

    def _refused(self, sid: int, why: str) -> None:
        """The negotiator refused the message (empty, too long): nothing changed."""
        if sid != self.session_id:
            return
        for message in (self._streaming, self._pending_debtor):
            if message is not None:
                message.remove()
        if self._pending_debtor is not None and not self.spectating:
            self.query_one("#message", Input).value = self._pending_debtor.text
        self._streaming = self._pending_debtor = None
        self.tell(why, "Message not sent", "warning")
        self.set_status("Your turn: type what the debtor says.")
        self.busy = False

    def _failed(self, sid: int, why: str, severity: str = "error") -> None:
        if sid != self.session_id:
            return
        if self._streaming is not None and not self._streaming.text:
            self._streaming.remove()
        self._streaming = None
        self.tell(why, "Error" if severity == "error" else "Notice", severity, 12)
        self.paused = True
        self.set_status("Something went wrong; Ctrl+N starts a new session.")
        self.busy = False

    # -- chatting ------------------------------------------------------------------------------
    def on_input_submitted(self, event: Input.Submitted) -> None:
        if event.input.id != "message":
            return
        text = event.value
        if not text.strip():
            return
        if self.busy or self.agent is None:
            self.notify("The agent is still speaking; wait for the reply.", severity="warning")
            return
        if self._dialogue_over():
            self.notify("This dialogue has ended; Ctrl+N starts a new one.", severity="warning")
            return
        event.input.value = ""
        self._send(text)

    def _send(self, text: str) -> None:
        agent = self.agent
        assert agent is not None
        self.busy = True
        self.set_status("The agent is thinking…")
        self._pending_debtor = self.chat.add("debtor", text, "debtor")
        self._streaming = self.chat.add("creditor", "", "creditor")
        self._respond_worker(agent, text, self.session_id)

    @work(thread=True, exit_on_error=False, group="agent")
    def _respond_worker(self, agent: Negotiator, text: str, sid: int) -> None:
        self._run_turn(sid, agent, lambda shown: agent.respond(text, on_sentence=shown))

    # -- actions -------------------------------------------------------------------------------
    def action_help(self) -> None:
        if not isinstance(self.screen, HelpScreen):
            self.push_screen(HelpScreen())

    def action_toggle_panels(self) -> None:
        side = self.query_one("#side")
        side.display = not side.display

    def action_snapshot(self) -> None:
        self.workdir.mkdir(parents=True, exist_ok=True, mode=0o700)
        path = self.save_screenshot(path=str(self.workdir))
        self.tell(f"Screenshot saved to {path}", "Screenshot")

    def action_new_session(self) -> None:
        if not self._main_screen_idle():
            return

        def chosen(settings: SessionSettings | None) -> None:
            if settings is not None:
                self.start_session(settings)

        self.push_screen(ScenarioScreen(self.settings), chosen)

    def action_save(self) -> None:
        if not self._main_screen_idle():
            return
        if self.agent is None:
            self.notify("No session to save yet.", severity="warning")
            return
        self.push_screen(PathScreen("Save the session to", str(self.workdir / SESSION_FILE),
                                    "Save"), self.save_session)

    def save_session(self, path: str | None) -> None:
        if path is None or self.agent is None:
            return
        try:
            target = write_private(path, self.agent.to_json())
        except OSError as exc:
            self.tell(f"Could not save: {exc}", "Save", "error")
            return
        self.tell(f"Saved to {target}", "Save")

    def action_load(self) -> None:
        if not self._main_screen_idle():
            return
        self.push_screen(PathScreen("Load a saved session from",
                                    str(self.workdir / SESSION_FILE), "Load"), self.load_session)

    def load_session(self, path: str | None) -> None:
        if path is None:
            return
        try:
            text = read_limited(path)
        except (OSError, UnicodeDecodeError) as exc:
            self.tell(f"Could not read {path}: {exc}", "Load", "error")
            return
        self.session_id += 1
        self.debtor = None
        self.busy = True
        self.set_status("Loading the session…")
        self._load_worker(text, self.settings.backend, path, self.session_id)

    @work(thread=True, exit_on_error=False, group="agent")
    def _load_worker(self, text: str, backend: str, path: str, sid: int,
                     stored: tuple[SessionStore, str] | None = None) -> None:
        try:
            agent, warning = resume_negotiator(text, backend, on_reset=self._resetter(sid),
                                               stored=stored)
        except Exception as exc:
            self._ui(self._failed, sid, f"Cannot load {path}: {exc}")
            return
        if warning:
            self._ui(self.tell, warning, "Model", "error", 12)
        history = [(t.debtor_text, t.reply, t.decision.persona, t.decision.offer_days)
                   for t in agent.session.turns]
        self._ui(self._loaded, sid, agent, history, turn_view(agent), path)

    def _loaded(self, sid: int, agent: Negotiator, history: list[tuple[Any, ...]],
                view: TurnView, path: str) -> None:
        if sid != self.session_id:
            return
        self.agent, self._streaming, self._last_reply = agent, None, None
        self.settings = settings_of(agent, agent.backend, label=Path(path).stem,
                                    store=self.settings.store)
        self.sub_title = self.settings.summary()
        self.chat.clear()
        for debtor_text, reply, persona, offer in history:
            if debtor_text is not None:
                self.chat.add("debtor", debtor_text, "debtor")
            days = f" · offer {offer} days" if offer is not None else ""
            self.chat.add("creditor", reply, f"creditor · {persona}{days}")
        self.show_panels(view)
        self.tell(f"Loaded {path} ({len(history)} creditor messages)", "Load")
        self._after_turn(view)

    def action_export(self) -> None:
        if not self._main_screen_idle():
            return
        if self.agent is None:
            self.notify("No session to export yet.", severity="warning")
            return
        self.push_screen(ExportScreen(str(self.workdir / EXPORT_BASE)), self.export_transcript)

    def export_transcript(self, choice: tuple[str, tuple[str, ...]] | None) -> None:
        if choice is None or self.agent is None:
            return
        base, formats = choice
        writers = {"md": export.to_markdown, "json": export.to_json}
        written = []
        try:
            for ext in formats:
                target = write_private(f"{base}.{ext}", writers[ext](self.agent))
                written.append(str(target))
        except OSError as exc:
            self.tell(f"Could not export: {exc}", "Export", "error")
            return
        self.tell("Wrote " + ", ".join(written), "Export")

    # -- spectator -----------------------------------------------------------------------------
    def action_spectate(self) -> None:
        if not self._main_screen_idle():
            return
        try:
            personas = list_personas()
        except SpectatorUnavailable as exc:
            self.tell(str(exc), "Spectator", "warning", 10)
            return
        self.push_screen(PersonaScreen(personas), self.start_spectator)

    def start_spectator(self, persona: str | None) -> None:
        """Start a new session in which a simulated ``persona`` debtor plays the debtor."""
        if persona is None:
            return
        try:
            debtor = make_debtor(persona, self.settings.scenario, self.settings.seed)
        except (SpectatorUnavailable, ValueError) as exc:
            self.tell(str(exc), "Spectator", "error")
            return
        self.start_session(self.settings, debtor=debtor)

    def _spectator_status(self) -> str:
        assert self.debtor is not None
        if self.debtor_left:
            return f"Watching {self.debtor.persona} · the debtor left"
        state = "paused · N steps" if self.paused else "Space pauses"
        return f"Watching {self.debtor.persona} · {state}"

    def action_pause(self) -> None:
        if not self.spectating:
            return
        self.paused = not self.paused
        if not self.busy:
            self.set_status(self._spectator_status())
            if not self.paused and not self._dialogue_over():
                self.action_step()

    def _auto_step(self) -> None:
        if self.spectating and not self.paused:
            self.action_step()

    def action_step(self) -> None:
        """Spectator: the simulated debtor speaks and the agent answers."""
        if not self.spectating or self.busy or self.agent is None or self._last_reply is None:
            return
        if self._dialogue_over():
            self.notify("The dialogue has ended; Ctrl+T watches another.", severity="warning")
            return
        if self.debtor_left:
            self.tell("The simulated debtor has left; Ctrl+T watches another.",
                      "Spectator", "warning")
            return
        debtor = self.debtor
        assert debtor is not None
        self.busy = True
        self.set_status(f"Spectator · the {debtor.persona} debtor is typing…")
        view = self.view
        time = view.messages_used / view.max_messages if view else 0.0
        self._spectator_worker(self.agent, debtor, self._last_reply, time, self.session_id)

    @work(thread=True, exit_on_error=False, group="agent")
    def _spectator_worker(self, agent: Negotiator, debtor: SimDebtor, last: Reply,
                          time: float, sid: int) -> None:
        try:
            turn = debtor.respond(last, time)
        except Exception as exc:
            self._ui(self._failed, sid, f"The simulated debtor failed: {exc}")
            return
        self._ui(self._debtor_said, sid, turn)
        self._run_turn(sid, agent, lambda shown: agent.respond(turn.text, on_sentence=shown))

    def _debtor_said(self, sid: int, turn: SimTurn) -> None:
        if sid != self.session_id:
            return
        assert self.debtor is not None
        title = f"debtor · {self.debtor.persona}" + (f" · {turn.emotion}" if turn.emotion else "")
        self._pending_debtor = self.chat.add("debtor", turn.text, title)
        if turn.leave:
            self.debtor_left, self.paused = True, True
            self.chat.add("system", "The simulated debtor broke off the negotiation.", "end")
        self._streaming = self.chat.add("creditor", "", "creditor")
        self.set_status("Spectator · the agent is thinking…")
