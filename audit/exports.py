"""The audit log as .csv and .xlsx, every cell that could start a formula written as text."""

import csv
import io
import json
from urllib.parse import quote

from django.http import HttpResponse
from django.utils import timezone
from django.utils.translation import gettext as _
from openpyxl import Workbook
from openpyxl.cell import WriteOnlyCell

# A spreadsheet reads a cell starting with one of these as a formula (OWASP CSV injection).
FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")


def as_text(value):
    """The value as a string a spreadsheet shows as typed, never evaluates."""
    text = "" if value is None else str(value)
    return "'" + text if text.startswith(FORMULA_STARTS) else text


def _header():
    return [
        _("时间"), _("用户名"), _("来源地址"), _("操作"), _("结果"),
        _("对象类型"), _("对象编号"), _("对象"), _("详情"),
    ]  # fmt: skip


def _rows(queryset):
    for event in queryset.iterator(chunk_size=2000):
        yield [
            timezone.localtime(event.at).strftime("%Y-%m-%d %H:%M:%S"),
            event.username,
            event.ip_address or "",
            event.get_action_display(),
            event.get_result_display(),
            event.object_type,
            event.object_id,
            event.object_repr,
            _json(event.detail),
        ]


def _json(detail):
    return json.dumps(detail, ensure_ascii=False, sort_keys=True) if detail else ""


def _disposition(name):
    return f"attachment; filename*=UTF-8''{quote(name)}"


def csv_response(queryset, name):
    buffer = io.StringIO()
    buffer.write("\ufeff")  # Excel opens UTF-8 CSV as such only with a BOM
    writer = csv.writer(buffer)
    writer.writerow(_header())
    for row in _rows(queryset):
        writer.writerow([as_text(cell) for cell in row])
    response = HttpResponse(buffer.getvalue(), content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = _disposition(name)
    return response


def xlsx_response(queryset, name):
    book = Workbook(write_only=True)
    sheet = book.create_sheet(_("审计日志"))
    sheet.append(_header())
    for row in _rows(queryset):
        sheet.append([_text_cell(sheet, cell) for cell in row])
    buffer = io.BytesIO()
    book.save(buffer)
    response = HttpResponse(
        buffer.getvalue(),
        content_type="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    )
    response["Content-Disposition"] = _disposition(name)
    return response


def _text_cell(sheet, value):
    """A string cell; one that could start a formula is typed text with Excel's quote prefix
    (shown as typed, and still text when someone edits it), never a formula."""
    text = "" if value is None else str(value)
    cell = WriteOnlyCell(sheet, value=text)
    cell.data_type = "s"
    if text.startswith(FORMULA_STARTS):
        cell.quotePrefix = True
    return cell
