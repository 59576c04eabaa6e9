"""Money: a Decimal amount with an ISO currency. Never a float."""

from __future__ import annotations

from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal

_MINOR_DIGITS = {"USD": 2, "EUR": 2, "RUB": 2}


@dataclass(frozen=True, slots=True)
class Money:
    amount: Decimal
    currency: str = "USD"

    def __post_init__(self) -> None:
        if not isinstance(self.amount, Decimal):
            raise TypeError("Money.amount must be a Decimal")
        if len(self.currency) != 3 or not self.currency.isalpha() or not self.currency.isupper():
            raise ValueError(f"invalid currency code {self.currency!r}")
        quantum = Decimal(1).scaleb(-_MINOR_DIGITS.get(self.currency, 2))
        object.__setattr__(self, "amount", self.amount.quantize(quantum, rounding=ROUND_HALF_UP))

    @property
    def minor_units(self) -> int:
        """Amount in the smallest unit (cents), as payment providers expect."""
        return int(self.amount.scaleb(_MINOR_DIGITS.get(self.currency, 2)))

    def __add__(self, other: Money) -> Money:
        if other.currency != self.currency:
            raise ValueError("cannot add amounts in different currencies")
        return Money(self.amount + other.amount, self.currency)

    def __mul__(self, factor: int) -> Money:
        return Money(self.amount * factor, self.currency)

    def __str__(self) -> str:
        return f"{self.currency} {self.amount:,.2f}"
