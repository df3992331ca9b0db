"""Which language a text is in: enough to refuse a reply that drifted out of the scenario's.

:func:`language_problem` says when a text is not in the expected language: any letter outside
the Latin script, or more function words of another supported language than of the expected
one. It is a check for the failure seen (a model drifting into Chinese or French), not a
general language identifier. The guard runs it on every reply.
"""

from __future__ import annotations

import re
import unicodedata

from edge_agent.text.normalise import nfkc
from edge_agent.text.sentences import split_loosely

_WORD = re.compile(r"[^\W\d_]+(?:'[^\W\d_]+)?")

FUNCTION_WORDS: dict[str, frozenset[str]] = {
    "en": frozenset(
        [
            "the", "a", "an", "and", "or", "but", "of", "to", "in", "on", "for", "with",
            "we", "you", "your", "our", "is", "are", "be", "will", "can", "this", "that",
            "it", "i", "my", "me", "have", "has", "do", "not", "please", "within", "days",
            "balance", "repay", "thank"
        ]
    ),
    "fr": frozenset(
        [
            "le", "la", "les", "des", "du", "un", "une", "et", "ou", "mais", "nous", "vous",
            "votre", "vos", "notre", "est", "sont", "pour", "avec", "dans", "pas", "jours",
            "jour", "mois", "jusqu", "jusqu'à", "acceptons", "sur", "qui", "que", "ce",
            "cette", "merci"
        ]
    ),
    "es": frozenset(
        [
            "el", "los", "las", "del", "una", "unos", "y", "o", "pero", "nosotros", "usted",
            "su", "sus", "es", "son", "para", "con", "en", "por", "que", "días", "dia",
            "día", "meses", "gracias", "aceptamos", "hasta"
        ]
    ),
    "de": frozenset(
        [
            "der", "die", "das", "den", "dem", "und", "oder", "aber", "wir", "sie", "ihr",
            "ihre", "ist", "sind", "für", "mit", "nicht", "ein", "eine", "einen", "tage",
            "tagen", "monate", "danke", "bis", "zu", "akzeptieren"
        ]
    ),
}


FUNCTION_WORDS.update({
    "it": frozenset(["il", "lo", "gli", "di", "che", "sono", "siamo", "possiamo", "saldo",
                     "giorni", "grazie", "della", "del", "una", "noi", "lei"]),
    "nl": frozenset(["het", "een", "voor", "wij", "jij", "uw", "niet", "zijn", "bieden",
                     "saldo", "dagen", "dank", "wel", "ook", "maar", "dat"]),
    "pt": frozenset(["os", "um", "uma", "não", "nós", "você", "seu", "sua", "estamos",
                     "aqui", "dias", "obrigado", "obrigada", "ajudar"]),
})
"""Italian, Dutch and Portuguese: told apart (as "not the scenario's language"), not read."""

FOREIGN_WORDS: frozenset[str] = frozenset(" ".join((  # strings: easier to extend
    "merci beaucoup bonjour bonsoir bonne journée revoir gracias hola adiós muchas luego "
    "danke vielen bitte schön tschüss grazie prego ciao arrivederci obrigado obrigada tchau "
    "mycket hej terima kasih salamat asante sana kiitos paljon arigatou arigato gozaimasu "
    "dziękuję köszönöm szépen mulțumesc teşekkür teşekkürler ederim spasibo cảm ơn "
    "giorni dagen dias días jours tage tagen quinze quince veertig quaranta quarenta "
    "muy buen bueno buena buenos buenas señor señora usted ustedes claro perfecto très "
    "monsieur madame sehr herr genau",
)).split())
"""Words no English reply contains (courtesies, day words, number words of other languages):
one is enough for a sentence not to be English."""

ENGLISH_LOANWORDS: frozenset[str] = frozenset(
    ("café", "cafés", "naïve", "résumé", "fiancé", "fiancée", "déjà", "façade", "rôle", "cliché",
     "entrée"))
"""Accented words an English text may carry; any other accented word is not English."""


def _latin(ch: str) -> bool:
    return unicodedata.name(ch, "").startswith("LATIN")


def language_problem(text: str, language: str = "en", *, ignore: tuple[str, ...] = ()) -> str:
    """Why ``text`` is not in ``language`` ("" when it is). ``ignore`` lists names (the
    creditor's, the debtor's) that may be written in any script."""
    text = nfkc(text)
    for name in ignore:
        if name:
            text = re.sub(re.escape(name), " ", text, flags=re.I)
    foreign = [ch for ch in text if ch.isalpha() and not _latin(ch)]
    if foreign:
        script = unicodedata.name(foreign[0], "?").split()[0]
        return f"{''.join(foreign[:8])!r} is not in the Latin script ({script})"
    if language == "en":
        for word in _WORD.findall(text):
            if not any(ch.isalpha() for ch in word):
                continue  # "½" is a word character to a regular expression, not a word
            w = word.lower()
            if w in FOREIGN_WORDS or (not w.isascii() and w not in ENGLISH_LOANWORDS):
                return f"{word!r} is not an English word"
    # Judged per sentence (and for the whole): one foreign sentence in an English reply is
    # as wrong as a foreign reply.
    for part in [*split_loosely(text), text]:
        words = [w.lower() for w in _WORD.findall(part)]
        hits = {lang: sum(w in vocab for w in words) for lang, vocab in FUNCTION_WORDS.items()}
        own = hits.get(language, 0)
        other, count = max(((lang, n) for lang, n in hits.items() if lang != language),
                           key=lambda item: item[1])  # fmt: skip
        if count >= 2 and count > own:
            return f"reads as {other} ({count} {other} function words, {own} {language})"
    return ""


def _words(text: str) -> frozenset[str]:
    return frozenset(text.split())


DEBTOR_WORDS: dict[str, frozenset[str]] = {
    "es": _words("""el la los las un una y de del en con para por que es estoy soy tengo
        puedo puede podemos mi mis su usted yo me pero porque muy ahora hola gracias favor
        perdí perdido trabajo empleo pagar dinero deuda enfermo enferma hablar hablo entiendo
        español espanol inglés ingles sí quiero necesito dice abogado abogada bien va
        tarjeta más mas tiempo días dias semanas meses quisiera"""),
    "fr": _words("""le la les un une et de des du en avec pour que qui est suis j'ai je
        ai mon ma mes votre vous nous pas ne peux pouvez perdu emploi travail payer argent
        dette malade parler parlez français francais anglais merci bonjour oui avocat
        c'est non bien sûr d'accord il faut jours temps voudrais besoin semaines mois"""),
    "de": _words("""der die das den dem ein eine einen und ist bin ich habe meine mein
        nicht kein keine arbeit verloren zahlen bezahlen kann können sprechen spreche deutsch
        englisch sie wir für mit auf zu danke geld schulden krank anwalt ja brauche mehr zeit
        tage tagen sagt soll möchte sind wochen monate"""),
}
"""Common words of a debtor's message in each language the reader knows (broader than the
function words above, which judge our replies: a short message such as "Estoy enfermo" has
none of those)."""


def written_in(text: str) -> str | None:
    """The language (``es``, ``fr``, ``de``) a whole debtor message is written in, or None
    (English, or too little to tell). At least two of the language's common words, at least
    half the message's words, and more than its English function words."""
    words = [w.lower() for w in _WORD.findall(nfkc(text))]
    if not words:
        return None
    english = sum(w in FUNCTION_WORDS["en"] for w in words)
    hits = {lang: sum(w in vocab for w in words) for lang, vocab in DEBTOR_WORDS.items()}
    lang, count = max(hits.items(), key=lambda item: item[1])
    if count >= 2 and 2 * count >= len(words) and count > english:
        return lang
    return None


__all__ = ["DEBTOR_WORDS", "ENGLISH_LOANWORDS", "FOREIGN_WORDS", "FUNCTION_WORDS",
           "language_problem", "written_in"]
