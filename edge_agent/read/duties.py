"""Duties read from a debtor's message: stop contact, contact restrictions, disputes.

The law draws the lines (FDCPA 805(c), 809; Regulation F 1006.6, 1006.14, 1006.34):
- a request to stop all contact, or to deal only through an attorney, ends the conversation;
- a restriction on *how or when* we contact ("not at work", "not before 9am", "only by email")
  is a duty to honour, not a request to stop: it is recorded and the negotiation goes on. That
  includes a restriction offered as a condition ("40 days if you stop calling me at work");
- a dispute of the debt ("I dispute this", "I want validation") pauses collection until the debt
  is validated in writing.

Restrictions are canonical labels (never the debtor's words) so replies can acknowledge them
without repeating figures or times the guard would have to check.
"""

from __future__ import annotations

import re

_I = re.IGNORECASE

STOP = re.compile(
    r"\b(?:stop(?:ped|ping)?\s+(?:all\s+)?(?:contacting|calling|messaging|texting|emailing|"
    r"writing\s+to|bothering|harass\w*)\s+me|^\s*stop\s*[.!]*\s*$|cease\s+and\s+desist|"
    r"stop\s+(?:all\s+)?(?:contact|communications?)\b|"
    r"ne\s+me\s+(?:contactez|appelez|écrivez|contacte[sz]?)\s+plus|arr[êe]te[zs]?\s+de\s+me\s+"
    r"(?:contacter|appeler|harceler)|dej(?:e|en|a|ad)\s+de\s+(?:contactarme|llamarme|molestarme)|"
    r"no\s+me\s+(?:contacte|llame|escriba)\s+m[áa]s|h[öo]ren\s+sie\s+auf,?\s+mich\s+(?:zu\s+)?"
    r"(?:kontaktieren|anzurufen|anrufen|belästigen)|(?:kontaktieren|rufen)\s+sie\s+mich\s+nicht\s+"
    r"mehr|"
    r"i\s+(?:have|'ve\s+got|got)\s+(?:a|an|my)\s+(?:lawyer|attorney|solicitor)|"
    r"my\s+(?:lawyer|attorney|solicitor)\s+will\s+(?:call|contact|write\s+to|email)\s+you|"
    r"(?:do\s+not|don'?t|never)\s+(?:ever\s+)?(?:contact|call|message|text|email|write\s+to)\s+"
    r"me(?:\s+again)?|cease\s+(?:all\s+)?(?:contact|communications?)|no\s+more\s+contact|"
    r"leave\s+me\s+alone\s+for\s+good|"
    r"(?:contact|talk\s+to|speak\s+to|speak\s+with|deal\s+with|go\s+through|write\s+to)\s+my\s+"
    r"(?:attorney|lawyer|solicitor|legal\s+representative)|"
    r"i\s*(?:'m|\s+am)\s+represented\s+by|my\s+(?:attorney|lawyer|solicitor)\s+"
    r"(?:is\s+handling|handles|will\s+handle|represents\s+me))\b",
    _I,
)
# "stop calling me at work", "don't call me before 9am": a restriction, not a stop.
_QUALIFIER = re.compile(
    r"^\s*(?:again\s+)?(?:at(?!\s+all)|on|during|before|after|in|from|outside|between|while|"
    r"on\s+my|at\s+my)\b",
    _I,
)
# "Don't ever call me there again" after "stop calling me at work": the place named before.
_BACK_REFERENCE = re.compile(r"^\s*(?:ever\s+)?(?:there|at\s+that\s+(?:number|place|address|"
                             r"office|job))\b", _I)
RESTRICTIONS: dict[str, re.Pattern[str]] = {
    "not_at_work": re.compile(
        r"\b(?:at|to)\s+(?:my\s+)?(?:work|workplace|office|job)\b|\bwork\s+(?:phone|number)\b|"
        r"\bmy\s+(?:employer|boss)\b|\b(?:ring|call|phone|contact|email|visit)\w*\s+(?:me\s+at\s+)?"
        r"my\s+(?:work|workplace|office|job)\b", _I),
    "time_of_day": re.compile(
        r"\b(?:before|after)\s+\d{1,2}(?:[:.]\d{2})?\s*(?:am|pm|a\.m\.|p\.m\.|o'?clock)?"
        r"|\b(?:in\s+the\s+(?:morning|evening)|at\s+night|late\s+at\s+night|early\s+morning|"
        r"on\s+(?:weekends?|sundays?|saturdays?)|during\s+(?:the\s+day|working\s+hours))\b", _I),
    "email_only": re.compile(r"\b(?:only\s+(?:by|via|through)\s+e-?mail|e-?mail\s+only|"
                             r"e-?mail\s+me\s+instead|"
                             r"(?:just|only)\s+e-?mail\s+me|contact\s+me\s+by\s+e-?mail)\b", _I),
    "writing_only": re.compile(r"\b(?:only\s+in\s+writing|in\s+writing\s+only|by\s+(?:post|"
                               r"letter|mail)\s+only|only\s+(?:by\s+)?(?:post|letters?|mail))\b",
                               _I),
    "text_only": re.compile(r"\b(?:only\s+(?:by\s+)?text|text\s+only|just\s+text\s+me)\b", _I),
    "no_email": re.compile(r"\b(?:stop|don'?t|do\s+not|no\s+more|never)\s+e-?mail(?:ing|s)?"
                           r"(?:\s+me)?\b|\bno\s+e-?mails\b", _I),
    "no_texts": re.compile(r"\b(?:stop|don'?t|do\s+not|no\s+more|never)\s+(?:text|sms)(?:ing|s)?"
                           r"(?:\s+me)?\b|\bno\s+(?:texts|sms)\b", _I),
    "no_calls": re.compile(r"\b(?:stop|don'?t|do\s+not|no\s+more)\s+(?:phone\s+)?call(?:ing|s)?"
                           r"(?:\s+me)?\b|\bno\s+phone\s+calls\b", _I),
    "not_at_home": re.compile(r"\bat\s+(?:my\s+)?home\b|\bmy\s+(?:home|landline)\b", _I),
}  # fmt: skip
_PLACES = frozenset({"not_at_work", "not_at_home"})
_RESTRICT_CUE = re.compile(
    r"\b(?:stop|don'?t|do\s+not|never|no\s+more|no\s+(?:calls?|contact|texts?|visits?)|only|"
    r"just|please\s+(?:only|just)|instead|"
    r"prefer|rather)\b", _I)
DISPUTE = re.compile(
    r"\b(?:i\s+(?:dispute|contest|challenge)|disput\w*\s+(?:this|the|that)\s+(?:debt|amount|"
    r"balance|account)|(?:this|the)\s+debt\s+is\s+disputed|validat\w*|verif\w+\s+(?:this|the|"
    r"that)\s+debt|debt\s+verification|debt\s+(?:verified|validated)|proof\s+(?:of|that)\s+(?:this|the)?\s*(?:debt|i\s+owe)|"
    r"(?:this|it)\s+is\s+not\s+my\s+debt|not\s+my\s+(?:debt|account|loan)|"
    r"proof\s+of\s+(?:this|the)\s+debt|i\s+(?:do\s+not|don'?t)\s+owe\s+"
    r"(?:this|that|you|anything)|i\s+never\s+(?:borrowed|owed|took\s+out|signed)|"
    r"identity\s+theft|(?:don'?t|do\s+not)\s+recogni[sz]e\s+(?:this|the|that)\s+(?:debt|"
    r"account|balance|amount)|prove\s+(?:that\s+)?i\s+owe|already\s+(?:been\s+)?paid\s+"
    r"(?:this|it|off))\b",
    _I,
)
VALIDATION = re.compile(
    r"\b(?:validat\w*|verif\w+|(?:send|show|give|provide|mail)\s+(?:me\s+)?(?:the\s+|some\s+)?"
    r"(?:proof|evidence|documents?|paperwork)|prove\s+(?:that\s+)?(?:it'?s|it\s+is|this\s+is)\s+"
    r"(?:my|mine)|prove\s+it\b|(?:this|it|that|the)\s*(?:debt|account|loan|balance)?\s*(?:'s|\s*is)?"
    r"\s*(?:n'?t|not)\s+(?:mine|my\s+"
    r"(?:debt|account|loan))|i\s+(?:already\s+paid|paid\s+(?:this|it|that)(?:\s+\w+){0,2}\s+"
    r"already|have\s+already\s+paid|'ve\s+already\s+paid)\s*(?:this|it|that|off)?|"
    r"proof\s+(?:that\s+)?i\s+owe|(?:don'?t|do\s+not)\s+think\s+(?:this|it|that)\s+is\s+(?:my|mine)|"
    r"je\s+conteste|contest[eo]\s+(?:esta|cette|la|questa)|disputo|no\s+es\s+mi\s+deuda|"
    r"ce\s+n'?est\s+pas\s+ma\s+dette|ich\s+bestreite|nicht\s+meine\s+schulden)\b",
    _I,
)
"""A validation request or a plain denial of the debt: a dispute even beside "I'm not
disputing it" (a validation request pauses collection all the same)."""
PARTIAL_PAYMENT = re.compile(
    r"\bi\s+(?:have\s+|'ve\s+)?(?:already\s+)?(?:paid|repaid|sent\s+you|gave\s+you)\s+"
    r"(?:you\s+)?(?:back\s+)?(?:(?:[$€£]\s*)?\d[\d,.]*\s*(?:k|grand|thousand|dollars|euros|"
    r"pounds|bucks)?|half|part|some|most)\s+(?:of|on|towards?|off|against)\s+(?:it|this|that|the)"
    r"\b|\b(?:so\s+)?(?:really\s+)?i\s+only\s+owe\b",
    _I,
)
"""A claimed payment of part of the debt ("I paid 5,000 of this"): it disputes the amount, so
the amount goes to verification as any dispute does (Regulation F 1006.34 covers a dispute of
part of the debt). "I can pay 5,000 of this" is an offer, not a claim: the past tense decides."""
_PAID_IN_FULL = re.compile(
    r"\bi\s+(?:have\s+|'ve\s+)?(?:already\s+)?(?:paid|repaid)\s+(?:it|this|that)\s+"
    r"(?:all|off|in\s+full|back\s+in\s+full)\b|\bi\s+(?:have\s+|'ve\s+)?(?:already\s+)?"
    r"(?:paid|repaid)\s+(?:it\s+)?all\s+(?:of\s+it\s+)?back\b", _I)
_NEGATED_STOP = re.compile(
    r"(?:\bnot|\bnever|n't|\bdon'?t|\bdo\s+not|\bwon'?t|\bwill\s+not)\s+(?:\w+\s+){0,4}$", _I)
_NOT_DISPUTE = re.compile(r"\b(?:not|never|don'?t|do\s+not|won'?t)\s+(?:\w+\s+){0,2}disput", _I)


def stop_requested(text: str) -> bool:
    """A request to stop all contact or to go through an attorney (a restriction is not)."""
    for m in STOP.finditer(text):
        if not m.group(0).lower().startswith(("don", "do ", "never")) and _NEGATED_STOP.search(
            text[max(0, m.start() - 40):m.start()]
        ):
            continue  # "don't stop contacting me", "I won't talk to my lawyer"
        if re.search(r"attorney|lawyer|solicitor|represent", m.group(0), _I):
            return True
        after = text[m.end():]
        if _QUALIFIER.search(after) or restrictions(text[m.start():]):
            continue
        if _BACK_REFERENCE.search(after) and _PLACES & set(restrictions(text)):
            continue  # "there" points back to a place the message restricts: still a place
        return True
    return False


def restrictions(text: str) -> tuple[str, ...]:
    """Canonical contact restrictions the message asks for ("not_at_work"...)."""
    if not _RESTRICT_CUE.search(text):
        return ()
    found = [name for name, pattern in RESTRICTIONS.items() if pattern.search(text)]
    if "no_calls" in found and len(found) > 1:  # "stop calling me at work": the place, not calls
        found.remove("no_calls")
    for channel, others in (("no_calls", r"text|e-?mail|writ\w+|letters?|post"),
                            ("no_email", r"call|phone|ring|text|writ\w+|letters?|post"),
                            ("no_texts", r"call|phone|ring|e-?mail|writ\w+|letters?|post")):
        # "stop calling me" alone is a stop request unless another channel is offered
        if channel in found and not re.search(rf"\b(?:{others})\b", text, _I):
            found.remove(channel)
    return tuple(found)


def partial_payment(text: str) -> bool:
    """The debtor says part of the debt is already paid."""
    return bool(PARTIAL_PAYMENT.search(text))


def disputed(text: str) -> bool:
    """The debtor disputes the debt (all of it, or the amount) or asks for its validation."""
    if VALIDATION.search(text) or _PAID_IN_FULL.search(text) or partial_payment(text):
        return True
    return bool(DISPUTE.search(text)) and not _NOT_DISPUTE.search(text)
