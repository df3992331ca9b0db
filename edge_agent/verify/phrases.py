"""Paraphrases the guard's core rules missed, as data (issue 12, hostile review).

Each entry extends a rule of :mod:`edge_agent.verify.guard` with the paraphrases an outside tester
showed getting through ("knock off the interest", "consider it settled", "have a word with
your boss"). They are kept apart from the core patterns so the list can grow with every
review without touching the checks, and every entry has a positive and a close negative case
in ``tests/test_guard_phrases.py``. Patterns are matched case-insensitively on the visible,
NFKC-normalised text with the parties' names masked.
"""

from __future__ import annotations

import re

_I = re.IGNORECASE

EXTRA: dict[str, tuple[str, ...]] = {
    "waive_or_reduce": (
        r"\bknock\w*\s+(?:\w+\s+){0,2}off\b", r"\bforget\s+(?:about\s+)?(?:the\s+)?(?:\w+\s+)?"
        r"(?:interest|fees?|charges?|rest)\b",
        r"\b(?:interest|fees?|charges?)\s+(?:is|are|will\s+be)\s+(?:\w+\s+)?(?:gone|suspended|"
        r"paused|stopped|not\s+(?:be\s+)?charged|off)\b",
        r"\bno\s+(?:more\s+)?(?:interest|fees?|charges?)\s+(?:will|is|are|to)\b",
        r"\b(?:pause|suspend|stop\s+adding|stop\s+charging)\w*\s+(?:the\s+)?(?:interest|fees?|"
        r"charges?)\b",
        r"\b(?:pay|take|accept|settle\s+for)\s+less\b", r"\b(?:a\s+)?lower\s+(?:sum|figure|"
        r"total)\b", r"\bpart\s+payment\b", r"\blet\s+(?:some|part)\s+of\s+it\s+go\b",
        r"\bforgive\s+(?:some|part)\b",
        r"\b(?:minus|less|net\s+of|excluding)\s+(?:the\s+|any\s+)?(?:interest|fees?|charges?)\b",
        r"\b(?:interest|fees?|charges?)\s+(?:excluded|aside)\b",
    ),
    "instalments": (
        r"\bsplit\s+(?:it|this|the\s+\w+)\s+(?:up|into)\b", r"\bbit\s+by\s+bit\b",
        r"\bin\s+(?:parts|stages|chunks|pieces|lumps|portions|tranches)\b",
        r"\b(?:two|three|several|smaller)\s+(?:lumps|chunks|parts|portions)\b",
        r"\ba\s+little\s+at\s+a\s+time\b", r"\bspread\s+(?:it|this|the\s+\w+)\s+(?:out\s+)?over\b",
    ),
    "contact_within_time": (
        r"\b(?:get|be)\s+in\s+touch\b", r"\bexpect\s+(?:a\s+)?(?:call|letter|visit|email|"
        r"message)\b", r"\b(?:reach\s+out|phone\s+again|call\s+again)\b",
        r"\b(?:will|'ll)\s+follow\s+up\b", r"\bsend\s+someone\b", r"\bkeep\s+(?:calling|"
        r"contacting|writing)\b",
    ),
    "supervisor": (
        r"\b(?:my\s+)?(?:boss|director|superior|management)\s+(?:has\s+)?(?:okay|approv|agreed|"
        r"sign|said|given|green)\w*\b", r"\bchecked\s+with\s+my\b", r"\bgreen\s+light\b",
    ),
    "false_status": (
        r"\bconsider\s+(?:it|this|the\s+\w+)\s+(?:settled|gone|done|paid|closed|cleared)\b",
        r"\ball\s+square\b", r"\bcall\s+it\s+even\b", r"\bslate\s+(?:is\s+)?(?:wiped\s+)?clean\b",
        r"\bwipe\w*\s+(?:the\s+)?slate\b", r"\bdebt[- ]free\b", r"\b(?:don'?t|do\s+not|no\s+"
        r"longer)\s+owe\b", r"\bbalance\s+is\s+(?:now\s+)?zero\b",
    ),
    "consequence_threat": (
        r"\broof\s+over\s+your\s+head\b", r"\bon\s+the\s+street\b", r"\b(?:kids|children|family)"
        r"\s+(?:could|will|may|might)\s+suffer\b", r"\bwages\s+(?:could|will|may|might)\s+be\b",
    ),
    "third_party_contact": (
        r"\b(?:have\s+a\s+word|get\s+in\s+touch|reach\s+out)\s+(?:with|to)\s+your\b",
        r"\b(?:contact|visit|call)\s+your\s+(?:workplace|office|work)\b",
        r"\blet\s+your\s+\w+\s+know\b",
    ),
    "final_offer_claim": (
        r"\b(?:our|the)\s+best\s+offer\b", r"\bfinal\s+word\b", r"\bwon'?t\s+budge\b",
        r"\bas\s+good\s+as\s+it\s+gets\b", r"\bcan(?:'t|not)\s+do\s+(?:any\s+)?more\s+than\b",
        r"\bbest\s+we\s+can\s+do\b",
    ),
    "written_confirmation": (
        r"\b(?:e-?mail|post|mail|send)\w*\s+(?:you\s+)?(?:the\s+)?terms\b",
        r"\bconfirmation\s+will\s+be\b", r"\bin\s+writing\b",
    ),
    "false_agreement": (
        r"(?:^|[.!?]\s+)(?:agreed|deal|done)\s*[.!]", r"\bwe'?re\s+agreed\b",
        r"\b(?:it'?s|that'?s)\s+settled\b", r"\bworks\s+for\s+us\b", r"\bgot\s+a\s+deal\b",
        r"\b(?:happy|glad|pleased)\s+to\s+accept\b", r"\bgo\s+with\s+your\b",
        r"\byour\s+(?:offer|proposal|terms?)\s+(?:is|are)\s+accepted\b",
        r"\b(?:could|can|would)\s+(?:even\s+)?accept\s+your\b",
        r"\b(?:okay|ok|right|fine),?\s+(?:it'?s\s+)?done\b",
    ),
    "enforcement_step": (
        r"\blawyers?\b", r"\bbailiffs?\b", r"\bdebt\s+collectors?\b", r"\bproceedings\b",
        r"\bsend\s+someone\s+round\b", r"\bescalat\w+\b", r"\bfurther\s+action\b",
    ),
    "credit_harm": (
        r"\b(?:hurt|harm|damage|affect)\w*\s+your\s+credit\b", r"\bon\s+your\s+record\b",
        r"\bwe\s+(?:will|'ll|may|might)\s+report\b", r"\byour\s+credit\s+(?:will|could|may)\b",
    ),
    "open_ended_terms": (
        r"\bor\s+(?:even\s+)?longer\b", r"\bextend\s+(?:it|this|the\s+\w+)\s+later\b",
        r"\b(?:much|even|a\s+lot)\s+longer\b", r"\bmore\s+flexibility\b",
        r"\bwhatever\s+you\s+can\s+(?:manage|afford)\b",
    ),
    "echoed_instruction": (
        r"\b(?:persona|tactic|decision|emotion|mode)\s*:", r"\byou\s+are\s+(?:a|the)\s+creditor\b",
        r"(?:^|\s)(?:creditor|assistant|model|bot)\s*:", r"#{2,}", r"\bwords\s+only\b",
        r"\bthe\s+system\s+(?:told|asked|said)\b", r"\bno\s+figures\b",
        r"\bkeep\s+it\s+(?:short|brief)\b",
        # the system prompt's role line, echoed ("You are a polite debt collection agent...")
        r"\byou\s+are\s+(?:a|an|the)\s+(?:\w+\s+){0,4}(?:agent|assistant|collector|"
        r"negotiator|chatbot|language\s+model)\b",
        r"\byou\s+have\s+just\s+agreed\s+to\s+talk\b",
    ),
    "debtor_voice": (
        r"(?:^|[.!?]\s+)(?:debtor|me|user|customer|human|name)\s*:", r"\bI'?m\s+broke\b",
        r"\bI\s+(?:really\s+)?need\s+(?:more|longer|extra)\b", r"\bI\s+promise\s+I'?ll\s+pay\b",
        r"\bcan\s+I\s+have\s+(?:longer|more)\b", r"\bI\s+get\s+paid\b",
    ),
    "placeholder": (r"\b(?:by|on|before|until)\s*(?:\.{3,}|…)",),
    "belittling": (
        r"\bnot\s+as\s+(?:smart|strong|clever|good|bright)\s+(?:\w+\s+){0,3}as\s+you\s+think\b",
        r"\byou\s+(?:are|were|'re)\s+(?:being\s+)?(?:so\s+|very\s+)?(?:rude|unreasonable|"
        r"childish|ridiculous|silly|irresponsible|dishonest|hysterical|dramatic)\b",
        r"\b(?:grow\s+up|(?:you\s+should\s+)?be\s+ashamed|pull\s+yourself\s+together|"
        r"get\s+a\s+grip|calm\s+down|stop\s+whining|stop\s+complaining)\b",
    ),
}
"""Rule id -> extra patterns. Rules not in the core guard (``enforcement_step``,
``credit_harm``, ``open_ended_terms``, ``belittling``: condescension the abuse word list
misses, as the real model wrote "you are not as strong in English as you think") are new;
the first two are allowed when the scenario's ``lawful_actions`` lists the step (see
:data:`LAWFUL`)."""

LAWFUL: dict[str, str] = {"enforcement_step": "legal_action", "credit_harm": "credit_reporting"}
"""A new rule that the scenario may make lawful: rule id -> ``lawful_actions`` entry."""

NEGATED_REASSURANCE = re.compile(
    r"\b(?:will\s+not|won'?t|never|not\s+going\s+to|do\s+not|don'?t|is\s+not|isn'?t|nobody|"
    r"no\s+one)\b[^.!?]{0,40}$", _I)
"""Text before a threat match that negates it ("We will not contact your employer"):
a reassurance is still a mention of the topic, so it is reported under its own rule
(``threat_mention``) rather than as the threat itself."""

IDIOMS = re.compile(
    r"\b(?:(?:the\s+)?(?:last|past)\s+(?:few|couple(?:\s+of)?|several|many)\s+(?:days|weeks|"
    r"months|years)|one\s+day\s+at\s+a\s+time|(?:seven|7)\s+days\s+a\s+week|24\s*/\s*7|"
    r"twenty-four\s+hours\s+a\s+day|(?:good|nice|great|lovely|happy)\s+(?:monday|tuesday|"
    r"wednesday|thursday|friday|saturday|sunday|weekend))\b", _I)
"""Time phrases that state no offered timeline (empathy about the past, availability):
replaced by a neutral word before the figure and date rules read the text."""


def compiled() -> dict[str, re.Pattern[str]]:
    """Each rule's extra patterns as one compiled alternation."""
    return {rule: re.compile("|".join(f"(?:{p})" for p in pats), _I) for rule, pats in
            EXTRA.items()}  # fmt: skip


__all__ = ["EXTRA", "IDIOMS", "LAWFUL", "NEGATED_REASSURANCE", "compiled"]
