"""Form fields of the staff pages: amounts in 万元 or 亿元, calendar months, the page's version."""

from decimal import Decimal

from django import forms
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

from projects.money import WAN_PER_YI, parse_amount
from projects.money import Unit as MoneyUnit
from projects.plausible import validate_date

# A bound on what anyone types; parse_amount bounds the value itself.
AMOUNT_MAX_CHARS = 40


class AmountWidget(forms.MultiWidget):
    """A number box and a 万元/亿元 select side by side."""

    def __init__(self, attrs=None):
        widgets = [
            forms.TextInput(attrs={"inputmode": "decimal", "autocomplete": "off"}),
            forms.Select(choices=MoneyUnit.choices),
        ]
        super().__init__(widgets, attrs)

    def decompress(self, value):
        """Show a stored amount (万元) in 亿元 from 1 亿元 up, exactly."""
        if value in (None, ""):
            return [None, MoneyUnit.YI]
        value = Decimal(value)
        if value >= WAN_PER_YI:
            return [_plain(value / WAN_PER_YI), MoneyUnit.YI]
        return [_plain(value), MoneyUnit.WAN]


def _plain(value):
    """A Decimal without exponent or trailing zeros: 1.5, 5130, 0.25."""
    return f"{value.normalize():f}"


class AmountField(forms.MultiValueField):
    """An amount typed in 万元 or 亿元, cleaned to 万元 with projects.money.parse_amount."""

    widget = AmountWidget
    default_error_messages = {"required": _("请填写金额。")}

    def __init__(self, **kwargs):
        fields = [
            forms.CharField(max_length=AMOUNT_MAX_CHARS),
            forms.ChoiceField(choices=MoneyUnit.choices),
        ]
        super().__init__(fields, require_all_fields=True, **kwargs)

    def compress(self, data_list):
        if not data_list:
            return None
        text, unit = data_list
        try:
            return parse_amount(text, unit)
        except ValueError as e:
            raise ValidationError(str(e), code="invalid") from None


class MonthField(forms.DateField):
    """A calendar month typed as YYYY-MM (the browser's month picker), cleaned to its 1st day."""

    widget = forms.DateInput(attrs={"type": "month"}, format="%Y-%m")
    input_formats = ["%Y-%m", "%Y-%m-%d", "%Y/%m"]
    default_validators = [validate_date]

    def to_python(self, value):
        day = super().to_python(value)
        return day.replace(day=1) if day else day


class VersionField(forms.IntegerField):
    """The project version the page was rendered from (optimistic concurrency)."""

    widget = forms.HiddenInput
    default_error_messages = {
        "required": _("页面缺少版本信息，请刷新后重试。"),
        "invalid": _("页面缺少版本信息，请刷新后重试。"),
    }

    def __init__(self, **kwargs):
        super().__init__(min_value=1, max_value=2**31 - 1, **kwargs)
