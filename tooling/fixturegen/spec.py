"""Reading fixtures/spec/*.yaml into plain values: dates, periods and exact amounts."""

import datetime
from decimal import Decimal
from pathlib import Path

import yaml

SPEC_FILES = ("places", "records", "figures", "placeholders", "promotion", "sources")
WAN_PER_YI = Decimal(10000)
CENT = Decimal("0.01")


class SpecError(Exception):
    """The spec is inconsistent or asks for something the generator cannot make."""


def load_spec(spec_dir):
    """Every spec file of `spec_dir`, parsed, keyed by its stem."""
    spec_dir = Path(spec_dir)
    spec = {}
    for name in SPEC_FILES:
        path = spec_dir / f"{name}.yaml"
        if not path.exists():
            raise SpecError(f"missing spec file {path}")
        spec[name] = yaml.safe_load(path.read_text(encoding="utf-8"))
    return spec


def as_date(value):
    """A date from a YAML date or an ISO string; None stays None."""
    if value is None or isinstance(value, datetime.date):
        return value
    return datetime.date.fromisoformat(str(value))


def as_month(value):
    """The first day of a "YYYY-MM" month (or of a date's month)."""
    if isinstance(value, datetime.date):
        return value.replace(day=1)
    year, month = str(value).split("-")[:2]
    return datetime.date(int(year), int(month), 1)


def as_period(text):
    """ "A..B" or "..B" as (start or None, end)."""
    start, _sep, end = str(text).partition("..")
    if not _sep:
        raise SpecError(f"period {text!r} is not written START..END")
    return as_date(start or None), as_date(end)


def as_decimal(value):
    """An exact Decimal from a YAML number or string (floats via their shortest repr)."""
    return Decimal(str(value))


def yi_to_wan(value):
    """亿元 as stored 万元, refusing what 万元 with two places cannot hold."""
    wan = as_decimal(value) * WAN_PER_YI
    if wan != wan.quantize(CENT):
        raise SpecError(f"{value} 亿元 has more precision than 100 元")
    return wan.quantize(CENT)


def amount_to_wan(amount):
    """A records.yaml amount {amount: "2.5", unit: yi|wan} as 万元."""
    if amount is None:
        return None
    if amount["unit"] == "yi":
        return yi_to_wan(amount["amount"])
    if amount["unit"] == "wan":
        return as_decimal(amount["amount"]).quantize(CENT)
    raise SpecError(f"unknown unit {amount['unit']!r}")
