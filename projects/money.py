"""Money is kept in 万元 as an exact Decimal with two places (100 元 resolution).

People type 万元 or 亿元 and read 亿元; these helpers are the only place that
converts, so no float ever touches an amount.
"""

from decimal import ROUND_HALF_UP, Decimal, InvalidOperation

from django.core.validators import MinValueValidator
from django.db import models
from django.utils.translation import gettext_lazy as _

from projects import plausible

WAN_PER_YI = Decimal(10000)
CENT = Decimal("0.01")
STORED_PLACES = 2
# Up to 10^14 万元 (exclusive) per project: 16 digits with two places; totals get more room.
AMOUNT_DIGITS = 16
TOTAL_DIGITS = 22
AMOUNT_LIMIT = Decimal(10) ** (AMOUNT_DIGITS - STORED_PLACES)


class Unit(models.TextChoices):
    WAN = "wan", _("万元")
    YI = "yi", _("亿元")


def amount_field(verbose_name, **kwargs):
    """A non-negative amount in 万元."""
    return models.DecimalField(
        verbose_name,
        max_digits=AMOUNT_DIGITS,
        decimal_places=STORED_PLACES,
        validators=[
            MinValueValidator(Decimal(0), message=_("金额不能为负数。")),
            plausible.validate_amount,
        ],
        **kwargs,
    )


def exact_sum(value):
    """A database sum of amounts as exact 万元.

    PostgreSQL sums numerics exactly; SQLite sums them as binary floats, good
    to 15 significant digits, so rounding to the cent restores the exact total
    for anything below 10^13 万元.
    """
    return Decimal(value or 0).quantize(CENT)


def to_wan(value, unit=Unit.WAN):
    """Convert an amount in `unit` to stored 万元, refusing what cannot be stored exactly."""
    value = Decimal(value)
    wan = value * WAN_PER_YI if unit == Unit.YI else value
    if wan != wan.quantize(CENT):
        raise ValueError("more precision than 100 元")
    return wan.quantize(CENT)


def wan_to_yi(wan):
    """Stored 万元 as exact 亿元 (no rounding)."""
    if wan is None:
        return None
    return (Decimal(wan) / WAN_PER_YI).normalize()


def parse_amount(text, unit=Unit.WAN):
    """Parse an amount as ledgers write it ("1,234.5", "１２３", " 5130 ") into 万元.

    Raises ValueError with a message fit for the user when it is not a plain
    non-negative number.
    """
    if isinstance(text, Decimal | int):
        raw = Decimal(text)
    else:
        cleaned = str(text).strip().translate(_FULLWIDTH).replace(",", "").replace("，", "")
        for suffix in ("万元", "亿元", "万", "亿", "元"):
            if cleaned.endswith(suffix):
                raise ValueError(_("金额请只填数字，单位在列名或单位选项中选择。"))
        try:
            raw = Decimal(cleaned)
        except InvalidOperation:
            raise ValueError(_("“%(text)s”不是有效的金额。") % {"text": text}) from None
    if not raw.is_finite():
        raise ValueError(_("“%(text)s”不是有效的金额。") % {"text": text})
    if raw < 0:
        raise ValueError(_("金额不能为负数。"))
    try:
        wan = to_wan(raw, unit)
    except ValueError:
        raise ValueError(_("金额精度最多到百元（万元两位小数）。")) from None
    except ArithmeticError:  # a number like 1e999999 overflows the decimal context
        raise ValueError(_("金额过大。")) from None
    if wan >= AMOUNT_LIMIT:
        raise ValueError(_("金额过大。"))
    problem = plausible.amount_problem(wan)
    if problem:
        raise ValueError(problem)
    return wan


def format_yi(wan, places=2):
    """Stored 万元 as 亿元 text, rounded half-up to `places` for display."""
    if wan is None:
        return "—"
    yi = Decimal(wan) / WAN_PER_YI
    return f"{yi.quantize(Decimal(1).scaleb(-places), rounding=ROUND_HALF_UP):,}"


def format_yi_exact(wan):
    """Stored 万元 as 亿元 text with every significant place, at least two: 5.20, 1.2345."""
    if wan is None:
        return "—"
    yi = Decimal(wan) / WAN_PER_YI
    return f"{yi.quantize(Decimal(1).scaleb(min(yi.normalize().as_tuple().exponent, -2))):,}"


_FULLWIDTH = str.maketrans("０１２３４５６７８９．－", "0123456789.-")
