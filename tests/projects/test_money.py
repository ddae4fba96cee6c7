"""Amounts as people type them, kept exactly in 万元."""

from decimal import Decimal

import pytest

from projects.money import exact_sum, format_yi, format_yi_exact, parse_amount


@pytest.mark.parametrize(
    ("text", "unit", "wan"),
    [
        ("5130", "wan", Decimal("5130.00")),
        ("1,234.5", "wan", Decimal("1234.50")),
        ("54.575", "yi", Decimal("545750.00")),
        ("１２３．４", "wan", Decimal("123.40")),
        (" 0.01 ", "wan", Decimal("0.01")),
        # The plausibility ceiling (AMOUNT_MAX_YI, 10,000 亿元) itself, below what is storable.
        ("100000000", "wan", Decimal("100000000.00")),
        ("10000", "yi", Decimal("100000000.00")),
    ],
)
def test_it_parses_amounts_as_ledgers_write_them(text, unit, wan):
    assert parse_amount(text, unit) == wan


@pytest.mark.parametrize(
    ("text", "unit", "message"),
    [
        ("-1", "wan", "负数"),
        ("abc", "wan", "不是有效的金额"),
        ("5130万元", "wan", "只填数字"),
        ("0.001", "wan", "精度"),
        ("NaN", "wan", "不是有效的金额"),
        ("1e30", "yi", "过大"),
        ("1e999999", "wan", "过大"),
        ("100000000000000", "wan", "过大"),
        ("100000000.01", "wan", "超过上限"),
        ("1000000000", "yi", "超过上限"),
    ],
)
def test_it_refuses_what_it_cannot_store_exactly(text, unit, message):
    with pytest.raises(ValueError, match=message):
        parse_amount(text, unit)


def test_display_and_sums():
    assert format_yi(Decimal("9708480")) == "970.85"
    assert format_yi(Decimal("545750"), places=3) == "54.575"
    assert exact_sum(1450995518.5799999) == Decimal("1450995518.58")
    assert exact_sum(None) == Decimal("0.00")


def test_exact_yi_keeps_every_place_and_at_least_two():
    assert format_yi_exact(Decimal("154000")) == "15.40"
    assert format_yi_exact(Decimal("12345.67")) == "1.234567"
    assert format_yi_exact(Decimal("1500000.00")) == "150.00"
    assert format_yi_exact(Decimal("0")) == "0.00"
