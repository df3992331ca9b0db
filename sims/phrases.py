"""Seeded phrase banks: the rules debtor speaks real sentences the creditor must read.

A message is a tone sentence (the expressed emotion), an optional tactic sentence (the
persona's behaviour in words) and an offer sentence (a proposal, an acceptance, or none).
Two rules keep the structured record and the text consistent, and a test checks both against
the creditor's own parser on every template: only offer sentences state durations, and only
acceptance sentences use acceptance words ("deal", "ok", "fine"...).
"""

from __future__ import annotations

import numpy as np

TONE: dict[str, tuple[str, ...]] = {
    "anger": (
        "This is ridiculous and I am fed up with these demands.",
        "I am angry about how this account is being handled.",
        "Frankly this is outrageous, stop pushing me.",
        "I'm sick of being hounded over this.",
        "Your demands are absurd and I am furious.",
    ),
    "disgust": (
        "Honestly, the way your company operates is disgusting.",
        "Your tactics are shameful and I find them appalling.",
        "This is a predatory practice and it is revolting.",
        "I am disgusted that a lender would behave this way.",
    ),
    "fear": (
        "I'm scared about what happens to my business if this goes wrong.",
        "I am really worried and anxious about all of this.",
        "I'm terrified we could lose everything over this.",
        "I can't sleep, I'm so worried about this debt.",
    ),
    "joy": (
        "Thank you, I appreciate you working with me.",
        "I'm glad we are making progress, thanks.",
        "Thanks for being reasonable, that is a relief.",
    ),
    "neutral": (
        "I have looked at the account again.",
        "Let me explain where we stand.",
        "I have reviewed our numbers.",
        "Here is our position.",
    ),
    "sadness": (
        "I'm sorry, things have been really hard lately.",
        "It breaks my heart that we ended up here.",
        "I feel terrible about this, we are struggling badly.",
        "This has been a miserable time for my family and staff.",
    ),
    "surprise": (
        "Wow, I did not expect that from you.",
        "I'm surprised, that is not what I thought you would say.",
    ),
}

TACTICS: dict[str, tuple[str, ...]] = {
    "threat": (
        "If you keep this up I will file a formal complaint with the regulator.",
        "My lawyer will hear about this.",
        "I will post about how you treat customers all over social media.",
        "Keep pushing and I will declare bankruptcy, and then you get nothing.",
        "I am talking to an attorney about your conduct.",
    ),
    "false_promise": (
        "I promise a big payment is coming soon, you have my word.",
        "A major client is paying us shortly, then everything gets settled.",
        "Trust me, the money is practically in the bank already.",
    ),
    "false_payment": (
        "I already sent you a payment of $2,000, check your records.",
        "We paid part of this already, your system must have lost it.",
        "My accountant says we transferred money to you last Friday.",
    ),
    "hardship_claim": (
        "Our {reason} has wiped out our cash flow completely.",
        "After the {reason} we have nothing left to pay with.",
        "We have had to lay off most of our staff after the {reason}.",
    ),
    "guilt": (
        "How can you do this to someone who is already drowning?",
        "You are ruining my life and you know it.",
        "I hope you can live with yourself after pushing a family into ruin.",
        "My children will suffer because of this and you don't care.",
    ),
    "ultimatum": (
        "This is my final position, take it or leave it.",
        "I need an answer right now or I walk.",
        "Decide now, I have other creditors waiting on me.",
        "I will not keep going back and forth, decide today.",
    ),
    "minimal": ("Not interested.", "Whatever.", "Maybe.", "Hmm.", "We'll see."),
    "delay": (
        "I'll have to get back to you on that.",
        "I can't talk about this now.",
        "Let me think about it and call you later.",
        "Send it in writing and I'll look at it eventually.",
    ),
}

PROPOSE: tuple[str, ...] = (
    "I can do {d} days.",
    "The best I can manage is {d} days.",
    "I need {d} days to pay this off.",
    "Give me {d} days and you will be paid.",
    "{d} days is what I can realistically commit to.",
)
COUNTER: tuple[str, ...] = (
    "I can't do {c} days, I need {d} days.",
    "{c} days is impossible for me. I need {d} days.",
    "There is no way I can pay within {c} days. I could do {d} days.",
    "I won't manage {c} days. My offer is {d} days.",
)
HOLD: tuple[str, ...] = (
    "I still need {d} days.",
    "My answer is still {d} days.",
    "As I said, {d} days.",
)
ACCEPT: tuple[str, ...] = (
    "OK, {c} days works for me. Deal.",
    "Alright, I accept {c} days.",
    "Deal, {c} days.",
    "I can live with that, {c} days is agreed.",
)
NO_OFFER: tuple[str, ...] = (
    "I am not giving you a number yet.",
    "I'm not committing to anything right now.",
    "I have nothing more to say about the timeline.",
)
BREAK_OFF: tuple[str, ...] = (
    "I'm done with this conversation. Goodbye.",
    "I am ending this discussion now.",
    "I won't discuss this any further with you.",
)
REOPEN: tuple[str, ...] = (
    "Actually, I've thought again, I need {d} days instead.",
    "Wait, I've changed my mind, let's make it {d} days.",
)


def pick(bank: tuple[str, ...], rng: np.random.Generator) -> str:
    return bank[int(rng.integers(len(bank)))]


def render(template: str, **values: object) -> str:
    return template.format(**values)


def reason_phrase(reason: str | None) -> str:
    return (reason or "loss of a key customer").strip().lower()
