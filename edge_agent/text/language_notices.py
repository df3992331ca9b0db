"""The reviewed bilingual notice for a debtor who writes Spanish, French or German (issue 23.4).

The agent negotiates in English only: a small model writing another language wrote broken text
("Muy buen"), and nothing downstream (the guard, the reader of a reply) can check it. So a
debtor who asks for their language, or writes a whole message in it, gets one fixed text: plain
English, then the same in their language, saying the agent writes English only and how to
reach a person who speaks theirs. The scenario holds no contact channel (no phone number, no
address: :class:`edge_core.Scenario` has no such field), so the text tells the debtor to ask
the creditor for an agent who speaks their language; it never invents a number.

Who wrote them: the ``lang`` branch's engineer (an AI model), from the English text, in the
formal register (usted / vous / Sie). They are NOT yet reviewed by a native speaker: the lead
has them checked separately, and every text lives in this one table so the review finds them.

Each language has two texts: ``notice`` (said once per dialogue) and ``again`` (when the debtor
asks for their language again after the notice). ``{creditor}`` is the creditor's name; when
the scenario has none (the default "the creditor"), each language's ``creditor`` phrase names it
in that language's grammar (``{creditor}`` always stands where the name fits unchanged).
The plan sends these texts as written (no model touches them) and the guard accepts the
foreign passage of a reply only when it is one of these texts exactly
(:func:`reviewed_passages`).
"""

from __future__ import annotations

from dataclasses import dataclass

DEFAULT_CREDITOR = "the creditor"
"""``Scenario.creditor_name`` when the scenario names no creditor."""


@dataclass(frozen=True)
class Notice:
    """One language's reviewed texts: the English half and the foreign half of each."""

    code: str
    name: str
    """The language's English name, for the English half ("Spanish")."""
    creditor: str
    """How the foreign half names a creditor the scenario does not name."""
    notice_en: str
    notice: str
    again_en: str
    again: str


SPANISH = Notice(
    code="es",
    name="Spanish",
    creditor="su acreedor",
    notice_en=("I can only write in English, so I will continue in English. To speak with "
               "someone in Spanish, please ask {creditor} for a Spanish-speaking agent."),
    notice=("Solo puedo escribir en inglés, así que continuaré en inglés. Para hablar con "
            "alguien en español, solicite a {creditor} un agente que hable español."),
    again_en=("As I said, I can only write in English. Please ask {creditor} for a "
              "Spanish-speaking agent."),
    again=("Como le indiqué, solo puedo escribir en inglés. Por favor, solicite a {creditor} "
           "un agente que hable español."),
)
FRENCH = Notice(
    code="fr",
    name="French",
    creditor="votre créancier",
    notice_en=("I can only write in English, so I will continue in English. To speak with "
               "someone in French, please ask {creditor} for a French-speaking agent."),
    notice=("Je ne peux écrire qu'en anglais, je vais donc poursuivre en anglais. Pour parler "
            "à quelqu'un en français, demandez à {creditor} de vous mettre en relation avec "
            "un conseiller qui parle français."),
    again_en=("As I said, I can only write in English. Please ask {creditor} for a "
              "French-speaking agent."),
    again=("Comme je vous l'ai indiqué, je ne peux écrire qu'en anglais. Veuillez demander à "
           "{creditor} de vous mettre en relation avec un conseiller qui parle français."),
)
GERMAN = Notice(
    code="de",
    name="German",
    creditor="Ihren Gläubiger",
    notice_en=("I can only write in English, so I will continue in English. To speak with "
               "someone in German, please ask {creditor} for a German-speaking agent."),
    notice=("Ich kann nur auf Englisch schreiben, daher setze ich das Gespräch auf Englisch "
            "fort. Wenn Sie mit jemandem auf Deutsch sprechen möchten, fragen Sie {creditor} "
            "nach einem deutschsprachigen Ansprechpartner."),
    again_en=("As I said, I can only write in English. Please ask {creditor} for a "
              "German-speaking agent."),
    again=("Wie bereits erwähnt, kann ich nur auf Englisch schreiben. Bitte fragen Sie "
           "{creditor} nach einem deutschsprachigen Ansprechpartner."),
)
NOTICES: dict[str, Notice] = {n.code: n for n in (SPANISH, FRENCH, GERMAN)}
"""The languages the reader knows (:data:`edge_agent.text.language.FUNCTION_WORDS`), by code."""


def _creditor(notice: Notice, creditor: str, foreign: bool) -> str:
    if creditor.strip().lower() == DEFAULT_CREDITOR:
        return notice.creditor if foreign else DEFAULT_CREDITOR
    return creditor


def notice_text(code: str, creditor: str, *, again: bool = False) -> str:
    """The bilingual text for ``code``: English first, then the debtor's language."""
    n = NOTICES[code]
    en, foreign = (n.again_en, n.again) if again else (n.notice_en, n.notice)
    return " ".join((en.format(creditor=_creditor(n, creditor, False)),
                     foreign.format(creditor=_creditor(n, creditor, True))))


def reviewed_passages(creditor: str) -> tuple[str, ...]:
    """Every foreign half, filled for ``creditor``: the only text in another language a reply
    may carry (the guard removes exactly these before it judges the language)."""
    return tuple(
        text.format(creditor=_creditor(n, creditor, True))
        for n in NOTICES.values() for text in (n.notice, n.again)
    )


__all__ = ["FRENCH", "GERMAN", "NOTICES", "SPANISH", "Notice", "notice_text",
           "reviewed_passages"]
