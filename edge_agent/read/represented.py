"""A lawyer mentioned, and the answer to "are you represented?" (issue 23.3).

"My lawyer says I don't have to pay this" is not a request to go through the lawyer, but a
collector who learns that a lawyer represents the debtor about the debt must deal with the
lawyer instead (FDCPA 805(a)(2)). So a mention of the debtor's own lawyer gets a question, in a
fixed text: is the debtor represented about this debt? The next message answers it:

- yes ("yes", "sí", "oui", "ja", "yes he is", "I am") proceeds as a request to go through an
  attorney (``MoveKind.STOP``, the existing close). It is never read as agreement to terms,
  even when terms were restated before: the question is the last thing asked;
- no ("no", "non", "nein", "no, I'm not") continues the negotiation, and the "no" is not a
  refusal of our terms: the rest of the message is read as usual.

What is not a mention: a lawyer threatened, not yet acting ("I will call my lawyer if..."),
the debtor being a lawyer ("I'm a lawyer myself and I know my rights":
someone who represents themselves has no representative for us to deal with, so the
negotiation goes on with them), another person's lawyer, "you're not my lawyer", and "my lawyer
friend" (a friend, not counsel). Statements that already say the lawyer acts for the debtor
("talk to my lawyer", "I have an attorney") are stop requests (:mod:`.duties`), not mentions.
"""

from __future__ import annotations

import re

from edge_agent.text.sentences import sentence_key

_I = re.IGNORECASE

_COUNSEL = (r"(?:lawyer|attorney|solicitor|barrister|legal\s+(?:adviser|advisor|counsel|aid)|"
            r"counsel)")
_NOT_COUNSEL = re.compile(
    r"^\s*(?:friend|buddy|mate|pal|cousin|brother|sister|neighbou?r|colleague|"
    r"boyfriend|girlfriend|husband|wife|partner|son|daughter|dad|mum|mom|father|mother|"
    r"uncle|aunt)\b", _I)
"""``my lawyer friend``: the noun after names a person who happens to be a lawyer."""
MENTION = re.compile(
    rf"\b(?:my|our)\s+(?:own\s+)?{_COUNSEL}\b|"
    rf"\b(?:talk(?:ing|ed)?|spok(?:e|en)|speak(?:ing)?|consult(?:ing|ed)?|see(?:ing)?|"
    rf"went|going|gone|been)\s+(?:to|with)\s+an?\s+{_COUNSEL}\b|"
    r"\bmi\s+abogad[oa]\b|\bmis\s+abogad[oa]s\b|\bun\s+abogad[oa]\b|"
    r"\bm(?:on|a)\s+avocat(?:e)?\b|\bmon\s+conseil\b|\bun(?:e)?\s+avocat(?:e)?\b|"
    r"\bmein(?:e|em)?\s+(?:rechts)?anw[äa]lt(?:in)?\b|\beinen?\s+(?:rechts)?anw[äa]lt(?:in)?\b",
    _I,
)
_NEGATED = re.compile(r"(?:\bnot|n't|\bno)\s+(?:\w+\s+){0,1}$", _I)
""""you're not my lawyer", "I don't have a lawyer": no lawyer of theirs is in the picture."""
_FUTURE = re.compile(r"(?:\bwill|'ll|\bgoing\s+to|\bgonna|\bmight|\bmay|\bcould|\bshould|"
                     r"\bwould|'d)\s+(?:\w+\s+){0,2}$", _I)
_TOLD = re.compile(r"^\s+(?:will|'ll|is\s+going\s+to|shall)\s+(?:hear|know|find\s+out|learn|"
                   r"be\s+told|get\s+to\s+know)\b", _I)
""""My lawyer will hear about this": a threat to tell a lawyer, not a lawyer acting."""
""""I will call my lawyer if you keep this up": a threat of a step not taken (the threat is
acknowledged, :mod:`.acknowledge`), no lawyer acting for them yet."""

QUESTION_KEY = sentence_key("Are you represented by an attorney or other legal representative "
                            "about this debt?")
"""The question's first sentence, as compared: a reply that carries it asked the question
(the plan's fixed wording, :data:`edge_agent.plan.wording.DUTIES`)."""

_YES = re.compile(
    r"^\s*(?:(?:yes|yeah|yep|yup|aye|s[ií]|oui|ja|jawohl|correct|indeed|claro|"
    r"exact(?:ly|ement)?|that'?s\s+right|absolutely|of\s+course|definitely)\b|"
    r"(?:i\s+am|i'm|i\s+do|(?:he|she)\s+(?:is|does)|they\s+(?:are|do)|i\s+have\s+(?:one|1))"
    r"(?:\s+represented\b|\s*[.!]*\s*$))", _I)
""""yes" and its kin may go on ("yes he is", "Yes, I agree": still the answer to our question);
a bare clause must be the whole answer ("I am.", "I am represented"), so "I am angry about
this" answers nothing."""
_END = r"(?=\s*[.!]*\s*$|\s*[,.;]\s)"
_NO = re.compile(
    r"^\s*(?:(?:no(?!\s+(?:problem|worries))|nope|nah|non|nein|not\s+(?:yet|really|"
    r"represented))\b|(?:i'?m|i\s+am)\s+not(?:\s+represented)?" + _END + r"|"
    r"i\s+(?:don'?t|do\s+not)(?:\s+have\s+(?:one|1|an?\s+(?:lawyer|attorney|solicitor)))?"
    + _END + r")[\s,.;:!-]*(?:(?:i'?m|i\s+am)\s+not(?:\s+represented)?\b[\s,.;:!-]*)?", _I)
""""no" and its kin may go on ("No. Can I have 45 days?": the rest is read as usual); a bare
clause must end the answer ("I'm not.", "I don't, 45 days"), so "I'm not sure" answers
nothing."""


def mentions_lawyer(text: str) -> bool:
    """Whether the debtor speaks of a lawyer of their own (see the module doc for what not)."""
    for m in MENTION.finditer(text):
        if _NOT_COUNSEL.search(text[m.end():]):
            continue
        before = text[max(0, m.start() - 30):m.start()]
        if _NEGATED.search(before) or _FUTURE.search(before) or _TOLD.search(text[m.end():]):
            continue
        return True
    return False


def asked(reply: str | None) -> bool:
    """Whether our reply ``reply`` asked whether the debtor is represented."""
    if not reply:
        return False
    return QUESTION_KEY in sentence_key(reply)


_NEGATED_YES = re.compile(
    r"^\s*(?:of\s+course|absolutely|definitely|certainly|indeed|exactly|claro\s+que|"
    r"bien\s+s[uû]r\s+que|nat[üu]rlich|s[ií]\s+que)\s+(?:not|no|non|nicht)\b[\s,.;:!-]*", _I)
""""Of course not", "Claro que no": a yes-word that opens a no is a no (it closed the dialogue
as an attorney request)."""
_NOT_AN_ANSWER = re.compile(
    r"^\s*(?:no\s+(?:idea|clue|entiendo|comprendo|s[ée]|lo\s+s[ée]|tengo\s+(?:ni\s+)?idea|"
    r"understand)\b|(?:yes|yeah|yep|s[ií]|oui|ja|no)\s*\?|yeah,?\s+right\b)", _I)
""""No idea", "No sé" (I don't know) answer nothing; nor does a puzzled "Yes?" or the
sarcastic "Yeah right": the message is read as usual and the question stays open."""
_DENIES = re.compile(
    r"\b(?:(?:i'?m|i\s+am)\s+not\s+represented|(?:don'?t|do\s+not)\s+have\s+(?:one|1|an?\s+"
    r"(?:lawyer|attorney|solicitor))|(?:nobody|no\s+one|no-one)\s+represents\s+me)\b", _I)
""""Correct, I am not represented", "That's right, I don't have one": an agreeing word that
confirms a denial is a no."""


def answer(text: str) -> tuple[str, str] | None:
    """The answer to the question: ``("yes", "")``, ``("no", rest)`` with the rest of the
    message after the "no", or None when the message does not answer it."""
    if _NOT_AN_ANSWER.match(text):
        return None
    m = _NEGATED_YES.match(text) or _NO.match(text)  # first: "I am not" is a no, "I am" a yes
    if m:
        return "no", text[m.end():].strip()
    if _YES.match(text):
        return ("no", "") if _DENIES.search(text) else ("yes", "")
    return None


__all__ = ["MENTION", "QUESTION_KEY", "answer", "asked", "mentions_lawyer"]
