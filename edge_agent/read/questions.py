"""The questions a debtor asks, as typed outputs the reply plan must answer.

A skilled collector answers every question before restating terms; a reply that skips "Who is
this?" or "Can you waive the interest?" reads as evasive however polite it is. The reader's
:class:`~edge_core.DebtorMove` says *that* a message is a question (``MoveKind.QUESTION``), not
*which* questions it holds, and a message may ask two ("Who is this? How did you get my
number?"). :func:`questions` splits the message into sentences and gives each question sentence
every :class:`Ask` it carries, so the planner can put one answer per ask in the reply
(:mod:`edge_agent.plan`) and the voice benchmark can count the unanswered ones.

A question that names its own timeline ("Could you do 120 days?") is a proposal: the terms
answer it (``Ask.PROPOSAL``). A rhetorical question ("Are you kidding me?") asks for nothing
(``Ask.RHETORICAL``). Anything else that is recognisably a question but matches no kind is
``Ask.OTHER``: the planner answers it with the offer, and the benchmark counts it as
unanswered, so a new kind of question shows up in the figures instead of hiding in a
general "good question".
"""

from __future__ import annotations

import re

from edge_agent.text.normalise import normalise
from edge_core.reply_plan import Ask, Question

_I = re.IGNORECASE


KINDS: dict[Ask, re.Pattern[str]] = {
    Ask.IDENTITY: re.compile(
        r"\b(?:who\s+(?:the\s+hell\s+|on\s+earth\s+)?(?:are\s+you|is\s+this|am\s+i\s+(?:speaking|talking)\s+(?:to|with)|is\s+"
        r"(?:calling|speaking|texting|messaging))|what\s+is\s+(?:this|it)\s+(?:about|"
        r"regarding|for)|what'?s\s+this\s+about|are\s+you\s+(?:even\s+|really\s+|actually\s+)?"
        r"(?:a\s+|an\s+)?(?:bot|robot|"
        r"human|real(?:\s+person)?|person|machine|ai|computer|automated)|is\s+this\s+(?:a\s+)?"
        r"(?:bot|robot|scam|real|automated)|am\s+i\s+talking\s+to\s+a\s+(?:bot|person|human|"
        r"machine)|what\s+are\s+you)\b", _I),
    Ask.CREDITOR: re.compile(
        r"\b(?:who\s+do\s+i\s+owe|which\s+(?:company|creditor|bank|lender|account)|what\s+"
        r"(?:company|creditor|bank|lender)|who\s+(?:is|'s)\s+the\s+(?:creditor|lender)|"
        r"who\s+(?:are\s+you\s+)?(?:calling|working)\s+(?:for|on\s+behalf\s+of)|"
        r"on\s+behalf\s+of\s+who(?:m)?)\b", _I),
    Ask.CONTACT: re.compile(
        r"\b(?:how\s+did\s+you\s+(?:get|find|obtain)\s+(?:my|this)|where\s+did\s+you\s+get\s+"
        r"(?:my|this)|why\s+are\s+you\s+(?:calling|contacting|texting|messaging|emailing)|"
        r"how\s+do\s+you\s+(?:have|know)\s+my)\b", _I),
    Ask.BALANCE: re.compile(
        r"\b(?:how\s+much\s+(?:do\s+i|is\s+(?:it|the\s+(?:balance|debt|total))|is\s+owed|"
        r"money|in\s+total|exactly)|what\s+(?:do\s+i|is\s+the\s+(?:balance|amount|total)|"
        r"'s\s+the\s+(?:balance|amount))|what\s+is\s+owed|the\s+(?:full\s+)?amount\s+i\s+owe|"
        r"how\s+much\s+i\s+owe|what\s+i\s+owe|combien|cu[áa]nto|wie\s*viel)\b", _I),
    Ask.BALANCE_PARTS: re.compile(
        r"\b(?:what\s+(?:does|is)\s+(?:it|that|this|the)(?:\s+(?:balance|amount|debt|total|"
        r"figure))?\s+"
        r"(?:include|made\s+up\s+of|for|cover)|why\s+is\s+(?:it|the\s+(?:balance|amount|debt))"
        r"\s+so\s+(?:high|much|big|large)|breakdown|itemi[sz]\w*|where\s+does\s+(?:that|this|"
        r"the)\s+(?:number|amount|figure)\s+come\s+from)\b", _I),
    Ask.INTEREST_FEES: re.compile(
        r"\b(?:interest|fees?|charges?|penalt\w+|waive|waiving|discount|reduce\s+(?:the\s+)?"
        r"(?:balance|amount|debt|total)|lower\s+(?:the\s+)?(?:balance|amount|debt)|"
        r"(?:pay|settle\s+for)\s+less|write\s+(?:it\s+)?off|forgive)\b", _I),
    Ask.CONSEQUENCES: re.compile(
        r"\b(?:what\s+(?:happens|will\s+happen|would\s+happen)|what\s+if\s+(?:i|we)\s+"
        r"(?:don'?t|do\s+not|can'?t|cannot|miss|never|refuse|stop|just\s+(?:don'?t|can'?t))|"
        r"what\s+are\s+the\s+"
        r"consequences|what\s+(?:will|would|can|could)\s+you\s+do\s+if|and\s+if\s+i\s+"
        r"(?:don'?t|do\s+not|can'?t|cannot|miss)|what\s+then)\b", _I),
    Ask.LONGEST: re.compile(
        r"\b(?:(?:the\s+)?(?:longest|most|maximum|max|best|furthest)\s+(?:time(?:line)?|you\s+"
        r"can|you\s+could|you'?re\s+able|you\s+will|days|period|offer)|final\s+offer|"
        r"last\s+offer|your\s+(?:limit|best)|how\s+long\s+(?:can|could|will)\s+you|how\s+"
        r"(?:far|much\s+time)\s+can\s+you|is\s+that\s+(?:it|final|your\s+best))\b", _I),
    Ask.MONTHLY: re.compile(
        r"\b(?:(?:a|per|each|every)\s+(?:month|week|fortnight)|monthly|weekly|instal?l?ments?|"
        r"payment\s+plan|in\s+(?:parts|pieces|chunks)|pay\s+(?:it\s+)?(?:in\s+)?(?:part|some|"
        r"bits)|part\s+(?:of\s+it\s+)?now|split\s+(?:it|the\s+payments?|the\s+balance)|"
        r"(?:what\s+if\s+i|can\s+i|could\s+i)\s+pay\s+(?:when|once|as\s+soon\s+as|after|"
        r"as\s+i\s+go|bit\s+by\s+bit))\b", _I),
    Ask.WHY_FAST: re.compile(
        r"\b(?:why\s+(?:so\s+(?:fast|quick|soon|short)|the\s+rush|the\s+hurry|do\s+you\s+need"
        r"\s+it|only|such\s+a\s+short|this\s+timeline|that\s+timeline|\d+\s+days|not\b|can'?t\s+"
        r"you)|why\s+(?:should|must|do)\s+i)\b", _I),
    Ask.NEEDED: re.compile(
        r"\b(?:what\s+do\s+you\s+(?:need|want)\s+(?:from\s+me|me\s+to\s+do)|what\s+(?:should|"
        r"can|do)\s+i\s+do|what\s+now|what\s+are\s+my\s+options|how\s+do\s+(?:i|we)\s+"
        r"(?:sort|settle|fix|resolve)\s+this)\b", _I),
    Ask.EXPLAIN: re.compile(
        r"\b(?:(?:simple|simpler|plain)\s+(?:words|english|terms)|explain|(?:don'?t|do\s+not)\s+"
        r"understand|what\s+does\s+(?:that|this)\s+mean|say\s+(?:it|that)\s+again|"
        r"comprends\s+pas|no\s+entiendo|verstehe\s+(?:das\s+)?nicht)\b", _I),
    Ask.FLEXIBILITY: re.compile(
        r"\b(?:any\s+flexib\w+|be\s+(?:more\s+)?flexible|do\s+(?:any\s+)?better|nothing\s+more"
        r"\s+you\s+can\s+do|more\s+time|give\s+me\s+(?:some\s+)?time|extend|extension|"
        r"any\s+(?:room|give)|meet\s+me\s+(?:halfway|in\s+the\s+middle))\b", _I),
}
"""Question kinds, each a pattern over one normalised question sentence. A sentence may carry
several kinds ("Why is it so high, and can you waive the fees?")."""

CALLBACK = re.compile(
    r"\b(?:(?:can|could|would|will)\s+(?:you|someone|somebody|anyone|one\s+of\s+you|a\s+person)"
    r"\s+(?:please\s+)?(?:call|ring|phone)\s+(?:me|my)|(?:call|ring|phone)\s+me\s+(?:back|later|"
    r"tomorrow|tonight|instead|after|before|on|at|in\s+the\s+(?:morning|afternoon|evening)|this|"
    r"next|when|please)|(?:call|ring|phone)\s+my\s+(?:mobile|cell|phone|number|landline)|"
    r"give\s+me\s+a\s+(?:call|ring|phone\s+call)|"
    r"(?:rather|prefer\s+to|like\s+to|want\s+to|need\s+to|can\s+we|could\s+we)\s+"
    r"(?:talk|speak|discuss\s+(?:this|it))\s+(?:on|over|by)\s+the\s+phone|"
    r"(?:prefer|want|rather\s+have|like)\s+a\s+(?:phone\s+)?call|"
    r"ll[áa]m[ea](?:me|nos)|(?:puede|podr[íi]a|pueden)\s+llamarme|me\s+(?:puede|podr[íi]a)\s+llamar|"
    r"rappelez[- ]moi|appelez[- ]moi|rappelle[- ]moi|appelle[- ]moi|"
    r"(?:pouvez|pourriez)[- ]vous\s+m'appeler|"
    r"(?:rufen\s+sie|ruf)\s+mich\s+(?:zur[üu]ck|an|morgen|sp[äa]ter))", _I)
"""A request to be phoned ("Can you call me back tomorrow?", "call me after 5pm", "I'd rather
talk on the phone", "Llámeme mañana"): the reply owes it an answer, since this channel is
written messages and no call can be promised. Not a request: "stop calling me" (a stop or a
restriction, :mod:`edge_agent.read.duties`), "you called me yesterday" (a report)."""
_NOT_CALLBACK = re.compile(
    r"\b(?:(?<!why )don'?t|do\s+not|never|stop|no\s+more|quit|not)\s+(?:\w+\s+){0,3}$|"
    r"\bno\s+need\s+(?:for\s+you\s+)?to\s+$|\bno\s+me\s+$", _I)
"""What before a call verb makes it no request: a negation up to three words back ("don't
call me back", "I don't want you to call me back", "I never asked you to call me back"),
"no need to"; "why don't you call me" is still a request."""


def callback_requested(sentence: str) -> bool:
    """Whether one sentence asks to be phoned (a negated call verb is no request)."""
    return any(not _NOT_CALLBACK.search(sentence[:m.start()])
               for m in CALLBACK.finditer(sentence))


QUESTION_SHAPE = re.compile(
    r"\?\s*$|^\s*(?:what|why|how|when|where|who|which|can\s+you|could\s+you|would\s+you|"
    r"will\s+you|is\s+there|are\s+there|are\s+you|do\s+you|does|is\s+(?:it|this|that)|"
    r"can\s+i|could\s+i|may\s+i)\b", _I)
RHETORICAL = re.compile(
    r"\b(?:are\s+you\s+(?:kidding|joking|serious|insane|crazy|mad|nuts|for\s+real)|"
    r"(?:do\s+you|can\s+you)\s+(?:even\s+)?hear\s+yourself|who\s+do\s+you\s+think\s+you\s+are|"
    r"how\s+dare\s+you|what\s+is\s+wrong\s+with\s+you|seriously\s*\?|really\s*\?|"
    r"what\s+(?:the\s+)?(?:hell|heck|f\w*)\b|is\s+this\s+a\s+joke|why\s+(?:should|would)\s+i\s+"
    r"(?:even\s+)?(?:care|bother|listen|talk\s+to\s+you))", _I)
INSULT = re.compile(
    r"\bare\s+you\s+(?:\w+\s+)?(?:stupid|dumb|deaf|thick|an?\s+idiot|a\s+moron)\b|"
    r"\b(?:vultures?|leech(?:es)?|parasites?|scum|bloodsuckers?|(?:loan\s+)?sharks|crooks?|"
    r"thieves|idiots?|morons?|clowns?)\b", _I)
"""An insult shaped as a question ("You vultures again?", "Are you stupid?"): hostility to
acknowledge, not a question of no known kind to answer with "that is outside what I can help
with". Only when the sentence asks nothing we know ("You idiots, can you waive the interest?"
is still a question about interest)."""
TIMELINE = re.compile(
    r"\b\d+\s*(?:days?|weeks?|months?|years?)\b|\b(?:a|one|two|three|six)\s+(?:weeks?|"
    r"months?|years?)\b", _I)
_SPLIT = re.compile(r"(?<=[?.!])\s+|\n+")


def question_sentences(text: str) -> list[str]:
    """The sentences of ``text`` that are questions by their shape, and the requests to be
    phoned whatever their shape ("Call me after 5pm." is owed an answer like a question)."""
    t = normalise(text if isinstance(text, str) else "")
    return [s.strip() for s in _SPLIT.split(t)
            if s.strip() and (QUESTION_SHAPE.search(s.strip()) or callback_requested(s))]


def classify(sentence: str) -> tuple[Ask, ...]:
    """The kinds one question sentence asks for (``OTHER`` when it matches none)."""
    if RHETORICAL.search(sentence):
        return (Ask.RHETORICAL,)
    found = [kind for kind, pattern in KINDS.items() if pattern.search(sentence)]
    if callback_requested(sentence):
        found.insert(0, Ask.CALLBACK)
    if Ask.INTEREST_FEES in found and Ask.MONTHLY in found and not re.search(
            r"\b(?:interest|fees?|charges?|waiv)", sentence, _I):
        found.remove(Ask.INTEREST_FEES)  # "pay less each month": instalments, not fees
    if (TIMELINE.search(sentence) or re.search(r"\d", sentence)) and not found:
        return (Ask.PROPOSAL,)
    if TIMELINE.search(sentence) and found == [Ask.FLEXIBILITY]:
        return (Ask.PROPOSAL,)  # "Could you give me more time, 90 days?": the terms answer
    if Ask.WHY_FAST in found and Ask.PROPOSAL not in found and TIMELINE.search(sentence) and (
            re.search(r"\bwhy\s+not\b", sentence, _I)):
        found = [Ask.PROPOSAL if k == Ask.WHY_FAST else k for k in found]  # "Why not 100 days?"
    if not found and INSULT.search(sentence):
        return (Ask.RHETORICAL,)
    return tuple(found) or (Ask.OTHER,)


def questions(text: str) -> tuple[Question, ...]:
    """Every question in a debtor message, in order, with what each asks for."""
    return tuple(Question(s, classify(s)) for s in question_sentences(text))


def asks(text: str) -> tuple[Ask, ...]:
    """The distinct kinds asked in a message, in :class:`Ask` order (the reply's order)."""
    found = {a for q in questions(text) for a in q.asks}
    return tuple(a for a in Ask if a in found)


__all__ = ["CALLBACK", "KINDS", "Ask", "Question", "asks", "callback_requested", "classify",
           "question_sentences", "questions"]
