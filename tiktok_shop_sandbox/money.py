"""Decimal money: the fixed exchange rates and rounding every record builder shares."""

from __future__ import annotations

from decimal import ROUND_HALF_UP, Decimal

D = Decimal
ZERO = D(0)

# approximate units of local currency per USD, and the rounding step for prices
FX = {
    "USD": (1, D("0.01")),
    "GBP": (D("0.8"), D("0.01")),
    "EUR": (D("0.92"), D("0.01")),
    "VND": (25000, D(1000)),
    "IDR": (16000, D(1000)),
    "MYR": (D("4.7"), D("0.01")),
    "THB": (36, D(1)),
    "PHP": (58, D(1)),
    "SGD": (D("1.35"), D("0.01")),
    "MXN": (17, D(1)),
    "JPY": (150, D(10)),
    "BRL": (5, D("0.01")),
}


def rate(currency: str) -> Decimal:
    """Units of `currency` per USD."""
    return D(FX[currency][0])


def q(shop, value) -> Decimal:
    """Rounded to the shop currency's minor unit."""
    return D(value).quantize(D(1).scaleb(-shop.exp), rounding=ROUND_HALF_UP)


def q_usd(value) -> Decimal:
    return D(value).quantize(D("0.01"), rounding=ROUND_HALF_UP)


def money(shop, value) -> str:
    """API string of an amount in the shop's currency: minor-unit rounding, no trailing zeros, "0" for zero."""
    rounded = q(shop, value)
    if rounded == 0:
        return "0"
    return format(rounded.normalize(), "f")


def from_usd_cents(shop, cents: int) -> Decimal:
    """A USD amount given in cents, in the shop's currency, rounded."""
    return q(shop, D(cents) / 100 * rate(shop.currency))
