"""Cells that a spreadsheet would run as a formula, written as text instead (CSV/formula injection).

Excel, WPS and LibreOffice treat a cell that starts with `=`, `+`, `-` or `@`
(also after a leading tab or carriage return) as a formula, so a project name
such as `=HYPERLINK(...)` typed by one user would run on another user's machine
when they open an export. Every .xlsx and .csv the registry writes passes its
cells through here: `.xlsx` cells become typed text (with Excel's quote prefix),
CSV cells get a leading apostrophe. Numbers, and strings that are plain numbers
("-3.5"), stay as they are.
"""

import re

FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")
_PLAIN_NUMBER = re.compile(r"[+-]?\d+(?:\.\d+)?(?:%)?")


def is_formula_like(value):
    """True for text a spreadsheet would read as a formula."""
    return (
        isinstance(value, str)
        and value.startswith(FORMULA_STARTS)
        and not _PLAIN_NUMBER.fullmatch(value)
    )


def starts_like_formula(value):
    """True for text starting as a formula would: in an .xlsx, such text is written as typed
    text (quote prefix), plain numbers included, since a real number is a numeric cell."""
    return isinstance(value, str) and value.startswith(FORMULA_STARTS)


def csv_text(value):
    """`value` for a CSV cell: formula-like text prefixed with an apostrophe."""
    return "'" + value if is_formula_like(value) else value


def csv_row(values):
    return [csv_text(v) for v in values]
