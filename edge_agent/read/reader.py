"""The reader: from a debtor's message to a :class:`DebtorMove` the policy can trust.

Its own pipeline stage, rule-based on purpose (it decides money, so it must be predictable and
explainable). It normalises the text (:mod:`.normalise`), reads duties first (:mod:`.duties`),
finds every figure and whose it is (:mod:`.figures`), then decides what the message does:

- a *proposal* is a figure the debtor states as its own; an echo or question of our figure, a
  refused figure, a number about something else and a partial-amount term are never one;
- with several proposals, a correction ("Actually no, 300 days") wins, else the marked one
  ("bringing the total to 133 days"), else the reading is unsure;
- *consent* is graded: ``explicit`` ("yes", "I agree") or ``weak`` ("ok", "sure"), and voided by
  negation ("I haven't agreed to anything"), a hedge ("sure, I'll think about it"), a question
  ("deal?"), sarcasm ("yeah right") or a condition;
- a reading that is a guess (vague, very wide range, several figures, a bare number, a figure
  relative to ours) is ``unsure`` with a reason: the agent asks rather than acts on it.

The reader never decides agreement: it says what was read; the policy's confirmation protocol
decides what that means.
"""

from __future__ import annotations

import re
from dataclasses import replace

from edge_agent.read import other_language, represented, walkaway
from edge_agent.read.consent import grade as consent_grade
from edge_agent.read.duties import disputed, partial_payment, restrictions, stop_requested
from edge_agent.read.figures import (
    CORRECTION,
    FULL_BALANCE,
    MONEY,
    Figure,
    find_figures,
    is_balance,
)
from edge_agent.text.normalise import normalise
from edge_core import Consent, DebtorMove, MoveKind

_I = re.IGNORECASE

SARCASM = re.compile(
    r"\b(?:are\s+you\s+(?:kidding|joking|serious|insane|crazy|mad|nuts|for\s+real)|"
    r"you\s+(?:must\s+be|have\s+got\s+to\s+be|gotta\s+be|'re|are)\s+(?:kidding|joking)|"
    r"yeah,?\s+right|sure,?\s+(?:whatever|jan|buddy|pal)|oh,?\s+(?:great|wonderful|perfect|"
    r"sure|brilliant|lovely)|very\s+funny|nice\s+try|as\s+if|in\s+your\s+dreams|dream\s+on|"
    r"what\s+a\s+joke|good\s+one|thanks\s+for\s+nothing|wow,?\s+(?:so\s+|how\s+)?(?:generous|"
    r"kind)|how\s+generous|get\s+real|lol|lmao|rofl|haha+|ha\s+ha|hilarious|cute|"
    r"(?:when\s+)?pigs\s+(?:will\s+|might\s+|can\s+)?fly|rob\s+a\s+bank|win\s+the\s+lottery|"
    r"print\s+money|lying\s+around|yes\s+means\s+no|having\s+a\s+laugh|taking\s+the\s+piss)\b|\bha!|\.\s*not\s*[.!]*$|😂|🙄|🤣",
    _I,
)
REFUSAL = re.compile(
    r"(?:^\s*(?:no(?!\s+(?:problem|worries))|nope|nah|never)\b|\bnever\b|^\s*not\b(?!\s+(?:sure|yet|really\s+sure|now))|\bno\s+way\b|\bnot\s+(?:possible|happening|a\s+chance|"
    r"enough|acceptable|going\s+to|gonna|doable|realistic|feasible)\b|\bimpossible\b|\bforget\s+it\b|\bno\s+deal\b|"
    r"\b(?:don'?t|do\s+not|can'?t|cannot|won'?t|will\s+not|refuse\s+to)\s+(?:\w+\s+){0,2}"
    r"(?:accept|agree|do|manage|pay|afford|work)\b|\bdoesn'?t\s+work\b|\bunacceptable\b|"
    r"\brefuse\b|\breject\b|\bdisagree\b|\bnot\s+(?:ok(?:ay)?|fine|good|fair)\b|"
    r"\bridiculous\b|\bout\s+of\s+the\s+question\b|\bhell\s+no\b|\bno\s*[.!]*$|"
    r"\bafraid\s+not\b|\ba\s+no\s+from\s+me\b|\bthat'?s\s+a\s+no\b|\bunder\s+no\s+"
    r"circumstances\b|^\s*(?:non|nee|nein)\b|\b(?:sooner|rather)\s+go\s+bankrupt\b|"
    r"\bover\s+my\s+dead\s+body\b|\bpas\s+possible\b|\bnein\b|\bbut\s+i\s+(?:don'?t|can'?t|"
    r"won'?t|do\s+not|cannot)\s*[.!]*$)",
    _I,
)
EXPLICIT = re.compile(
    r"(?:(?:^|[.!,;]\s*)\s*(?:yes|yeah|yep|yup|y|aye|correct|confirmed|agreed|deal|absolutely|"
    r"definitely|certainly|of\s+course|ofc|"
    r"affirmative|si|sí|oui|ja|sim)\b(?!\s*\?)|\bi\s+(?:do\s+|fully\s+|hereby\s+)?(?:agree|accept|"
    r"confirm)\b|\b(?:it'?s|that'?s|we\s+have|you\s+have)\s+a\s+deal\b|\bthat'?s\s+(?:right|"
    r"correct)\b|\byes,?\s+(?:please|i\s+do|that'?s|agreed|deal)\b|\bi'?m\s+in\b|"
    r"\bi\s+(?:will|'ll)\s+(?:take|accept)\s+(?:it|that|the\s+offer)\b|\bis\s+agreed\b)",
    _I,
)
WEAK = re.compile(
    r"\b(?:no\s+(?:problem|worries)|ok(?:ay)?|okie(?:\s+dokie)?|okey(?:\s+dokey)?|k|sure|fine|alright|all\s+right|sounds\s+(?:good|fair|fine|great|ok|okay|"
    r"reasonable)|that\s+works|this\s+works|it\s+works|works\s+for\s+me|i\s+can\s+live\s+with"
    r"\s+(?:that|it)|let'?s\s+do\s+(?:it|that|this)|go\s+ahead|good|great|perfect|cool|"
    r"i'?ll\s+take\s+it|fair\s+enough|that'?s\s+fair|count\s+me\s+in|deal)\b|👍",
    _I,
)
CONSENT_VOIDED = re.compile(
    r"\b(?:not|never|haven'?t|hasn'?t|didn'?t|don'?t|do\s+not|won'?t|can'?t|cannot|no)\s+"
    r"(?:\w+\s+){0,3}(?:agree\w*|accept\w*|deal|confirm\w*|commit\w*|sign\w*|ok(?:ay)?)\b|"
    r"\bdisagree\b|\bno\s+deal\b|\bnot\s+(?:a\s+)?deal\b|"
    r"\b(?:not|never|n't|don'?t|do\s+not|didn'?t|did\s+not)\s+(?:\w+\s+){0,4}(?:an?\s+)?yes\b|"
    r"\b(?:yes|yeah|yep|ok(?:ay)?|absolutely|sure|fine|of\s+course|ofc|certainly|definitely|"
    r"agreed|deal|correct|confirmed)\b[\s,.!]*(?:\.\.\.)?\s*(?:no(?!\s+(?:problem|worries|doubt|"
    r"question|issue))|not|nope)\b|"
    r"\bbut\s+no\b|\b(?:agree|accept)\w*\s+(?:to\s+)?(?:nothing|none|no\s+\w+)\b",
    _I,
)
HEDGE = re.compile(
    r"\b(?:think\s+about\s+it|i'?ll\s+think|let\s+me\s+(?:think|check|see|ask|talk|sleep)|"
    r"consider|maybe|perhaps|possibly|might|not\s+sure|unsure|i'?ll\s+see|we'?ll\s+see|"
    r"get\s+back\s+to\s+you|later|talk\s+to\s+my|ask\s+my|check\s+with|need\s+to\s+check|"
    r"i\s+guess|probably|depends|hmm+|idk|i\s+don'?t\s+know)\b",
    _I,
)
CONDITION = re.compile(
    r"\b(?:if|as\s+long\s+as|provided(?:\s+that)?|only\s+if|on\s+condition|unless|assuming|"
    r"so\s+long\s+as|in\s+exchange|but\s+only)\b",
    _I,
)
QUESTION = re.compile(
    r"\?|^\s*(?:what|why|how|when|where|who|which|can\s+you|could\s+you|would\s+you|"
    r"will\s+you|is\s+there|are\s+there|do\s+you|does|is\s+it|can\s+i|could\s+i)\b",
    _I,
)
YES_BARE = re.compile(
    r"\s*(?:yes|yeah|yep|ok(?:ay)?|sure|fine|i\s+agree|agreed|i\s+accept|deal)\b[\s,.:!-]*"
    r"(?:(?:to|for|with)\s+)?(\d{1,3})(?:\s+is\s+what\s+i\s+can\s+do)?\s*[.!]*\s*",
    _I,
)
"""A yes with another bare figure ("Yes, 20.", "I agree to 20"): a proposal we must ask about,
not a yes to our terms."""
WH_QUESTION = re.compile(r"^\s*(?:what|why|how|when|where|who|which)\b", _I)
CONTRAST = re.compile(r"\b(?:but|however|though|although|except|instead)\b", _I)


DISCLAIMER = re.compile(r"\b(?:not|never)\s+(?:asking|looking|after|hoping)\s+for\b", re.I)
"""A figure the debtor says it is not asking for (neither its proposal nor a refusal)."""


def read(
    text: str,
    standing: int | None = None,
    *,
    balance: float | None = None,
    after: str | None = None,
) -> DebtorMove:
    """Read one debtor message. Never raises: unreadable text is ``MoveKind.NONE``.

    ``standing`` is our standing offer (to tell an echo of it from a proposal, and an
    acceptance of it); ``balance`` the debt (so "the full $15,700" is not a partial amount);
    ``after`` our reply the message answers (a yes to "are you represented?" is no yes to
    terms: :mod:`.represented`).
    """
    t = normalise(text if isinstance(text, str) else "")
    language = other_language.flags(other_language.wish(t))
    if represented.asked(after) and (said := represented.answer(t)) is not None:
        if said[0] == "yes":
            return DebtorMove(MoveKind.STOP, flags=("represented", *language),
                              reason="says a lawyer represents them: we deal with the lawyer")
        if not said[1]:
            return DebtorMove(MoveKind.NONE, flags=("not_represented", *language),
                              reason="not represented by a lawyer: the negotiation goes on")
        move = read(said[1], standing, balance=balance)  # the rest, without its "no"
        return replace(move, flags=tuple(dict.fromkeys(("not_represented", *move.flags))))
    move = _read(t, standing, balance)
    if move.kind in (MoveKind.STOP, MoveKind.DISPUTE):
        return replace(move, flags=(*move.flags, *language))
    if represented.mentions_lawyer(t):
        if move.days is not None and move.kind != MoveKind.ACCEPT:  # a proposal stays read
            return replace(move, flags=(*move.flags, "lawyer", *language))
        return DebtorMove(MoveKind.NONE, unsure=True, flags=("lawyer", *language),
                          reason="mentions a lawyer: asks whether they are represented",
                          restrictions=move.restrictions)  # and never a yes to terms
    if language and move.kind in (MoveKind.REJECT, MoveKind.NONE, MoveKind.QUESTION) and (
            move.days is None and move.rejected_days is None):
        # "No entiendo bien el inglés": not a refusal of our terms; the notice answers it
        return DebtorMove(MoveKind.NONE, flags=language, restrictions=move.restrictions,
                          reason="writes in or asks for another language: the notice")
    return replace(move, flags=(*move.flags, *language)) if language else move


def _read(t: str, standing: int | None, balance: float | None) -> DebtorMove:
    """Read a normalised message (see :func:`read`)."""
    limits = restrictions(t)
    if stop_requested(t):
        return DebtorMove(MoveKind.STOP, reason="asks us to stop contact or to go through an "
                                                "attorney")
    if disputed(t):
        partial = partial_payment(t)
        return DebtorMove(MoveKind.DISPUTE, reason="disputes the debt or asks for validation",
                          flags=("partial_payment",) if partial else (), restrictions=limits)
    figures = find_figures(t, standing, balance)
    if DISCLAIMER.search(t) and not any(f.role == "proposal" for f in figures):
        # "I'm not asking for 50 days": the figure is more than they want, not a timeline
        # they refuse as too short, and no proposal either. Unsure: the agent asks.
        return DebtorMove(MoveKind.NONE, unsure=True, flags=("disclaimer",),
                          reason="says which timeline it is not asking for; asks for its own",
                          restrictions=limits)
    flags: list[str] = []
    sarcasm = bool(SARCASM.search(t))
    if sarcasm:
        flags.append("sarcasm")
    condition = bool(CONDITION.search(t))
    if condition:
        flags.append("condition")
    if limits:
        flags.append("restriction")
    for role, flag in (("echo", "echo"), ("other", "other_topic"), ("amount", "amount"),
                       ("delta", "relative"), ("invalid", "invalid_figure"), ("bound", "bound")):
        if any(f.role == role for f in figures):
            flags.append(flag)
    refused = [f for f in figures if f.role == "refused"
               or (f.role == "echo" and (sarcasm or REFUSAL.search(t)))]
    rejected_days = refused[0].low if refused else None
    if sarcasm:  # "Oh great, 12 days, how generous": our own figure, mocked
        for f in figures:
            if f.role == "proposal" and standing is not None and f.low == standing:
                f.role = "refused"
                refused.append(f)
        rejected_days = refused[0].low if refused else None
    proposals = [f for f in figures if f.role == "proposal"]
    consent = _consent(t, sarcasm, condition, standing, balance)
    if walkaway.leaving(t) and _yes_like(t, condition) != Consent.EXPLICIT:
        # "I'm done here, I'll deal with it through StepChange": the "deal" is no yes. A
        # clear yes with a goodbye ("Yes, I agree. Bye!") stays what the grammar reads.
        consent = Consent.NONE
        flags.append("walkaway")
    if proposals:
        return _proposal(t, proposals, figures, flags, consent, standing, rejected_days, limits)
    amount = (bool(MONEY.search(t)) and any(f.role == "amount" for f in figures)) or (
        _amount_only(t, balance)
    )
    if amount and not refused:
        return DebtorMove(MoveKind.AMOUNT, rejected_days=rejected_days, flags=tuple(flags),
                          reason="an amount or instalment proposal, not a timeline",
                          restrictions=limits)
    invalid = [f for f in figures if f.role in ("invalid", "delta", "bound")]
    if invalid and not refused and not REFUSAL.search(t):
        return DebtorMove(MoveKind.NONE, flags=tuple(flags), unsure=True, restrictions=limits,
                          reason="a figure that is not a timeline we can read: "
                                 + "; ".join(n for f in invalid for n in f.notes or [f.role]))
    if limits and not figures and consent == Consent.NONE:
        return DebtorMove(MoveKind.NONE, flags=tuple(flags), restrictions=limits,
                          reason="a contact restriction: recorded, negotiation goes on")
    if not figures and not sarcasm and consent == Consent.NONE and t.rstrip().endswith("?") \
            and WH_QUESTION.match(t):
        return DebtorMove(MoveKind.QUESTION, flags=tuple(flags), restrictions=limits,
                          reason="a question")  # "what happens if I don't pay?": no refusal
    if refused or sarcasm or CONSENT_VOIDED.search(t) or (
        REFUSAL.search(t) and consent == Consent.NONE
    ):
        why = "refuses" + (f" {rejected_days} days" if rejected_days else "")
        return DebtorMove(MoveKind.REJECT, rejected_days=rejected_days, flags=tuple(flags),
                          reason=why + (" (sarcasm)" if sarcasm else ""), restrictions=limits)
    if consent != Consent.NONE:
        return DebtorMove(MoveKind.ACCEPT, days=None, consent=consent, flags=tuple(flags),
                          reason=f"{consent.value} yes to our standing offer",
                          restrictions=limits)
    if HEDGE.search(t):
        return DebtorMove(MoveKind.NONE, flags=(*flags, "hedge"), restrictions=limits,
                          reason="undecided: no yes, no proposal")
    if QUESTION.search(t):
        return DebtorMove(MoveKind.QUESTION, flags=tuple(flags), restrictions=limits,
                          reason="a question" + (" about our figure" if "echo" in flags else ""))
    bare = re.fullmatch(r"\s*(\d{1,3})\s*[.!]*\s*", t) or YES_BARE.fullmatch(t)
    if bare and 1 <= int(bare.group(1)) <= 365:
        days = int(bare.group(1))
        return DebtorMove(MoveKind.PROPOSE, days=days, unsure=True, flags=("bare_number",),
                          reason="a bare number without a unit", restrictions=limits)
    return DebtorMove(MoveKind.NONE, flags=tuple(flags), restrictions=limits,
                      reason="nothing negotiable")


def _consent(
    t: str, sarcasm: bool, condition: bool, standing: int | None, balance: float | None
) -> Consent:
    """How clearly the message says yes: EXPLICIT only through the whitelist grammar
    (:mod:`.consent`); the old graded reading can at most make it WEAK."""
    if sarcasm or CONSENT_VOIDED.search(t) or HEDGE.search(t):
        return Consent.NONE
    return consent_grade(t, standing, balance, _yes_like(t, condition) != Consent.NONE)


def _yes_like(t: str, condition: bool) -> Consent:
    """The former graded reading: is there a yes-like phrase that nothing voids?"""
    explicit, weak = EXPLICIT.search(t), WEAK.search(t)
    if not (explicit or weak):
        return Consent.NONE
    at = (explicit or weak).start()  # type: ignore[union-attr]
    clause_end = re.search(r"[.!;\n]|$", t[at:])
    if "?" in t[at: at + (clause_end.start() if clause_end else len(t))] or t.rstrip().endswith(
        "?"
    ):
        return Consent.NONE  # "deal?", "ok?": a question, not a yes
    if REFUSAL.search(t) and not explicit:
        return Consent.NONE
    if explicit and not condition and not CONTRAST.search(t):
        return Consent.EXPLICIT
    return Consent.WEAK


def _proposal(
    t: str,
    proposals: list[Figure],
    figures: list[Figure],
    flags: list[str],
    consent: Consent,
    standing: int | None,
    rejected_days: int | None,
    limits: tuple[str, ...],
) -> DebtorMove:
    chosen, unsure, why = proposals[-1], False, "proposes"
    first_correction = CORRECTION.search(t)
    distinct = {(f.low, f.high) for f in proposals}
    if len(figures) > 1:
        flags.append("several_figures")
    if len(distinct) > 1:
        later = [f for f in proposals if first_correction and f.start > first_correction.start()]
        marked = [f for f in proposals if f.marked]
        strong = [f for f in proposals if f.strong]
        if len(marked) != 1 and len(strong) == 1:
            marked = strong
        if later:
            chosen, why = later[-1], "corrects itself to"
            flags.append("correction")
        elif len(marked) == 1:
            chosen, why = marked[0], "proposes (the marked figure)"
        else:
            chosen, unsure, why = min(proposals, key=lambda f: f.low), True, \
                "several figures, unclear which is theirs; lowest"
    elif first_correction and first_correction.start() < chosen.start and any(
        f.start < first_correction.start() for f in figures
    ):
        flags.append("correction")
        why = "corrects itself to"
    if chosen.is_range:
        flags.append("range")
        if chosen.high > 2 * chosen.low and chosen.high - chosen.low > 30:
            unsure, why = True, "a very wide range; its low end"
    if chosen.vague:
        flags.append("vague")
        unsure, why = True, "a vague figure"
    if chosen.bare:
        flags.append("bare_number")
    if chosen.floor:  # "I can't do less than 50 days": its floor, a proposal of 50 (issue 21)
        flags.append("floor")
        why = f"{why} at least"
    at_standing = standing is not None and chosen.low == chosen.high == standing
    if consent != Consent.NONE and "correction" not in flags and at_standing and not unsure:
        return DebtorMove(MoveKind.ACCEPT, days=chosen.low, consent=consent,
                          rejected_days=rejected_days, flags=tuple(dict.fromkeys(flags)),
                          reason=f"{consent.value} yes to our {chosen.low} days",
                          restrictions=limits)
    if consent != Consent.NONE:
        flags.append("mixed_accept")
    return DebtorMove(
        MoveKind.PROPOSE,
        days=chosen.low,
        days_high=chosen.high if chosen.is_range else None,
        rejected_days=rejected_days,
        unsure=unsure,
        reason=f"{why} {chosen.low}" + (f"-{chosen.high}" if chosen.is_range else "") + " days",
        flags=tuple(dict.fromkeys(flags)),
        restrictions=limits,
    )


def _amount_only(t: str, balance: float | None) -> bool:
    """An amount proposal without any duration ("I can pay $200 now", "20% now")."""
    amounts = [m.group(0) for m in MONEY.finditer(t)]
    if not amounts or FULL_BALANCE.search(t):
        return False
    if all(is_balance(a, balance) for a in amounts):
        return False
    if re.search(r"\b(?:paid|sent|gave|transferred)\b", t, _I):
        return False  # a payment claimed, not proposed
    return bool(re.search(r"\b(?:pay|paying|payments?|offer|send|give|put\s+down|afford|"
                          r"manage|can\s+do|take|accept|do|now|upfront|today|next\s+(?:week|"
                          r"month)|per|each|every|payer|pagar|pagare|zahlen|par|por|pro|"
                          r"cada)\b", t, _I))
