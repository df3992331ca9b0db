"""The turn: one debtor message (or the opening) through the six stages, over one context.

The stages the docs name are the steps here, in this order, each a small function that reads
the slots of a :class:`TurnContext` filled before it and fills its own (the shape of
negmas-llm's PABLO-ve, whose ``respond`` is the ordered calls of its ``_run_<stage>``):

=========  ===================================================  ============================
stage      what it does                                          slot it fills
=========  ===================================================  ============================
read       the debtor's message into a typed reading, once       ``reading``, ``earlier``
sense      the emotion sensor's probabilities                    ``probs``
track      the tracker's filtered belief and predictions         ``step``
decide     the policy's view, and the policy's decision          ``view``, ``decision``
realise    who speaks, and the drafts or reply it offers         ``offer``
verify     the guard on each text, the one fallback policy       ``resolution``
=========  ===================================================  ============================

then :func:`trace_of` builds the turn's :class:`~edge_agent.state.trace.Trace` and
:func:`record_of` the turn record the negotiator commits. The opening runs the same steps
with no message: read and sense do nothing, track starts the dialogue.

Each stage is timed by one context manager (:meth:`TurnContext.timed`), under the keys saves
always had (``parse_ms sensor_ms vulnerability_ms tracker_ms policy_ms realiser_ms
guard_ms``). Validation may replace the utterance, never the decision: :mod:`edge_agent.
verify.resolve` decides what is sent, and nothing here changes ``decision`` after decide.
"""

from __future__ import annotations

import re
import time
import weakref
from collections.abc import Callable, Iterable, Iterator, Mapping
from contextlib import contextmanager
from dataclasses import dataclass, field, replace

from edge_agent import decide
from edge_agent.errors import NegotiationError
from edge_agent.plan import ToneReader, plan_reply
from edge_agent.read import read
from edge_agent.read.acknowledge import with_feeling
from edge_agent.read.heard import hear
from edge_agent.read.repeats import dialogue_cues
from edge_agent.read.turn_reading import (
    ReadingMemory,
    TurnReading,
    disclosed_so_far,
    reading_of,
)
from edge_agent.realise.base import (
    NO_CUE,
    Drafter,
    Realisation,
    Realiser,
    RealiserContext,
    sentence_key,
    split_sentences,
)
from edge_agent.realise.display import EarlyDisplay, SentenceCallback
from edge_agent.realise.planned import Planner
from edge_agent.realise.template import TemplateRealiser
from edge_agent.sense import EmotionSensor
from edge_agent.state.session import Session, TurnRecord
from edge_agent.state.trace import Answered, Spoken, Trace
from edge_agent.text.visible import visible
from edge_agent.track.trackers import Tracker, TrackerStep
from edge_agent.verify.faithful import SentenceJudge
from edge_agent.verify.guard import ComplianceGuard, GuardResult
from edge_agent.verify.resolve import (
    DraftLike,
    Offer,
    Refused,
    Resolution,
    Verdict,
    resolve,
    speaker,
)
from edge_core import Decision, NegotiationView
from edge_core.dialogue import DialogueTurn
from edge_core.emotions import EMOTIONS, top
from edge_core.reply_plan import ReplyPlan
from policies import CreditorStrategy, signals


@dataclass
class Pipeline:
    """The negotiator's parts one turn uses, taken at the start of the turn (a caller may
    swap a part between turns, e.g. ``agent.realiser = ...``)."""

    session: Session
    sensor: EmotionSensor
    tracker: Tracker
    strategy: CreditorStrategy
    realiser: Realiser | Drafter
    template: TemplateRealiser
    guard: ComplianceGuard
    memory: ReadingMemory


@dataclass
class TurnContext:
    """One turn's work: one slot per stage, filled in stage order, and the stage timings."""

    index: int
    """The creditor message this turn writes (0 = the opening)."""
    text: str | None = None
    """The debtor message answered (None for the opening)."""
    reading: TurnReading | None = None
    earlier: list[TurnReading] = field(default_factory=list)
    """The readings of the earlier debtor messages, oldest first (kept, not re-read)."""
    probs: tuple[float, ...] | None = None
    step: TrackerStep | None = None
    view: NegotiationView | None = None
    decision: Decision | None = None
    plan: ReplyPlan | None = None
    """What the reply must contain, in order (the plan stage's)."""
    speech: RealiserContext | None = None
    """What the realiser was given besides the decision."""
    offer: Offer | None = None
    resolution: Resolution | None = None
    timings: dict[str, float] = field(default_factory=dict)
    on_sentence: SentenceCallback | None = None
    """The caller's early display (``Negotiator.respond(on_sentence=...)``)."""
    display: EarlyDisplay | None = None
    """What was shown before the whole reply was judged (the realise stage's gate)."""
    start: float = field(default_factory=time.perf_counter)

    @contextmanager
    def timed(self, stage: str) -> Iterator[None]:
        """Add the time spent in the block to ``timings[stage]`` (milliseconds): a stage may
        be timed in pieces, as drafting is between the guard's checks."""
        start = time.perf_counter()
        try:
            yield
        finally:
            spent = (time.perf_counter() - start) * 1000.0
            self.timings[stage] = self.timings.get(stage, 0.0) + spent

    @property
    def sensed(self) -> str | None:
        """The sensor's top emotion for the message (None for the opening)."""
        return top(self.probs) if self.probs is not None else None

    @property
    def verdict(self) -> Verdict:
        """The guard's verdict on the text the realise stage settled on."""
        assert self.resolution is not None
        return self.resolution.verdict

    @property
    def final(self) -> str:
        """The text sent."""
        assert self.resolution is not None
        return self.resolution.text

    @property
    def path(self) -> str:
        assert self.resolution is not None
        return self.resolution.path


def run_turn(p: Pipeline, text: str | None,
             on_sentence: SentenceCallback | None = None) -> TurnContext:
    """Run the stages for the debtor message ``text`` (None: the opening). Nothing is
    committed: the caller commits :func:`record_of` (or drops the context if a stage raised,
    after restoring the tracker).

    ``on_sentence`` is shown the reply as soon as each sentence is safe
    (:mod:`edge_agent.realise.display`): during realise, the plan's slots the gate passes;
    after verify, the rest of the judged reply. Its exceptions are kept on
    ``ctx.display.error`` (the turn goes on); what it was shown is always the start of the
    text sent, or the turn raises."""
    return run_stages(p, new_context(p, text, on_sentence))


def new_context(p: Pipeline, text: str | None,
                on_sentence: SentenceCallback | None = None) -> TurnContext:
    """An empty context for the next turn (the caller keeps it to see, if a stage raises,
    what was already shown: ``ctx.display``)."""
    return TurnContext(index=len(p.session.turns), text=text, on_sentence=on_sentence)


def run_stages(p: Pipeline, ctx: TurnContext) -> TurnContext:
    """The stages of :func:`run_turn` over a context from :func:`new_context`."""
    _run_read(p, ctx)
    _run_sense(p, ctx)
    _run_track(p, ctx)
    _run_decide(p, ctx)
    _run_plan(p, ctx)
    _run_realise(p, ctx)
    _run_verify(p, ctx)
    assert ctx.display is not None
    ctx.display.finish(ctx.final)
    return ctx


def _run_read(p: Pipeline, ctx: TurnContext) -> None:
    if ctx.text is None:
        return
    s = p.session
    with ctx.timed("parse_ms"):
        move = read(ctx.text, s.standing_offer, balance=s.scenario.balance,
                    after=s.turns[-1].reply if s.turns else None)
    with ctx.timed("vulnerability_ms"):
        ctx.reading = reading_of(ctx.text, move)
        ctx.earlier = p.memory.readings(s.turns)


def _run_sense(p: Pipeline, ctx: TurnContext) -> None:
    if ctx.text is None:
        return
    with ctx.timed("sensor_ms"):
        probs = p.sensor.probs(ctx.text)
        ctx.probs = tuple(float(probs[e]) for e in EMOTIONS)


def _run_track(p: Pipeline, ctx: TurnContext) -> None:
    if ctx.probs is None:
        p.tracker.start_dialogue()
        return
    with ctx.timed("tracker_ms"):
        ctx.step = p.tracker.update(ctx.probs, p.session.turns[-1].decision.persona)


def _run_decide(p: Pipeline, ctx: TurnContext) -> None:
    s, seed = p.session, p.session.config.seed
    if ctx.reading is None or ctx.step is None or ctx.probs is None:
        ctx.view = decide.view_of(s, None, p.tracker.predictions())
        with ctx.timed("policy_ms"):
            ctx.decision = decide.opening(p.strategy, ctx.view, seed)
        return
    r = ctx.reading
    assert r.move is not None  # a message read this turn always has its move
    ctx.view = decide.answer_view(
        s, r.move, ctx.probs, ctx.step.belief, ctx.step.predicted, disclosed_now=r.disclosed,
        disclosed=disclosed_so_far(ctx.earlier, r), cues=dialogue_cues((*ctx.earlier, r)),
    )  # fmt: skip
    with ctx.timed("policy_ms"):
        ctx.decision = decide.answer(p.strategy, ctx.view, r.move, seed, ctx.index,
                                     monthly=r.monthly)


def _run_plan(p: Pipeline, ctx: TurnContext) -> None:
    """What the reply must contain, in order (:mod:`edge_agent.plan`): from the decision, the
    scenario and what the read stage heard; the voiced slots narrowed to the variants the
    sensor reads as the persona."""
    s, decision = p.session, _decided(ctx)
    with ctx.timed("plan_ms"):
        move = ctx.reading.move if ctx.reading is not None else None
        heard = hear(ctx.text or "", move, ctx.sensed, [e.text for e in ctx.earlier],
                     s.standing_offer)
        used = frozenset(sentence_key(x) for t in s.turns for x in split_sentences(t.reply))
        ctx.plan = plan_reply(decision, s.scenario, heard, used=used, seed=s.config.seed,
                              turn=ctx.index, tone=_tone(p.sensor))


_TONES: weakref.WeakKeyDictionary[EmotionSensor, ToneReader] = weakref.WeakKeyDictionary()


def _tone(sensor: EmotionSensor) -> ToneReader:
    """One tone reader per sensor (its readings of the fixed variants are cached)."""
    if sensor not in _TONES:
        _TONES[sensor] = ToneReader(sensor.probs)
    return _TONES[sensor]


def _run_realise(p: Pipeline, ctx: TurnContext) -> None:
    s, decision = p.session, _decided(ctx)
    history = s.history()
    if ctx.text is not None:
        history = (*history, DialogueTurn("debtor", ctx.text))

    def validate(draft: str) -> list[str]:
        return p.guard.check(draft, decision, s.scenario).problems()

    ack = with_feeling(ctx.reading.ack, ctx.sensed) if ctx.reading is not None else NO_CUE
    move = ctx.reading.move if ctx.reading is not None else None
    ctx.speech = RealiserContext(s.scenario, history, ctx.index, s.config.seed, validate, move,
                                 ctx.sensed, ack, ctx.plan)
    ctx.display = display_for(p, ctx)
    with ctx.timed("realiser_ms"):
        offer = offer_for(decision, p.realiser, p.template, ctx.speech, ctx.display)
    # A drafting realiser drafts lazily, as verify asks for the next draft: timed as it goes.
    ctx.offer = Offer(offer.backend, _timed_drafts(ctx, offer.drafts), offer.reply)


def display_for(p: Pipeline, ctx: TurnContext) -> EarlyDisplay:
    """The turn's early-display gate: the plan's slots in order, a voiced one judged by the
    faithfulness check and the guard's sentence rules for this decision, against every
    sentence the dialogue already sent."""
    s, decision, plan = p.session, _decided(ctx), ctx.plan
    judge = SentenceJudge(p.guard)

    def check(sentence: str) -> list[str]:  # timed as part of the realiser's call
        assert plan is not None
        return judge(sentence, plan, decision, s.scenario)

    used = frozenset(sentence_key(x) for t in s.turns for x in split_sentences(t.reply))
    return EarlyDisplay(plan, check, used, ctx.on_sentence, ctx.start)


def _run_verify(p: Pipeline, ctx: TurnContext) -> None:
    s, decision, speech = p.session, _decided(ctx), ctx.speech
    assert ctx.offer is not None and speech is not None

    def check(text: str) -> GuardResult:
        with ctx.timed("guard_ms"):
            return p.guard.check(text, decision, s.scenario)

    def template() -> str:
        with ctx.timed("realiser_ms"):
            return p.template.phrase(decision, s.scenario, seed=s.config.seed, turn=ctx.index,
                                     ctx=speech)

    try:
        ctx.resolution = resolve(ctx.offer, check, template, ctx.display)
    except Refused as exc:  # pragma: no cover - the template's texts always pass the guard
        raise NegotiationError(str(exc)) from None


def offer_for(decision: Decision, realiser: Realiser | Drafter, template: TemplateRealiser,
              speech: RealiserContext, display: EarlyDisplay | None = None) -> Offer:
    """What the realise stage offers for ``decision``: the speaker is chosen by
    :func:`edge_agent.verify.resolve.speaker` (the template for a crisis or a decision the
    realiser declines), then a drafting realiser's drafts (lazy) or a replying realiser's
    reply. A reply keeps only what may reach a terminal (no control characters; a reply
    that is not text becomes empty, and fails the guard).

    Only a replying realiser (not the template, whose whole reply takes milliseconds) is
    given ``display``, the gate that shows its sentences early; drafts are shown only after
    verify."""
    who = speaker(decision, realiser)
    if who == "template":  # a crisis reply is never generated: the fixed, reviewed text
        return Offer(template.name, reply=_kept(template.realise(decision, speech, None)))
    if who == "declined":  # the realiser's name, the template's reviewed wording
        said = template.realise(decision, speech, None)
        return Offer(realiser.name, reply=_kept(Realisation(
            said.text, realiser.name, "template", {"model": realiser.name}, [])))
    if isinstance(realiser, Drafter):
        return Offer(realiser.name, drafts=realiser.drafts(decision, speech))
    # Nothing unguarded is shown: the realiser's pieces reach the caller only through the
    # gate (an exception the realiser raises fails the turn).
    early = None if isinstance(realiser, TemplateRealiser) else display
    realised = _kept(realiser.realise(decision, speech, early))
    if early is not None:  # what the realiser did not stream is judged all the same
        early.audit(realised.text)
    return Offer(realised.backend, reply=realised)


_STATED_DAYS = re.compile(r"\b(\d{1,4})\s+days\b")


def standing_of(ctx: RealiserContext) -> int | None:
    """Our offer before this reply, for a context built without a session: the days our own
    last message stated (that figure is code-written, so reading it back is exact)."""
    ours = [t.text for t in ctx.history if t.role == "creditor"]
    found = _STATED_DAYS.findall(ours[-1]) if ours else []
    return int(found[-1]) if found else None


def context_planner(reader: Callable[[str], Mapping[str, float]] | None = None) -> Planner:
    """The plan stage for a context built outside a turn (benchmarks, tests, a realiser
    driven directly): hear the context's last debtor message through the read stage and plan
    the reply with the scenario's facts and the sentences already sent, as
    :func:`_run_plan` does; with ``reader`` (an emotion sensor's ``probs``) the voiced slots
    are narrowed to the persona. Realisers take it as their ``planner``: the realise stage
    may not import the plan stage, the pipeline may."""
    tone = ToneReader(reader) if reader is not None else None

    def planner(decision: Decision, ctx: RealiserContext) -> ReplyPlan:
        earlier = [t.text for t in ctx.history[:-1] if t.role == "debtor"]
        heard = hear(ctx.debtor_text, ctx.move, ctx.emotion, earlier, standing_of(ctx))
        return plan_reply(decision, ctx.scenario, heard, used=ctx.used_sentences(),
                          seed=ctx.seed, turn=ctx.turn, tone=tone)  # fmt: skip

    return planner


def planned(decision: Decision, speech: RealiserContext,
            planner: Planner | None = None) -> RealiserContext:  # fmt: skip
    """``speech`` with a plan: its own, else the one ``planner`` (by default
    :func:`context_planner`) makes, so every realiser words the same plan."""
    if speech.plan is not None:
        return speech
    return replace(speech, plan=(planner or context_planner())(decision, speech))


def speak(decision: Decision, realiser: Realiser | Drafter, template: TemplateRealiser,
          speech: RealiserContext, check: Callable[[str], GuardResult]) -> Resolution:
    """The realise and verify stages for one decision outside a negotiator (benchmarks,
    tests): the same speaker choice, drafts and fallback policy as a turn, judged by
    ``check`` (the guard for this decision). A context without a plan is planned first
    (:func:`planned`), as the turn's plan stage would."""
    speech = planned(decision, speech)

    def template_text() -> str:
        return template.phrase(decision, speech.scenario, seed=speech.seed, turn=speech.turn,
                               ctx=speech)

    return resolve(offer_for(decision, realiser, template, speech), check, template_text)


def trace_of(p: Pipeline, ctx: TurnContext) -> Trace:
    """The turn's trace, built once from the filled context."""
    s, d, said = p.session, _decided(ctx), ctx.resolution
    assert said is not None
    move = ctx.reading.move if ctx.reading is not None else None
    restrictions = tuple(dict.fromkeys([*s.restrictions, *(move.restrictions if move else ())]))
    answered = None
    if move is not None and ctx.reading is not None:
        assert ctx.view is not None and ctx.step is not None and ctx.probs is not None
        curve = p.strategy.concession
        answered = Answered(
            move=move, debtor_ask=ctx.view.debtor_ask, sensor=p.sensor.name, probs=ctx.probs,
            belief=ctx.step.belief, predicted_next=ctx.step.predicted[d.persona],
            signals=signals.read(ctx.view), cues=ctx.reading.cues,
            signals_used=curve.adaptive and curve.signals,
            disclosed_now=ctx.reading.disclosed, disclosed=ctx.view.vulnerabilities,
        )  # fmt: skip
    spoken = Spoken(said.backend, said.path, said.stats, said.rejected, said.verdict.to_dict(),
                    said.replaced)
    shown = ctx.display.to_dict() if ctx.display is not None else None
    return Trace(ctx.index, s.config.policy, d, restrictions, spoken, ctx.timings, answered,
                 shown)


def record_of(p: Pipeline, ctx: TurnContext) -> TurnRecord:
    """The turn as the session keeps it."""
    move = ctx.reading.move if ctx.reading is not None else None
    return TurnRecord(ctx.index, _decided(ctx), ctx.final, ctx.text, move, ctx.probs,
                      trace_of(p, ctx).to_dict())


def _decided(ctx: TurnContext) -> Decision:
    assert ctx.decision is not None, "the decide stage has not run"
    return ctx.decision


def _kept(realised: Realisation) -> Realisation:
    text = realised.text if isinstance(realised.text, str) else ""  # a broken contract
    if text == realised.text and visible(text) == text:
        return realised
    return Realisation(visible(text), realised.backend, realised.path,
                       realised.stats, realised.rejected)


def _timed_drafts(ctx: TurnContext, drafts: Iterable[DraftLike]) -> Iterator[DraftLike]:
    it = iter(drafts)
    while True:
        with ctx.timed("realiser_ms"):
            draft = next(it, None)
        if draft is None:
            return
        yield draft


__all__ = ["Pipeline", "TurnContext", "context_planner", "display_for", "new_context",
           "offer_for", "planned", "record_of", "run_stages", "run_turn", "speak", "standing_of",
           "trace_of"]
