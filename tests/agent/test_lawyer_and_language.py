"""Issue 23.3, 23.4 and 21 through the real Negotiator: "my lawyer says..." gets the fixed
"are you represented?" question and a yes goes through the lawyer (never a yes to terms); a
debtor writing Spanish, French or German gets the reviewed bilingual notice once; hardship in
those languages gets what its English form gets. On the template and the model voice (a fake
runtime whose drafts are the issue's broken Spanish)."""

from __future__ import annotations

import pytest

from edge_agent import Negotiator
from edge_agent.plan import sentence_key, split_sentences
from edge_agent.text.language_notices import notice_text
from tests.conftest import NORTHWIND
from tests.realise.test_voice import PLANNER, FakeRuntime
from tests.voice_helpers import template_voice

QUESTION = "are you represented by an attorney or other legal representative about this debt?"
CLOSED = "we will stop contacting you about this account"


def agent(policy: str = "eq", realiser=None, seed: int = 3) -> Negotiator:
    a = Negotiator(NORTHWIND, policy=policy, seed=seed, sensor="lexicon", realiser=realiser)
    a.open()
    return a


def say(a: Negotiator, *messages: str):
    reply = None
    for m in messages:
        reply = a.respond(m)
    return reply


def model_voice(drafts=("Muy buen.", "Entiendo, podemos hablar en español.")):
    from edge_agent.realise.voice import VoiceRealiser
    from edge_agent.verify.faithful import SentenceJudge

    realiser = VoiceRealiser(FakeRuntime(drafts), mode="rewrite", judge=SentenceJudge(),
                             planner=PLANNER)
    realiser._banned = ()
    return realiser


MENTIONS = ["My lawyer says I don't have to pay this",
            "Mi abogado dice que no tengo que pagar esto",
            "Mon avocat dit que je ne dois pas payer",
            "Mein Anwalt sagt, ich muss das nicht zahlen",
            "my attorney told me not to agree to anything",
            "I'm talking to a solicitor about this"]
YESES = ["yes", "sí", "oui", "ja", "yes he is", "Yes, I agree"]


@pytest.mark.parametrize("mention", MENTIONS)
def test_a_lawyer_mentioned_gets_the_question_and_nothing_is_agreed(mention):
    a = agent()
    reply = say(a, mention)
    assert QUESTION in reply.text.lower()
    assert reply.status == "open" and reply.agreed_days is None
    assert reply.text.lower().rstrip(".").endswith("reply no if you are not") or \
        reply.text.lower().rstrip(".").endswith("we can carry on")  # the question is last


@pytest.mark.parametrize("yes", YESES)
@pytest.mark.parametrize("mention", MENTIONS[:2])
def test_a_yes_to_the_question_goes_through_the_lawyer(mention, yes):
    a = agent()
    reply = say(a, mention, yes)
    attorney = say(agent(), "Please contact my attorney")
    assert reply.status == attorney.status == "failed"
    assert CLOSED in reply.text and reply.agreed_days is None
    assert a.session.turns[-1].decision.action.value == "close_stop"


@pytest.mark.parametrize("yes", YESES)
def test_a_yes_after_restated_terms_and_the_question_is_never_agreement(yes):
    a = agent()
    confirm = say(a, "ok")
    assert confirm.status == "awaiting_confirmation"  # the terms were restated
    asked = say(a, "Wait, my lawyer says I shouldn't agree to anything")
    assert QUESTION in asked.text.lower() and asked.status == "open"
    reply = say(a, yes)
    assert reply.agreed_days is None and reply.status == "failed"
    assert not any(t.decision.action.value == "accept" for t in a.session.turns)


@pytest.mark.parametrize("yes", ["yes", "Yes, I agree"])
def test_a_proposal_beside_a_mention_is_asked_about_before_any_yes_counts(yes):
    a = agent()
    asked = say(a, "I'm talking to a solicitor about this. I can do 13 days.")
    assert QUESTION in asked.text.lower() and asked.agreed_days is None
    reply = say(a, yes)
    assert reply.status == "failed" and reply.agreed_days is None


def test_a_proposal_beside_a_mention_then_no_goes_on_to_the_terms():
    a = agent()
    say(a, "I'm talking to a solicitor about this. I can do 13 days.")
    reply = say(a, "No, I'm not")
    assert reply.status in ("open", "awaiting_confirmation") and "13 days" in reply.text


@pytest.mark.parametrize("mention", ["Yes, my lawyer says this is fine", "ok, my lawyer agrees",
                                     "My lawyer says I should accept it, yes"])
def test_a_yes_beside_a_mention_while_terms_await_is_no_agreement(mention):
    a = agent()
    assert say(a, "ok").status == "awaiting_confirmation"
    reply = say(a, mention)
    assert reply.status != "agreed" and reply.agreed_days is None
    assert QUESTION in reply.text.lower()


def test_close_negative_a_yes_to_restated_terms_alone_agrees():
    a = agent()
    say(a, "ok")
    assert say(a, "yes").status == "agreed"


@pytest.mark.parametrize("no", ["no", "No, I'm not", "nein", "non"])
def test_a_no_continues_the_negotiation(no):
    a = agent()
    say(a, MENTIONS[0])
    reply = say(a, no)
    assert reply.status == "open" and QUESTION not in reply.text.lower()
    assert f"{reply.offer_days} days" in reply.text  # the terms again, in English
    assert a.session.turns[-1].decision.tactic.value != "reject"
    assert say(a, "I can do 40 days").status in ("open", "awaiting_confirmation")


@pytest.mark.parametrize("text", ["I'm a lawyer myself and I know my rights",
                                  "you're not my lawyer", "my lawyer friend said hello"])
def test_close_negatives_get_no_question_and_a_following_yes_is_no_stop(text):
    a = agent()
    reply = say(a, text)
    assert QUESTION not in reply.text.lower()
    assert say(a, "yes").status != "failed"


@pytest.mark.parametrize("policy", ["eq", "eq-paper", "eq-switch", "payoff", "wsls", "hmm",
                                    "vanilla", "vanilla-adaptive", "random", "eq-research",
                                    "fixed:neutral"])
def test_every_policy_asks_and_a_yes_never_agrees(policy):
    a = agent(policy)
    assert QUESTION in say(a, MENTIONS[0]).text.lower()
    reply = say(a, "yes")
    assert reply.status == "failed" and reply.agreed_days is None


@pytest.mark.parametrize("first", [MENTIONS[0], "¿Podemos hablar en español?"])
def test_the_question_and_the_notice_survive_a_resume(first):
    """A saved turn carrying the question or the notice loads (its reply passes the guard
    again), and the answer after a resume is read against the saved reply."""
    a = agent()
    say(a, first)
    b = Negotiator.from_json(a.to_json(), sensor="lexicon")
    if "lawyer" in first:
        assert b.respond("yes").status == "failed"
    else:
        assert "Solo puedo" not in b.respond("Perdí mi trabajo").text


# -- another language ---------------------------------------------------------------------------
SPANISH = notice_text("es", NORTHWIND.creditor_name)
REQUESTS = [
    ("No entiendo bien el inglés. ¿Podemos hablar en español?", "es"),
    ("Parlez-vous français ?", "fr"),
    ("Sprechen Sie Deutsch? Ich verstehe kein Englisch.", "de"),
    ("Can we do this in Spanish please?", "es"),
    ("Perdí mi trabajo y no puedo pagar", "es"),
    ("J'ai perdu mon emploi", "fr"),
    ("Ich habe meine Arbeit verloren", "de"),
]


@pytest.mark.parametrize("text,code", REQUESTS)
def test_another_language_gets_the_reviewed_notice_then_english(text, code):
    a = agent()
    reply = say(a, text)
    notice = notice_text(code, NORTHWIND.creditor_name)
    assert reply.text.startswith(notice)
    rest = reply.text[len(notice):]
    assert f"{reply.offer_days} days" in rest and reply.status == "open"
    assert a.session.turns[-1].decision.action.value != "confirm"
    assert a.session.turns[-1].move.kind.value != "reject"  # "No entiendo" refuses nothing


def test_the_notice_is_said_once_and_again_only_when_asked():
    a = agent()
    first = say(a, "No entiendo bien el inglés. ¿Podemos hablar en español?")
    assert first.text.startswith(SPANISH)
    quiet = say(a, "Perdí mi trabajo y no puedo pagar")  # Spanish again, no request: no nagging
    assert "Solo puedo" not in quiet.text and "Spanish" not in quiet.text
    again = say(a, "¿Podemos hablar en español?")
    assert again.text.startswith(notice_text("es", NORTHWIND.creditor_name, again=True))
    later = say(a, "Por favor, en español")
    assert "español" not in later.text  # told twice; never the same sentence a third time
    seen: set[str] = set()
    for turn in a.session.turns:
        keys = [sentence_key(s) for s in split_sentences(turn.reply)]
        assert not set(keys) & seen, turn.reply
        seen.update(keys)


def test_close_negative_english_about_a_language_gets_no_notice():
    a = agent()
    for text in ("I don't speak Spanish", "My French bank pays me late", "Gracias"):
        assert "English" not in say(a, text).text


@pytest.mark.parametrize("make", [template_voice, model_voice], ids=["template", "model"])
@pytest.mark.parametrize("messages", [
    ("No entiendo bien el inglés. ¿Podemos hablar en español?",),
    ("My lawyer says I don't have to pay this",),
    ("Mi abogado dice que no tengo que pagar esto",),
], ids=["language", "lawyer", "both"])
def test_the_turn_is_fixed_text_on_every_backend(make, messages):
    """The model never writes on these turns: the reply is the template voice's, word for
    word, even when the model's only drafts are broken Spanish."""
    model = say(agent(realiser=make()), *messages)
    fixed = say(agent(realiser=template_voice()), *messages)
    assert model.text == fixed.text
    assert "Muy buen" not in model.text and "Entiendo" not in model.text


FORMS = [  # (another language, its English form): the same reading, the same decision
    ("Perdí mi trabajo y no puedo pagar", "I lost my job and I can't pay"),
    ("J'ai perdu mon emploi", "I lost my job"),
    ("Ich habe meine Arbeit verloren", "I lost my job"),
    ("Estoy enfermo", "I am ill"),
]


@pytest.mark.parametrize("foreign,english", FORMS)
def test_hardship_in_another_language_is_decided_as_its_english_form(foreign, english):
    a, b = agent(), agent()
    say(a, foreign)
    say(b, english)
    ta, tb = a.session.turns[-1], b.session.turns[-1]
    assert ta.decision.tactic == tb.decision.tactic
    assert ta.decision.supportive == tb.decision.supportive
    assert ta.trace["vulnerability"] == tb.trace["vulnerability"]
    assert ta.trace["signals"]["cues"] == tb.trace["signals"]["cues"]
    assert (ta.trace["signals"]["affordability"]["reasons"]
            == tb.trace["signals"]["affordability"]["reasons"])  # the forbearance estimate


@pytest.mark.parametrize("text", ["Perdí mi tarjeta", "mi trabajo va bien"])
def test_close_negatives_are_no_hardship(text):
    a = agent()
    say(a, text)
    turn = a.session.turns[-1]
    assert not turn.trace["vulnerability"]["now"] and not turn.decision.supportive
    assert "hardship" not in turn.trace["signals"]["cues"]
