"""Issue 23.3, 23.4 and 21 at the reader: a lawyer mentioned, the answer to "are you
represented?", a debtor writing or asking for another language, and hardship in Spanish, French
and German read as its English form is. Tables with close negatives."""

from __future__ import annotations

import pytest

from edge_agent.read import cues, read, vulnerability
from edge_agent.read.heard import hear
from edge_agent.read.other_language import wish
from edge_agent.read.represented import answer, asked, mentions_lawyer
from edge_agent.text.language import written_in
from edge_core import MoveKind

ASKED = ("The offer is 13 days for the $15,700.00 balance. One question first: are you "
         "represented by an attorney or other legal representative about this debt? Reply yes "
         "if you are, and we will deal with them; reply no if you are not.")
CONFIRMED = ("To confirm: the $15,700.00 balance repaid within 30 days. Please reply yes if "
             "you agree.")

MENTIONS = [
    ("My lawyer says I don't have to pay this", True),
    ("Mi abogado dice que no tengo que pagar esto", True),
    ("mon avocat dit que je ne dois rien", True),
    ("Mein Anwalt sagt, dass ich nicht zahlen muss", True),
    ("my attorney told me not to sign anything", True),
    ("I'm talking to a solicitor about this", True),
    ("I spoke to a lawyer yesterday", True),
    ("Our attorney reviewed the contract", True),
    # close negatives
    ("I'm a lawyer myself and I know my rights", False),
    ("I will call my lawyer if you keep this up! 150 days.", False),
    ("I'm going to get a lawyer", False),
    ("My lawyer will hear about this.", False),
    ("I am talking to an attorney about your conduct.", True),
    ("you're not my lawyer", False),
    ("my lawyer friend said hello", False),
    ("I don't have a lawyer", False),
    ("lawyers are expensive", False),
    ("Perdí mi trabajo", False),
]


@pytest.mark.parametrize("text,expected", MENTIONS)
def test_a_lawyer_of_the_debtors_own_is_a_mention(text, expected):
    assert mentions_lawyer(text) is expected


@pytest.mark.parametrize("text", [t for t, m in MENTIONS if m])
def test_a_mention_alone_is_read_as_unsure_with_the_lawyer_flag(text):
    move = read(text, 30, balance=15700.0)
    assert move.kind == MoveKind.NONE and move.unsure and "lawyer" in move.flags


@pytest.mark.parametrize("text", ["My lawyer says 30 days is fine, yes", "yes, my lawyer agrees",
                                  "My lawyer says I should accept 30 days", "ok, my lawyer agrees"])
def test_a_mention_beside_a_yes_is_never_consent(text):
    move = read(text, 30, balance=15700.0)
    assert move.kind != MoveKind.ACCEPT and "lawyer" in move.flags


def test_a_mention_beside_a_proposal_keeps_the_proposal_and_the_flag():
    move = read("I am talking to an attorney about your conduct. I need 60 days.", 30,
                balance=15700.0)
    assert (move.kind, move.days) == (MoveKind.PROPOSE, 60) and "lawyer" in move.flags


@pytest.mark.parametrize("text", ["Talk to my lawyer", "I have an attorney",
                                  "My lawyer will contact you"])
def test_representation_already_stated_stays_a_stop(text):
    assert read(text, 30).kind == MoveKind.STOP


ANSWERS = [
    ("yes", "yes"), ("Yes he is", "yes"), ("yes, she is", "yes"), ("sí", "yes"),
    ("Si, mi abogado", "yes"), ("oui", "yes"), ("Ja", "yes"), ("I am", "yes"),
    ("yeah", "yes"), ("I do", "yes"),
    ("no", "no"), ("No, I'm not", "no"), ("nein", "no"), ("non", "no"), ("Not yet", "no"),
    ("I am not represented", "no"), ("I'm not", "no"), ("nope", "no"), ("I don't", "no"),
    ("I am.", "yes"), ("I am represented", "yes"), ("She does", "yes"),
    ("40 days", None), ("what do you mean?", None), ("no problem", None),
    ("I am angry about how this account is being handled.", None),
    ("I'm not sure what you mean", None), ("I do not understand", None),
]


@pytest.mark.parametrize("text,expected", ANSWERS)
def test_the_answer_to_the_question(text, expected):
    said = answer(text)
    assert (said[0] if said else None) == expected


@pytest.mark.parametrize("text", ["yes", "Yes.", "sí", "oui", "ja", "yes he is", "Yes I agree",
                                  "yes, deal"])
def test_a_yes_after_the_question_goes_through_the_lawyer_never_agrees(text):
    move = read(text, 30, balance=15700.0, after=ASKED)
    assert move.kind == MoveKind.STOP and "represented" in move.flags
    assert move.consent.value == ""


@pytest.mark.parametrize("text", ["yes", "Yes I agree"])
def test_close_negative_the_same_yes_after_terms_is_consent(text):
    assert read(text, 30, balance=15700.0, after=CONFIRMED).kind == MoveKind.ACCEPT


@pytest.mark.parametrize("text,kind,days", [
    ("no", MoveKind.NONE, None),
    ("No, I'm not.", MoveKind.NONE, None),
    ("nein", MoveKind.NONE, None),
    ("No. Can I have 45 days?", MoveKind.PROPOSE, 45),
    ("no, 45 days", MoveKind.PROPOSE, 45),
])
def test_a_no_after_the_question_continues_and_is_no_refusal(text, kind, days):
    move = read(text, 30, balance=15700.0, after=ASKED)
    assert move.kind == kind and move.days == days and "not_represented" in move.flags


def test_close_negative_a_no_after_terms_is_a_refusal():
    assert read("no", 30, balance=15700.0, after=CONFIRMED).kind == MoveKind.REJECT


@pytest.mark.parametrize("reply,expected", [(ASKED, True), (CONFIRMED, False), (None, False),
                                            ("", False), ("Are you represented?", False)])
def test_asked_is_the_fixed_question_only(reply, expected):
    assert asked(reply) is expected


LANGUAGE = [
    ("No entiendo bien el inglés. ¿Podemos hablar en español?", "es", True),
    ("¿Habla usted español?", "es", True),
    ("Do you speak French?", "fr", True),
    ("Can we do this in Spanish?", "es", True),
    ("Is there someone who speaks German?", "de", True),
    ("Parlez-vous français ?", "fr", True),
    ("Je ne parle pas anglais", "fr", True),
    ("Sprechen Sie Deutsch?", "de", True),
    ("Ich verstehe kein Englisch", "de", True),
    ("Perdí mi trabajo y no puedo pagar", "es", False),
    ("J'ai perdu mon emploi", "fr", False),
    ("Ich habe meine Arbeit verloren", "de", False),
    ("Estoy enfermo", "es", False),
    # close negatives: English about a language, or a word of one
    ("I don't speak Spanish", None, None),
    ("My French bank is slow to pay me", None, None),
    ("Under German law this is void", None, None),
    ("Gracias", None, None),
    ("Hola, I can do 40 days", None, None),
    ("I lost my job and I can't pay", None, None),
    ("The terms are fine", None, None),
]


@pytest.mark.parametrize("text,code,explicit", LANGUAGE)
def test_which_language_a_message_asks_for_or_is_written_in(text, code, explicit):
    found = wish(text)
    assert (found.code if found else None) == code
    assert (found.explicit if found else None) == explicit


@pytest.mark.parametrize("text", [t for t, c, _ in LANGUAGE if c])
def test_a_language_message_carries_its_flag_and_is_no_refusal(text):
    move = read(text, 30, balance=15700.0)
    assert f"language:{wish(text).code}" in move.flags
    assert move.kind != MoveKind.REJECT  # "No entiendo..." starts with "no": not a refusal


def test_close_negative_an_english_refusal_stays_a_refusal():
    move = read("No, that does not work for me", 30)
    assert move.kind == MoveKind.REJECT and not any(f.startswith("language") for f in move.flags)


@pytest.mark.parametrize("text", ["Stop contacting me", "No me contacte más"])
def test_duties_are_read_first_whatever_the_language(text):
    assert read(text, 30).kind == MoveKind.STOP


def test_whole_message_needs_most_of_its_words():
    assert written_in("Estoy enfermo") == "es"
    assert written_in("I have the la la feeling about this debt") is None


HARDSHIP = [  # (another language, its English form)
    ("Perdí mi trabajo y no puedo pagar", "I lost my job and I can't pay"),
    ("Perdí mi empleo", "I lost my job"),
    ("J'ai perdu mon emploi", "I lost my job"),
    ("J’ai perdu mon travail et je ne peux pas payer", "I lost my job and I can't pay"),
    ("Ich habe meine Arbeit verloren", "I lost my job"),
    ("Ich bin arbeitslos", "I am unemployed"),
    ("Estoy enfermo", "I am ill"),
    ("Je suis malade", "I am ill"),
    ("Ich bin krank", "I am ill"),
    ("Estoy en el hospital", "I am in the hospital"),
    ("Mi madre falleció", "My mother passed away"),
    ("Estoy deprimido", "I am depressed"),
    ("Quiero morir", "I want to die"),
    ("Je veux mourir", "I want to die"),
    ("Ich will sterben", "I want to die"),
    ("No tengo dinero", "I have no money"),
    # close negatives, in both languages
    ("Perdí mi tarjeta", "I lost my card"),
    ("mi trabajo va bien", "my job is going well"),
    ("J'ai perdu mes clés", "I lost my keys"),
    ("Ich habe meinen Schlüssel verloren", "I lost my key"),
]


@pytest.mark.parametrize("foreign,english", HARDSHIP)
def test_hardship_in_another_language_reads_as_its_english_form(foreign, english):
    assert vulnerability.detect(foreign) == vulnerability.detect(english)
    assert cues.detect(foreign) == cues.detect(english)
    assert hear(foreign).reasons == hear(english).reasons


@pytest.mark.parametrize("foreign", ["Perdí mi trabajo y no puedo pagar", "J'ai perdu mon emploi",
                                     "Ich habe meine Arbeit verloren"])
def test_job_loss_abroad_is_a_disclosure_and_a_hardship_cue(foreign):
    assert vulnerability.detect(foreign) == {"job_loss"}
    assert "hardship" in cues.detect(foreign)


@pytest.mark.parametrize("negative", ["Perdí mi tarjeta", "mi trabajo va bien"])
def test_close_negatives_disclose_nothing(negative):
    assert not vulnerability.detect(negative) and not cues.detect(negative)
