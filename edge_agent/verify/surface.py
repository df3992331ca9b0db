"""What a reader sees before any word is judged: invisible characters, lookalike letters and
the language of the reply.

The rules judge what a reader sees: invisible characters are refused and removed before the
word rules run, so the word they hid is still judged (:mod:`edge_agent.text.visible`); Latin
lookalikes ("wɑive") are refused in an English scenario because they hide words from the
rules just as well.
"""

from __future__ import annotations

from edge_agent.text.language import language_problem
from edge_agent.text.language_notices import reviewed_passages
from edge_agent.text.visible import lookalike_letters
from edge_agent.verify.context import GuardInput, Violation


def check_visible(g: GuardInput) -> list[Violation]:
    """Invisible characters anywhere; in an English scenario, Latin lookalike letters."""
    found = []
    if g.hidden:
        found.append(Violation("invisible_characters", f"{', '.join(g.hidden[:6])}: a reader "
                                                       f"cannot see them"))
    if g.scenario.language == "en" and (odd := lookalike_letters(g.text)):
        found.append(Violation("lookalike_letters", f"{''.join(odd[:8])!r} are not English "
                                                    f"letters (lookalikes)"))
    return found


def check_language(g: GuardInput) -> list[Violation]:
    """The reply is in the scenario's language (the parties' names are not judged). The one
    exception is a reviewed notice for a debtor who writes another language
    (:mod:`edge_agent.text.language_notices`), exactly as written: it is taken out first, and
    what remains is judged as usual."""
    s = g.scenario
    text = g.text
    if s.language == "en":
        kept = g.named
        for passage in reviewed_passages(s.creditor_name):
            kept = kept.replace(passage, " ")
        if kept != g.named:
            text = kept
    why = language_problem(text, s.language, ignore=(s.creditor_name, s.debtor_name))
    return [Violation("wrong_language", why)] if why else []
