"""Cells as ledgers write them: amounts, dates, months, yes/no."""

import datetime
from decimal import Decimal

import pytest

from ledger import cells
from projects.money import Unit


@pytest.mark.parametrize(
    ("value", "unit", "wan"),
    [
        ("1,234.5", Unit.WAN, Decimal("1234.50")),
        ("１２３４", Unit.WAN, Decimal("1234.00")),
        (" 5130 ", Unit.WAN, Decimal("5130.00")),
        ("54.575", Unit.YI, Decimal("545750.00")),
        (1234.5, Unit.WAN, Decimal("1234.50")),
        (0.1 + 0.2, Unit.WAN, None),  # 0.30000000000000004: more precision than 100 元
        (52000, Unit.WAN, Decimal("52000.00")),
        (Decimal("1.5"), Unit.YI, Decimal("15000.00")),
    ],
)
def test_amounts_are_read_as_ledgers_write_them(value, unit, wan):
    if wan is None:
        with pytest.raises(cells.CellError):
            cells.amount(value, unit)
    else:
        assert cells.amount(value, unit) == wan


@pytest.mark.parametrize("value", ["abc", "-5", "12万元", "1e999999", "1.234", True])
def test_bad_amounts_say_why(value):
    with pytest.raises(cells.CellError) as e:
        cells.amount(value, Unit.WAN)
    assert str(e.value)


@pytest.mark.parametrize("value", [None, "", " ", "—", "-"])
def test_empty_amount_is_none(value):
    assert cells.amount(value, Unit.WAN) is None


@pytest.mark.parametrize(
    "value",
    [
        "2023-03-15",
        "2023/3/15",
        "2023.03.15",
        "2023年3月15日",
        "20230315",
        "2023-03-15 00:00:00",
        datetime.datetime(2023, 3, 15),
        datetime.date(2023, 3, 15),
        45000,  # Excel's day number for 2023-03-15
    ],
)
def test_dates_in_ledger_spellings(value):
    assert cells.date(value) == datetime.date(2023, 3, 15)


@pytest.mark.parametrize("value", ["2023-02-30", "下月", "15/03/2023", 12, "2023-13-01"])
def test_bad_dates_say_how_to_write_them(value):
    with pytest.raises(cells.CellError) as e:
        cells.date(value)
    assert "2023-03-15" in str(e.value)


@pytest.mark.parametrize(
    "value", ["2024-06", "2024/6", "2024年6月", "202406", "2024-06-01", datetime.date(2024, 6, 18)]
)
def test_months(value):
    assert cells.month(value) == datetime.date(2024, 6, 1)


@pytest.mark.parametrize(
    ("value", "expected"), [("是", True), ("否", False), ("", False), ("Y", True), (1, True)]
)
def test_yes_no(value, expected):
    assert cells.boolean(value) is expected


def test_a_choice_reads_labels_aliases_and_values_and_lists_them_when_wrong():
    from projects.models import Origin

    origin = cells.Choice(Origin.choices, {"北京市": Origin.BEIJING}, "来源地")
    assert origin("北京") == origin("北京市") == origin("beijing") == Origin.BEIJING
    with pytest.raises(cells.CellError) as e:
        origin("火星")
    assert "北京、天津" in str(e.value)
