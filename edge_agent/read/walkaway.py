"""A debtor leaving the negotiation, politely or not: the walk-away signal.

"Thanks, but I'll just go to a debt charity. Goodbye." is neither distress nor a stall to be
waited out: it is the last message the agent will get. Read as anything else, the agent either
answers with its next small step (and the debtor is gone) or, worse, takes the "deal" in "I'll
deal with it through StepChange" for a yes. Read as leaving, the policy makes its closing move
once (the best offer the mandate and its strategy allow at that point, with how to come back;
:mod:`policies.strategy`) and does not chase.

A goodbye that says the debtor will come back ("goodbye for now, I'll think about it and come
back tomorrow", "hasta mañana") is a pause, not a walk-away: it gets the ordinary reply. So is
a threat to leave that is still a condition ("take it or leave it", "40 or I walk"): the debtor
is still there, and an ultimatum earns nothing by its words alone. Going to a debt adviser is
leaving this negotiation, and a creditor must give that room (FCA CONC 7.3.7A: suspend
recovery for a reasonable time while a customer gets debt advice), which is why the closing
move says how to come back rather than pressing.

Patterns are general English and Spanish phrasings, written from collections practice, not
from any simulator's phrase bank.
"""

from __future__ import annotations

import re

from edge_agent.text.normalise import normalise

_I = re.IGNORECASE

_ADVICE = (
    r"(?:a\s+|the\s+)?(?:debt\s+(?:charity|charities|adviser|advisor|advice(?:\s+\w+)?|"
    r"counsel+or|help\s*line)|stepchange|step\s+change|citizens\s+advice|national\s+debtline|"
    r"payplan|christians\s+against\s+poverty|money\s+advice\s+\w+|(?:an?\s+)?insolvency\s+"
    r"practitioner|someone\s+else|another\s+(?:company|adviser|advisor|agency))"
)

LEAVING = re.compile(
    r"\b(?:good\s*-?\s*bye|bye(?:\s+bye)?|farewell|adi[oó]s|chao|chau|hasta\s+nunca)\b|"
    r"\b(?:i'?m|i\s+am|we'?re|we\s+are)\s+(?:done|finished|through)\s+(?:here|with\s+(?:this|"
    r"you|it\s+all|talking|this\s+conversation)|talking)\b|"
    r"\b(?:i'?m|i\s+am)\s+(?:leaving|off|out(?:\s+of\s+here)?|hanging\s+up|logging\s+off)\s*"
    r"(?:now|here)?\s*[.!]*\s*(?:$|[.!,;])|"
    r"\b(?:this|the)\s+conversation\s+is\s+over\b|\bconversation\s+over\b|"
    r"\b(?:i'?m|i\s+am)\s+ending\s+(?:this|the)\s+(?:conversation|chat|discussion)\b|"
    r"\b(?:i'?ll|i\s+will|i'?m\s+going\s+to|i'?m\s+gonna)\s+(?:just\s+)?(?:go|talk|speak|turn|"
    r"get\s+help)\s+(?:to|with|through)\s+" + _ADVICE + r"|"
    r"\b(?:deal\s+with\s+(?:it|this)|sort\s+(?:it|this)\s+out|handle\s+(?:it|this))\s+"
    r"(?:through|via|with)\s+" + _ADVICE + r"|"
    r"\bme\s+voy\b|\b(?:ya\s+)?(?:termin[eé]|acab[eé])\s+(?:aqu[ií]|con\s+(?:esto|usted(?:es)?|"
    r"ustedes|ti))\b|\bse\s+acab[oó]\b",
    _I,
)
"""Statements of leaving now (not conditions: "or I walk" is an ultimatum, still present)."""

RETURNING = re.compile(
    r"\bfor\s+now\b|\bcome\s+back\b|\bget\s+back\s+to\s+you\b|\b(?:talk|speak|chat)\s+"
    r"(?:again|later|soon|tomorrow|next)\b|\btomorrow\b|\blater\b|\bnext\s+(?:week|month|time)\b|"
    r"\b(?:think|sleep)\s+(?:about\s+it|on\s+it|it\s+over)\b|\bsee\s+you\b|\buntil\s+"
    r"(?:then|next)\b|\bin\s+touch\b|\bcall\s+(?:you|back)\b|\bi'?ll\s+be\s+back\b|"
    r"\bhasta\s+(?:ma[nñ]ana|luego|pronto|la\s+pr[oó]xima)\b|\bvolver[eé]\b|\bluego\b|"
    r"\bte\s+llamo\b|\blo\s+(?:pienso|pensar[eé])\b",
    _I,
)
"""A goodbye that promises a return: a pause in the dialogue, not a walk-away."""

NOT_LEAVING = re.compile(
    r"(?:\bnot|\bnever|n't)\s+(?:\w+\s+){0,2}(?:leaving|going\s+anywhere|done|finished|"
    r"say(?:ing)?\s+good\s*-?\s*bye)\b|"
    r"\b(?:take\s+it\s+or\s+leave\s+it|or\s+i(?:'?ll)?\s+(?:walk|leave|go))\b|"
    r"\bor\s+(?:else\s+)?(?:good\s*-?\s*bye|bye|(?:i'?m|i\s+am)\s+(?:done|out|off|leaving|"
    r"gone))\b|\b(?:unless|otherwise)\b|"
    r"\bif\s+(?:you|not|this)\b|\bthen\s+(?:i'?m|i\s+am|i'?ll|i\s+will)\b|\bno\s+me\s+voy\b",
    _I,
)
"""Negated or conditional leaving: "I'm not done", "I won't say goodbye", "no me voy", "take it
or leave it", "40 days or goodbye", "I'm done here unless you give 40", "if not, I go", "40 days,
last offer, then I'm hanging up" (an ultimatum: it waits for our answer)."""

NOT_A_GOODBYE = re.compile(
    r"\bsaid\s+good\s*-?\s*bye(?:\s+to\s+[\w' ]+)?|"
    r"\bgood\s*-?\s*bye\s+to\s+(?!you\b|y'?all\b|all\b|everyone\b|this\b|the\s+lot\b)[\w' ]+|"
    r"[^.!?\n]*\b(?:good\s*-?\s*)?bye\b[^.!?\n]*\?",
    _I,
)
""""Goodbye" that is not the debtor's own goodbye, cut out before :data:`LEAVING` is looked
for: reported ("I said goodbye to my job last month", "my wife said goodbye"), a farewell to
something other than us ("goodbye to 12 days, I need 40"), or asked about ("is this
goodbye?"). Each of these read as leaving would buy the closing move's concession."""


def leaving(text: str) -> bool:
    """Whether the message says the debtor is leaving the negotiation now, for good."""
    t = NOT_A_GOODBYE.sub(" ", normalise(text if isinstance(text, str) else ""))
    if not LEAVING.search(t):
        return False
    return not (RETURNING.search(t) or NOT_LEAVING.search(t))


__all__ = ["LEAVING", "NOT_A_GOODBYE", "NOT_LEAVING", "RETURNING", "leaving"]
