"""A ledger file to a header and rows, or a refusal that says what is wrong with it.

.xlsx is first bounded by ledger.xlsx_guard (sizes, ratios, the small
parts parsed), then read with openpyxl in read-only mode (rows streamed from the XML);
formulas are refused by cell type, merged cells by the sheet's <mergeCell>
list, found by scanning its XML rather than loading the sheet. .csv is read
in UTF-8 (with or without BOM), GB18030 (which covers GBK/GB2312) or UTF-16.
Anything else, and any file that cannot be read, is a LedgerFileError whose
message is for the user; nothing in here raises anything else for bad input.
"""

import codecs
import csv
import io
import re
import zipfile
from dataclasses import dataclass, field

from django.utils.translation import gettext as _
from openpyxl import load_workbook
from openpyxl.utils import get_column_letter, range_boundaries
from openpyxl.utils.exceptions import InvalidFileException

from ledger import xlsx_guard
from ledger.columns import COLUMNS, SHEET_NAMES, header_lookup, normalize_header
from ledger.errors import LedgerFileError
from projects.models import ImportJob

HEADER_SEARCH_ROWS = 10
MERGE_SCAN_CHUNK = 1 << 20
_MERGE = re.compile(rb"<(?:\w+:)?mergeCell\b[^>]*?\bref=\"([A-Z]+\d+(?::[A-Z]+\d+)?)\"")
XLSX_MAGIC = b"PK\x03\x04"
OLE_MAGIC = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"  # .xls, .et and other pre-2007 Office files
# PDF, PNG, GIF, JPEG, RTF, HTML: common files uploaded by mistake.
NOT_TABLES = (
    b"%PDF",
    b"\x89PNG",
    b"GIF8",
    b"\xff\xd8\xff",
    b"{\\rtf",
    b"<!DOC",
    b"<html",
    b"<HTML",
)


@dataclass
class Sheet:
    """The rows of one sheet under a recognised header."""

    name: str
    header_row: int
    columns: dict  # column key -> (position, money unit or None, header as written)
    headers: list  # recognised headers, in file order
    ignored: list  # headers the import does not read
    rows: object  # iterator of (row number, [values])
    estimated_rows: int
    encoding: str = ""
    details: dict = field(default_factory=dict)


def open_ledger(fileobj, kind, *, max_rows):
    """The sheet of `kind` in an uploaded .xlsx or .csv file, ready to iterate."""
    head = fileobj.read(8)
    fileobj.seek(0)
    if head.startswith(XLSX_MAGIC):
        return _open_xlsx(fileobj, kind, max_rows)
    if head.startswith(NOT_TABLES):
        raise LedgerFileError(_not_a_table())
    if head.startswith(OLE_MAGIC):
        raise LedgerFileError(
            _("这是旧版 Excel（.xls）或 WPS 格式的文件，请在 Excel/WPS 中“另存为” .xlsx 后再导入。")
        )
    return _open_csv(fileobj.read(), kind, max_rows)


# ---------------------------------------------------------------- header


def _match_header(values, kind):
    """(columns, headers, ignored, duplicates) for one candidate header row."""
    lookup = header_lookup(kind)
    columns, headers, ignored, duplicates = {}, [], [], []
    for position, value in enumerate(values):
        raw = "" if value is None else str(value).strip()
        if not raw:
            continue
        found = lookup.get(normalize_header(raw))
        if found is None:
            ignored.append(raw)
            continue
        column, unit = found
        if column.key in columns:
            duplicates.append(raw)
            continue
        headers.append(raw)
        if not column.export_only:
            columns[column.key] = (position, unit, raw)
    return columns, headers, ignored, duplicates


def _missing(columns, kind):
    required = [c for c in COLUMNS[kind] if c.required and c.key not in columns]
    missing = [c.header for c in required]
    identified = "code" in columns or {"name", "investor"} <= set(columns)
    if kind == ImportJob.Kind.REPORTS and not identified:
        missing.append(_("项目编号（或“投资方”和“项目名称”）"))
    return missing


def _find_header(rows, kind):
    """(row number, match) of the best header among the first rows, or None."""
    best = None
    for number, values in rows:
        match = _match_header(values, kind)
        if best is None or len(match[0]) > len(best[1][0]):
            best = (number, match)
        if not _missing(match[0], kind):
            return number, match
    return best


def _sheet(name, kind, found, rows, estimated, **extra):
    if found is None or not found[1][0]:
        raise LedgerFileError(_missing_message(kind, list(_missing({}, kind)), name))
    number, (columns, headers, ignored, duplicates) = found
    missing = _missing(columns, kind)
    if missing:
        raise LedgerFileError(_missing_message(kind, missing, name))
    if duplicates:
        raise LedgerFileError(
            _("第%(row)s行的列标题重复：%(cols)s。每一列只能出现一次。")
            % {"row": number, "cols": "、".join(duplicates)}
        )
    return Sheet(name, number, columns, headers, ignored, rows, estimated, **extra)


def _missing_message(kind, missing, where):
    message = _("“%(where)s”缺少必需的列：%(cols)s。请使用导入页面提供的模板中的列标题。") % {
        "where": where,
        "cols": "、".join(missing),
    }
    others = [k for k in ImportJob.Kind if k != kind]
    hint = "、".join(f"“{k.label}”" for k in others)
    return (
        message + " " + _("如果这是%(others)s，请在导入页面选择对应的导入内容。") % {"others": hint}
    )


def _too_many(count, max_rows):
    return LedgerFileError(
        _("文件约有 %(count)s 行数据，超过单次导入上限 %(max)s 行。请拆分成多个文件分批导入。")
        % {"count": f"{count:,}", "max": f"{max_rows:,}"}
    )


def _limited(rows, max_rows):
    """Data rows with something in them, numbered; refuses the row past the limit."""
    seen = 0
    for number, values in rows:
        if not any(v is not None and (not isinstance(v, str) or v.strip()) for v in values):
            continue
        seen += 1
        if seen > max_rows:
            raise _too_many(seen, max_rows)
        yield number, values


# ---------------------------------------------------------------- csv


def _decode(data):
    if data.startswith(codecs.BOM_UTF8):
        return data[3:].decode("utf-8", errors="strict"), "utf-8"
    if data.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        return data.decode("utf-16"), "utf-16"
    if b"\x00" in data[:4096]:
        raise LedgerFileError(_not_a_table())
    try:
        return data.decode("utf-8"), "utf-8"
    except UnicodeDecodeError:
        pass
    try:
        return data.decode("gb18030"), "gb18030"
    except UnicodeDecodeError:
        raise LedgerFileError(
            _(
                "无法识别文件的文字编码。请将 CSV 保存为 UTF-8 或 GB18030（GBK）编码，或直接上传 .xlsx。"
            )
        ) from None


def _not_a_table():
    return _("文件不是 Excel 表格（.xlsx）或 CSV 文件，无法导入。请上传 .xlsx 或 .csv 文件。")


def _delimiter(text):
    """The separator of the header: the one most used on any of the first lines."""
    lines = text[: 1 << 16].splitlines()[:HEADER_SEARCH_ROWS]
    counts = {d: max((line.count(d) for line in lines), default=0) for d in (",", "\t", ";")}
    best = max(counts, key=counts.get)
    return best if counts[best] else ","


def _open_csv(data, kind, max_rows):
    try:
        text, encoding = _decode(data)
    except UnicodeDecodeError:
        raise LedgerFileError(_not_a_table()) from None
    estimated = text.count("\n")
    reader = csv.reader(io.StringIO(text, newline=""), delimiter=_delimiter(text))
    numbered = _csv_rows(reader)
    head = []
    try:
        for item in numbered:
            head.append(item)
            if len(head) >= HEADER_SEARCH_ROWS:
                break
    except csv.Error as e:
        raise LedgerFileError(_("CSV 文件格式有误：%(error)s") % {"error": e}) from None
    if not head:
        raise LedgerFileError(_("文件是空的。"))
    found = _find_header(head, kind)
    if estimated > max_rows + HEADER_SEARCH_ROWS:
        raise _too_many(estimated, max_rows)
    number = found[0] if found else 0
    rest = (item for item in head if item[0] > number)
    rows = _limited(_chain(rest, _guard_csv(numbered)), max_rows)
    return _sheet(_("CSV 文件"), kind, found, rows, estimated, encoding=encoding)


def _csv_rows(reader):
    yield from enumerate(reader, start=1)


def _guard_csv(rows):
    try:
        yield from rows
    except csv.Error as e:
        raise LedgerFileError(_("CSV 文件格式有误：%(error)s") % {"error": e}) from None


def _chain(*iterables):
    for iterable in iterables:
        yield from iterable


# ---------------------------------------------------------------- xlsx


def _open_xlsx(fileobj, kind, max_rows):
    xlsx_guard.check(fileobj)
    xlsx_guard.measure(fileobj)
    try:
        workbook = load_workbook(fileobj, read_only=True, data_only=False)
    except (zipfile.BadZipFile, InvalidFileException, KeyError, OSError, ValueError, TypeError):
        raise LedgerFileError(
            _("文件不是有效的 .xlsx 工作簿（可能已损坏，或是其他格式改了扩展名）。")
        ) from None
    except Exception:  # noqa: BLE001 - openpyxl raises many kinds of error on odd files
        raise LedgerFileError(_("无法读取这个 .xlsx 文件，请在 Excel 中另存一份后重试。")) from None
    worksheet, found = _pick_sheet(workbook, kind)
    # Rows counted in the sheet's XML: <dimension> may be wrong or missing.
    estimated = max(0, xlsx_guard.count_rows(fileobj, worksheet._worksheet_path) - found[0])
    if estimated > max_rows:
        raise _too_many(estimated, max_rows)
    _refuse_merged(workbook, worksheet, found[0])
    # Dimensions written by some tools understate the sheet; read every row there is.
    worksheet.reset_dimensions()
    cells = worksheet.iter_rows(min_row=found[0] + 1)
    rows = _limited(_xlsx_rows(cells, found[0] + 1, worksheet.title), max_rows)
    return _sheet(worksheet.title, kind, found, rows, estimated)


def _pick_sheet(workbook, kind):
    """The sheet named for `kind`, else the first whose header has the required columns."""
    wanted = SHEET_NAMES[kind]
    names = workbook.sheetnames
    ordered = sorted(names, key=lambda n: n.strip() != wanted)
    best = None
    for name in ordered:
        worksheet = workbook[name]
        if not hasattr(worksheet, "iter_rows"):  # a chart sheet
            continue
        head = _safe_head(worksheet)
        found = _find_header(head, kind)
        if found and not _missing(found[1][0], kind):
            return worksheet, found
        if best is None:
            best = (name, found)
    others = {SHEET_NAMES[k]: k for k in ImportJob.Kind if k != kind}
    message = _(
        "工作簿中没有找到含必需列标题的“%(wanted)s”工作表（工作簿中的工作表：%(names)s）。"
    ) % {
        "wanted": wanted,
        "names": "、".join(names),
    }
    for name in names:
        if name.strip() in others:
            message += " " + _(
                "工作表“%(name)s”属于“%(kind)s”，请在导入页面选择对应的导入内容。"
            ) % {"name": name, "kind": others[name.strip()].label}
            raise LedgerFileError(message)
    if best is not None and best[1] is not None and best[1][1][0]:
        missing = _missing(best[1][1][0], kind)
        message += " " + _("工作表“%(name)s”缺少：%(cols)s。") % {
            "name": best[0],
            "cols": "、".join(missing),
        }
    raise LedgerFileError(message)


def _safe_head(worksheet):
    try:
        values = worksheet.iter_rows(max_row=HEADER_SEARCH_ROWS, values_only=True)
        return [(n, list(v)) for n, v in enumerate(values, start=1)]
    except Exception:  # noqa: BLE001 - a malformed sheet XML is a bad file, not a crash
        raise LedgerFileError(_("无法读取这个 .xlsx 文件，请在 Excel 中另存一份后重试。")) from None


def _refuse_merged(workbook, worksheet, header_row):
    """Refuse merged cells in the header or the data (a merged title above is fine)."""
    for ref in _merged_ranges(workbook, worksheet):
        try:
            _min_col, _min_row, _max_col, max_row = range_boundaries(ref)
        except ValueError:
            continue
        if max_row >= header_row:
            raise LedgerFileError(
                _(
                    "工作表“%(sheet)s”有合并单元格（%(ref)s）。合并单元格中只有第一格有值，"
                    "请取消合并并把每一行填完整后再导入。"
                )
                % {"sheet": worksheet.title, "ref": ref}
            )


def _merged_ranges(workbook, worksheet):
    archive = getattr(workbook, "_archive", None)
    path = getattr(worksheet, "_worksheet_path", None)
    if archive is None or path is None:
        return
    tail = b""
    with archive.open(path) as source:
        while chunk := source.read(MERGE_SCAN_CHUNK):
            block = tail + chunk
            for match in _MERGE.finditer(block):
                yield match.group(1).decode("ascii")
            # Keep the end of the block: a tag may straddle two chunks (matches in it repeat).
            tail = block[-200:]


def _xlsx_rows(cells, first_row, sheet):
    try:
        for number, row in enumerate(cells, start=first_row):
            values = []
            for position, cell in enumerate(row):
                if cell.data_type == "f":
                    raise LedgerFileError(
                        _(
                            "工作表“%(sheet)s”第%(row)s行%(col)s列是公式（%(formula)s）。"
                            "请把公式列复制后“选择性粘贴为数值”，再导入。"
                        )
                        % {
                            "sheet": sheet,
                            "row": number,
                            "col": get_column_letter(position + 1),
                            "formula": str(cell.value)[:40],
                        }
                    )
                values.append(cell.value)
            yield number, values
    except LedgerFileError:
        raise
    except Exception:  # noqa: BLE001 - a malformed sheet XML is a bad file, not a crash
        raise LedgerFileError(_("无法读取这个 .xlsx 文件，请在 Excel 中另存一份后重试。")) from None
