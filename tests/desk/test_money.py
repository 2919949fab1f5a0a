"""The rounding rule: each line rounded once, half up, to the cent; totals never rounded again."""

from __future__ import annotations

from decimal import Decimal

import pytest

from desk.money import money_text, parse_money, to_cents, total


@pytest.mark.parametrize(
    ("exact", "rounded"),
    [("2.345", "2.35"), ("2.344999", "2.34"), ("-2.345", "-2.35"), ("0.005", "0.01"), ("223.7500", "223.75"),
     ("10", "10.00")],
)
def test_a_line_is_rounded_half_up_to_the_cent(exact: str, rounded: str) -> None:
    assert to_cents(Decimal(exact)) == Decimal(rounded)
    assert str(to_cents(Decimal(exact))) == rounded


def test_half_up_is_not_bankers_rounding() -> None:
    # Python's default rounding (half even) would give 0.02 and 0.04 here.
    assert [to_cents(Decimal(x)) for x in ("0.025", "0.035")] == [Decimal("0.03"), Decimal("0.04")]


def test_a_float_is_refused_because_it_has_already_lost_the_cent() -> None:
    with pytest.raises(TypeError):
        to_cents(2.675)  # type: ignore[arg-type]


def test_lines_add_up_to_the_total_without_a_second_rounding() -> None:
    lines = [to_cents(Decimal("89.5") * Decimal("2.35")), to_cents(Decimal("12.3") * Decimal("3.45"))]
    assert lines == [Decimal("210.33"), Decimal("42.44")]
    assert total(lines) == Decimal("252.77")


def test_amounts_staff_type_are_read_exactly_or_refused() -> None:
    assert parse_money("1,234.5") == Decimal("1234.50")
    assert parse_money("￥88") == Decimal("88.00")
    with pytest.raises(ValueError, match="fractions of a cent"):
        parse_money("1.005")
    with pytest.raises(ValueError, match="not an amount"):
        parse_money("abc")
    assert money_text(Decimal("1234.5")) == "1,234.50"


def test_an_absurd_amount_is_refused_with_the_reason_not_a_crash() -> None:
    for typed in ("1e999999", "-1e999999", "1e12", "NaN", "Infinity"):
        with pytest.raises(ValueError, match="is not an amount of money"):
            parse_money(typed)
