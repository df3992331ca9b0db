"""Hostile probes of the ``lang`` branch (issue 23.3/23.4, issue 21): the lawyer question and
its answer, the bilingual notice, hardship in Spanish/French/German.

Each defect found is a test that failed on ``lang``; the probes that held are kept as cheap
regression rows beside their close negatives."""

from __future__ import annotations

import pytest

from edge_agent import Negotiator, Scenario
from edge_agent.read.other_language import wish
from edge_agent.read.reader import read
from edge_agent.text.language import language_problem
from edge_core import MoveKind

QUESTION = ("The offer is 12 days for the $15,700.00 balance. One question first: are you "
            "represented by an attorney or other legal representative about this debt? Reply "
            "yes if you are, and we will deal with them; reply no if you are not.")


def _answer(text: str) -> tuple[MoveKind, tuple[str, ...], int | None]:
    move = read(text, 12, balance=15700.0, after=QUESTION)
    return move.kind, move.flags, move.days


def _agent() -> Negotiator:
    agent = Negotiator(Scenario(balance=15700.0, creditor_target_days=12, max_days=60),
                       backend="template", seed=0, sensor="lexicon")
    agent.open()
    return agent


# --- the answer to "are you represented?" ---------------------------------------------------

@pytest.mark.parametrize("text", [
    "Of course not", "Absolutely not. 30 days?", "Definitely not", "Indeed not",
    "Claro que no", "Correct, I am not represented", "That's right, I don't have one",
    "Exactly, nobody represents me",
])
def test_a_negated_yes_is_no_representation(text: str) -> None:
    """Broke on lang: each closed the dialogue as an attorney request (status failed)."""
    kind, flags, _ = _answer(text)
    assert kind != MoveKind.STOP and "represented" not in flags
    assert "not_represented" in flags


@pytest.mark.parametrize("text", [
    "No idea what you mean", "No clue", "No sé", "No lo sé", "No entiendo",
    "Yes? What lawyer?", "Yeah right, like I can afford a lawyer",
])
def test_not_knowing_or_a_puzzled_question_answers_nothing(text: str) -> None:
    """Broke on lang: "No idea"/"No sé" ("I don't know") read as *not represented* (the
    negotiation went on with a debtor who may be represented); "Yes?" and the sarcastic
    "Yeah right" closed as an attorney request."""
    _, flags, _ = _answer(text)
    assert "represented" not in flags and "not_represented" not in flags


@pytest.mark.parametrize(("text", "flag", "kind", "days"), [
    ("yes", "represented", MoveKind.STOP, None),
    ("YES", "represented", MoveKind.STOP, None),
    ("Sí", "represented", MoveKind.STOP, None),
    ("Oui", "represented", MoveKind.STOP, None),
    ("Ja", "represented", MoveKind.STOP, None),
    ("I'm represented", "represented", MoveKind.STOP, None),
    ("yes 👍", "represented", MoveKind.STOP, None),
    ("I have one", "represented", MoveKind.STOP, None),    # broke: "one" is normalised to "1"
    ("I don't have one", "not_represented", MoveKind.NONE, None),  # broke: the same
    ("I do not have one.", "not_represented", MoveKind.NONE, None),
    ("no", "not_represented", MoveKind.NONE, None),
    ("Nein", "not_represented", MoveKind.NONE, None),
    ("No, I am not.", "not_represented", MoveKind.NONE, None),
    ("No I'm not, can we do 30 days?", "not_represented", MoveKind.PROPOSE, 30),
    ("No. Talk to my lawyer.", "not_represented", MoveKind.STOP, None),
])
def test_the_plain_answers_held(text: str, flag: str, kind: MoveKind, days: int | None) -> None:
    got_kind, flags, got_days = _answer(text)
    assert (got_kind, got_days) == (kind, days) and flag in flags


def test_of_course_not_keeps_the_negotiation_open() -> None:
    """The dialogue-level form of the first defect: "Of course not" ended it as failed."""
    agent = _agent()
    asked = agent.respond("My lawyer says I should not pay this much")
    assert "are you represented" in asked.text
    reply = agent.respond("Of course not")
    assert reply.status == "open" and reply.agreed_days is None


@pytest.mark.parametrize("answer", ["yes", "Yes, I agree", "Sí", "No, I'm not. Yes, I agree."])
def test_no_answer_to_the_question_agrees_to_terms(answer: str) -> None:
    """Held: terms restated ("ok"), then a lawyer mention and any answer: never agreed."""
    agent = _agent()
    assert agent.respond("ok").status == "awaiting_confirmation"
    assert "are you represented" in agent.respond("My lawyer says yes").text
    reply = agent.respond(answer)
    assert reply.status != "agreed" and reply.agreed_days is None


# --- which language a debtor asks for or writes ---------------------------------------------

@pytest.mark.parametrize(("text", "code"), [
    ("¿Hablas español?", "es"),          # broke: the informal form asked nothing
    ("hablas espanol", "es"),
    ("Bien sûr que non", "fr"),          # broke: a French message got the Spanish notice
    ("I do not want to speak Spanish", None),   # broke: a refusal read as a request
    ("I would not like to speak German", None),
    ("Ich brauche mehr Zeit", "de"),     # broke: the plainest ask for time, no notice
    ("Je voudrais plus de temps", "fr"),
    ("Quisiera más tiempo", "es"),
    ("Il me faut 40 jours", "fr"),
    ("Mein Anwalt sagt, ich soll 40 Tage verlangen", "de"),
    ("I need 30 days plus a week", None),
    ("I will die if this goes on", None),
    ("I still owe on this German car", None),   # broke: an adjective read as a request
    ("I bought it from someone French", None),
    ("that Spanish guy called me", None),
    ("Can you explain this in Spanish?", "es"),
    ("Is there anyone French-speaking?", "fr"),
    ("Do you speak Spanish?", "es"),     # held
    ("Parlez-vous français ?", "fr"),
    ("Sprechen Sie Deutsch?", "de"),
    ("I don't speak Spanish", None),
    ("My French bank", None),
    ("Can I pay in euros? I live in Madrid", None),
    ("你会说中文吗？", None),
])
def test_the_language_wished(text: str, code: str | None) -> None:
    found = wish(text)
    assert (found.code if found else None) == code


def test_informal_spanish_request_gets_the_notice() -> None:
    reply = _agent().respond("¿Hablas español?")
    assert "Solo puedo escribir en inglés" in reply.text


@pytest.mark.parametrize("text", ["Sí, de acuerdo, acepto", "Oui, j'accepte les conditions",
                                  "Ja, ich bin einverstanden"])
def test_a_foreign_yes_is_no_agreement_to_english_terms(text: str) -> None:
    """Held: the notice, then the terms restated; nothing agreed the same turn."""
    agent = _agent()
    agent.respond("ok")
    reply = agent.respond(text)
    assert reply.status == "awaiting_confirmation" and reply.agreed_days is None


# --- the guard ------------------------------------------------------------------------------

@pytest.mark.xfail(strict=True, reason=(
    "the guard's language check (text/language.py language_problem, older than this branch) "
    "judges a sentence by function words and a list of courtesy words: short Spanish/French "
    "sentences with neither pass as English, so 'the guard accepts foreign text only if it is "
    "a reviewed text' is not true for free text; reachable only by a drafting backend, since "
    "the voice realiser picks among reviewed wordings"))
@pytest.mark.parametrize("text", ["Puede pagar en treinta, si quiere.",
                                  "Vous pouvez payer plus tard."])
def test_the_guard_refuses_unreviewed_foreign_sentences(text: str) -> None:
    assert language_problem(text, "en") != ""


# --- hardship in Spanish, French and German reads as its English form -----------------------

def _hardship(text: str) -> tuple[bool, bool]:
    from edge_agent.read.cues import PATTERNS
    from edge_agent.read.vulnerability import detect
    from edge_agent.text.normalise import normalise

    t = normalise(text)
    return "job_loss" in detect(t), bool(PATTERNS["hardship"].search(t))


@pytest.mark.parametrize(("text", "job_loss", "hardship"), [
    ("I lost my job", True, True),
    ("Perdí mi trabajo", True, True),               # held
    ("PERDÍ MI TRABAJO", True, True),
    ("J'ai perdu mon emploi", True, True),
    ("Ich habe meine Arbeit verloren", True, True),
    ("Perdí el trabajo", True, True),               # broke: the article instead of "mi"
    ("He perdido mi trabajo", True, True),          # broke: the perfect tense (Spain)
    ("Je viens de perdre mon emploi", True, True),  # broke: "I have just lost my job"
    ("Ich habe meine Arbeitsstelle verloren", True, True),  # broke: the compound noun
    ("I didn't lose my job", False, False),         # the close negatives
    ("No perdí mi trabajo", False, False),          # broke: read as a job loss
    ("No he perdido mi trabajo", False, False),
    ("Je n'ai pas perdu mon emploi", False, False),
    ("Ich habe meine Arbeit nicht verloren", False, False),
])
def test_job_loss_reads_as_in_english(text: str, job_loss: bool, hardship: bool) -> None:
    assert _hardship(text) == (job_loss, hardship)


def test_a_denied_job_loss_gets_no_hardship_reply() -> None:
    """Broke on lang: "No perdí mi trabajo" (I did not lose my job) got the job-loss care text
    and the credit-counselling referral."""
    reply = _agent().respond("No perdí mi trabajo, solo necesito más tiempo")
    assert "sounds really hard" not in reply.text and "NFCC" not in reply.text
