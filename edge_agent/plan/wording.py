"""The reviewed wording of every plan slot: acknowledgements, answers, duty texts, terms.

One source for every backend. Duty texts (the disclosure, the restriction notice, the
stop-contact close, the dispute and validation notice, the confirmation, the agreement, the
support and crisis texts) are sent exactly as written here whatever speaks; acknowledgements
and persona frames are the wording a voice starts from and may choose among. Every text passes
the compliance guard for the decisions it is planned for (tests/plan/test_plan.py checks each
one), and each bank has enough variants that a dialogue of thirty messages needs no sentence
twice (:func:`edge_agent.plan.planner.plan_reply` also adds a "once more" form as a last
resort, so nothing is ever repeated word for word).

Facts come in as fields only: ``{balance}`` ``{days}`` ``{creditor}`` ``{debtor}``
``{disclosure}`` ``{advice}`` ``{crisis}`` ``{account}``. No text invents one.
"""

from __future__ import annotations

from edge_core import Tactic
from edge_core.reply_plan import Ask

# -- acknowledgements ---------------------------------------------------------------------------
ACKS: dict[str, tuple[str, ...]] = {
    # the reason the debtor gave (edge_agent.read.acknowledge.REASONS)
    "reason:client": (
        "Losing a big client is a real blow, and I appreciate you telling me.",
        "I am sorry about the client; that hurts any business.",
        "I understand a lost client leaves a gap in your cash flow.",
    ),
    "reason:job": (
        "I am sorry about your job; that is a hard thing to go through.",
        "Losing work is hard, and I appreciate you being open about it.",
        "I understand your income has changed, and that matters.",
    ),
    "reason:business": (
        "I understand the business is going through a slow patch.",
        "Running a business through a hard stretch is stressful, I know.",
        "Thank you for explaining what is happening with the business.",
    ),
    "reason:health": (
        "I am sorry about your health; please look after yourself.",
        "I hope you are on the mend, and I am sorry it has been hard.",
        "Thank you for telling me about your health; that matters more than this account.",
    ),
    "reason:family": (
        "I understand family matters come first, and I am sorry it has been hard.",
        "Thank you for telling me about your family situation.",
        "I am sorry your family is going through this.",
    ),
    "reason:bills": (
        "I understand the other bills are adding up.",
        "Juggling several bills at once is hard, I know.",
        "I hear that the bills keep coming, and that is a lot to carry.",
    ),
    "reason:waiting": (
        "I understand you are waiting on money coming in.",
        "Thank you for explaining that your money arrives later.",
        "I hear that your money comes in later, and I understand.",
    ),
    # what the debtor's words say about them (edge_agent.read.stance)
    "stance:limit": (
        "Thank you for being clear about what you can manage.",
        "I understand that is what you can realistically manage.",
        "I hear that this is as far as you can stretch.",
    ),
    "stance:stress": (
        "I can tell this is weighing on you.",
        "I understand this is worrying for you.",
        "It is understandable to feel anxious about this.",
    ),
    "stance:low": (
        "I am sorry this is so hard right now.",
        "I can hear this has been a difficult time.",
        "I am sorry you are having such a hard time.",
    ),
    "stance:frustrated": (
        "I can hear that you are frustrated, and I understand.",
        "I understand this is frustrating.",
        "I hear your frustration.",
    ),
    "stance:apology": (
        "Thank you for saying that.",
        "I appreciate you saying that.",
        "Thank you, that is kind of you to say.",
    ),
    "stance:effort": (
        "I can see you are trying, and I appreciate it.",
        "Thank you for wanting to sort this out.",
        "I appreciate the effort you are making.",
        "I can see you are trying.",
    ),
    "stance:gratitude": (
        "Thank you, I appreciate that.",
        "Thank you for saying so.",
        "I appreciate that, thank you.",
    ),
    "stance:hope": (
        "I am glad you want to work this out.",
        "It is good to hear you are ready to talk this through.",
        "I am glad we are talking about it.",
    ),
    # the move the debtor made (edge_agent.read.acknowledge)
    "injection": (
        "I can only talk about repaying this account.",
        "I will stay with the repayment of this account.",
        "Let us stay with the repayment of this account.",
    ),
    "hostile": (
        "I understand you are upset, and I want to keep this respectful.",
        "I hear that you are angry; I am here to find a way forward.",
        "I know this is frustrating.",
        "I hear you, and I will keep this respectful.",
    ),
    "threat": (
        "You are entitled to raise a complaint, and I will note that.",
        "You are free to take that step; I would still like to find a solution.",
        "That is your right, and I have noted it.",
    ),
    "offer:proposal": (
        "Thank you for putting a timeline forward.",
        "I appreciate you suggesting a timeline.",
        "Thanks for the proposal.",
        "I have looked at your proposal.",
        "I see the timeline you have in mind.",
    ),
    "offer:refusal": (
        "I hear that this does not work for you.",
        "I understand that is not workable for you.",
        "Thanks for being clear that it does not suit you.",
        "I understand this timeline does not work for you.",
    ),
    # the sensor's reading, used only when the words name no stance
    "feeling:anger": ("I understand you are angry about this.", "I hear your frustration.",
                      "I can hear that you are frustrated."),
    "feeling:fear": ("I understand this is worrying for you.", "I can tell this is weighing on "
                     "you.", "It is understandable to feel anxious about this."),
    "feeling:sadness": ("I am sorry this is so hard right now.", "I can hear this has been a "
                        "difficult time."),
    "feeling:disgust": ("I understand you are unhappy with how this has gone.",
                        "I hear that you are not happy with this."),
    "feeling:surprise": ("I can tell this came as a surprise.", "I understand this is "
                         "unexpected."),
    "feeling:joy": ("Thank you for your message.", "Thanks for getting back to me."),
}  # fmt: skip
"""Acknowledgements by key (``kind:key``). ``feeling:joy`` is deliberately plain: a reading of
joy is too often a misreading of "really" or "manage" to answer with cheer."""
ACK_FALLBACKS: dict[str, tuple[str, ...]] = {
    "hostile": ("stance:frustrated", "feeling:anger"),
    "threat": ("hostile",),
    "stance:frustrated": ("feeling:anger", "hostile"),
    "stance:stress": ("feeling:fear",),
    "stance:low": ("feeling:sadness",),
    "offer:proposal": ("stance:gratitude",),
}
"""Where an acknowledgement goes when its bank is used up in the dialogue (nothing repeats)."""

# -- persona frames ----------------------------------------------------------------------------
FRAMES: dict[str, tuple[str, ...]] = {
    # firm: frustration or displeasure at the delay, never at the person, never a threat
    "anger": ("This delay is frustrating.", "It is frustrating that this is still unpaid.",
              "It is frustrating that this balance is still overdue.",
              "Frankly, it is frustrating that this is still open.",
              "It is frustrating that we are still here."),
    "disgust": ("It is not acceptable for the account to stay overdue.",
                "The balance staying unpaid is not acceptable.",
                "An overdue balance left open is not acceptable to us.",
                "This account has been open too long, and that is not acceptable.",
                "It is not acceptable for this balance to stay unpaid."),
    "fear": ("I am worried about where this account is heading.",
             "I am afraid this will only get harder if it waits.",
             "I am concerned about how long this account has been open.",
             "I fear this will get harder to settle the longer it waits.",
             "I am worried this could get harder for you."),
    "joy": ("Thank you for working with me on this, I appreciate it.",
            "Thanks for staying in touch with me about this.",
            "I appreciate you talking this through with me.",
            "I am glad we can talk this through.",
            "I am glad we are sorting this out together.",
            "I am happy we are talking."),
    # "I will wait for your answer." left this bank: the retrained sensor (issue 24) reads it
    # as warm, so it no longer carries a neutral persona (it stays an opening frame).
    "neutral": ("I have noted what you said.", "Let me know what you decide.",
                "Here is where we are.", "Please let me know."),
    # concern: sympathy only for a hardship the debtor disclosed (see FIT), else sadness at
    # where the account stands
    "sadness": ("I am sorry this has been such a strain.", "I am sorry it has been so hard.",
                "I am sorry you are dealing with this.",
                "It is sad that this account has come to this point.",
                "It is a shame it has reached this point.",
                "Sadly, this account is still open."),
    "surprise": ("That is a surprise, I must say.", "I am surprised to hear that.",
                 "Well, that is unexpected.", "That takes me by surprise.",
                 "That surprises me, I must admit."),
}  # fmt: skip
"""The persona's own sentence, shown on every instructed turn while the bank lasts and where
it fits (:data:`FIT`). Each one reads back as its persona's family through the project's
emotion sensor (checked in tests/plan/test_plan.py). Struck in the supervisor's audit (issue
20): "This has gone on far too long, and that frustrates me" (the agent's own grievance),
"Leaving this unpaid is not acceptable" and "This is not how an account should be handled"
(blame the person), "I am sad that it has come to this" and "I am so sorry about all of this"
(guilt and an apology nothing called for); from the acknowledgements "Your proposal surprises
me", "I am sorry, I know you hoped for longer", "I am sorry this does not work for you" and "I
am sorry you feel that way" (an apology that blames the feeling)."""

# -- fit: which sentences may follow which situation ------------------------------------------
TONES: dict[str, frozenset[str]] = {
    "cheer": frozenset({"I am happy we are talking.", "I am glad we can talk this through.",
                        "I am glad we are sorting this out together.",
                        "I am glad you want to work this out.",
                        "It is good to hear you are ready to talk this through.",
                        "I am glad we are talking about it."}),
    "thanks": frozenset({"Thank you for working with me on this, I appreciate it.",
                         "Thanks for staying in touch with me about this.",
                         "I appreciate you talking this through with me.",
                         "I am glad we are sorting this out together.",
                         "Thank you for your message.", "Thanks for getting back to me."}),
    "cooperation": frozenset({"Thank you for working with me on this, I appreciate it.",
                              "I appreciate you talking this through with me.",
                              "I am glad we are sorting this out together."}),
    "apology": frozenset(s for bank in (*ACKS.values(), *FRAMES.values()) for s in bank
                         if "sorry" in s.lower()),
    "surprise": frozenset({*FRAMES["surprise"], "I can tell this came as a surprise.",
                           "I understand this is unexpected."}),
    "displeasure": frozenset({*FRAMES["anger"], *FRAMES["disgust"]}),
    "worry": frozenset(FRAMES["fear"]),
    "reaction": frozenset({"I have noted what you said.",
                           *FRAMES["sadness"], *FRAMES["surprise"]}),
}  # fmt: skip
"""What a sentence does, beyond its words: cheers, thanks a cooperative debtor (``cooperation``:
the thanks that say the debtor is working with us), apologises,
is surprised, is displeased at the delay, worries, reacts to something said."""
FIT: dict[str, frozenset[str]] = {
    "opening": frozenset({"reaction", "apology", "surprise", "displeasure"}),
    "hardship": frozenset({"cheer", "surprise", "displeasure"}),
    "no_hardship": frozenset({"apology"}),
    "refusal": frozenset({"cheer", "cooperation", "surprise"}),
    "hostility": frozenset({"cheer", "thanks", "surprise"}),
    "question": frozenset({"surprise"}),
    "proposal": frozenset({"surprise"}),
    "restriction": frozenset({"reaction", "surprise"}),
    "concession": frozenset({"displeasure"}),
    "agreement": frozenset({"displeasure", "surprise", "worry"}),
    "agreed": frozenset({"thanks"}),
    "unhappy": frozenset({"cheer"}),
}
"""Situation -> what a sentence may not do in it. Nothing was said before an opening, so
nothing is reacted to; a disclosed hardship gets no cheer, surprise or displeasure; an apology
only answers a hardship the debtor disclosed ("I am sorry" when nothing calls for one reads as
a script); a refusal or hostility gets no cheer and no thanks for working
with us ("I refuse." is not thanked for working with me; staying in touch still may be); a
question, a proposal or a contact restriction is nothing to be surprised at; a concession or an
agreement is no moment for displeasure, and the agreement text thanks the debtor itself ("Thank
you for your message. Thank you, we are agreed" thanks twice); a debtor who reads as unhappy
(the sensor's disgust or surprise, no words) gets no cheer. The planner names the situations
of each reply (:func:`edge_agent.plan.planner.situations`) and plans only the sentences that
fit them."""


def fits(sentence: str, situations: frozenset[str] | set[str]) -> bool:
    """Whether ``sentence`` does nothing the ``situations`` rule out (:data:`FIT`)."""
    banned = set().union(*(FIT.get(s, frozenset()) for s in situations))
    return not any(sentence in TONES[tag] for tag in banned)


def fitting(options: tuple[str, ...] | list[str], situations: frozenset[str] | set[str],
            ) -> tuple[str, ...]:  # fmt: skip
    """The options that fit ``situations``, in order."""
    return tuple(o for o in options if fits(o, situations))


CHEERFUL = TONES["cheer"] & frozenset(FRAMES["joy"])
"""Cheerful frames (kept for readers of the old name; :data:`TONES` is the source)."""
COOPERATIVE = TONES["thanks"]
"""Frames that thank a cooperative debtor (kept for readers of the old name)."""
OPENERS_ONLY = frozenset({"I have noted what you said.", "Here is where we are."})
"""Frames that introduce what follows: never after the terms."""
CLOSERS_ONLY = frozenset({"Let me know what you decide.", "I will wait for your answer.",
                          "Please let me know."})
"""Frames that hand the turn back to the debtor: only at the end of a reply."""
REACTIONS = TONES["reaction"]
"""Frames that react to what the debtor said: never on the opening."""
OPENING_FRAMES = ("Please let me know what you think.", "I will wait for your answer.",
                  "Let me know how you would like to go forward.")  # fmt: skip
"""The frame of an opening whose persona has only reactions (nothing was said yet)."""

# -- answers -----------------------------------------------------------------------------------
ANSWERS: dict[Ask, tuple[str, ...]] = {
    Ask.IDENTITY: (
        "I am an automated collections assistant working for {creditor}, and I am in touch "
        "about the overdue balance on your account.",
        "You are talking to an automated assistant for {creditor}; this is about the overdue "
        "balance on your account.",
        "This is an automated assistant for {creditor}, about the overdue balance on your "
        "account.",
    ),
    Ask.CREDITOR: (
        "The account is with {creditor}.",
        "The balance is owed to {creditor}.",
        "Your account is held by {creditor}.",
    ),
    Ask.CONTACT: (
        "I contacted you about your account with {creditor}; I do not have a record here of "
        "how your contact details were obtained, and {creditor} can tell you.",
        "The contact is about your account with {creditor}. I have no record here of where "
        "your details came from; {creditor} can tell you that.",
        "You were contacted about your account with {creditor}; {creditor} can tell you how "
        "your details were obtained, as I do not have that record here.",
    ),
    Ask.CALLBACK: (
        "I cannot place phone calls: this conversation is in written messages, and you can "
        "reply here at any time that suits you.",
        "This conversation is by written message only, so I am not able to call you; you can "
        "write back here whenever it suits you.",
        "I am not able to phone you, as this channel is written messages; you can answer here "
        "at any time, and {creditor} can tell you whether a call can be arranged.",
    ),
    Ask.BALANCE: (
        "The balance is {balance}.",
        "The amount outstanding is {balance}.",
        "You owe {balance} on this account.",
    ),
    Ask.BALANCE_PARTS: (
        "The {balance} is the full outstanding balance of your {account}; I do not have an "
        "itemised breakdown here, and you can ask {creditor} for one.",
        "That figure is the whole outstanding balance of your {account}. {creditor} can give "
        "you an itemised breakdown; I do not have one here.",
        "It is everything outstanding on your {account}; ask {creditor} if you would like it "
        "itemised, as I do not have the breakdown here.",
    ),
    Ask.INTEREST_FEES: (
        "I cannot change the balance, the interest or any fees; what I can agree with you is "
        "the time to repay it.",
        "The balance, interest and fees are not something I can change; the timeline is what "
        "we can agree.",
        "I am not able to change the interest, fees or balance, but I can agree the time you "
        "have to repay it.",
    ),
    Ask.CONSEQUENCES: (
        "If we do not agree a timeline, the balance stays outstanding and the account stays "
        "open with {creditor}.",
        "If no timeline is settled, the balance remains outstanding on your account with "
        "{creditor}.",
        "If no timeline is set, the account stays open and the balance is still owed to "
        "{creditor}.",
    ),
    Ask.MONTHLY: (
        "How you pay inside the timeline is up to you: any amounts, at any pace, as long as "
        "the whole balance is repaid by the end of it.",
        "You can pay in whatever pieces suit you, whenever money comes in, as long as the "
        "full balance is repaid within the timeline.",
        "The timeline covers the whole balance; how you spread the payments inside it is your "
        "choice.",
    ),
    Ask.WHY_FAST: (
        "The account is overdue, so {creditor} needs a clear timeline to repay it.",
        "Fair question: the balance is overdue, and {creditor} is asking for a clear timeline.",
        "Because the account is already overdue, {creditor} wants the repayment settled in a "
        "clear timeline.",
    ),
    Ask.NEEDED: (
        "What I need from you is a timeline you can keep for repaying the balance.",
        "All I need from you is a repayment timeline you can stick to.",
        "What would help most is a timeline you are confident you can keep.",
    ),
    Ask.EXPLAIN: (
        "In plain words: you owe {balance} to {creditor}, and we are asking you to repay it "
        "within the time below.",
        "Put simply, {balance} is owed to {creditor}, and we need to agree how long you have "
        "to repay it.",
        "Simply put: the debt is {balance}, and we are agreeing the time to repay it.",
    ),
}
"""One answer bank per kind of question; the longest-timeline and flexibility answers depend on
the decision (:data:`FINAL_ANSWERS`, :data:`MOVING_ANSWERS`, :data:`HOLDING_ANSWERS`)."""
FINAL_ANSWERS = ("That is as far as I can go.", "I cannot go further than this.",
                 "This is the limit of what I can offer.")  # fmt: skip
"""Longest timeline / flexibility asked, and the offer is final (``Decision.final``)."""
MOVING_ANSWERS = ("Yes, I can give you more time.", "I can move on the timeline.",
                  "There is some room, and I can give you longer.")  # fmt: skip
"""Flexibility asked, and the decision concedes."""
HOLDING_ANSWERS = ("For now, the offer stays where it is.",
                   "I cannot move on the timeline at this point.",
                   "The offer has not changed for now.")  # fmt: skip
"""Flexibility asked, and the decision neither concedes nor is final."""
OPEN_ANSWERS = ("I can only tell you the offer I am making now.",
                "I cannot name a limit; what I can offer at this point is this.",
                "What I can tell you is the offer I am making today.")  # fmt: skip
"""Longest timeline asked, and the offer is not final: the mandate is never revealed."""
OTHER_ANSWERS = ("I can only help with the repayment of this account.",
                 "That is outside what I can help with; I can help with repaying this account.",
                 "I am only able to help with this account's repayment.")  # fmt: skip
"""A question of no known kind: the honest scope of the assistant (counted as unanswered)."""

# -- terms -------------------------------------------------------------------------------------
LEADS: dict[Tactic, tuple[str, ...]] = {
    Tactic.HOLD: ("Our offer remains", "The offer stands:", "As before, we are asking for",
                  "Our position is unchanged:", "What we need is", "To be clear, we need",
                  "We are still asking for", "The terms are the same:"),
    Tactic.CONCEDE: ("I can extend the timeline:", "To meet you partway, we can offer",
                     "We can move to", "I can give you more time:", "We can stretch this to",
                     "Here is a longer timeline:", "We can go further:"),
    Tactic.CLARIFY: ("The proposal itself is", "To answer you, we are asking for",
                     "Put simply, the offer is", "In short, we propose", "The offer is"),
    Tactic.ACKNOWLEDGE: ("What we can offer is", "Our offer is", "With that in mind, we offer",
                         "Taking that into account, the offer is", "We can offer"),
    Tactic.REJECT_BEYOND_MANDATE: (
        "That timeline is longer than we are able to agree to; we can offer",
        "I cannot agree to that timeline, but we can offer",
        "That is beyond what we can accept; our offer is",
        "We cannot stretch to that, and what we can offer is",
        "That is too long for us; instead, we offer",
    ),
}  # fmt: skip
UNCHANGED_LEADS = frozenset({"Our offer remains", "The offer stands:",
                             "As before, we are asking for", "Our position is unchanged:",
                             "We are still asking for", "The terms are the same:"})
"""Leads that say the offer did not move: false on a turn whose offer is longer than the one
standing (a tactic with no leads of its own, such as asking what the debtor can afford,
speaks with the hold's leads; "The terms are the same: 15 days" after 14 days is struck)."""
FINAL_LEADS = ("The most we can offer is", "This is our final offer:",
               "We cannot go any further than", "The longest we can offer is")  # fmt: skip
TERMS: tuple[str, ...] = (
    "repayment of the {balance} balance within {days} days.",
    "the full {balance} repaid within {days} days.",
    "{days} days to repay the {balance} balance.",
    "the balance of {balance} repaid within {days} days.",
    "{days} days for the {balance} balance.",
    "repayment within {days} days of the {balance} owed.",
)
OPENING_OFFERS = (
    "We are asking for repayment within {days} days.",
    "We propose that the balance is repaid within {days} days.",
)

# -- duty texts (fixed on every backend) -------------------------------------------------------
OPENING = (
    "Hello {debtor}, this is the collections assistant for {creditor}. {disclosure} Your "
    "account has an outstanding balance of {balance}."
)
"""The opening names who speaks and for whom (never "this is the creditor" as if the creditor's
name were a person), the jurisdiction's disclosure, and the balance."""
RESTRICTION_NOTICE: dict[str, str] = {
    "not_at_work": "we will not contact you at work",
    "time_of_day": "we will only contact you at the times you asked for",
    "email_only": "we will only use email to reach you",
    "writing_only": "we will only use letters to reach you",
    "text_only": "we will only use text messages to reach you",
    "no_calls": "we will not phone you",
    "no_email": "we will not email you",
    "no_texts": "we will not text you",
    "not_at_home": "we will not contact you at home",
}
"""How the notice names each contact restriction (labels only: no times, no figures)."""
RESTRICTION_DEFAULT = "we will respect how you asked to be contacted"
COME_BACK = (
    "If you change your mind, you can reply here or contact {creditor} at any time, and we "
    "can pick this up again.",
    "You are welcome to come back to us here or through {creditor} whenever you are ready.",
    "Whenever you want to continue, reply here or contact {creditor}; the door stays open.",
)
"""How to come back, after the closing move to a debtor who says it is leaving
(``Decision.reason["deal"]["closing"]``, :meth:`policies.strategy.CreditorStrategy._closing`);
optional: said once, never repeated word for word."""

DUTIES: dict[str, tuple[str, ...]] = {
    "stop": (
        "Understood: we will stop contacting you about this account. If you have a "
        "representative, we will deal with them instead. Thank you for letting us know.",
    ),
    "dispute": (
        "Understood: you dispute this debt. We will pause collection of this account and send "
        "you a written validation notice of the debt; we will not ask you for payment until "
        "the debt has been validated. You can reply to that notice with any questions.",
    ),
    "dispute_partial": (
        "Thank you for telling me that part of this balance has already been paid; I have "
        "noted it. A payment we have not recorded disputes the amount, so we will check our "
        "records, pause collection of this account and send you a written statement of what we "
        "show as paid and owed. We will not ask you for payment until the amount has been "
        "verified; once it has, any repayment timeline would be for the verified amount.",
    ),
    "represented": (
        "Our offer stands at {days} days for the {balance} balance. Before we go further: are "
        "you represented by an attorney or other legal representative about this debt? If you "
        "are, please reply yes and we will deal with them instead; if you are not, reply no "
        "and we can carry on.",
        "The offer is {days} days for the {balance} balance. One question first: are you "
        "represented by an attorney or other legal representative about this debt? Reply yes if "
        "you are, and we will deal with them; reply no if you are not.",
    ),
    "close_failed": (
        "We have not been able to settle on a repayment timeline in this conversation, so I "
        "will close it here. Thank you for your time; you are welcome to contact {creditor} "
        "to continue.",
    ),
    "crisis": (
        "I am really sorry you are feeling this way, and your safety matters far more than "
        "this account. {crisis} We will pause this conversation about the account, and "
        "someone from our team can contact you later, only if and when you want that. "
        "{advice}",
    ),
}
"""Duty texts sent exactly as written, on every backend."""
BODIES: dict[Tactic, tuple[str, ...]] = {
    Tactic.SUPPORT: (
        "I am sorry you are going through this. Someone from our team can contact you to "
        "talk it through, and you can get advice first. {advice} The offer stands at {days} "
        "days to repay the {balance} balance; tell me if that cannot work for you.",
        "Thank you for telling me; that sounds really hard. A person from our team can "
        "contact you to talk it through, and you can get support first. {advice} Our offer "
        "is {days} days for the {balance} balance; tell me what you can manage.",
    ),
    Tactic.CONFIRM: (
        "To confirm: the {balance} balance repaid within {days} days. Do you agree?",
        "To confirm: the {balance} balance repaid within {days} days. Please reply yes if you "
        "agree.",
    ),
    Tactic.ASK: (
        "I want to be sure I understood you. What single timeline, in days, can you commit to "
        "for the {balance} balance? Our offer is {days} days.",
        "I am not sure I read your message correctly. Could you tell me the one number of days "
        "you can repay the {balance} balance in? Our offer stands at {days} days.",
        "Could you give me a single timeline, in days, for repaying the {balance} balance? Our "
        "offer is {days} days.",
    ),
    Tactic.ASK_AFFORD: (
        "I am sorry things are difficult. So that we can find a plan you can keep, what "
        "timeline, in days, would you realistically need to repay the {balance} balance? For "
        "now our offer is {days} days.",
        "Thank you for telling me. What timeline, in days, could you actually afford for the "
        "{balance} balance? We want a plan that works for you; our offer is {days} days.",
    ),
    Tactic.TIMELINE_ONLY: (
        "I can only discuss the timeline for repaying the full {balance} balance, not payment "
        "amounts; how you spread the payments inside that time is up to you. Our offer is "
        "{days} days.",
        "What I can set with you is the time to repay the full {balance} balance; you can pay "
        "it in whatever pieces suit you within that time. Our offer is {days} days.",
        "The time to repay the full {balance} balance is what we set together, and you choose "
        "the amounts inside it. Our offer is {days} days.",
    ),
    Tactic.ACCEPT: (
        "We have an agreement: the balance of {balance} will be repaid within {days} days. "
        "Thank you.",
        "Agreed. You will repay the {balance} balance within {days} days. I will send written "
        "confirmation of these terms.",
        "Thank you, we are agreed: {balance} repaid within {days} days. I will send "
        "written confirmation of these terms.",
    ),
}
"""Fixed bodies by tactic: the confirmation and the agreement are duties; support keeps its
reviewed caring text (and no longer says "no rush, no pressure" beside a deadline)."""
ONCE_MORE = ("Once more: {sentence}", "To repeat: {sentence}", "Again: {sentence}")
"""The last resort against a repeated sentence: a bank used up in one dialogue."""

__all__ = [
    "ACKS", "ACK_FALLBACKS", "ANSWERS", "BODIES", "CHEERFUL", "CLOSERS_ONLY", "COOPERATIVE",
    "DUTIES", "FINAL_ANSWERS", "FINAL_LEADS", "FIT", "FRAMES", "HOLDING_ANSWERS", "LEADS",
    "MOVING_ANSWERS", "ONCE_MORE", "OPENERS_ONLY", "OPENING", "OPENING_FRAMES", "OPENING_OFFERS",
    "OPEN_ANSWERS", "OTHER_ANSWERS", "REACTIONS", "RESTRICTION_DEFAULT", "RESTRICTION_NOTICE",
    "TERMS", "TONES", "UNCHANGED_LEADS", "fits", "fitting",
]  # fmt: skip
