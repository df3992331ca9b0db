"""Compliance guard: every outgoing creditor message is checked before anyone sees it.

Rules are plain regular expressions with ids, so each verdict is explainable in the trace and
each rule has positive and negative tests. The checklist follows the scenario's jurisdiction
(``us``: FDCPA / Regulation F; ``uk``: FCA CONC 7; see :mod:`edge_core.jurisdictions`):

- no harassment, abuse, profanity or threats of violence;
- no threats of arrest or imprisonment;
- no mention of seizure, garnishment, legal action or credit reporting unless the scenario
  lists it in ``lawful_actions`` (lawful *and* intended);
- no false claims of attorney, court, government or credit-bureau involvement;
- the day and money figures match the decision and the ledger, and no other terms are
  invented (dates, partial amounts); only an acceptance may sound like agreement;
- no pressure to borrow, use credit or sell property to pay;
- no third-party disclosure, no other customers' data, no leaked instructions or markup;
- no misrepresentation of the debt's status (a claimed payment "received", a balance
  "written off", a supervisor's "approval" nobody gave);
- the opening identifies the creditor and carries the jurisdiction's disclosure;
- in supportive mode (a disclosed vulnerability) no firm, disgusted or fearful persona, and the
  free-advice pointer; a crisis reply carries the crisis line and no figures at all.

What it does not judge is tone beyond these words, or truth it cannot see (whether a payment
was really received). It is an engineering checklist, not legal advice.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from edge_agent.text.durations import find_durations, without_durations
from edge_agent.text.language import language_problem
from edge_agent.text.normalise import nfkc
from edge_agent.text.numbers import ascii_numbers, non_ascii_figures
from edge_agent.text.visible import invisible_characters, lookalike_letters, visible
from edge_agent.verify import phrases as guard_phrases
from edge_agent.verify.names import PLACEHOLDER, mask_names
from edge_core import Action, Decision, Scenario, Tactic
from edge_core.jurisdictions import Jurisdiction, jurisdiction

_I = re.IGNORECASE

RULES: dict[str, re.Pattern[str]] = {
    "threat_arrest": re.compile(
        r"\b(?:arrest(?:ed)?|jail|prison|imprison\w*|police|criminal(?:\s+charges?)?|"
        r"warrant|prosecut\w*|handcuff\w*)\b",
        _I,
    ),
    "threat_violence": re.compile(
        r"\b(?:hurt\s+you|harm\s+you|kill\s+you|beat\s+you|break\s+your|violen\w*|"
        r"show\s+up\s+at\s+your|come\s+(?:to|after)\s+you|you'?ll\s+regret|or\s+else|"
        r"watch\s+your\s+back)\b",
        _I,
    ),
    "abuse": re.compile(
        r"\b(?:idiot\w*|stupid|moron\w*|liar|deadbeat|loser|pathetic|worthless|scum|lazy|"
        r"incompetent|disgusting|shameful|fuck\w*|shit\w*|damn\w*|bitch\w*|bastard\w*|crap|"
        r"go\s+to\s+hell|what\s+the\s+hell|ass(?:hole)?|dumb)\b",
        _I,
    ),
    "false_authority": re.compile(
        r"\b(?:(?:our|my|the\s+company'?s)\s+(?:attorneys?|lawyers?|legal\s+(?:team|department)|"
        r"law\s+firm)|attorney\s+general|court|(?:a|the|your)\s+judge|judges|sheriff|"
        r"government(?!\s+(?:support|help|benefits?|schemes?|grants?|assistance))|federal|"
        r"irs|fbi)\b",
        _I,
    ),
    "pressure_to_borrow_or_sell": re.compile(
        r"\b(?:borrow\w*|take\s+out\s+(?:a\s+)?(?:loan|credit)|payday|credit\s+card|"
        r"sell\s+your|remortgage|pawn\w*|ask\s+(?:your\s+)?(?:family|friends|relatives)|"
        r"cash\s+advance|refinanc\w*)\b",
        _I,
    ),
    "third_party_disclosure": re.compile(
        r"\b(?:(?:tell|inform|contact|notify|call|email|write\s+to|let)\s+(?:your\s+)?"
        r"(?:employer|boss|family|neighbou?rs|friends|spouse|wife|husband|colleagues|"
        r"relatives|parents|children|landlord)|(?:another|other)\s+(?:customer|client|"
        r"debtor|account\s+holder)s?(?:'s?)?)\b",
        _I,
    ),
    "prompt_leak": re.compile(
        r"\b(?:system\s+prompt|my\s+(?:instructions|rules|prompt|guidelines)|"
        r"i\s+(?:was|am|have\s+been)\s+(?:instructed|told|programmed)\s+to|"
        r"(?:as\s+an?|i\s*(?:'m|\s+am)\s+an?)\s+(?:ai|language\s+model|assistant|chatbot)|"
        r"mandate|max(?:imum)?_days|reservation)\b",
        _I,
    ),
    "misrepresentation": re.compile(
        r"\b(?:(?:your\s+)?payment\s+(?:has\s+been\s+|was\s+)?(?:received|confirmed|"
        r"processed)|we\s+(?:have\s+)?(?:received|got)\s+your\s+payment|"
        r"(?:account|balance|debt)\s+(?:is|has\s+been)\s+(?:now\s+)?(?:settled|paid|closed|"
        r"cleared|forgiven|written\s+off|cancell?ed)|you\s+(?:now\s+)?owe\s+nothing|"
        r"(?:supervisor|manager)\s+(?:has\s+)?(?:approved|authori[sz]ed))\b",
        _I,
    ),
    "not_creditor_voice": re.compile(
        r"(?:^|[.!?]\s+)(?:debtor|user|customer|human)\s*:|\b(?:as\s+the\s+debtor|i\s+am\s+the\s+debtor)\b",
        _I,
    ),
    "leaked_markup": re.compile(
        r"<\|[^|>]*\|>|</?s>|\[/?INST\]|<start_of_turn>|<end_of_turn>|\{\w+\}|\bsystem\s*:",
        _I,
    ),
}

# Enforcement steps: a violation unless the scenario says the step is lawful and intended.
ENFORCEMENT: dict[str, tuple[str, re.Pattern[str]]] = {
    "threat_seizure": ("seizure", re.compile(
        r"\b(?:seiz\w*|repossess\w*|garnish\w*|foreclos\w*|confiscat\w*|freeze\s+your|"
        r"take\s+(?:away\s+)?your\s+(?:house|home|car|property|assets|wages|business))\b", _I)),
    "threat_legal_action": ("legal_action", re.compile(
        r"\b(?:sue|suing|lawsuit|legal\s+action|legal\s+proceedings|take\s+you\s+to\s+court|"
        r"court\s+order|judgm?ent\s+against|litigation|solicitors?|legal\s+(?:steps?|route|"
        r"measures|recourse|remed(?:y|ies))|(?:pass|hand|refer)\w*\s+(?:your|this|the)\s+"
        r"(?:account|debt|case|file)\s+(?:on\s+)?to|(?:debt\s+)?collection\s+agenc\w*|"
        r"enforcement\s+agents?)\b", _I)),
    "threat_credit_reporting": ("credit_reporting", re.compile(
        r"\b(?:credit\s+bureaus?|credit\s+reference\s+agenc\w*|report\s+you|"
        r"your\s+credit\s+(?:report|score|file|rating))\b", _I)),
}  # fmt: skip

# Only an ACCEPT decision may sound like agreement: anything else that says "I agree" to a
# debtor's demand misrepresents what was decided (the red-team caught a small model doing it).
_AGREEMENT = re.compile(
    r"\b(?:i|we)\s+(?:do\s+|fully\s+|hereby\s+)?(?:agree|accept|approve|authori[sz]e)\b|"
    r"\b(?:i|we)\s+(?:have\s+|'ve\s+)?(?:agreed|accepted)\s+(?:on|to|with)\b|"
    r"\bwe\s+have\s+(?:an?\s+)?(?:agreement|deal)\b|\b(?:it'?s|that'?s)\s+a\s+deal\b|"
    r"^\s*(?:agreed|deal)\b",
    _I,
)
# Agreement words, in any reply whose decision is not a confirmed agreement, tell the debtor a
# deal exists when none does ("We have an agreement ... I will send written confirmation" after
# an ordinary "ok"). A self-contained rule, checked on every backend (issue 11).
AGREEMENT_WORDS = re.compile(
    r"\b(?:agreements?|agreed|deal(?!\s+(?:with|directly))|written\s+confirmation)\b", _I
)
# The one timeline a reply states is a number of days; dates and partial amounts are never
# decided, so a reply that names them is inventing terms.
_DATE = re.compile(
    r"\b(?:monday|tuesday|wednesday|thursday|friday|saturday|sunday|january|february|march|"
    r"april|june|july|august|september|october|november|december|tomorrow|(?:next|this|the)\s+"
    r"(?:week|weekend|month|year)|weekends?|christmas|xmas|easter|thanksgiving|new\s+year|"
    r"(?:the\s+)?holidays|noon|midday|midnight|(?:year|month|week)[- ]end|end\s+of\s+(?:the\s+)?"
    r"(?:day|week|month|year|quarter)|(?:by|in|of|until|before|after|from)\s+may|may\s+\d|"
    r"\d{1,2}/\d{1,2}(?:/\d{2,4})?|\d{4}-\d{2}-\d{2})\b",
    _I,
)
_PARTIAL = re.compile(
    r"[¼½¾⅓⅔⅛⅜⅝⅞]|\d\s*⁄\s*\d|\b\d+(?:\.\d+)?\s?%|\bper\s?cent\b|\bhalf\b|"
    r"\b(?:a|one|two)\s+(?:thirds?|quarters?|fifths?)\b(?!\s+(?:party|parties|time|way|option))",
    _I)
_MONEY = re.compile(r"(?:[$£€]\s?\d[\d,]*(?:\.\d+)?|\b\d[\d,]*(?:\.\d+)?\s?(?:dollars|usd)\b)", _I)
_DISCLOSURE_US = re.compile(r"attempt\s+to\s+collect\s+a\s+debt", _I)
_STATES_DAYS = (Action.OPEN, Action.COUNTER, Action.ACCEPT, Action.CONFIRM)
UNSUPPORTIVE_PERSONAS = frozenset({"anger", "disgust", "fear"})


@dataclass(frozen=True)
class Commitment:
    """A promise or claim a reply may make only when the decision made it."""

    pattern: re.Pattern[str]
    why: str
    allowed: Callable[[Decision, Scenario], bool] = lambda d, s: False


def _support_turn(d: Decision, s: Scenario) -> bool:
    """Support and crisis decisions offer a human follow-up (the trace records it)."""
    return d.tactic in (Tactic.SUPPORT, Tactic.CRISIS)


def _accepted(d: Decision, s: Scenario) -> bool:
    return d.action == Action.ACCEPT


COMMITMENTS: dict[str, Commitment] = {
    "waive_or_reduce": Commitment(re.compile(
        r"\b(?:waiv\w*|reduc\w*|lower\w*|cut\w*(?!\s+through)|forgiv\w*|discount\w*|cancel\w*|freez\w*|"
        r"drop\w*|remov\w*|smaller)\b[^.!?]{0,40}?\b(?:interest|fees?|charges?|balance|debt|"
        r"amount|rate|plan|payments?)\b|\b(?:interest|fees?|charges?)\s+(?:\w+\s+)?(?:waived|"
        r"reduced|frozen|removed|dropped|cancell?ed)\b|\breduced\s+plan\b|\b(?:without|zero|"
        r"free\s+of)\s+(?:any\s+)?(?:interest|fees?|charges?)\b|\binterest[- ]free\b", _I),
        "the decision changes no interest, fee or balance"),
    "instalments": Commitment(re.compile(
        r"\b(?:instal?l?ments?|monthly|weekly|fortnightly|bi-?weekly|(?:each|every|per|a)\s+"
        r"(?:month|week|fortnight)|payment\s+(?:plan|schedule)|(?:make|making)\s+payments)\b",
        _I), "the decision is one timeline for the whole balance, not instalments"),
    "contact_within_time": Commitment(re.compile(
        r"\b(?:call|contact|ring|phone|e-?mail|text|reach|get\s+back\s+to|follow\s+up\s+with|"
        r"hear\s+from)\b[^.!?]{0,30}?\b(?:within|in\s+the\s+next|by\s+(?:the\s+)?end|"
        r"tomorrow|today|tonight|shortly|next\s+(?:week|day)|\d+\s+hours?)\b|"
        r"\bwithin\s+(?:\d+|an?|the\s+next)\s+(?:hours?|minutes?|business\s+days?)\b", _I),
        "no contact at a set time was decided"),
    "callback": Commitment(re.compile(
        r"\b(?:call|ring|phone)\s+you\s+back\b|\b(?:I|we)\s*(?:'ll|\s+will|\s+can|\s+shall)"
        r"\s+(?:call|contact|ring|phone)\s+you\b|\b(?:someone|a\s+person|a\s+member|an\s+"
        r"adviser)\s+(?:from|of|on)\s+our\s+team\b", _I),
        "a human follow-up is offered only on a support turn", _support_turn),
    "supervisor": Commitment(re.compile(
        r"\b(?:supervisors?|managers?|team\s+lead(?:er)?s?|higher[- ]ups?|head\s+office|"
        r"senior\s+colleagues?)\b", _I),
        "no one else was consulted and nothing awaits approval"),
    "written_confirmation": Commitment(re.compile(
        r"\b(?:written\s+confirmation|in\s+writing|confirm\w*\s+(?:\w+\s+){0,2}by\s+"
        r"(?:e-?mail|letter|post)|send\s+you\s+(?:a\s+|the\s+)?(?:letter|confirmation|"
        r"written|e-?mail|agreement|contract))\b", _I),
        "written confirmation belongs to an agreement (or a dispute's validation notice)",
        lambda d, s: _accepted(d, s) or d.action == Action.PAUSE_DISPUTE),
    "false_status": Commitment(re.compile(
        r"\b(?:paid\s+in\s+full|fully\s+paid|written\s+off|write\s+(?:it|this|the\s+\w+)\s+"
        r"off|settled\s+in\s+full|(?:debt|balance|account)\s+(?:is\s+|has\s+been\s+)?"
        r"(?:cleared|forgiven|closed|settled)|owe\s+(?:us\s+)?nothing|nothing\s+(?:more\s+|"
        r"left\s+)?to\s+pay|(?:have|has)\s+been\s+paid)\b", _I),
        "the balance is owed until it is repaid"),
    "consequence_threat": Commitment(re.compile(
        r"\b(?:(?:you\s+(?:could|will|may|might|would|are\s+going\s+to|risk)|(?:or|otherwise|"
        r"else|before)\s+you)\s+(?:(?!not\b|never\b)\w+\s+)?(?:lose|losing)\s+(?:your|the)\s+(?:house|home|job|"
        r"car|business|flat|apartment|children|kids|family|livelihood|income)|evict\w*|"
        r"homeless\w*|(?:your\s+)?(?:job|home|house|family)\s+(?:is|are|will\s+be|could\s+be|"
        r"may\s+be)\s+at\s+risk|bankrupt\w*)\b", _I),
        "no such consequence was decided, and none may be threatened"),
    "third_party_contact": Commitment(re.compile(
        r"\b(?:talk|speak|go|turn)\s+(?:to|with)\s+your\s+(?:boss|employer|manager|family|"
        r"spouse|wife|husband|partner|parents|friends|colleagues|landlord|bank)\b", _I),
        "the debt is discussed with the debtor only"),
}
"""Promises and claims, each allowed only when the decision (or the scenario) made it."""

FRAGMENTS: dict[str, re.Pattern[str]] = {
    "placeholder": re.compile(
        r"_{2,}|[◻□☐▢◼◽◾▯■�]|\[[^\]]*\]|\{[^}]*\}|\((?:date|name|amount|number|days?|"
        r"time|x+|\.\.\.|insert[^)]*|your\s+\w+)\)|<[a-z_ ]{1,30}>|\b(?:TBD|XXX+|N/A)\b|"
        r"\?\?\?|\b(?:X{1,3}|N)\s+(?:days?|date|weeks?|months?)\b|[$£€]\s?X+\b|\bX+\.X+\b|"
        r"%s\b|%\w+%|\$\{?[a-z_]+\}?|#[A-Z_]{2,}#|\b(?:DD|MM|YYYY|YY)(?:[/-](?:DD|MM|YYYY|YY))+\b|"
        r"\b(?:TODO|TBC|FIXME|lorem\s+ipsum|insert\s+\w+\s+here)\b|\bagent\s+name\b|"
        r"\bby\s+_\b|[【】「」«»⟨⟩〈〉〔〕‹›《》〖〗]", _I),
    "stage_direction": re.compile(
        r"\((?:the\s+)?(?:debtor|creditor|caller|agent|customer|note|pause|smiles?|laughs?|"
        r"sighs?)\b[^)]*\)|\*[^*]{1,40}\*|\bthe\s+debtor\b", _I),
    "echoed_instruction": re.compile(
        r"\b(?:one\s+or\s+two\s+short\s+sentences?|short\s+sentences?|(?:your|my|the)\s+"
        r"reply\s+to\s+the\s+(?:creditor|debtor)|the\s+(?:creditor|debtor)'?s\s+message|"
        r"instructions?\b|as\s+the\s+creditor|write\s+(?:only\s+)?(?:your\s+(?:own\s+)?"
        r"(?:next\s+)?(?:message|reply)|one\s+or\s+two)|reply\s+in\s+\d|tone\s*:|"
        r"do\s+not\s+mention|1\s*-\s*3\s+(?:short\s+)?sentences|note\s+for\s+your\s+reply|"
        r"the\s+terms\s+follow|no\s+numbers)", _I),
    "debtor_voice": re.compile(
        r"\b(?:I|we)\s+(?:owe\b|can(?:not|'t|\s+not)\s+(?:afford|pay)|will\s+pay\s+you|"
        r"lost\s+my\s+job)|\bmy\s+(?:debt|balance|loan|bill|payments?|job|creditor)\b|"
        r"\bI\s+need\s+more\s+time\b|\bgive\s+me\s+more\s+time\b|\byour\s+debtor\b|"
        r"\bI\s*(?:'m|\s+am|'ll|\s+will)\s+(?:be\s+)?(?:making|make)\s+(?:the\s+)?payments?\b|"
        r"\bI(?:'m|\s+am|\s+have\s+been|'ve\s+been|\s+will|'ll|\s+can)?\s+(?:\w+\s+){0,2}"
        r"(?:pay|repay)\s+(?:it|this|you|the\s+balance)\b(?:\s+(?:off|back))?", _I),
}
"""Text a creditor's reply never contains: fragments, echoed prompts, the debtor's words."""

_SELF_INTRO = (r"\b(?:this\s+is|I\s*(?:'m|am)|my\s+name\s+is|we\s+are|calling\s+from|"
               r"on\s+behalf\s+of|speaking\s+for)\s+")
_FINAL_OFFER = re.compile(
    r"\b(?:the\s+(?:most|best|longest|maximum|furthest)\s+(?:\w+\s+)?(?:we|I)\s+(?:can|could|"
    r"are\s+able\s+to|am\s+able\s+to)|(?:final|last|best\s+and\s+final)\s+offer|"
    r"(?:can(?:not|'t)|unable\s+to|not\s+able\s+to)\s+go\s+(?:any\s+)?(?:higher|further|"
    r"longer|beyond)|as\s+far\s+as\s+(?:we|I)\s+can\s+go|take\s+it\s+or\s+leave\s+it|"
    r"no\s+further\s+(?:extension|flexibility)|(?:our|the)\s+(?:absolute\s+)?limit)\b", _I)


@dataclass(frozen=True, slots=True)
class Violation:
    rule: str
    detail: str

    def to_dict(self) -> dict[str, str]:
        return {"rule": self.rule, "detail": self.detail}


@dataclass(frozen=True)
class GuardResult:
    """The guard's verdict on one message; ``ok`` only when there are no violations."""

    violations: tuple[Violation, ...] = field(default_factory=tuple)
    jurisdiction: str = "us"

    @property
    def ok(self) -> bool:
        return not self.violations

    def problems(self) -> list[str]:
        return [f"{v.rule}: {v.detail}" for v in self.violations]

    def to_dict(self) -> dict[str, Any]:
        return {"ok": self.ok, "jurisdiction": self.jurisdiction,
                "violations": [v.to_dict() for v in self.violations]}


Check = Callable[["GuardInput"], list[Violation]]


@dataclass(frozen=True)
class GuardInput:
    """What every check reads: the NFKC-normalised text, the decision, the scenario, rules."""

    text: str
    """The normalised text with the parties' names masked: what the word rules read."""
    decision: Decision
    scenario: Scenario
    rules: Jurisdiction
    named: str = ""
    """The normalised text with the names as written: what identity checks read."""
    hidden: tuple[str, ...] = ()
    """Invisible characters the text carried (removed from ``text`` and ``named``)."""

    @property
    def lowered(self) -> str:
        return self.text.lower()


class ComplianceGuard:
    """Checks a creditor message against the rules and the decision it realises.

    ``jurisdiction`` overrides the scenario's own (``Scenario.jurisdiction``). The text is
    NFKC-normalised first, so full-width or compatibility forms read as their plain
    equivalents. Each check is one function in :data:`CHECKS`, run in order.
    """

    name = "v3"

    def __init__(self, jurisdiction: str | None = None) -> None:
        self.jurisdiction = jurisdiction

    def check(self, text: str, decision: Decision, scenario: Scenario) -> GuardResult:
        rules = jurisdiction(self.jurisdiction or scenario.jurisdiction)
        if not text or not text.strip():
            return GuardResult((Violation("empty", "the message is empty"),), rules.code)
        if not isinstance(text, str):
            return GuardResult((Violation("not_text", f"{type(text).__name__} is not text"),),
                               rules.code)
        # The rules judge what a reader sees: invisible characters are refused and removed,
        # so the word they hid is still judged (edge_agent.text.visible).
        hidden = tuple(invisible_characters(text))
        named = nfkc(visible(text))
        # The parties' names are data, not words the rules judge (edge_agent.verify.names);
        # idioms of time ("the last few months", "24/7") state no timeline.
        masked = guard_phrases.IDIOMS.sub("often", mask_names(named, scenario))
        given = GuardInput(masked, decision, scenario, rules, named, hidden)
        found: list[Violation] = []
        for check in CHECKS:
            found.extend(check(given))
        return GuardResult(tuple(found), rules.code)


def _negated(g: GuardInput, m: re.Match[str]) -> bool:
    """The match is negated in its sentence ("We will never sue you")."""
    return bool(guard_phrases.NEGATED_REASSURANCE.search(g.text[: m.start()]))


def _threat(g: GuardInput, rule: str, m: re.Match[str], why: str = "") -> Violation:
    """A threat rule's violation; a negated one is reported as what it is: a reassurance that
    still raises the topic, which a reply never does unprompted (the template never does)."""
    if _negated(g, m):
        return Violation("threat_mention", f"{m.group(0)!r} (negated, as {rule}): a "
                                           f"reassurance still raises the topic")
    return Violation(rule, f"{m.group(0)!r}{why}")


_THREATS = frozenset({"threat_arrest", "threat_violence", "third_party_disclosure",
                      "threat_seizure", "threat_legal_action", "threat_credit_reporting",
                      "consequence_threat", "third_party_contact", "enforcement_step",
                      "credit_harm", "false_authority"})


def _check_visible(g: GuardInput) -> list[Violation]:
    """Invisible characters anywhere; in an English scenario, Latin lookalike letters."""
    found = []
    if g.hidden:
        found.append(Violation("invisible_characters", f"{', '.join(g.hidden[:6])}: a reader "
                                                       f"cannot see them"))
    if g.scenario.language == "en" and (odd := lookalike_letters(g.text)):
        found.append(Violation("lookalike_letters", f"{''.join(odd[:8])!r} are not English "
                                                    f"letters (lookalikes)"))
    if re.search(r"\b" + PLACEHOLDER + r"\b", g.named):
        found.append(Violation("placeholder", f"{PLACEHOLDER!r}"))
    return found


def _check_patterns(g: GuardInput) -> list[Violation]:
    found = []
    lawful = "legal_action" in g.scenario.lawful_actions
    for rule, pattern in RULES.items():
        for m in pattern.finditer(g.text):
            # Lawful, intended legal action may name the court and the lawyers who take it.
            if rule == "false_authority" and lawful and re.fullmatch(
                    r"(?:\w+\s+)?(?:court|lawyers?|attorneys?|legal\s+team)", m.group(0), _I):
                continue
            found.append(_threat(g, rule, m) if rule in _THREATS else
                         Violation(rule, f"{m.group(0)!r}"))
            break
    return found


_PHRASES = guard_phrases.compiled()
_PHRASE_ALLOWED: dict[str, Callable[[Decision, Scenario], bool]] = {
    "false_agreement": _accepted,
    "written_confirmation": lambda d, s: _accepted(d, s) or d.action == Action.PAUSE_DISPUTE,
    "final_offer_claim": lambda d, s: d.final,
}


def _check_phrases(g: GuardInput) -> list[Violation]:
    """The paraphrases of :mod:`edge_agent.verify.phrases`, each under its rule's id."""
    found = []
    for rule, pattern in _PHRASES.items():
        m = pattern.search(g.text)
        if not m or _PHRASE_ALLOWED.get(rule, lambda d, s: False)(g.decision, g.scenario):
            continue
        if (lawful := guard_phrases.LAWFUL.get(rule)) and lawful in g.scenario.lawful_actions:
            continue
        found.append(_threat(g, rule, m) if rule in _THREATS else
                     Violation(rule, f"{m.group(0)!r}"))
    return found


# Quantities a reply never states: the one timeline is a number of days, in digits.
_VAGUE = re.compile(
    r"\b(?:dozens?|a\s+score\s+of|scores\s+of|twice|double(?![\s-]+check)|triple|treble|"
    r"quadruple|\w+fold|(?:a|one|two|three|few|couple|\d+)\s+grand|decades?|century|centuries|"
    r"semesters?|umpteen|a\s+fortnight|(?:several|many|a\s+number\s+of|another|a\s+few|"
    r"a\s+couple(?:\s+of)?|extra|additional)\s+(?:more\s+)?(?:days|weeks?|months?|years?|"
    r"fortnights?)|(?:some|more)\s+(?:weeks|months|years)|another\s+day|(?:fourth|fifth|sixth|seventh|"
    r"eighth|ninth|tenth|eleventh|twelfth|\w+teenth|\w+tieth))\b", _I)
_ROMAN = re.compile(r"\b(?=[MDCLXVI]{1,8}\b)M{0,3}(?:CM|CD|D?C{0,3})(?:XC|XL|L?X{0,3})"
                    r"(?:IX|IV|V?I{0,3})\s+(?:more\s+)?(?:days?|weeks?|months?|years?)\b")
_NUMBER_PART = (r"(?:zero|one|two|three|four|five|six|seven|eight|nine|ten|eleven|twelve|"
                r"thirteen|fourteen|fifteen|sixteen|seventeen|eighteen|nineteen|twenty|thirty|"
                r"forty|fifty|sixty|seventy|eighty|ninety|hundred|thousand)")
_OBFUSCATED = re.compile(r"^(?:" + _NUMBER_PART + r"{2,}|" + _NUMBER_PART + r"+ish)$", _I)
_SPACED = re.compile(r"(?<!\w)(?:[a-z][ .-]){2,}[a-z](?!\w)", _I)
_DIGIT_WORDS = r"(?:zero|oh|one|two|three|four|five|six|seven|eight|nine)"
_SPELLED_DIGITS = re.compile(r"\b" + _DIGIT_WORDS + r"(?:-" + _DIGIT_WORDS + r")+\b", _I)


def _check_quantities(g: GuardInput) -> list[Violation]:
    """Figures a number parser does not read: quantity words, Roman numerals, number words
    split, hyphenated or run together ("twen-ty", "twentyfive", "f o r t y")."""
    found = []
    for pattern in (_VAGUE, _ROMAN, _SPACED, _SPELLED_DIGITS):
        if m := pattern.search(g.text):
            found.append(Violation("stray_figure", f"{m.group(0)!r} (a figure in disguise)"))
    for token in re.findall(r"[A-Za-z][A-Za-z-]*[A-Za-z]", g.text):
        joined = token.replace("-", "")
        plain = "-" in token and all(re.fullmatch(_NUMBER_PART, p, _I) for p in token.split("-"))
        if (_OBFUSCATED.match(joined) and not plain) or ("-" in token and not plain
                                                      and re.fullmatch(_NUMBER_PART, joined, _I)):
            found.append(Violation("stray_figure", f"{token!r} (a number word in disguise)"))
            break
    return found


def _check_repeated_terms(g: GuardInput) -> list[Violation]:
    """The code places the terms once: a second duration ("15 days now and another 15 days
    later") or a further amount ("plus $15,700.00 in interest") changes them even when each
    figure is the decided one."""
    found = []
    if len(find_durations(g.text)) > 1:
        found.append(Violation("repeated_terms", "states a timeline more than once"))
    amounts = list(_MONEY.finditer(g.text))
    for m in amounts if len(amounts) > 1 else ():
        # The template may name the balance twice (answering "why is the balance so high");
        # a second amount that adds to it ("plus $X in interest", "another $X later") may not.
        before, after = g.text[max(0, m.start() - 30): m.start()], g.text[m.end(): m.end() + 30]
        if _ADDED_BEFORE.search(before) or _ADDED_AFTER.match(after):
            found.append(Violation("repeated_terms", f"{m.group(0)} is stated as a further "
                                                     f"amount"))
            break
    return found


_ADDED_BEFORE = re.compile(r"\b(?:plus|another|additional|extra|more|also|then|and|again|"
                           r"with|including|add(?:ing|ed)?)\s+(?:an?\s+|the\s+)?$", _I)
_ADDED_AFTER = re.compile(r"\s*(?:more|extra|again|later|each|per|every|a\s+(?:day|week|month)|"
                          r"(?:in|of|for|as)\s+(?:the\s+)?(?:interest|fees?|charges?|costs?))\b",
                          _I)


def _check_enforcement(g: GuardInput) -> list[Violation]:
    found = []
    for rule, (action, pattern) in ENFORCEMENT.items():
        m = pattern.search(g.text)
        if m and action not in g.scenario.lawful_actions:
            found.append(_threat(g, rule, m, " is not a lawful, intended step for this debt"))
    return found


def _check_days_and_money(g: GuardInput) -> list[Violation]:
    return _figures(g.text, g.decision, g.scenario)


def _check_agreement(g: GuardInput) -> list[Violation]:
    if g.decision.action != Action.ACCEPT and (m := _AGREEMENT.search(g.text)):
        return [Violation("false_agreement", f"{m.group(0)!r}, but the decision is "
                                             f"{g.decision.action.value}")]
    return []


def _check_agreement_language(g: GuardInput) -> list[Violation]:
    """Agreement words only in a reply whose decision is a confirmed agreement (issue 11)."""
    if g.decision.action != Action.ACCEPT and (m := AGREEMENT_WORDS.search(g.text)):
        return [Violation("agreement_language", f"{m.group(0)!r} outside a confirmed "
                                                f"agreement")]
    return []


def _check_invented_terms(g: GuardInput) -> list[Violation]:
    found = []
    if m := _DATE.search(g.text):
        found.append(Violation("invented_terms", f"names a date {m.group(0)!r}"))
    if m := _PARTIAL.search(g.text):
        found.append(Violation("invented_terms", f"names a partial amount {m.group(0)!r}"))
    return found


def _check_disclosure(g: GuardInput) -> list[Violation]:
    if g.decision.action != Action.OPEN:
        return []
    found = []
    creditor = re.escape(g.scenario.creditor_name)
    if not re.search(r"(?<!\w)" + creditor + r"(?!\w)", g.named, _I) or re.search(
            r"\b(?:not|n't|never)\s+(?:\w+\s+){0,2}" + creditor, g.named, _I):
        found.append(Violation("disclosure", "the opening must identify the creditor"))
    if re.search(r"\b(?:not|n't|never)\s+(?:\w+\s+){0,2}(?:an?\s+)?attempt\s+to\s+collect|"
                 r"collect\s+a\s+debt[^.!?]{0,30}\b(?:don'?t\s+worry|ignore|never\s+mind|"
                 r"disregard)", g.text, _I):
        found.append(Violation("disclosure", "the debt-collection disclosure is negated"))
    if g.rules.code == "us" and not _DISCLOSURE_US.search(g.text):
        found.append(Violation("disclosure", "the opening must say this is an attempt "
                                             "to collect a debt"))
    if g.rules.code == "uk" and g.rules.advice_marker not in g.lowered:
        found.append(Violation("disclosure", "the opening must point to free, "
                                             "independent debt advice"))
    return found


def _check_support(g: GuardInput) -> list[Violation]:
    d, found = g.decision, []
    if d.supportive and d.persona in UNSUPPORTIVE_PERSONAS:
        found.append(Violation("vulnerable_persona", f"{d.persona} persona shown to "
                                                     f"a vulnerable debtor"))
    if d.tactic in (Tactic.SUPPORT, Tactic.CRISIS) and g.rules.advice_marker not in g.lowered:
        found.append(Violation("support_advice_missing", "must point to free debt advice"))
    if d.tactic == Tactic.CRISIS and g.rules.crisis_marker not in g.text:
        found.append(Violation("crisis_line_missing", f"must give {g.rules.crisis_marker}"))
    return found


def _check_commitments(g: GuardInput) -> list[Violation]:
    """Promises and claims the decision did not make (see :data:`COMMITMENTS`)."""
    found = []
    for rule, commitment in COMMITMENTS.items():
        m = commitment.pattern.search(g.text)
        if m and not commitment.allowed(g.decision, g.scenario):
            found.append(_threat(g, rule, m, f": {commitment.why}") if rule in _THREATS
                         else Violation(rule, f"{m.group(0)!r}: {commitment.why}"))
    return found


def _check_fragments(g: GuardInput) -> list[Violation]:
    """Template fragments, echoed instructions and the debtor's voice (see :data:`FRAGMENTS`)."""
    return [Violation(rule, f"{m.group(0)!r}") for rule, pattern in FRAGMENTS.items()
            if (m := pattern.search(g.text))]  # fmt: skip


def _check_identity(g: GuardInput) -> list[Violation]:
    """The creditor never speaks under the debtor's name, and introduces itself only once."""
    found = []
    name = g.scenario.debtor_name
    if name and name.lower() not in ("there", ""):
        # "Ms Lopez", "Mr. Lopez", "Lopez": the surname with any title.
        surname = re.escape(name.split()[-1])
        who = re.compile(_SELF_INTRO + r"(?:(?:mr|ms|mrs|miss|mx|dr)\.?\s+)?(?:"
                         + re.escape(name) + "|" + surname + r")\b", _I)  # fmt: skip
        signed = re.compile(r"(?:(?:regards|sincerely|cheers|thanks|best|yours|from)\W+|"
                            r"\bit'?s\s+|(?:^|[-–—]\s*))(?:" + re.escape(name) + r")\b(?!\s*,)"
                            r"|(?:" + re.escape(name) + r")\s*(?:here|speaking)\b"
                            r"|[-–—]\s*(?:" + re.escape(name) + r")\s*$", _I)  # fmt: skip
        if m := who.search(g.named) or signed.search(g.named):
            found.append(Violation("creditor_identity", f"{m.group(0)!r}: the debtor's name "
                                                        f"used as the creditor's"))
    if g.decision.action != Action.OPEN:
        again = re.compile(
            _SELF_INTRO + r"(?:the\s+creditor|" + re.escape(g.scenario.creditor_name) + r")\b"
            r"|\bI\s*(?:'m|am)\s+the\s+creditor\b", _I)  # fmt: skip
        if m := again.search(g.named):
            found.append(Violation("reintroduction", f"{m.group(0)!r}: the creditor introduces "
                                                     f"itself only in the opening"))
    return found


def _check_final_offer(g: GuardInput) -> list[Violation]:
    """"The most we can offer" only when the decision says the offer is final."""
    if (m := _FINAL_OFFER.search(g.text)) and not g.decision.final:
        return [Violation("final_offer_claim", f"{m.group(0)!r}, but the decision may still "
                                               f"move (the offer is not final)")]
    return []


def _check_language(g: GuardInput) -> list[Violation]:
    s = g.scenario
    why = language_problem(g.text, s.language, ignore=(s.creditor_name, s.debtor_name))
    return [Violation("wrong_language", why)] if why else []


def _check_stray_figures(g: GuardInput) -> list[Violation]:
    """Any figure, in any script or language, that is not the decided days or the balance."""
    d, found = g.decision, []
    expected = d.stated_days if d.action in _STATES_DAYS else None
    for fig in non_ascii_figures(g.text):
        if fig.kind == "number_word" and expected is not None and fig.value == expected:
            continue  # the decided figure spelled out: the days check reads it
        found.append(Violation("stray_figure", f"{fig.text!r} ({fig.kind.replace('_', ' ')})"))
    rest = g.text
    for allowed in (g.rules.crisis_line if d.tactic == Tactic.CRISIS else "",):
        rest = rest.replace(allowed, " ") if allowed else rest
    rest = _MONEY.sub(" ", rest)  # money figures are the amount check's
    rest = without_durations(rest)  # stated durations are the days check's
    for number, _, _ in ascii_numbers(rest):
        found.append(Violation("stray_figure", f"{number!r} is neither the decided days nor "
                                               f"the balance"))
    return found


CHECKS: tuple[Check, ...] = (
    _check_visible,
    _check_patterns,
    _check_phrases,
    _check_quantities,
    _check_repeated_terms,
    _check_enforcement,
    _check_days_and_money,
    _check_agreement,
    _check_agreement_language,
    _check_invented_terms,
    _check_disclosure,
    _check_support,
    _check_commitments,
    _check_fragments,
    _check_identity,
    _check_final_offer,
    _check_language,
    _check_stray_figures,
)
"""Every check the guard runs, in order; each returns the violations it found."""


def _figures(text: str, decision: Decision, scenario: Scenario) -> list[Violation]:
    found: list[Violation] = []
    expected = decision.stated_days if decision.action in _STATES_DAYS else None
    stated = find_durations(text)
    for d in stated:
        if expected is None or not d.exact or d.low != expected or d.high != expected:
            found.append(Violation("days_mismatch", f"states {d.stated()} days; the decision "
                                                    f"is {expected}"))
    if expected is not None and not stated:
        found.append(Violation("days_missing", f"must state the decided {expected} days"))
    for m in _MONEY.finditer(text):
        digits = re.sub(r"^[$£€]\s?|\s?(?:dollars|usd)$", "", m.group(0), flags=_I)
        if not re.fullmatch(r"\d{1,3}(?:,\d{3})*(?:\.\d{2})?|\d+(?:\.\d{2})?", digits):
            found.append(Violation("amount_mismatch", f"{m.group(0)!r} is not a well-formed "
                                                      f"amount"))
            continue
        value = float(re.sub(r"[^\d.]", "", m.group(0)) or "nan")
        if decision.tactic == Tactic.CRISIS or abs(value - scenario.balance) > 0.005:
            found.append(Violation("amount_mismatch", f"states {m.group(0)}; the balance is "
                                                      f"{scenario.balance}"))
    return found
