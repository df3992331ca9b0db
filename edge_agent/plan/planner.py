"""The planner: from the decision, the scenario and the reader's outputs to a :class:`ReplyPlan`.

Runs between decide and realise. It reads the debtor's message only through
:mod:`edge_agent.read` (the cue of :mod:`~edge_agent.read.acknowledge`, the questions of
:mod:`~edge_agent.read.questions`, the stance words of :mod:`~edge_agent.read.stance`), takes
every fact from the scenario and the decision, and chooses each slot's wording with a seeded
generator among the variants the dialogue has not used yet, so no sentence is sent twice on
any backend.

Order of a reply: the restriction notice (a duty, first), the opening lines (opening only),
the acknowledgement, one answer per question, the fixed body of the tactic or the terms, and
the persona's frame. The acknowledgement follows the words: an injection, a threat or
hostility first; then the reason given ("I lost my job"); then what the debtor says about
themselves ("that's really the most I can manage"); the sensor's top label only when the words
name nothing.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable, Sequence

import numpy as np

from edge_agent._support.rng import stage_rng
from edge_agent.plan import wording as W
from edge_agent.plan.instalment import instalment_figures, instalment_texts
from edge_agent.plan.tone import ToneReader
from edge_agent.text.language_notices import NOTICES, notice_text
from edge_core import Action, Decision, MoveKind, Scenario, Tactic
from edge_core.jurisdictions import jurisdiction
from edge_core.reply_plan import Allowance, Ask, Heard, Part, PlanItem, ReplyPlan

FIXED_TACTICS = (Tactic.SUPPORT, Tactic.CRISIS)
"""Safety-critical tactics: every sentence is the reviewed text, on every backend."""


def money(amount: float) -> str:
    """The one way balances are written in replies, and checked by the guard."""
    return f"${amount:,.2f}"


def sentence_key(sentence: str) -> str:
    """How sentences are compared for repetition: lower case, letters and digits only."""
    return re.sub(r"[^a-z0-9]+", " ", sentence.lower()).strip()


def split_sentences(text: str) -> list[str]:
    """A text's sentences ("$1,200.00" stays whole: a dot must end a word)."""
    pieces = re.split(r"(?<!\bMs\.)(?<!\bMr\.)(?<!\bDr\.)(?<!\bMrs\.)(?<=[.!?])\s+"
                      r"(?=[A-Z\"'(])", text.strip())
    return [p.strip() for p in pieces if p.strip()]


def fields(decision: Decision, scenario: Scenario) -> dict[str, object]:
    """The facts a text may carry, from the scenario and the decision only."""
    rules = jurisdiction(scenario.jurisdiction)
    return {
        "days": decision.stated_days,
        "balance": money(scenario.balance),
        "creditor": scenario.creditor_name,
        "debtor": scenario.debtor_name,
        "disclosure": rules.opening_disclosure,
        "advice": rules.debt_advice,
        "crisis": rules.crisis_line,
        "account": (scenario.credit_type or "account").strip() or "account",
    }


class Chooser:
    """Seeded choices among variants the dialogue has not used (sentence by sentence)."""

    def __init__(self, rng: np.random.Generator, used: Iterable[str], facts: dict) -> None:
        self.rng, self.used, self.facts = rng, set(used), facts

    def fill(self, template: str) -> str:
        """The text with its facts; a sentence that starts with a fact starts with a capital
        ("The creditor can..." for a creditor named "the creditor")."""
        text = template.format(**self.facts)
        return _SENTENCE_START.sub(lambda m: m.group(1) + m.group(2).upper(), text)

    def fresh(self, options: Sequence[str]) -> list[str]:
        """The filled variants none of whose sentences was sent yet."""
        out = []
        for o in options:
            text = self.fill(o)
            if not any(sentence_key(s) in self.used for s in split_sentences(text)):
                out.append(text)
        return out

    def pick(self, options: Sequence[str], *, required: bool = True,
             prefer: Callable[[list[str]], list[str]] | None = None) -> str | None:
        """A fresh variant; when all were used, a required text gets a "once more" form of a
        used one (never the same sentence twice), an optional one is left out. ``prefer``
        narrows the fresh variants (to those that carry the persona)."""
        pool = self.fresh(options)
        if prefer is not None and pool:
            pool = prefer(pool)
        if not pool and required:
            base = self.fill(options[int(self.rng.integers(len(options)))])
            pool = [self._once_more(base)]
        if not pool:
            return None
        text = pool[int(self.rng.integers(len(pool)))]
        self.used.update(sentence_key(s) for s in split_sentences(text))
        return text

    def _once_more(self, text: str) -> str:
        for form in W.ONCE_MORE:
            sentences = split_sentences(text)
            first = sentences[0]
            redo = form.format(sentence=first[0].lower() + first[1:])
            if ":" in first[:20]:  # "Once more, to confirm: ..." (not two colons in a row)
                redo = redo.replace(": ", ", ", 1)
            candidate = " ".join([redo, *sentences[1:]])
            if not any(sentence_key(s) in self.used for s in split_sentences(candidate)):
                return candidate
        return text  # pragma: no cover - three forms of every variant used in one dialogue

    def remember(self, text: str) -> None:
        self.used.update(sentence_key(s) for s in split_sentences(text))


_SENTENCE_START = re.compile(r"(^|[.!?]\s+)([a-z])")


def ack_key(heard: Heard) -> str | None:
    """Which acknowledgement the message needs, from its words first (see the module doc)."""
    if not heard.text:
        return None
    if heard.cue:
        return heard.cue
    if heard.reasons:
        return f"reason:{heard.reasons[0]}"
    if heard.stances:
        return f"stance:{heard.stances[0]}"
    move = heard.move
    if move is not None and move.days is not None:
        return "offer:proposal"
    if move is not None and move.kind == MoveKind.REJECT and not any(
            q.needs_answer for q in heard.questions):
        return "offer:refusal"  # "my English is not good. How much is it?" is no refusal
    if any(q.needs_answer for q in heard.questions):
        return None  # the answers acknowledge a question; a feeling label would be noise
    if heard.emotion in FEELINGS and f"feeling:{heard.emotion}" in W.ACKS:
        return f"feeling:{heard.emotion}"
    return None


FEELINGS = ("anger", "fear", "sadness", "disgust", "surprise", "joy")


def _act(decision: Decision, heard: Heard, ack: str | None, asks: Sequence[Ask]) -> str:
    """The kind of act, for exemplars and the per-act choice of voice."""
    if decision.action == Action.OPEN:
        return "open"
    if decision.action in (Action.CLOSE_STOP, Action.CLOSE_FAILED, Action.PAUSE_DISPUTE):
        return "duty"
    if decision.tactic in FIXED_TACTICS:
        return "support"
    if decision.action == Action.ACCEPT:
        return "agree"
    if decision.action == Action.CONFIRM:
        return "confirm"
    if ack == "injection":
        return "manipulation"
    if ack in ("hostile", "threat") or (ack or "").startswith("stance:frustrated"):
        return "hostile"
    if [a for a in asks if a not in (Ask.PROPOSAL, Ask.RHETORICAL)]:
        return "question"
    if ack and (ack.startswith("reason:") or ack in ("stance:stress", "stance:low",
                                                      "stance:limit")):
        return "hardship"
    if ack == "offer:refusal":
        return "refusal"
    if heard.move is not None and heard.move.days is not None:
        return "offer"
    return "plain"


def _hostile_so_far(heard: Heard) -> bool:
    """Whether any debtor message so far was hostile, a threat or an attempt to re-instruct."""
    return heard.hostile_before or bool(heard.cue)


HARDSHIP_STANCES = frozenset({"limit", "stress", "low", "frustrated"})


def _cheer_fits(decision: Decision, heard: Heard, ack: str | None) -> bool:
    """Cheerful words fit only when nothing the debtor said is a hardship or a refusal."""
    if decision.supportive or heard.hardship_before or heard.reasons:
        return False
    if set(heard.stances) & HARDSHIP_STANCES:
        return False
    if ack in ("hostile", "threat", "injection", "offer:refusal"):
        return False
    return not (ack or "").startswith("feeling:") or ack == "feeling:joy"


def _answers(decision: Decision, asks: Sequence[Ask], pick: Chooser,
             standing: int | None) -> list[PlanItem]:  # fmt: skip
    items: list[PlanItem] = []
    moving = decision.tactic == Tactic.CONCEDE or (
        standing is not None and decision.offer_days is not None
        and decision.offer_days > standing)
    if Ask.LONGEST in asks and Ask.FLEXIBILITY in asks:
        asks = [a for a in asks if a != Ask.LONGEST]  # one answer says how far we can move
    for ask in asks:
        if ask in (Ask.PROPOSAL, Ask.RHETORICAL):
            continue  # the terms answer a proposal; a rhetorical question asks for nothing
        if ask in (Ask.LONGEST, Ask.FLEXIBILITY):
            if decision.final:
                bank = W.FINAL_ANSWERS
            elif ask == Ask.FLEXIBILITY and moving:
                bank = W.MOVING_ANSWERS
            elif ask == Ask.FLEXIBILITY:
                bank = W.HOLDING_ANSWERS
            else:
                bank = W.OPEN_ANSWERS
        elif ask == Ask.OTHER:
            bank = W.OTHER_ANSWERS
        else:
            bank = W.ANSWERS[ask]
        if ask == Ask.MONTHLY and decision.tactic == Tactic.TIMELINE_ONLY:
            continue  # the timeline-only body says exactly this
        text = pick.pick(bank)
        if text:
            items.append(PlanItem(Part.ANSWER, f"answer:{ask.value}", text))
    return items


def _instalment(decision: Decision, pick: Chooser) -> list[PlanItem]:
    """How long a monthly amount the debtor offered takes, against the timeline on offer
    (:mod:`edge_agent.plan.instalment`): computed figures, worded from fixed texts."""
    figures = instalment_figures(decision)
    if figures is None:
        return []
    rate, relation = instalment_texts(decision, money(figures[0]))
    text = " ".join(t for t in (pick.pick(rate), pick.pick(relation)) if t)
    return [PlanItem(Part.ANSWER, "answer:instalment", text)]


def _terms(decision: Decision, pick: Chooser, asks: Sequence[Ask],
           situations: frozenset[str] = frozenset()) -> PlanItem | None:
    if decision.stated_days is None:
        return None
    if decision.action == Action.OPEN:
        return PlanItem(Part.TERMS, "terms:open", pick.pick(W.OPENING_OFFERS) or "")
    leads = W.LEADS.get(decision.tactic, W.LEADS[Tactic.HOLD])
    if "concession" in situations:  # the offer moved: no lead may say it did not
        leads = tuple(lead for lead in leads if lead not in W.UNCHANGED_LEADS)
    if decision.final:
        leads = W.FINAL_LEADS if Ask.LONGEST in asks else (*leads, *W.FINAL_LEADS)
    combos = [f"{lead} {core}" for lead in leads for core in W.TERMS]
    return PlanItem(Part.TERMS, f"terms:{decision.tactic.value}", pick.pick(combos) or "")


def _frames(decision: Decision, situations: frozenset[str]) -> tuple[str, ...]:
    """The persona's frames that fit what was said (:data:`~edge_agent.plan.wording.FIT`)."""
    return W.fitting(W.FRAMES.get(decision.persona, W.FRAMES["neutral"]), situations)


HARDSHIP_ACKS = frozenset({"stance:stress", "stance:low", "stance:limit", "feeling:sadness",
                           "feeling:fear"})


def situations(decision: Decision, heard: Heard, ack: str | None,
               asks: Sequence[Ask]) -> frozenset[str]:  # fmt: skip
    """The situations of this reply that rule sentences out (``wording.FIT``): what the
    debtor disclosed so far, what this message does, what the decision does."""
    found: set[str] = set()
    if decision.action == Action.OPEN:
        found.add("opening")
    hardship = (decision.supportive or heard.hardship_before or bool(heard.reasons)
                or bool(set(heard.stances) & HARDSHIP_STANCES) or ack in HARDSHIP_ACKS
                or (ack or "").startswith("reason:"))
    found.add("hardship" if hardship else "no_hardship")
    if ack == "offer:refusal" or (heard.move is not None and heard.move.kind == MoveKind.REJECT):
        found.add("refusal")
    if _hostile_so_far(heard) or ack in ("hostile", "threat", "injection", "stance:frustrated",
                                         "feeling:anger"):
        found.add("hostility")
    if [a for a in asks if a != Ask.RHETORICAL]:
        found.add("question")
    if heard.move is not None and heard.move.days is not None:
        found.add("proposal")
    if decision.restrictions:
        found.add("restriction")
    if decision.tactic == Tactic.CONCEDE or (
            heard.standing is not None and decision.offer_days is not None
            and decision.offer_days > heard.standing):
        found.add("concession")
    if decision.action in (Action.ACCEPT, Action.CONFIRM):
        found.add("agreement")
    if decision.action == Action.ACCEPT:
        found.add("agreed")
    if ack in ("feeling:disgust", "feeling:surprise"):
        found.add("unhappy")
    return frozenset(found)


def plan_reply(
    decision: Decision,
    scenario: Scenario,
    heard: Heard | None = None,
    *,
    used: Iterable[str] = (),
    seed: int = 0,
    turn: int = 0,
    tone: ToneReader | None = None,
) -> ReplyPlan:
    """The plan of one reply. ``used`` holds the sentence keys already sent in the dialogue
    (:func:`sentence_key`); ``seed`` and ``turn`` seed the choice of wording; ``tone``, when
    given, narrows the voiced slots to the variants that carry the persona."""
    heard = heard or Heard()
    facts = fields(decision, scenario)
    pick = Chooser(stage_rng(seed, turn, "plan"), used, facts)
    found = heard.questions
    asks = tuple(dict.fromkeys(a for q in found for a in q.asks))
    carry = None
    if tone is not None and decision.instructed:
        def carry(pool: list[str]) -> list[str]:
            return tone.carrying(pool, decision.persona)
    ack = ack_key(heard)
    if decision.restrictions and ack is not None and ack.startswith("feeling:"):
        ack = None  # the restriction notice acknowledges the message; a label adds nothing
    act = _act(decision, heard, ack, asks)
    where = situations(decision, heard, ack, asks)
    allowance = Allowance(cheer=_cheer_fits(decision, heard, ack),
                          more_time=decision.tactic == Tactic.CONCEDE or (
                              heard.standing is not None and decision.offer_days is not None
                              and decision.offer_days > heard.standing))
    items: list[PlanItem] = []
    if decision.restrictions:  # acknowledged once, in the reply that first reads them
        named = dict.fromkeys(W.RESTRICTION_NOTICE.get(r, W.RESTRICTION_DEFAULT)
                              for r in decision.restrictions)
        notice = "Noted: " + " and ".join(named) + "."
        pick.remember(notice)
        items.append(PlanItem(Part.DUTY_FIRST, "duty:restriction", notice))
    duty = {Action.CLOSE_STOP: "stop", Action.PAUSE_DISPUTE: "dispute",
            Action.CLOSE_FAILED: "close_failed"}.get(decision.action)
    if decision.tactic == Tactic.CRISIS:
        duty = "crisis"
    elif duty == "dispute" and heard.move is not None and "partial_payment" in heard.move.flags:
        duty = "dispute_partial"  # a claimed partial payment disputes the amount (issue 23)
    if duty is not None:
        items.append(PlanItem(Part.BODY, f"duty:{duty}", pick.pick(W.DUTIES[duty]) or ""))
        return ReplyPlan(act, decision.persona, decision.instructed, tuple(items), allowance,
                         (), (), heard.text)
    flags = heard.move.flags if heard.move is not None else ()
    notice = _language_notice(flags, scenario, pick)
    if notice is not None:
        items.append(notice)
    if "lawyer" in flags and decision.action in (Action.COUNTER, Action.CONFIRM):
        # "my lawyer says...": the one question, last, so a yes answers it (issue 23.3)
        items.append(PlanItem(Part.BODY, "duty:represented",
                              pick.pick(W.DUTIES["represented"]) or ""))
        return ReplyPlan("duty", decision.persona, decision.instructed, tuple(items),
                         allowance, (), (), heard.text)
    if "not_represented" in flags and ack is not None and ack.startswith("feeling:"):
        ack = None  # a "no" to our question is no feeling to acknowledge
    if notice is not None:
        ack = None  # the turn is fixed text only: no model words beside another language
        asks = tuple(a for a in asks if a != Ask.OTHER)  # "¿Podemos hablar en español?"
        found = tuple(q for q in found if Ask.OTHER not in q.asks)
    if decision.action == Action.OPEN:
        opening = pick.fill(W.OPENING)
        pick.remember(opening)
        items.append(PlanItem(Part.OPENING, "duty:opening", opening))
    elif ack is not None and decision.tactic not in FIXED_TACTICS and not (
            ack == "offer:proposal" and decision.action == Action.CONFIRM):
        for key in (ack, *W.ACK_FALLBACKS.get(ack, ())):
            bank = W.fitting(W.ACKS[key], where)
            text = pick.pick(bank, required=False, prefer=carry) if bank else None
            if text:
                options = tuple(pick.fill(o) for o in bank)
                options = tuple(carry(list(options))) if carry else options
                items.append(PlanItem(Part.ACK, key, text, voiced=True, options=options))
                break
    items.extend(_instalment(decision, pick))
    items.extend(_answers(decision, asks, pick, heard.standing))
    unanswered = tuple(q.text for q in found if Ask.OTHER in q.asks)
    if decision.tactic in W.BODIES:
        items.append(PlanItem(Part.BODY, f"body:{decision.tactic.value}",
                              pick.pick(W.BODIES[decision.tactic]) or ""))
    else:
        terms = _terms(decision, pick, asks, where)
        if terms is not None:
            items.append(terms)
    if (decision.reason.get("deal") or {}).get("closing"):  # the debtor is leaving
        text = pick.pick(W.COME_BACK, required=False)
        if text:
            items.append(PlanItem(Part.BODY, "body:come_back", text))
    wants_frame = decision.instructed and decision.tactic not in FIXED_TACTICS and (
        decision.action in (Action.OPEN, Action.COUNTER)) and notice is None
    if wants_frame:
        # The persona opens a reply that would otherwise start with its terms, else it closes
        # it; a frame that introduces (or hands back) only goes where that reads right.
        opens = decision.action != Action.OPEN and bool(items) and items[0].part == Part.TERMS
        at = 0 if opens else len(items)
        wrong_place = W.CLOSERS_ONLY if opens else W.OPENERS_ONLY
        frames = tuple(f for f in _frames(decision, where) if f not in wrong_place)
        if decision.action == Action.OPEN:
            frames = frames or W.OPENING_FRAMES
        text = pick.pick(frames, required=False, prefer=carry)
        if text:
            options = tuple(pick.fill(f) for f in frames)
            options = tuple(carry(list(options))) if carry else options
            items.insert(at, PlanItem(Part.FRAME, f"frame:{decision.persona}", text,
                                      voiced=True, options=options))
    words = _allowed_words(items, heard, decision)
    allowance = Allowance(words, allowance.cheer, allowance.more_time)
    return ReplyPlan(act, decision.persona, decision.instructed, tuple(items), allowance,
                     asks, unanswered, heard.text)


def _language_notice(flags: Sequence[str], scenario: Scenario,
                     pick: Chooser) -> PlanItem | None:  # fmt: skip
    """The fixed bilingual notice (:mod:`edge_agent.text.language_notices`) for a debtor who
    writes in, or asks for, Spanish, French or German: once per dialogue, and a shorter
    reminder only when asked again (once: never nagging a debtor who keeps writing their
    language, and never a sentence sent twice)."""
    code = next((f.split(":", 1)[1] for f in flags if f.startswith("language:")), None)
    if code not in NOTICES or scenario.language != "en":
        return None  # the flags edge_agent.read.other_language sets on the move
    first = notice_text(code, scenario.creditor_name)
    if not any(sentence_key(s) in pick.used for s in split_sentences(first)):
        pick.remember(first)
        return PlanItem(Part.DUTY_FIRST, f"duty:language:{code}", first)
    again = notice_text(code, scenario.creditor_name, again=True)
    if "language_request" not in flags or any(
            sentence_key(s) in pick.used for s in split_sentences(again)):
        return None  # told twice: no sentence is sent a third time; English goes on
    pick.remember(again)  # asked again: the shorter reminder (a fixed text, sent as written)
    return PlanItem(Part.DUTY_FIRST, f"duty:language:{code}", again)


_WORD = re.compile(r"[a-z]+(?:'[a-z]+)?")


def _allowed_words(items: Sequence[PlanItem], heard: Heard, decision: Decision) -> frozenset[str]:
    """What a voiced sentence may use beyond the core vocabulary: every word of the voiced
    slots' reviewed variants, the persona's frames, and the debtor's reason words."""
    words: set[str] = set(heard.reason_words)
    for item in items:
        if item.voiced:
            for option in (*item.options, item.text):
                words.update(_WORD.findall(option.lower()))
    for frame in W.FRAMES.get(decision.persona, ()):
        words.update(_WORD.findall(frame.lower()))
    for stance in heard.stances:
        words.update(_STANCE_WORDS.get(stance, ()))
    return frozenset(words)


_STANCE_WORDS: dict[str, tuple[str, ...]] = {
    "stress": ("stress", "stressful", "stressed", "worry", "worrying", "worried", "anxious",
               "weighing", "scary", "scared"),
    "low": ("low", "hard", "difficult", "tough", "rough", "sorry"),
    "frustrated": ("frustrating", "frustrated", "frustration", "upset"),
    "limit": ("manage", "stretch", "realistically", "limit", "budget"),
    "effort": ("trying", "effort", "working"),
}


__all__ = ["Chooser", "ack_key", "fields", "money", "plan_reply", "sentence_key",
           "situations", "split_sentences"]
