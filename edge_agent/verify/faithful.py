"""The faithfulness check: a model-written sentence is kept only if the plan supports all of it.

The guard rejects what must never be said (figures, threats, false status). A small model also
says things that break no rule and that nobody decided: "This is a legal notice", "I'm not a
banker, I just do things to help people in need", "I believe in you", "You're a nice one...
I've worked with you before". A list of forbidden words cannot keep up with every wording of an
invented claim, so this check works the other way round, as a whitelist:

1. **Vocabulary.** Every word must be a word of acknowledgement talk (:data:`CORE`: function
   words, hearing, understanding, sympathy) or a word the plan allows for this reply
   (:attr:`edge_agent.plan.types.Allowance.words`: the reviewed variants of the voiced slots,
   the persona's frames, the debtor's own reason words). "legal", "notice", "refund",
   "banker", "boss", "skills" are in neither, in any sentence shape.
2. **Claim shapes** that use only allowed words: what the agent is ("I'm not a ..."), the
   agent's own limits ("I can't do it anymore", "I don't have the time"), its own past ("I
   was trying to help", "I just had to go through this", "I'm sure you heard me"), beliefs and
   affections ("I believe in you", "I love..."), orders to the debtor ("you should ..."),
   greetings and sign-offs ("Dear ...", "See you soon"), questions (the plan asks what must
   be asked), a promise of ease beside a deadline ("no rush", "no pressure").
3. **Tone against the facts.** Cheer after a disclosed hardship, a refusal or hostility
   (``Allowance.cheer``); talk of more time when the decision gives none
   (``Allowance.more_time``); anything about the terms (the code states them).
4. **Shape.** Fragments, trailing dots, stammering repeats ("No, no... No.").

A sentence passes only with no problem at all; the caller then keeps the plan's own wording
for that slot. The check judges one sentence at a time, so a sentence that passes can be shown
before the rest of the reply is written.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from edge_agent.verify.guard import ComplianceGuard
from edge_core import Action, Decision, Scenario, Tactic
from edge_core.reply_plan import Allowance, ReplyPlan

_I = re.IGNORECASE

_CORE_WORDS = """
a an the this that these those it its it's that's there here
i i'm i've i'll i'd me my we we're we've we'll us our you you're you've your yourself
and but so or because as if while when where how what which who
to of for with about at by from in on into through up out over after before
am is are was were be been being do does did have has had having can could will would may
might must shall let let's
very really truly so too quite just still also all both each much many lot more most some any
well now already
understand understood understanding understandable hear heard hearing see seeing know known
appreciate appreciated appreciating thank thanks grateful sorry glad hope hoping hopeful
want wanting find finding way forward together work working sort sorting settle settled
settling solution account balance repayment situation matter matters thing things time moment
hard harder difficult tough rough real stressful worrying worried worry concern concerned
upset frustrating frustrated frustration angry anger anxious anxiety scared afraid sad strain
pressure stress weighing weigh heavy lot carry carrying going go through tell telling told
saying say said share sharing explain explaining open honest clear clearly plain direct
respect respectful calm help helps helping care look looking after keep keeping step steps
right fair point question listen listening feel feeling feelings telling kind patience
patient effort trying try best good better sense sure
"""
CORE: frozenset[str] = frozenset(_CORE_WORDS.split())
"""Words of acknowledgement talk any voiced sentence may use."""

_WORD = re.compile(r"[a-z]+(?:'[a-z]+)?", _I)
_SUFFIXES = ("'s", "s", "es", "ed", "d", "ing", "ly", "n")

CLAIM_SHAPES: dict[str, re.Pattern[str]] = {
    "self_description": re.compile(
        r"\b(?:i\s*(?:'m|\s+am)|we\s*(?:'re|\s+are)|this\s+(?:call\s+|message\s+)?is|"
        r"this's)\s+(?:not\s+|just\s+|only\s+|also\s+|simply\s+|really\s+|actually\s+)?"
        r"(?:a|an|the|your|our|one|someone|somebody|nobody|no)\s+(?!(?:hard|difficult|tough|"
        r"rough|real|lot|big|stressful|worrying|fair|serious|strain|blow|moment|situation|"
        r"good\s+question)\b)\w+", _I),
    "agent_limits": re.compile(
        r"\b(?:i|we)\s*(?:'m|\s+am|'re|\s+are)?\s*(?:can(?:not|'t)|could(?:n't|\s+not)|"
        r"won't|will\s+not|don't|do\s+not|didn't\s+have|haven't|have\s+not|no\s+longer|"
        r"(?:not|never)\s+(?:able|allowed|going|supposed|a\b|an\b|the\b|here\s+to)|unable|"
        r"have\s+no|got\s+no|never)\b(?!\s+expect)", _I),
    "agent_history": re.compile(
        r"\b(?:i|we)\s*(?:was|were|had|'d|have\s+been|'ve\s+been|have\s+had|'ve\s+had|"
        r"went|did|just\s+had|used\s+to|once)\b|\bi'?m\s+sure\b|\byou\s+all\b", _I),
    "agent_belief": re.compile(
        r"\b(?:i|we)\s+(?:really\s+|truly\s+|do\s+|just\s+)?(?:believe|feel|love|loved|trust|"
        r"promise|swear|guarantee|bet|wish|adore|admire|miss|enjoy|enjoyed|like|liked|"
        r"apologi[sz]e|worked|met|remember|agree)\b", _I),
    "order": re.compile(
        r"\byou\s+(?:should|must|need\s+(?:to|a|an)|have\s+to|ought|had\s+better|better|"
        r"will\s+have\s+to"
        r"|'d\s+better)\b|^\s*(?:apologi[sz]e|pay|calm\s+down|stop|listen|don't)\b", _I),
    "greeting": re.compile(
        r"^\s*(?:dear|hello|hi|hey|greetings|good\s+(?:morning|afternoon|evening)|welcome)\b|"
        r"\b(?:regards|sincerely|cheers|bye|goodbye|see\s+(?:you|ya)\s+(?:soon|later|then|"
        r"around|next)|see\s+ya|take\s+care|buddy|pal|"
        r"mate|friend|dear|sweetie|honey)\b", _I),
    "question": re.compile(r"\?"),
    "false_ease": re.compile(
        r"\b(?:no\s+(?:rush|hurry|pressure|deadline|worries)|take\s+(?:all\s+)?your\s+time|"
        r"whenever\s+you\s+(?:like|want|can)|don't\s+worry|nothing\s+to\s+worry|"
        r"any\s+way\s+(?:you|possible)|whatever\s+you\s+need|always)\b", _I),
    "terms_or_status": re.compile(
        r"\b(?:days?|weeks?|months?|years?|deadline|timeline|timeframe|offer\w*|interest|fees?|"
        r"instal\w*|monthly|payments?\s+plan|per\s+cent|percent|dollars?|pounds?|euros?|"
        r"within|refund\w*|discount\w*|waiv\w*|legal|law|court|notice|official)\b", _I),
}
"""Shapes of invented claims, whatever their words (each a rule id in the problems)."""
CHEER = re.compile(
    r"\b(?:great|wonderful|happy|pleased|delighted|excit\w+|fantastic|lovely|nice|awesome|"
    r"amazing|brilliant|love|glad\s+to\s+(?:hear|know|see)|good\s+to\s+(?:hear|know|see)|"
    r"congratulations|fun|cheer\w*|yay)\b", _I)
MORE_TIME = re.compile(
    r"\b(?:more|extra|longer|additional)\s+time\b|\bextend\w*|\bextension|\bflexib\w+|"
    r"\bgive\s+you\s+(?:more|longer)", _I)
FRAGMENT = re.compile(r"\.\.\.|…|\b(\w+)\W+\1\b|^\W*\w+(?:\W+\w+)?\W*$", _I)
NEGATION = re.compile(r"\b(?:not|never|no|nothing|nobody|none|neither|nor)\b|n't\b", _I)


@dataclass(frozen=True)
class Verdict:
    """The check's result on one sentence: kept only when ``problems`` is empty."""

    sentence: str
    problems: tuple[str, ...]

    @property
    def ok(self) -> bool:
        return not self.problems


def _known(word: str, allowed: frozenset[str]) -> bool:
    w = word.lower().replace("\u2019", "'")
    if w in CORE or w in allowed:
        return True
    for suffix in _SUFFIXES:
        if w.endswith(suffix) and len(w) > len(suffix) + 2:
            stem = w[: -len(suffix)]
            if stem in CORE or stem in allowed or stem + "e" in CORE or stem + "e" in allowed:
                return True
    return False


def _repeated_phrase(text: str) -> str | None:
    """A run of three words said twice in one sentence ("here you go, here you go")."""
    words = [w.lower() for w in _WORD.findall(text)]
    seen: set[tuple[str, ...]] = set()
    for i in range(len(words) - 2):
        gram = tuple(words[i: i + 3])
        if gram in seen:
            return " ".join(gram)
        seen.add(gram)
    return None


def check(sentence: str, allowance: Allowance) -> Verdict:
    """Every reason the plan does not support ``sentence`` (see the module docstring)."""
    text = " ".join(sentence.replace("\u2019", "'").split())
    problems: list[str] = []
    if not text or not re.search(r"[A-Za-z]", text):
        return Verdict(sentence, ("fragment: no words",))
    if not re.search(r"[.!]$", text):
        problems.append("fragment: does not end a sentence")
    if m := FRAGMENT.search(text):
        problems.append(f"fragment: {m.group(0).strip()!r}")
    elif loop := _repeated_phrase(text):
        problems.append(f"fragment: {loop!r} said twice")
    for rule, pattern in CLAIM_SHAPES.items():
        for m in pattern.finditer(text):
            if rule == "terms_or_status" and m.group(0).lower() in allowance.words:
                continue  # the plan's own wording names it ("thanks for the timeline")
            problems.append(f"{rule}: {m.group(0).strip()!r}")
            break
    if not allowance.cheer and (m := CHEER.search(text)):
        problems.append(f"tone: {m.group(0)!r} contradicts what the debtor disclosed")
    if not allowance.more_time and (m := MORE_TIME.search(text)):
        problems.append(f"tone: {m.group(0)!r}, but the decision gives no more time")
    if (m := NEGATION.search(text)) and "not" not in allowance.words:
        problems.append(f"negation: {m.group(0)!r} is not in the plan's wording")
    unknown = [w for w in _WORD.findall(text) if not _known(w, allowance.words)]
    if unknown:
        shown = ", ".join(dict.fromkeys(u.lower() for u in unknown))
        problems.append(f"unsupported: {shown}")
    return Verdict(sentence, tuple(problems))


def unsupported(sentence: str, allowance: Allowance) -> list[str]:
    """The problems of one sentence (empty: the plan supports all of it)."""
    return list(check(sentence, allowance).problems)


def sentence_probe(decision: Decision) -> Decision:
    """The decision a single sentence is guarded against: it states no days, carries no
    agreement and no disclosure duty, and keeps the persona, the supportive mode and whether
    the offer is final, so every rule that can judge one sentence does."""
    return Decision(Action.CLOSE_FAILED, Tactic.CLOSE, decision.persona, None,
                    supportive=decision.supportive, final=decision.final)  # fmt: skip


class SentenceJudge:
    """Every check that can judge one voiced sentence on its own: faithfulness to the plan
    and the guard's sentence-level rules. The turn hands it to the realiser, so a sentence is
    shown as soon as it passes, before the rest of the reply exists."""

    def __init__(self, guard: ComplianceGuard | None = None) -> None:
        self.guard = guard or ComplianceGuard()

    def __call__(self, sentence: str, plan: ReplyPlan, decision: Decision,
                 scenario: Scenario) -> list[str]:  # fmt: skip
        found = unsupported(sentence, plan.allowance)
        verdict = self.guard.check(sentence, sentence_probe(decision), scenario)
        return found + [f"guard: {p}" for p in verdict.problems()]


__all__ = ["CLAIM_SHAPES", "CORE", "SentenceJudge", "Verdict", "check", "sentence_probe",
           "unsupported"]
