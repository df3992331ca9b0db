"""Jurisdiction profiles: the disclosures and help pointers each rulebook asks for.

``us``: FDCPA and Regulation F (the opening must say it is an attempt to collect a debt).
``uk``: FCA CONC 7 (identify the firm; point customers in difficulty to free, independent
debt advice). The texts here are what realisers say and what the guard looks for.
This is an engineering checklist, not legal advice.
"""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class Jurisdiction:
    code: str
    name: str
    opening_disclosure: str
    """Sentence the opening must contain (None-like empty string when not required)."""
    debt_advice: str
    """Where to get free, independent debt advice."""
    crisis_line: str
    """Who to contact in a mental-health crisis, now."""
    advice_marker: str
    """Lower-case phrase whose presence shows the advice pointer was given."""
    crisis_marker: str


JURISDICTIONS: dict[str, Jurisdiction] = {
    "us": Jurisdiction(
        code="us",
        name="United States (FDCPA / Regulation F)",
        opening_disclosure="This is an attempt to collect a debt, and any information "
        "obtained will be used for that purpose.",
        debt_advice="You can get free, independent help from a nonprofit credit counseling "
        "agency, for example one certified by the NFCC.",
        crisis_line="If you are thinking about harming yourself, please call or text 988, the "
        "Suicide and Crisis Lifeline, right now; it is free and open all day and night.",
        advice_marker="free, independent help",
        crisis_marker="988",
    ),
    "uk": Jurisdiction(
        code="uk",
        name="United Kingdom (FCA CONC 7)",
        opening_disclosure="If you are in financial difficulty, you can get free, independent "
        "debt advice from MoneyHelper or StepChange.",
        debt_advice="You can get free, independent debt advice from MoneyHelper or StepChange.",
        crisis_line="If you are thinking about harming yourself, please call Samaritans free "
        "on 116 123 right now; they are there all day and night.",
        advice_marker="free, independent debt advice",
        crisis_marker="116 123",
    ),
}


def jurisdiction(code: str) -> Jurisdiction:
    try:
        return JURISDICTIONS[code]
    except KeyError:
        raise ValueError(
            f"unknown jurisdiction {code!r}; expected one of {', '.join(JURISDICTIONS)}"
        ) from None
