"""One cell of a ledger as people write it: text, amounts (1,234.5; 万元 or 亿元), dates, choices.

Each reader takes what the file holds (a string from a CSV; a number, date or
string from an .xlsx) and returns a Python value, None for an empty cell, or
raises CellError with a message for the user.
"""

import datetime
import re
from decimal import Decimal

from django.utils import translation
from django.utils.translation import gettext as _

from projects import plausible
from projects.money import parse_amount

# What ledgers write in a cell that has nothing to say.
PLACEHOLDERS = frozenset({"", "-", "—", "－", "/", "／", "——", "--"})
EXCEL_EPOCH = datetime.date(1899, 12, 30)
# Excel serial day numbers for 1950-01-01 .. 2100-12-31: outside it a number is not a date.
SERIAL_RANGE = (18264, 73415)
_DATE = re.compile(
    r"^(\d{4})\s*[-/.年]\s*(\d{1,2})\s*[-/.月]\s*(\d{1,2})\s*日?(?:[ T]\d{1,2}:\d{2}(?::\d{2}(?:\.\d+)?)?)?$"
)
_COMPACT_DATE = re.compile(r"^(\d{4})(\d{2})(\d{2})$")
_MONTH = re.compile(r"^(\d{4})\s*[-/.年]\s*(\d{1,2})\s*月?(?:\s*[-/.]\s*0?1\s*日?)?$")
_COMPACT_MONTH = re.compile(r"^(\d{4})(\d{2})$")
_SPLIT = re.compile(r"\s*[、,，;；/\n]\s*")
_TRUE = frozenset({"是", "y", "yes", "true", "1", "√", "✓", "有"})
_FALSE = frozenset({"否", "n", "no", "false", "0", "×", "✗", "无", ""})


class CellError(ValueError):
    """A cell that cannot be read; the message says why, for the user."""


def text(value):
    """The cell as text, stripped; numbers as ledgers show them (no ".0")."""
    if value is None:
        return ""
    if isinstance(value, str):
        return value.strip()
    if isinstance(value, bool):
        return _("是") if value else _("否")
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    if isinstance(value, datetime.datetime):
        return value.date().isoformat() if _is_midnight(value) else value.isoformat(" ")
    return str(value)


def _is_midnight(value):
    return value.hour == value.minute == value.second == value.microsecond == 0


def is_blank(value):
    if value is None:
        return True
    return isinstance(value, str) and value.strip() in PLACEHOLDERS


def amount(value, unit):
    """An amount in 万元, from a cell in `unit` (money.Unit); None when empty."""
    if is_blank(value):
        return None
    if isinstance(value, bool):
        raise CellError(_("“%(text)s”不是有效的金额。") % {"text": value})
    if isinstance(value, float):
        # repr is the shortest text that reads back as the same float: 1234.5, not 1234.4999…
        value = Decimal(repr(value))
    try:
        return parse_amount(value, unit)
    except ValueError as e:
        raise CellError(str(e)) from None


def date(value):
    """A calendar day: a date cell, an Excel day number, or text such as 2023-03-15, 2023年3月15日."""
    return _plausible(_date(value))


def _plausible(day):
    problem = plausible.date_problem(day)
    if problem:
        raise CellError(problem)
    return day


def _date(value):
    if is_blank(value):
        return None
    if isinstance(value, datetime.datetime):
        return value.date()
    if isinstance(value, datetime.date):
        return value
    if isinstance(value, int | float) and not isinstance(value, bool):
        return _from_number(value)
    raw = str(value).strip()
    if len(raw) == 10 and raw[4] == "-" and raw[7] == "-":
        try:
            return datetime.date.fromisoformat(raw)
        except ValueError:
            pass
    match = _DATE.match(raw) or _COMPACT_DATE.match(raw)
    if match:
        try:
            return datetime.date(*(int(g) for g in match.groups()[:3]))
        except ValueError:
            pass
    raise CellError(_("“%(text)s”不是有效的日期，请写成 2023-03-15 这样的格式。") % {"text": raw})


def _from_number(value):
    if float(value).is_integer() and 19500101 <= value <= 21001231:
        return date(str(int(value)))
    if SERIAL_RANGE[0] <= value <= SERIAL_RANGE[1] and float(value).is_integer():
        return EXCEL_EPOCH + datetime.timedelta(days=int(value))
    raise CellError(_("“%(text)s”不是有效的日期，请写成 2023-03-15 这样的格式。") % {"text": value})


def month(value):
    """The first day of a month: 2024-03, 2024年3月, 202403, or a date in it."""
    if is_blank(value):
        return None
    if isinstance(value, datetime.date):
        day = value.date() if isinstance(value, datetime.datetime) else value
        return _plausible(day.replace(day=1))
    raw = text(value)
    match = _MONTH.match(raw) or _COMPACT_MONTH.match(raw)
    if match:
        year, month_number = int(match.group(1)), int(match.group(2))
        if 1 <= month_number <= 12 and 1 <= year <= 9999:
            return _plausible(datetime.date(year, month_number, 1))
    try:
        return date(value).replace(day=1)
    except CellError:
        raise CellError(
            _("“%(text)s”不是有效的月份，请写成 2024-03 这样的格式。") % {"text": raw}
        ) from None


def boolean(value):
    """是/否 (also Y/N, 1/0, √); an empty cell is 否."""
    if value is None or isinstance(value, bool):
        return bool(value)
    raw = text(value).lower()
    if raw in _TRUE:
        return True
    if raw in _FALSE or raw in PLACEHOLDERS:
        return False
    raise CellError(_("“%(text)s”请填写“是”或“否”。") % {"text": raw})


def split_list(value):
    """Names separated by 、 , ； / or new lines."""
    raw = text(value)
    if raw in PLACEHOLDERS:
        return []
    return [part for part in _SPLIT.split(raw) if part]


LEDGER_LANGUAGE = "zh-hans"
_MISSING = object()


class Choice:
    """A choice typed by its label (北京), an alias (北京市) or its stored value (beijing).

    Ledgers are Chinese documents: labels are read in Chinese whatever the page's language.
    """

    def __init__(self, choices, aliases=None, what=""):
        self.what = what
        self.lookup = {}
        self.seen = {}  # cell text -> value: a ledger repeats a handful of choices
        with translation.override(LEDGER_LANGUAGE):
            for value, label in choices:
                self.lookup[_key(label)] = value
                self.lookup[_key(value)] = value
            self.labels = [str(label) for value, label in choices if value != ""]
        for alias, value in (aliases or {}).items():
            self.lookup[_key(alias)] = value

    def __call__(self, value):
        found = self.seen.get(value, _MISSING) if isinstance(value, str) else _MISSING
        if found is not _MISSING:
            return found
        raw = text(value)
        key = _key(raw)
        if key in self.lookup:
            if isinstance(value, str):
                self.seen[value] = self.lookup[key]
            return self.lookup[key]
        raise CellError(
            _("“%(text)s”不是有效的%(what)s，可填：%(labels)s。")
            % {"text": raw, "what": self.what, "labels": "、".join(self.labels)}
        )


def _key(value):
    return "".join(str(value).split()).lower()
