"""Files: what the import reads, and the message for each kind of file it cannot."""

import io

import pytest
from openpyxl import Workbook

from ledger.reading import LedgerFileError, open_ledger
from tests.ledger.conftest import PROJECT_HEADERS, csv_bytes, project_row, xlsx_bytes

MAX = 1000


def read(data, kind="projects", max_rows=MAX):
    sheet = open_ledger(io.BytesIO(data), kind, max_rows=max_rows)
    return sheet, list(sheet.rows)


def refusal(data, kind="projects", max_rows=MAX):
    with pytest.raises(LedgerFileError) as e:
        read(data, kind, max_rows)
    return str(e.value)


@pytest.mark.parametrize("encoding", ["utf-8", "utf-8-sig", "gb18030", "gbk"])
def test_csv_in_each_encoding_reads_the_same(encoding):
    sheet, rows = read(csv_bytes([project_row()], encoding=encoding))
    assert sheet.encoding in ("utf-8", "gb18030")
    position = sheet.columns["name"][0]
    assert rows == [(2, rows[0][1])]
    assert rows[0][1][position] == "鹿泉新材料项目"


def test_tab_separated_and_a_title_above_the_header():
    text = "2024年项目台账\n" + "\t".join(PROJECT_HEADERS) + "\n"
    text += "\t".join(project_row().get(h, "") for h in PROJECT_HEADERS) + "\n"
    sheet, rows = read(text.encode("gb18030"))
    assert sheet.header_row == 2
    assert [number for number, _v in rows] == [3]


def test_headers_with_half_width_brackets_spaces_and_stars_are_recognised():
    headers = [h.replace("（", "(").replace("）", ")") for h in PROJECT_HEADERS]
    headers[1] = "* 项目名称"
    sheet, _rows = read(csv_bytes([], headers=headers))
    assert {"name", "total_investment"} <= set(sheet.columns)


def test_an_amount_column_in_yi():
    headers = [h if h != "总投资（万元）" else "总投资（亿元）" for h in PROJECT_HEADERS]
    sheet, _rows = read(csv_bytes([], headers=headers))
    assert sheet.columns["total_investment"][1] == "yi"


def test_missing_headers_are_named():
    headers = [h for h in PROJECT_HEADERS if h not in ("项目名称", "总投资（万元）")]
    message = refusal(csv_bytes([project_row()], headers=headers))
    assert "缺少必需的列：项目名称、总投资（万元）" in message


def test_the_same_column_twice_is_refused():
    message = refusal(csv_bytes([], headers=[*PROJECT_HEADERS, "项目名称"]))
    assert "列标题重复" in message


def test_blank_lines_are_skipped_and_rows_keep_their_numbers():
    data = csv_bytes([project_row(), {}, project_row(项目名称="二号")])
    _sheet, rows = read(data)
    assert [number for number, _v in rows] == [2, 4]


def test_xlsx_with_dates_and_numbers():
    row = project_row(**{"总投资（万元）": 1234.5})
    sheet, rows = read(xlsx_bytes([row]))
    values = rows[0][1]
    assert values[sheet.columns["total_investment"][0]] == 1234.5


def test_xlsx_formulas_are_refused_with_their_cell():
    def formula(workbook, sheet):
        sheet["L2"] = "=1000+234.5"

    message = refusal(xlsx_bytes([project_row()], prepare=formula))
    assert "第2行L列是公式" in message
    assert "粘贴为数值" in message


def test_xlsx_merged_cells_in_the_data_are_refused():
    def merge(workbook, sheet):
        sheet.merge_cells("B2:B3")

    message = refusal(xlsx_bytes([project_row(), project_row(项目名称="二号")], prepare=merge))
    assert "合并单元格（B2:B3）" in message


def test_a_merged_title_above_the_header_is_fine():
    workbook = Workbook()
    sheet = workbook.active
    sheet.title = "项目台账"
    sheet.append(["2024年承接项目台账"])
    sheet.merge_cells("A1:F1")
    sheet.append(PROJECT_HEADERS)
    sheet.append([project_row().get(h) for h in PROJECT_HEADERS])
    buffer = io.BytesIO()
    workbook.save(buffer)
    sheet_read, rows = read(buffer.getvalue())
    assert sheet_read.header_row == 2 and len(rows) == 1


def test_the_sheet_named_for_the_kind_is_preferred():
    def add_other(workbook, sheet):
        other = workbook.create_sheet("说明", 0)
        other.append(["这张表不是台账"])

    sheet, rows = read(xlsx_bytes([project_row()], prepare=add_other))
    assert sheet.name == "项目台账" and len(rows) == 1


def test_a_workbook_without_the_sheet_names_its_sheets():
    data = xlsx_bytes([{"a": 1}], headers=["a", "b"], title="Sheet1")
    message = refusal(data)
    assert "没有找到含必需列标题的“项目台账”工作表" in message
    assert "Sheet1" in message


def test_a_reports_workbook_uploaded_as_projects_says_so():
    data = xlsx_bytes(
        [], headers=["项目编号", "月份", "当月完成投资（万元）"], title="完成投资月报"
    )
    message = refusal(data)
    assert "属于“完成投资月报”" in message


@pytest.mark.parametrize(
    "data",
    [
        b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR",
        b"%PDF-1.4\n%\xe2\xe3\xcf\xd3\n1 0 obj",
        b"\x00\x01\x02\x03binary",
        b"<!DOCTYPE html><html><body>hi</body></html>",
    ],
)
def test_files_that_are_not_tables(data):
    assert "不是 Excel 表格（.xlsx）或 CSV 文件" in refusal(data)


def test_old_xls_is_asked_to_be_saved_as_xlsx():
    data = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\x00" * 100
    assert "另存为” .xlsx" in refusal(data)


def test_a_broken_xlsx():
    data = b"PK\x03\x04" + b"not really a zip" * 10
    assert "不是有效的 .xlsx 工作簿" in refusal(data)


def test_an_empty_file():
    assert "空" in refusal(b"")


def test_too_many_rows_csv_is_refused_before_reading_them():
    data = csv_bytes([project_row(项目名称=f"项目{n}") for n in range(30)])
    message = refusal(data, max_rows=10)
    assert "超过单次导入上限 10 行" in message


def test_too_many_rows_xlsx():
    data = xlsx_bytes([project_row(项目名称=f"项目{n}") for n in range(30)])
    assert "超过单次导入上限 10 行" in refusal(data, max_rows=10)


def test_a_million_row_csv_is_refused_quickly():
    line = ",".join(project_row().get(h, "") for h in PROJECT_HEADERS) + "\n"
    data = (",".join(PROJECT_HEADERS) + "\n" + line * 1_000_000).encode()
    assert "1,000,001" in refusal(data, max_rows=200_000)
