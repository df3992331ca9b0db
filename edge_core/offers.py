"""What the two sides exchange: structured offers, never parsed from our own text."""

from __future__ import annotations

from dataclasses import asdict, dataclass


@dataclass(frozen=True, slots=True)
class Offer:
    """A repayment proposal.

    The negotiated issue is the repayment timeline in days, as in the EQ-Negotiator and CRAD
    papers. The type is a record rather than a bare ``int`` so that more terms (an amount, a
    number of instalments) can join later without changing every signature.
    """

    days: int

    def __post_init__(self) -> None:
        if isinstance(self.days, bool) or not isinstance(self.days, int):
            raise TypeError(f"Offer.days must be an int, got {type(self.days).__name__}")
        if self.days < 1:
            raise ValueError(f"Offer.days must be at least 1, got {self.days}")

    def to_dict(self) -> dict[str, int]:
        return asdict(self)
