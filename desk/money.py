"""Money: Decimal end to end, rounded half up to the cent once per line.

The rule, written down once: every amount lobbydesk stores or prints is a :class:`Decimal` with two
places. A line (one fee for one unit and one period, one late fee, one payment) is worked out
exactly from its inputs and rounded **once**, half up (0.005 -> 0.01), to the cent; totals are sums
of rounded lines and are never rounded again, so the lines on a receipt always add up to its total.
Floats never touch money: text and numbers from the sheet are read through their decimal text.
"""

from __future__ import annotations

from decimal import ROUND_HALF_UP, Decimal, InvalidOperation

CENT = Decimal("0.01")
ZERO = Decimal("0.00")


def to_cents(amount: Decimal | int | str) -> Decimal:
    """An exact amount rounded half up to the cent: ``2.345 -> 2.35``, ``-2.345 -> -2.35``."""
    if isinstance(amount, float):  # a float has already lost the cent it would round
        raise TypeError("money must not be a float; pass a Decimal or its text")
    return Decimal(amount).quantize(CENT, rounding=ROUND_HALF_UP)


MONEY_LIMIT = Decimal(10) ** 12  # no fee, payment or refund of a home comes near a trillion


def parse_money(text: str) -> Decimal:
    """Text such as ``"1,234.5"`` or ``"¥88"`` as an amount with two places; ValueError when it is not one."""
    cleaned = text.strip().replace(",", "").replace("¥", "").replace("￥", "")
    try:
        amount = Decimal(cleaned)
    except InvalidOperation:
        raise ValueError(f"{text!r} is not an amount of money") from None
    # Bounded before quantize, which raises on an exponent like 1e999999 instead of answering.
    if not amount.is_finite() or abs(amount) >= MONEY_LIMIT:
        raise ValueError(f"{text!r} is not an amount of money")
    if amount != amount.quantize(CENT):
        raise ValueError(f"{text!r} has fractions of a cent")
    return amount.quantize(CENT)


def money_text(amount: Decimal) -> str:
    """An amount as the screens show it: ``1,234.50``."""
    return f"{to_cents(amount):,.2f}"


def total(amounts: list[Decimal] | tuple[Decimal, ...]) -> Decimal:
    """The sum of rounded lines, itself never rounded again."""
    return sum(amounts, ZERO)
