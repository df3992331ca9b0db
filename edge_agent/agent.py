"""The negotiator: the facade over one dialogue (open, respond, save, resume, conclude).

Each debtor message runs the turn of :mod:`edge_agent.turn`, ``read -> sense -> track ->
decide -> realise -> verify``, and is then committed (session, tracker, store):

- the reader (:mod:`edge_agent.read`) turns text into a typed reading: a structured move (a
  proposal, a graded yes, a refusal, a dispute...) saying when it is unsure, the
  vulnerabilities disclosed, the negotiation cues, what a reply should acknowledge;
- the sensor reads its emotion; the tracker filters the debtor's latent emotional state;
- the strategy (persona policy + concession + acceptance) decides persona, tactic and offer
  (:mod:`edge_agent.decide` builds what it sees);
- the realiser phrases the decision; the guard checks the text against the decision and the
  compliance rules, and :mod:`edge_agent.verify.resolve` decides what is sent when a text
  fails (retry, then the template realiser's text, else the turn fails).

Agreement is decided on the structured offers, never by reading our own text back, and only
after the debtor's explicit yes to terms restated for confirmation (status
``awaiting_confirmation`` in between).
"""

from __future__ import annotations

import re
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import asdict, dataclass, field, replace
from typing import Any

from edge_agent import decide
from edge_agent.errors import (
    ConcurrentTurn,
    InvalidMessage,
    NegotiationError,
    ReplyWithdrawn,
    SentenceCallbackError,
    SessionClosed,
    TokenCallbackError,
)
from edge_agent.read.turn_reading import ReadingMemory
from edge_agent.realise import Realiser, TemplateRealiser
from edge_agent.realise.base import Drafter, TokenCallback
from edge_agent.realise.options import check_backend_options
from edge_agent.sense import SENSOR_NAMES, EmotionSensor, make_sensor
from edge_agent.state import validate as session_checks
from edge_agent.state.session import (
    ACTIVE_STATUSES,
    NegotiatorConfig,
    Session,
    SessionFormatError,
    TurnRecord,
)
from edge_agent.state.store import SessionStore
from edge_agent.state.trace import SUPPORT_TACTICS
from edge_agent.text.sentences import split_sentences
from edge_agent.text.visible import UNPRINTABLE, without_characters
from edge_agent.track.trackers import TRACKERS, Tracker, make_tracker, tracker_from_dict
from edge_agent.turn import (
    Pipeline,
    TurnContext,
    context_planner,
    new_context,
    record_of,
    run_stages,
)
from edge_agent.verify.guard import ComplianceGuard
from edge_core import Action, Scenario
from policies import AcceptanceStrategy, ConcessionCurve, CreditorStrategy, PayoffMatrix
from policies.persona import EQPolicy
from policies.registry import make_persona_policy

__all__ = ["SUPPORT_TACTICS", "ConcurrentTurn", "InvalidMessage", "NegotiationError",
           "Negotiator", "Reply", "ReplyWithdrawn", "SentenceCallbackError", "SessionClosed",
           "TokenCallbackError", "make_realiser", "shown_pieces"]

_OUTCOMES = {Action.ACCEPT: "agreed", Action.CLOSE_FAILED: "limit", Action.CLOSE_STOP: "stop"}
MAX_MESSAGE_CHARS = session_checks.MAX_MESSAGE_CHARS
"""Longest debtor message accepted; longer input is refused with a clear error (and a saved
turn holding a longer one is refused on resume)."""


@dataclass(frozen=True)
class Reply:
    """The creditor's message and its structured meaning."""

    text: str
    emotion: str
    offer_days: int | None
    status: str
    agreed_days: int | None
    trace: dict[str, Any] = field(default_factory=dict)

    def to_dict(self) -> dict[str, Any]:
        return asdict(self)


def make_realiser(backend: str, **options: Any) -> Realiser | Drafter:
    """``template``, ``llama`` (the embedded default GGUF) or a path to any ``.gguf`` file.

    A model backend is the plan's voice (:mod:`edge_agent.realise.voice`, issue 20): the model
    chooses among the plan's reviewed wordings for the persona-bearing sentences, each judged
    on its own (:class:`edge_agent.verify.faithful.SentenceJudge`) before it may be shown;
    answers, duty texts and terms are the plan's. ``max_sentences``, ``grammar_retry`` and
    ``on_reset`` belong to the free-drafting realiser (``realise.llama``) and are accepted and
    ignored here."""
    options = check_backend_options(backend, options)  # before any model file is read
    if backend == "template":  # plans a context without one (a realiser driven directly)
        return TemplateRealiser(context_planner())
    from edge_agent.realise.voice import make_voice_realiser
    from edge_agent.verify.faithful import SentenceJudge

    for drafting_only in ("max_sentences", "grammar_retry", "on_reset"):
        options.pop(drafting_only, None)
    return make_voice_realiser(backend, judge=SentenceJudge(), **options)


class Negotiator:
    """A creditor negotiating one debt on the device.

    ``policy`` names the persona policy (one of :data:`policies.registry.POLICY_NAMES`);
    ``backend`` the realiser; ``sensor`` a sensor name (one of
    :data:`edge_agent.sense.registry.SENSOR_NAMES`) or instance (``default`` = the ONNX
    classifier when installed); ``tracker`` ``hmm`` or ``reading``, or a tracker instance to
    share what it learns across dialogues. A learning policy (a key of
    :data:`edge_agent.state.learned_store.STATE_TYPES`) starts from ``learned`` (a state
    from an earlier dialogue's :attr:`learned`), else from what ``learning`` (an
    :class:`edge_agent.state.learned_store.LearnedStore`) holds for ``profile``, and learns
    once when the dialogue ends (:meth:`conclude`). A resumed session starts its policy from
    the priors (its carried state is not part of the saved session).

    The protocol, when it declares one: ``tolerance`` is its agreement zone in days (0 = none;
    the CRAD simulations pass 5), ``deadline_messages`` its message deadline (replacing the
    agent's own ``max_messages`` budget) and ``last_mover`` who sends its final message
    (``creditor``, the default, or ``debtor`` as in NegMAS's SAO when we open).
    """

    def __init__(
        self,
        scenario: Scenario,
        policy: str = "eq",
        backend: str = "template",
        seed: int = 0,
        *,
        sensor: str | EmotionSensor = "default",
        tracker: Tracker | str = "hmm",
        max_messages: int = 30,
        concession: ConcessionCurve | None = None,
        tolerance: int = 0,
        deadline_messages: int | None = None,
        last_mover: str = "creditor",
        payoff: PayoffMatrix | None = None,
        realiser: Realiser | Drafter | None = None,
        guard: ComplianceGuard | None = None,
        backend_options: dict[str, Any] | None = None,
        store: SessionStore | None = None,
        eq_k: int = 4,
        eq_n: int = 5,
        learned: Any = None,
        learning: Any = None,
        profile: str = "default",
    ) -> None:
        if not isinstance(scenario, Scenario):
            raise TypeError(f"scenario must be a Scenario, got {type(scenario).__name__}")
        if scenario.language != "en":
            # The template realiser, which is also every backend's fallback, speaks English
            # only, and the guard refuses a reply not in the scenario's language: such a
            # dialogue could not even open.
            raise ValueError(f"scenario language {scenario.language!r} is not supported: the "
                             f"agent speaks English only (language='en')")
        curve = concession or ConcessionCurve()
        sensor_name = sensor if isinstance(sensor, str) else sensor.name
        tracker_name = tracker if isinstance(tracker, str) else tracker.name
        config = NegotiatorConfig(
            policy=policy, seed=int(seed), sensor=sensor_name, tracker=tracker_name,
            max_messages=max_messages, concession_exponent=curve.exponent,
            concession_adaptive=curve.adaptive, tolerance=tolerance, eq_k=eq_k, eq_n=eq_n,
            concession_distress_gain=curve.distress_gain,
            concession_hostility_brake=curve.hostility_brake, concession_name=curve.name,
            payoff=None if payoff is None else payoff.values, backend=str(backend),
            deadline_messages=deadline_messages, last_mover=last_mover,
        )  # fmt: skip
        self._setup(Session(scenario, config), backend, sensor, tracker, curve, payoff,
                    realiser, guard, backend_options)
        self.store = store
        self.session_id: str | None = None
        self._init_learning(learned, learning, profile)

    def _init_learning(self, learned: Any, learning: Any, profile: str) -> None:
        """Carry a learning policy's state in: ``learned`` (a state object) wins, else the
        state ``learning`` (an :class:`edge_agent.state.learned_store.LearnedStore`) holds for this
        policy and ``profile``, else the policy's priors. The dialogue updates it once, when
        it ends (:meth:`conclude`)."""
        self.learning, self.profile, self._concluded = learning, profile, False
        persona = self.strategy.persona
        if not hasattr(persona, "with_state"):
            if learned is not None:
                raise ValueError(f"policy {self.session.config.policy!r} learns nothing; "
                                 "it takes no learned state")
            return
        if learned is None and learning is not None:
            learned = learning.load(persona.name, profile)
        if learned is not None:
            if getattr(learned, "kind", None) != persona.name:
                raise ValueError(f"a {getattr(learned, 'kind', type(learned).__name__)!r} "
                                 f"state cannot drive policy {persona.name!r}")
            expected = type(persona.state)
            if not isinstance(learned, expected):
                raise TypeError(f"learned= for policy {persona.name!r} must be a "
                                f"{expected.__name__}, got {type(learned).__name__}")
            learned.validate()  # LearnedStateError (a ValueError) for a hand-built bad state
            self.strategy = replace(self.strategy, persona=persona.with_state(learned))

    @property
    def learned(self) -> Any:
        """The learning policy's current state (None for a policy that learns nothing)."""
        return getattr(self.strategy.persona, "state", None)

    def conclude(self, outcome: str | None = None) -> Any:
        """Learn from this dialogue once it is over; returns the new learned state.

        ``outcome``: ``agreed``, ``breakoff`` (the debtor walked away), ``limit``, ``stop`` or
        ``failed``; by default it is read from the session. Called automatically when the
        dialogue closes; call it yourself when the debtor breaks off while it is still open.
        A second call changes nothing. With a learned-state store, the new state is saved.
        """
        persona = self.strategy.persona
        if self._concluded or not hasattr(persona, "learn"):
            return self.learned
        if outcome is None:
            outcome = "agreed" if self.status == "agreed" else "failed"
        last = self.session.turns[-1].decision.persona if self.session.turns else None
        view = decide.view_of(self.session, None, {})
        state = persona.learn(view, outcome, last)
        self.strategy = replace(self.strategy, persona=persona.with_state(state))
        self._concluded = True
        if self.learning is not None:
            self.learning.save(state, self.profile)
        return state

    def _setup(
        self,
        session: Session,
        backend: str,
        sensor: str | EmotionSensor,
        tracker: Tracker | str,
        curve: ConcessionCurve,
        payoff: PayoffMatrix | None,
        realiser: Realiser | Drafter | None,
        guard: ComplianceGuard | None,
        backend_options: dict[str, Any] | None,
    ) -> None:
        cfg = session.config
        persona = make_persona_policy(cfg.policy, payoff)
        if isinstance(persona, EQPolicy):
            persona = EQPolicy(persona.payoff, k=cfg.eq_k, n=cfg.eq_n)
        if getattr(persona, "emotion_blind", False):
            curve = replace(curve, adaptive=False)  # vanilla: the base curve, nothing read
        self.session = session
        self.backend = backend
        self._turn_lock = threading.Lock()
        self.strategy = CreditorStrategy(persona, curve, AcceptanceStrategy(cfg.tolerance))
        if isinstance(sensor, str):
            if sensor == "default":
                sensor = EmotionSensor.default()
            elif sensor == "llm":  # classify with the same GGUF that speaks
                sensor = make_sensor("llm", model="llama" if backend == "template" else backend)
            else:
                sensor = make_sensor(sensor)
        self.sensor: EmotionSensor = sensor
        if isinstance(tracker, str):
            tracker = make_tracker(tracker)
        self.tracker = tracker
        # the fallback's, and the crisis reply's, speaker: the turn's plan as worded
        self.template = TemplateRealiser(context_planner())
        options = check_backend_options(backend, backend_options)
        self.realiser: Realiser | Drafter = realiser or make_realiser(backend, **options)
        self.guard = guard or ComplianceGuard()
        self._readings = ReadingMemory()  # each debtor message read once, kept in memory

    # -- public API ----------------------------------------------------------------------------
    @property
    def scenario(self) -> Scenario:
        return self.session.scenario

    @property
    def status(self) -> str:
        return self.session.status

    def open(self, on_token: TokenCallback | None = None, *,
             on_sentence: TokenCallback | None = None) -> Reply:
        """The creditor's first message: identity, the debt-collection disclosure, the target.
        ``on_token`` and ``on_sentence`` receive the reply as :meth:`respond` describes."""
        with self._exclusive():
            if self.session.turns:
                raise NegotiationError("this dialogue is already open")
            return self._turn(None, on_token, on_sentence)

    def respond(self, text: str, on_token: TokenCallback | None = None, *,
                on_sentence: TokenCallback | None = None) -> Reply:
        """Answer one debtor message.

        ``on_token`` receives only text the guard has passed: once the whole reply is
        validated (and committed), it is called with the reply's sentences in order, each
        with its leading space after the first, so ``"".join(pieces) == Reply.text``. A
        rejected draft never reaches it, and neither does anything from a failed turn.
        It is called after the turn is fully committed (session, tracker, store), so an
        exception it raises cannot half-undo the turn: it comes back as
        :class:`TokenCallbackError` (carrying the reply; do not resend the message).

        ``on_sentence`` is early display (docs/voice.md, "Streaming"): it is called during
        the turn with each sentence as soon as it passed every check that can judge it
        alone (the plan's fixed slots at once, a voiced sentence after the faithfulness
        check, the guard's sentence rules and the repetition check), then with the rest of
        the reply once the whole reply passed the guard, in order, each piece after the
        first with its leading space. When the turn succeeds, ``"".join(pieces) ==
        Reply.text``: what was shown is always the start of what is sent. When the turn
        fails after something was shown, nothing is sent or committed and the error is
        :class:`ReplyWithdrawn` (``shown`` is the text to take back; the turn's error is its
        cause); a turn that fails before anything was shown raises its own error, as
        without ``on_sentence``. An exception ``on_sentence`` raises stops early display
        for the turn, which goes on and is committed, then comes back as
        :class:`SentenceCallbackError` carrying the reply (after ``on_token`` ran).
        """
        with self._exclusive():
            if self.session.status not in ACTIVE_STATUSES:
                raise SessionClosed(
                    f"the dialogue has ended ({self.session.status}); start a new one"
                )
            if not self.session.turns:
                raise NegotiationError("call open() before respond(): the creditor speaks first")
            return self._turn(_clean(text), on_token, on_sentence)

    def _turn(self, text: str | None, on_token: TokenCallback | None,
              on_sentence: TokenCallback | None) -> Reply:
        """Run and commit one turn, then the callbacks (see :meth:`respond`)."""
        saved = self.tracker.to_dict()
        pipeline = self._pipeline()
        ctx = new_context(pipeline, text, on_sentence)
        try:
            reply = self._commit_turn(pipeline, run_stages(pipeline, ctx))
        except BaseException as exc:
            self.tracker.load_state(saved)  # a failed turn leaves no trace at all
            shown = ctx.display.text if ctx.display is not None and ctx.display.visible else ""
            if shown and isinstance(exc, Exception):
                raise ReplyWithdrawn(
                    f"the turn failed after part of its reply was shown; it was not sent "
                    f"({type(exc).__name__}: {exc})", shown) from exc
            raise
        reply = _stream(reply, on_token)
        error = ctx.display.error if ctx.display is not None else None
        if error is not None:
            raise SentenceCallbackError(
                f"on_sentence raised {type(error).__name__} during turn "
                f"{reply.trace.get('turn')}; the turn was committed and the reply is kept "
                f"(Negotiator.last_reply()); do not resend the message", reply) from error
        return reply

    @contextmanager
    def _exclusive(self) -> Iterator[None]:
        """One turn at a time: a call overlapping another on this negotiator is refused
        (``ConcurrentTurn``) instead of racing it to the same turn index."""
        if not self._turn_lock.acquire(blocking=False):
            raise ConcurrentTurn("another open()/respond() call on this negotiator is still "
                                 "running; turns are sequential: wait for its reply")
        try:
            yield
        finally:
            self._turn_lock.release()

    def _pipeline(self) -> Pipeline:
        """The parts this turn runs on (read now: a caller may swap one between turns)."""
        return Pipeline(self.session, self.sensor, self.tracker, self.strategy, self.realiser,
                        self.template, self.guard, self._readings)

    def to_json(self) -> str:
        """The whole dialogue and learned tracker state; :meth:`from_json` resumes it exactly."""
        return self.session.to_json()

    @classmethod
    def from_json(
        cls,
        text: str,
        backend: str | None = None,
        *,
        sensor: str | EmotionSensor | None = None,
        realiser: Realiser | Drafter | None = None,
        backend_options: dict[str, Any] | None = None,
        scenario: Scenario | None = None,
    ) -> Negotiator:
        """Resume a saved dialogue, validated first (``SessionFormatError`` for a malformed
        document or one whose turns break the mandate). The backend and sensor default to
        the ones it was saved with.

        The mandate is itself part of the saved state: whoever can edit the file can edit it.
        Pass the ``scenario`` you trust (e.g. from your own records) and a saved session whose
        scenario differs from it is refused."""
        return cls._from_session(Session.from_json(text), backend, sensor, realiser,
                                 backend_options, scenario)

    @classmethod
    def _from_session(
        cls,
        session: Session,
        backend: str | None,
        sensor: str | EmotionSensor | None,
        realiser: Realiser | Drafter | None,
        backend_options: dict[str, Any] | None,
        expected: Scenario | None = None,
    ) -> Negotiator:
        if expected is not None and session.scenario != expected:
            differ = sorted(k for k, v in session.scenario.to_dict().items()
                            if expected.to_dict()[k] != v)
            raise SessionFormatError(f"the saved scenario differs from the expected one "
                                     f"({', '.join(differ)})")
        cfg = _checked_config(session.config, sensor_given=sensor is not None,
                              backend_given=backend is not None or realiser is not None)
        if backend is not None and backend != cfg.backend:
            cfg = replace(cfg, backend=str(backend))
        session.config = cfg
        tracker = (tracker_from_dict(session.tracker_state) if session.tracker_state
                   else make_tracker(cfg.tracker))
        curve = ConcessionCurve(exponent=cfg.concession_exponent,
                                adaptive=cfg.concession_adaptive,
                                distress_gain=cfg.concession_distress_gain,
                                hostility_brake=cfg.concession_hostility_brake,
                                name=cfg.concession_name)
        payoff = None if cfg.payoff is None else PayoffMatrix(cfg.payoff)
        self = cls.__new__(cls)
        self._setup(session, cfg.backend, sensor or cfg.sensor, tracker, curve, payoff,
                    realiser, None, backend_options)
        self._check_replies()
        self.store, self.session_id = None, None
        self._init_learning(None, None, "default")
        return self

    def _check_replies(self) -> None:
        """Nothing unguarded is shown: every stored reply must pass the guard against its
        own decision, as it did when it was first sent."""
        s = self.session
        for t in s.turns:
            verdict = self.guard.check(t.reply, t.decision, s.scenario)
            if not verdict.ok:
                raise SessionFormatError(f"turn {t.index}: the stored reply fails the guard "
                                         f"({'; '.join(verdict.problems())})")

    @classmethod
    def resume(
        cls,
        store: SessionStore,
        session_id: str,
        backend: str | None = None,
        *,
        sensor: str | EmotionSensor | None = None,
        realiser: Realiser | Drafter | None = None,
        backend_options: dict[str, Any] | None = None,
        scenario: Scenario | None = None,
    ) -> Negotiator:
        """Continue a stored session (validated like :meth:`from_json`, ``scenario`` pins
        the trusted scenario); new turns keep being committed to ``store``."""
        agent = cls._from_session(store.load(session_id), backend, sensor, realiser,
                                  backend_options, scenario)
        agent.store, agent.session_id = store, session_id
        return agent

    def last_reply(self) -> Reply:
        """The creditor's latest message as a :class:`Reply` (e.g. after a resume)."""
        if not self.session.turns:
            raise NegotiationError("the dialogue has not been opened yet")
        s, last = self.session, self.session.turns[-1]
        return Reply(last.reply, last.decision.persona, last.decision.offer_days, s.status,
                     s.agreed_days, last.trace)

    def transcript(self) -> list[dict[str, str]]:
        """The dialogue as ``{"role", "text"}`` messages, oldest first."""
        return [{"role": m.role, "text": m.text} for m in self.session.history()]

    # -- internals -----------------------------------------------------------------------------
    def _commit_turn(self, pipeline: Pipeline, ctx: TurnContext) -> Reply:
        """Commit a turn whose stages all ran, and build its reply."""
        self._commit(record_of(pipeline, ctx))
        if ctx.reading is not None:
            self._readings.remember(ctx.index, ctx.reading)
        return self.last_reply()

    def _commit(self, record: TurnRecord) -> None:
        """Add the turn to the session, and to the store (committed) when there is one.
        The store write comes first: if it fails, the session in memory is unchanged."""
        s = self.session
        candidate = Session(s.scenario, s.config, [*s.turns, record], self.tracker.to_dict())
        if self.store is not None:
            if self.session_id is None:
                self.session_id = self.store.create(candidate)
            else:
                self.store.append(self.session_id, record, candidate)
        s.turns.append(record)
        s.tracker_state = candidate.tracker_state
        if s.status not in ACTIVE_STATUSES:
            self.conclude(_OUTCOMES.get(record.decision.action, "failed"))


def _checked_config(cfg: NegotiatorConfig, sensor_given: bool,
                    backend_given: bool = False) -> NegotiatorConfig:
    """Names in a saved config must name something this build can construct.

    A saved backend is never a file path: an edited file must not make the resume open
    whatever file it names. Only ``template``, ``llama`` and ``llama:<manifest key>`` are
    taken from the file; a caller who wants a GGUF path passes it as ``backend``."""
    if not backend_given and not _embedded_backend(cfg.backend):
        raise SessionFormatError(f"config: the saved backend {cfg.backend!r:.80} is not "
                                 f"template, llama or llama:<model>; pass backend= to resume "
                                 f"with a model file")
    try:
        make_persona_policy(cfg.policy)
    except ValueError as exc:
        raise SessionFormatError(f"config: {exc}") from None
    if cfg.tracker not in TRACKERS:
        raise SessionFormatError(f"config: unknown tracker {cfg.tracker!r}")
    if not sensor_given and cfg.sensor not in (*SENSOR_NAMES, "default"):
        raise SessionFormatError(f"config: unknown sensor {cfg.sensor!r}")
    return cfg


def _stream(reply: Reply, on_token: TokenCallback | None) -> Reply:
    """Hand a committed, guarded reply to ``on_token`` sentence by sentence (see
    :meth:`Negotiator.respond`); a callback error becomes :class:`TokenCallbackError`."""
    if on_token is None:
        return reply
    try:
        for piece in shown_pieces(reply.text):
            on_token(piece)
    except Exception as exc:
        raise TokenCallbackError(
            f"on_token raised {type(exc).__name__} after turn {reply.trace.get('turn')} was "
            f"committed; the reply is kept (Negotiator.last_reply()); do not resend the message",
            reply) from exc
    return reply


def shown_pieces(text: str) -> list[str]:
    """The pieces ``on_token`` receives for a guarded reply: its sentences, each after the
    first with its leading space, so they join back to exactly ``text``."""
    sentences = split_sentences(text)
    if " ".join(sentences) != text:  # unusual spacing: show it whole rather than alter it
        return [text]
    return [sentences[0], *(" " + p for p in sentences[1:])] if sentences else []


def _embedded_backend(name: str) -> bool:
    if name in ("template", "llama"):
        return True
    if not name.startswith("llama:"):
        return False
    from edge_agent.llm.models import candidate_keys

    return name.partition(":")[2] in candidate_keys()


MAX_FIGURE_DIGITS = 100
"""The longest figure a debtor message may hold, in digits of any script (thousands separators
aside). Longer runs are refused: no timeline, amount or reference number is that long, and
the number readers (text2num, float days) are not asked to convert what overflows them."""

_FIGURE_RUN = re.compile(r"\d(?:[\d,.'_\u00a0\u202f]*\d)?")


def _overlong_figure(text: str) -> bool:
    return any(sum(ch.isdigit() for ch in m.group(0)) > MAX_FIGURE_DIGITS
               for m in _FIGURE_RUN.finditer(text))


def _clean(text: object) -> str:
    if not isinstance(text, str):
        raise InvalidMessage(f"a debtor message must be text, got {type(text).__name__}")
    # What str.isprintable refuses (newline and tab aside) never reaches the reader or a save.
    cleaned = without_characters(text, UNPRINTABLE).strip()
    if not cleaned:
        raise InvalidMessage("the message is empty; type what the debtor says")
    if _overlong_figure(cleaned):
        raise InvalidMessage(f"the message holds a figure of more than {MAX_FIGURE_DIGITS} "
                             f"digits; no timeline or amount is that long")
    if len(cleaned) > MAX_MESSAGE_CHARS:
        raise InvalidMessage(
            f"the message is {len(cleaned)} characters; the limit is {MAX_MESSAGE_CHARS}"
        )
    return cleaned
