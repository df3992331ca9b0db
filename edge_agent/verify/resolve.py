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

The guard runs once per text. Nothing here imports a realiser: drafts and replies are read
through the small protocols below, so the verify stage depends on no other stage.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass, field
from typing import Any, Literal, Protocol

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
            template: Callable[[], str]) -> Resolution:
    """Steps 2 to 4 of the module docstring: the text to send for one decision.

    ``check`` is the guard for this decision; ``template`` writes the template realiser's
    text for it (called only when it is needed)."""
    if offer.reply is not None:
        return _resolve_reply(offer.reply, check, template)
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
    text, verdict = _template_or_refuse(template, check)
    return Resolution(text, offer.backend, "fallback", spent, rejected, verdict,
                      checks=checks + 1)


def _resolve_reply(reply: ReplyLike, check: Callable[[str], Verdict],
                   template: Callable[[], str]) -> Resolution:
    verdict = check(reply.text)
    if verdict.ok:
        return Resolution(reply.text, reply.backend, reply.path, reply.stats, reply.rejected,
                          verdict, checks=1)
    text, _ = _template_or_refuse(template, check)
    return Resolution(text, reply.backend, "guard_fallback", reply.stats, reply.rejected,
                      verdict, replaced=True, checks=2)


def _template_or_refuse(template: Callable[[], str],
                        check: Callable[[str], Verdict]) -> tuple[str, Verdict]:
    text = template()
    verdict = check(text)
    if not verdict.ok:
        raise Refused(f"template text failed the guard: {text!r}")
    return text, verdict


__all__ = ["DraftLike", "Offer", "Refused", "ReplyLike", "Resolution", "Speaker", "Verdict",
           "resolve", "speaker"]
