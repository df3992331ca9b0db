"""The one fallback policy: who speaks a decision, and what is sent when a text fails.

Validation may replace the *utterance*, never the decision. The policy, in one place:

1. **Who speaks** (:func:`speaker`). A crisis reply is never generated: it is the fixed,
   reviewed caring text of the template realiser. A drafting realiser (a language model) may
   decline a decision it must not phrase (support, a stop-contact confirmation, a contact
   restriction: ``LlamaRealiser.speaks``); the template's reviewed wording speaks it.
   Otherwise the configured realiser speaks.
2. **Retry.** A drafting realiser offers drafts one at a time; each is judged once, by its
   own checks (its voice, a sentence it repeated) or else by the guard, and the first that
   passes is sent. A failing draft is kept in the trace's ``rejected`` and the next is drawn
   (the realiser decides how many it has: the llama realiser two, the second stricter).
3. **Template.** When no draft passes, or a realiser's finished reply fails the guard, the
   template realiser's text for the same decision is sent (path ``fallback`` after drafts,
   ``guard_fallback`` after a reply, whose failed verdict the trace keeps, ``replaced``).
4. **Refuse.** The template's text is judged too; if it fails, the turn fails
   (:class:`Refused`) and nothing is sent or committed.

**What was shown stays.** A replying realiser may have had sentences shown early
(:class:`Shown`, ``realise.display.EarlyDisplay``). The reply sent must then start with
exactly what was shown: a reply that does not, or fails the guard, is replaced first by the
plan's wording slot by slot with the shown slots kept (``Shown.fallback``); only when
nothing was handed to a caller may the template's text replace it whole. If the kept-prefix
text fails the guard after something was shown, the turn fails (:class:`Refused`) and the
caller is told the shown text was not sent.

The guard runs once per text. Nothing here imports a realiser: drafts and replies are read
through the small protocols below, so the verify stage depends on no other stage.
"""

from __future__ import annotations

from collections.abc import Callable, Collection, Iterable, Mapping
from dataclasses import dataclass, field
from typing import Any, Literal, Protocol

from edge_agent.text.sentences import sentence_key, split_sentences
from edge_core import Decision, Tactic

Speaker = Literal["template", "declined", "realiser"]


class Verdict(Protocol):
    """The guard's verdict (``verify.guard.GuardResult``)."""

    @property
    def ok(self) -> bool: ...

    def problems(self) -> list[str]: ...

    def to_dict(self) -> dict[str, Any]: ...


class DraftLike(Protocol):
    """One attempt of a drafting realiser (``realise.base.Draft``)."""

    text: str
    path: str
    attempt: int
    problems: tuple[str, ...]
    record: Mapping[str, Any]
    stats: Mapping[str, Any]
    spent: Mapping[str, Any]


class ReplyLike(Protocol):
    """A realiser's finished reply (``realise.base.Realisation``)."""

    text: str
    backend: str
    path: str
    stats: dict[str, Any]
    rejected: list[dict[str, Any]]


@dataclass(frozen=True)
class Offer:
    """What the realise stage offers for one decision: the ``drafts`` of a drafting realiser
    (drawn one at a time, lazily) or one finished ``reply``. ``backend`` names the realiser."""

    backend: str
    drafts: Iterable[DraftLike] = ()
    reply: ReplyLike | None = None


@dataclass(frozen=True)
class Resolution:
    """What is sent, and how it came to be: the trace's ``realiser`` and ``guard`` entries.

    ``verdict`` is the guard's verdict on the text the realise stage settled on (the sent
    draft, the template's text after rejected drafts, or the failed reply it replaced);
    ``replaced`` says the template's text was sent in place of a failed reply."""

    text: str
    backend: str
    path: str
    stats: Mapping[str, Any]
    rejected: list[dict[str, Any]]
    verdict: Verdict
    replaced: bool = False
    checks: int = field(default=0, compare=False)
    """How many texts the guard judged for this decision (once per draft, reply or
    template text)."""


class Shown(Protocol):
    """What was shown before the whole reply was judged (``realise.display.EarlyDisplay``)."""

    @property
    def text(self) -> str: ...

    @property
    def visible(self) -> bool: ...

    @property
    def refused(self) -> Collection[str]:
        """Sentence keys the sentence checks refused: a text holding one is not sent."""
        ...

    def fallback(self) -> str: ...


def keeps_prefix(text: str, prefix: str) -> bool:
    """``text`` starts with the whole sentences of ``prefix`` (a sentence boundary follows)."""
    return not prefix or text == prefix or text.startswith(prefix + " ")


PREFIX_PROBLEM = "shown: the reply does not start with the sentences already shown"
REFUSED_PROBLEM = "shown: the reply holds a sentence its sentence checks refused"


def _holds_refused(text: str, shown: Shown | None) -> bool:
    refused = shown.refused if shown is not None else ()
    return bool(refused) and any(sentence_key(s) in refused for s in split_sentences(text))


class Refused(Exception):
    """The template's own text failed the guard: the turn fails, nothing is sent."""


def speaker(decision: Decision, realiser: object) -> Speaker:
    """Who speaks ``decision`` (step 1 of the module docstring)."""
    if decision.tactic == Tactic.CRISIS:
        return "template"
    speaks = getattr(realiser, "speaks", None)
    if callable(speaks) and not speaks(decision):
        return "declined"
    return "realiser"


def resolve(offer: Offer, check: Callable[[str], Verdict],
            template: Callable[[], str], shown: Shown | None = None) -> Resolution:
    """Steps 2 to 4 of the module docstring: the text to send for one decision.

    ``check`` is the guard for this decision; ``template`` writes the template realiser's
    text for it (called only when it is needed); ``shown`` what a replying realiser had shown
    early (the text sent then starts with it)."""
    if offer.reply is not None:
        return _resolve_reply(offer.reply, check, template, shown)
    rejected: list[dict[str, Any]] = []
    spent: Mapping[str, Any] = {}
    checks = 0
    for draft in offer.drafts:
        problems = list(draft.problems)
        if not problems:
            verdict = check(draft.text)
            checks += 1
            if verdict.ok:
                return Resolution(draft.text, offer.backend, draft.path, draft.stats, rejected,
                                  verdict, checks=checks)
            problems = verdict.problems()
        rejected.append({"attempt": draft.attempt, "text": draft.text, **draft.record,
                         "problems": problems})
        spent = draft.spent
    text, verdict, more = _fallback(template, check, shown)
    return Resolution(text, offer.backend, "fallback", spent, rejected, verdict,
                      checks=checks + more)


def _resolve_reply(reply: ReplyLike, check: Callable[[str], Verdict],
                   template: Callable[[], str], shown: Shown | None = None) -> Resolution:
    verdict = check(reply.text)
    problems = []
    if not keeps_prefix(reply.text, shown.text if shown is not None else ""):
        problems.append(PREFIX_PROBLEM)
    if _holds_refused(reply.text, shown):
        problems.append(REFUSED_PROBLEM)
    if verdict.ok and not problems:
        return Resolution(reply.text, reply.backend, reply.path, reply.stats, reply.rejected,
                          verdict, checks=1)
    rejected = list(reply.rejected)
    if problems:
        rejected.append({"attempt": -1, "text": reply.text, "problems": problems})
    text, _, more = _fallback(template, check, shown)
    return Resolution(text, reply.backend, "guard_fallback", reply.stats, rejected,
                      verdict, replaced=True, checks=1 + more)


def _fallback(template: Callable[[], str], check: Callable[[str], Verdict],
              shown: Shown | None) -> tuple[str, Verdict, int]:
    """The replacement text, its verdict and how many texts the guard judged for it: the
    plan's wording after what was shown, else (nothing was handed to a caller) the
    template's text, else the turn fails."""
    if shown is None or not shown.text:
        return (*_template_or_refuse(template, check), 1)
    text = shown.fallback()
    kept = keeps_prefix(text, shown.text) and not _holds_refused(text, shown)
    verdict = check(text) if kept else None
    if verdict is not None and verdict.ok:
        return text, verdict, 1
    if shown.visible:
        raise Refused(f"the plan's wording after the sentences already shown failed the "
                      f"guard: {text!r}")
    return (*_template_or_refuse(template, check), 2)


def _template_or_refuse(template: Callable[[], str],
                        check: Callable[[str], Verdict]) -> tuple[str, Verdict]:
    text = template()
    verdict = check(text)
    if not verdict.ok:
        raise Refused(f"template text failed the guard: {text!r}")
    return text, verdict


__all__ = ["PREFIX_PROBLEM", "REFUSED_PROBLEM", "DraftLike", "Offer", "Refused", "ReplyLike",
           "Resolution", "Shown", "Speaker", "Verdict", "keeps_prefix", "resolve", "speaker"]
