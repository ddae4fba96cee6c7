"""openpyxl in write-only mode: sheets streamed row by row, Chinese headers, number formats.

A write-only workbook keeps no rows in memory, so a list of 200,000 projects
costs the same memory as one of 20. Responses are served from a temporary
file that is removed when the response closes. Every sheet comes from
`sheet()`, whose rows pass through `text_safe_row`: no cell written here is
ever a formula (projects.spreadsheet_text).
"""

import datetime
import re
import tempfile
from decimal import Decimal

from django.http import FileResponse
from django.utils import timezone
from openpyxl import Workbook
from openpyxl.cell import WriteOnlyCell
from openpyxl.cell.cell import Cell
from openpyxl.styles import Alignment, Font, PatternFill
from openpyxl.utils import get_column_letter

from projects.spreadsheet_text import starts_like_formula

XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
HEADER_FONT = Font(bold=True)
HEADER_FILL = PatternFill("solid", fgColor="DDEBF7")
REQUIRED_FILL = PatternFill("solid", fgColor="FCE4D6")
TITLE_FONT = Font(bold=True, size=14)
WRAP = Alignment(wrap_text=True, vertical="top")
COUNT_FORMAT = "#,##0"
PERCENT_FORMAT = "0.0"
_BAD_TITLE = re.compile(r"[\[\]:*?/\\]")


def new_workbook():
    return Workbook(write_only=True)


class TextSafeSheet:
    """A write-only sheet whose `append` writes formula-like text as text."""

    def __init__(self, worksheet):
        self._worksheet = worksheet

    def __getattr__(self, name):
        return getattr(self._worksheet, name)

    def append(self, row):
        self._worksheet.append(text_safe_row(self._worksheet, row))


def text_safe_row(ws, row):
    return [_text_safe(ws, value) for value in row]


def _text_safe(ws, value):
    if isinstance(value, Cell):
        if value.data_type == "f" or starts_like_formula(value.value):
            value.data_type = "s"
            value.quotePrefix = True
        return value
    if starts_like_formula(value):
        cell = WriteOnlyCell(ws, value=value)
        cell.data_type = "s"  # openpyxl made it a formula ("=…"); it is text
        cell.quotePrefix = True  # and Excel keeps it text when the cell is edited
        return cell
    return value


def sheet(workbook, title, widths=()):
    """A new sheet named `title` (cut to Excel's 31 characters, without forbidden ones)."""
    ws = workbook.create_sheet(_BAD_TITLE.sub("·", str(title))[:31])
    for index, width in enumerate(widths, start=1):
        ws.column_dimensions[get_column_letter(index)].width = width
    return TextSafeSheet(ws)


def header_row(ws, headers, required=()):
    cells = []
    for header in headers:
        cell = WriteOnlyCell(ws, value=str(header))
        cell.font = HEADER_FONT
        cell.fill = REQUIRED_FILL if header in required else HEADER_FILL
        cells.append(cell)
    ws.append(cells)


def title_row(ws, text):
    cell = WriteOnlyCell(ws, value=str(text))
    cell.font = TITLE_FONT
    ws.append([cell])


def formatted(ws, value, number_format=""):
    """A cell for `value`: amounts and dates keep their type and get their format (text that
    starts like a formula is kept text by the sheet's append: TextSafeSheet)."""
    if isinstance(value, str):
        return value
    if not number_format:
        if isinstance(value, Decimal):
            number_format = "#,##0.00"
        elif isinstance(value, datetime.date):
            number_format = "yyyy-mm-dd"
        else:
            return value
    cell = WriteOnlyCell(ws, value=value)
    cell.number_format = number_format
    return cell


def response(workbook, filename):
    """The workbook as a download; the temporary file goes when the response is closed."""
    # FileResponse closes (and so removes) the file once the body has been sent.
    handle = tempfile.TemporaryFile(suffix=".xlsx")  # noqa: SIM115
    workbook.save(handle)
    handle.seek(0)
    return FileResponse(handle, as_attachment=True, filename=filename, content_type=XLSX)


def stamp(prefix):
    return f"{prefix}_{timezone.localtime():%Y%m%d-%H%M}.xlsx"
