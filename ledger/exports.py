"""Ledgers out: the import templates, project lists, the board and dashboards as .xlsx.

A project list is written in the import's own columns (ledger.columns),
so exporting a filtered list and importing the file again changes nothing.
Choice labels are written in Chinese whatever the page's language, as the
import reads them. Dashboard sheets take their numbers from the dashboard's
own structures (dashboards/reads.py, dashboard_charts.py): what the page
shows is what the file holds.
"""

from django.utils import translation
from django.utils.translation import gettext as _

from dashboards.charts import pct, yi
from ledger import workbooks as wb
from ledger.cells import LEDGER_LANGUAGE
from ledger.columns import AMOUNT_FORMAT, COLUMNS, PROJECT_COLUMNS, SHEET_NAMES
from ledger.places import PlaceIndex
from projects.models import ImportJob, Stage
from projects.money import WAN_PER_YI

EXPORT_CHUNK = 2000
NOTES_SHEET = "填写说明"


# ---------------------------------------------------------------- templates


def template_workbook(kind):
    """An empty ledger of `kind`: Chinese headers (required ones shaded), one example row, notes."""
    columns = [c for c in COLUMNS[kind] if not c.export_only]
    book = wb.new_workbook()
    ws = wb.sheet(book, SHEET_NAMES[kind], [c.width for c in columns])
    wb.header_row(
        ws, [c.header for c in columns], required={c.header for c in columns if c.required}
    )
    ws.append(
        [wb.formatted(ws, c.example, c.number_format) if c.example != "" else None for c in columns]
    )
    notes = wb.sheet(book, NOTES_SHEET, [22, 10, 80])
    wb.title_row(notes, _("“%(sheet)s”填写说明") % {"sheet": SHEET_NAMES[kind]})
    wb.header_row(notes, [_("列"), _("必填"), _("说明")])
    for column in columns:
        required = _("是") if column.required else ""
        note = column.note
        if column.is_amount:
            note = f"{note} " + _("也可用列名“%(h)s”。") % {"h": column.yi_header}
        notes.append([column.header, required, note])
    notes.append([])
    for line in _general_notes():
        notes.append([line])
    return book


def _general_notes():
    return [
        _("第一行为列标题；标题上方可以有表名，但不要合并单元格，也不要使用公式（请粘贴为数值）。"),
        _("金额可写成 1,234.5；日期写成 2024-03-15（也可用 2024/3/15、2024年3月15日）。"),
        _("同一文件重复导入不会产生重复数据：项目按编号，或按“投资方＋项目名称＋承接平台”匹配。"),
        _("导入前会先预览新增、更新和被拒绝的行，确认后一次性写入；任何一行写入失败则全部不写入。"),
        _("CSV 文件可用 UTF-8 或 GB18030（GBK）编码保存。"),
    ]


# ---------------------------------------------------------------- project lists


class ProjectSheet:
    """Projects written row by row in the import's columns."""

    def __init__(self, index=None):
        self.index = index or PlaceIndex()
        self.columns = PROJECT_COLUMNS

    def write(self, book, title, queryset):
        ws = wb.sheet(book, title, [c.width for c in self.columns])
        wb.header_row(ws, [c.header for c in self.columns])
        rows = (
            queryset.select_related("investor")
            .prefetch_related("chains")
            .order_by(*(queryset.query.order_by or ["-created_at", "-id"]))
        )
        count = 0
        with translation.override(LEDGER_LANGUAGE):
            for project in rows.iterator(chunk_size=EXPORT_CHUNK):
                ws.append(self.row(ws, project))
                count += 1
        return count

    def row(self, ws, project):
        values = self.values(project)
        return [wb.formatted(ws, values[c.key], c.number_format) for c in self.columns]

    def values(self, project):
        """The cells of one project, by column key, as the import reads them back."""
        index = self.index
        values = {
            "code": project.code,
            "name": project.name,
            "investor": project.investor.name,
            "origin": project.get_origin_display(),
            "region": index.region_label(project.region_id),
            "platform": index.platform_label(project.platform_id),
            "category": project.get_category_display(),
            "chains": index.chain_names(c.pk for c in project.chains.all()),
            "strategic_emerging": _("是") if project.strategic_emerging else _("否"),
            "key_level": project.get_key_level_display() if project.key_level else "",
            "build_type": project.get_build_type_display() if project.build_type else "",
            "total_investment": project.total_investment,
            "termination_reason": project.termination_reason,
            "stage": str(Stage(project.stage).label) if project.stage else "",
            "leader": project.leader,
            "contact_name": project.contact_name,
            "contact_phone": project.contact_phone,
            "description": project.description,
        }
        for stage in Stage:
            values[stage.date_field] = getattr(project, stage.date_field)
        return values


def projects_workbook(queryset, title=None):
    book = wb.new_workbook()
    ProjectSheet().write(book, title or SHEET_NAMES[ImportJob.Kind.PROJECTS], queryset)
    return book


def board_workbook(columns, queryset):
    """The board: a summary of its columns, then each stage's projects on a sheet of its own."""
    book = wb.new_workbook()
    summary = wb.sheet(book, _("看板汇总"), [12, 10, 16])
    wb.header_row(summary, [_("阶段"), _("项目个数"), _("总投资（亿元）")])
    for column in columns:
        summary.append(
            [
                str(column.stage.label),
                column.count,
                wb.formatted(summary, column.investment / WAN_PER_YI, "#,##0.0000"),
            ]
        )
    projects = ProjectSheet()
    for column in columns:
        if column.count:
            projects.write(book, column.stage.label, queryset.filter(stage=column.stage))
    return book


# ---------------------------------------------------------------- dashboards


def dashboard_workbook(scope, period, dashboard, charts, key_rows):
    book = wb.new_workbook()
    ws = wb.sheet(book, _("主要指标"), [18, 12, 16, 14, 16, 12, 12])
    wb.title_row(
        ws,
        _("%(scope)s承接项目看板 · %(period)s") % {"scope": scope.name, "period": period.label()},
    )
    ws.append([_("对比上年同期 %(p)s") % {"p": dashboard.previous.label()}])
    wb.header_row(
        ws,
        [
            _("指标"),
            _("个数"),
            _("投资（亿元）"),
            _("上年同期个数"),
            _("上年同期投资（亿元）"),
            _("个数同比（%）"),
            _("投资同比（%）"),
        ],
    )
    for card in dashboard.cards:
        value = card.value
        ws.append(
            [
                str(card.label) + (_("（期末）") if card.is_stock else _("（本期）")),
                value.now.count,
                wb.formatted(ws, yi(value.now.investment)),
                value.before.count,
                wb.formatted(ws, yi(value.before.investment)),
                wb.formatted(ws, pct(value.count_pct), wb.PERCENT_FORMAT),
                wb.formatted(ws, pct(value.investment_pct), wb.PERCENT_FORMAT),
            ]
        )
    _conversions(book, dashboard)
    for chart in charts.values():
        _chart_sheet(book, chart)
    _key_sheet(book, dashboard, key_rows)
    if dashboard.merchants:
        _merchant_sheet(book, dashboard.merchants)
    return book


def _conversions(book, dashboard):
    """The cohort conversions: of the projects that entered a stage in the period, the share
    that reached the next within 3, 6 and 12 months (dashboards/cohorts.py)."""
    windows = [m for m, *_rest in dashboard.cohorts[0].rows()] if dashboard.cohorts else []
    ws = wb.sheet(book, _("阶段转化"), [16, 12, *[12] * len(windows), 12, 12])
    headers = [_("转化"), _("本期进入前一阶段")]
    headers += [_("%(n)s个月内转化率（%%）") % {"n": m} for m in windows]
    headers += [_("已转化"), _("中位天数")]
    wb.header_row(ws, headers)
    for cohort in dashboard.cohorts:
        label = f"{Stage(cohort.start).label} → {Stage(cohort.end).label}"
        shares = [wb.formatted(ws, share, wb.PERCENT_FORMAT) for _m, _n, share, _o in cohort.rows()]
        ws.append([label, cohort.size, *shares, cohort.reached, cohort.median_days])


def _chart_sheet(book, chart):
    ws = wb.sheet(book, chart.title, [22] + [16] * len(chart.series))
    wb.title_row(ws, chart.title)
    if chart.note:
        ws.append([str(chart.note)])
    wb.header_row(ws, chart.header())
    for category, _link, _highlight, values in chart.rows():
        ws.append([str(category), *(_chart_value(ws, v) for v in values)])


def _chart_value(ws, value):
    if value is None:
        return None
    if isinstance(value, int):
        return wb.formatted(ws, value, wb.COUNT_FORMAT)
    return wb.formatted(ws, value, AMOUNT_FORMAT)


def _key_sheet(book, dashboard, key_rows):
    ws = wb.sheet(book, _("重点项目完成投资"), [10, 16, 16, 10, 16, 10])
    wb.title_row(ws, _("%(y)s年重点项目完成投资") % {"y": dashboard.key.year})
    wb.header_row(
        ws,
        [
            _("级别"),
            _("完成投资（亿元）"),
            _("年度计划（亿元）"),
            _("完成率（%）"),
            _("上年同期（亿元）"),
            _("同比增长（%）"),
        ],
    )
    for row in key_rows:
        ws.append(
            [
                str(row["label"]),
                wb.formatted(ws, yi(row["done"])),
                wb.formatted(ws, yi(row["plan"])),
                wb.formatted(ws, row["pct"], wb.PERCENT_FORMAT),
                wb.formatted(ws, yi(row["before"])),
                wb.formatted(ws, row["yoy"], wb.PERCENT_FORMAT),
            ]
        )


def _merchant_sheet(book, merchants):
    ws = wb.sheet(book, _("商户疏解"), [18, 24, 12, 14, 12])
    wb.header_row(
        ws, [_("原批发市场"), _("承接地"), _("商户（户）"), _("疏解人口（人）"), _("统计日期")]
    )
    for row in merchants:
        place = row.platform or row.region
        ws.append(
            [
                row.source_market,
                str(place),
                row.merchants,
                row.people,
                wb.formatted(ws, row.recorded_on),
            ]
        )


# ---------------------------------------------------------------- relocation lists

UNIT_HEADERS = [
    (_("单位名称"), 30),
    (_("单位类型"), 12),
    (_("机构类别"), 16),
    (_("转出地"), 8),
    (_("转入地区"), 14),
    (_("转入平台"), 24),
    (_("转入日期"), 12),
    (_("转移人员（人）"), 12),
    (_("所属企业"), 28),
    (_("关联项目编号"), 20),
    (_("关联项目"), 28),
    (_("说明"), 30),
]
MERCHANT_HEADERS = [
    (_("原批发市场"), 18),
    (_("转出地"), 8),
    (_("承接地区"), 14),
    (_("承接商贸城"), 24),
    (_("商户数（户）"), 12),
    (_("疏解人口（人）"), 14),
    (_("统计日期"), 12),
    (_("说明"), 30),
]


def _list_sheet(book, title, headers, rows):
    ws = wb.sheet(book, title, [width for _header, width in headers])
    wb.header_row(ws, [header for header, _width in headers])
    for values in rows:
        ws.append([wb.formatted(ws, v) for v in values])
    return ws


def relocated_units_workbook(queryset):
    """The filtered list of relocated units, one row each (names as typed, choices in Chinese)."""
    book = wb.new_workbook()
    rows = (
        [
            unit.name,
            unit.get_kind_display(),
            unit.get_institution_type_display(),
            unit.get_origin_display(),
            unit.region.name,
            unit.platform.name if unit.platform else "",
            unit.relocated_on,
            unit.people,
            unit.enterprise.name if unit.enterprise else "",
            unit.project.code if unit.project else "",
            unit.project.name if unit.project else "",
            unit.note,
        ]
        for unit in queryset.iterator(chunk_size=EXPORT_CHUNK)
    )
    _list_sheet(book, _("京津转入单位"), UNIT_HEADERS, rows)
    return book


def merchant_relocations_workbook(queryset):
    book = wb.new_workbook()
    rows = (
        [
            row.source_market,
            row.get_origin_display(),
            row.region.name,
            row.platform.name if row.platform else "",
            row.merchants,
            row.people,
            row.recorded_on,
            row.note,
        ]
        for row in queryset.iterator(chunk_size=EXPORT_CHUNK)
    )
    _list_sheet(book, _("商户疏解"), MERCHANT_HEADERS, rows)
    return book


# ---------------------------------------------------------------- rejected rows


def errors_workbook(job):
    book = wb.new_workbook()
    ws = wb.sheet(book, _("被拒绝的行"), [8, 18, 24, 80])
    wb.header_row(ws, [_("行号"), _("列"), _("填写内容"), _("原因")])
    for error in job.row_errors:
        ws.append([error["row"], error["column"], error.get("value", ""), error["reason"]])
    return book


# ---------------------------------------------------------------- quarterly report

YI_FORMAT = "#,##0.00##"


def quarterly_workbook(report):
    """The quarterly report as one sheet: the summary sentences, then each table."""
    from dashboards.quarterly import yi as exact_yi

    book = wb.new_workbook()
    ws = wb.sheet(book, _("季度报告"), [30, 12, 16, 12, 16, 12, 16, 12, 12])
    wb.title_row(ws, report.title)
    ws.append([_("统计期间：%(s)s 至 %(e)s") % {"s": report.start, "e": report.end}])
    for sentence in report.summary():
        ws.append([sentence])
    ws.append([])
    months = report.months_label
    wb.header_row(
        ws,
        [
            _("指标"),
            _("本季度个数"),
            _("本季度投资（亿元）"),
            _("%(m)s个数") % {"m": months},
            _("%(m)s投资（亿元）") % {"m": months},
            _("上年同季个数"),
            _("上年同季投资（亿元）"),
            _("个数同比（%）"),
            _("投资同比（%）"),
        ],
    )
    for _title, lines in report.sections:
        for line in lines:
            ws.append(
                [
                    str(line.label),
                    line.quarter.count,
                    wb.formatted(ws, exact_yi(line.quarter.investment), YI_FORMAT),
                    line.year_to_date.count,
                    wb.formatted(ws, exact_yi(line.year_to_date.investment), YI_FORMAT),
                    line.year_earlier.count,
                    wb.formatted(ws, exact_yi(line.year_earlier.investment), YI_FORMAT),
                    wb.formatted(ws, line.count_growth, wb.PERCENT_FORMAT),
                    wb.formatted(ws, line.investment_growth, wb.PERCENT_FORMAT),
                ]
            )
    ws.append([])
    wb.header_row(ws, [_("存量"), _("个数"), _("投资（亿元）")])
    for label, total in report.stock:
        ws.append(
            [str(label), total.count, wb.formatted(ws, exact_yi(total.investment), YI_FORMAT)]
        )
    ws.append([])
    wb.header_row(
        ws,
        [
            _("完成投资"),
            _("本季度（亿元）"),
            _("%(m)s累计（亿元）") % {"m": months},
            _("年度计划（亿元）"),
            _("完成年度计划（%）"),
            _("对比时序进度（百分点）"),
            _("上年同期（亿元）"),
            _("同比增长（%）"),
        ],
    )
    for money in report.money:
        ws.append(
            [
                str(money.label),
                wb.formatted(ws, exact_yi(money.quarter), YI_FORMAT),
                wb.formatted(ws, exact_yi(money.year_to_date), YI_FORMAT),
                wb.formatted(ws, exact_yi(money.plan), YI_FORMAT),
                wb.formatted(ws, money.plan_pct, wb.PERCENT_FORMAT),
                wb.formatted(ws, money.gap, wb.PERCENT_FORMAT),
                wb.formatted(ws, exact_yi(money.year_earlier), YI_FORMAT),
                wb.formatted(ws, money.growth, wb.PERCENT_FORMAT),
            ]
        )
    ws.append([])
    wb.header_row(ws, [_("京津转入单位"), _("本季度（个）"), _("%(m)s累计（个）") % {"m": months}])
    for label, quarter, year_to_date in report.relocations:
        ws.append([str(label), quarter, year_to_date])
    _ranking_sheet(book, report)
    return book


def _ranking_sheet(book, report):
    """The units under the scope: per measure the year-to-date value, its rank, and against
    its annual target the completion and the points ahead of or behind 时序进度."""
    from dashboards.quarterly import yi as exact_yi

    tables = report.ranking_tables()
    if not tables:
        return
    per_measure = [_("本年累计"), _("排名"), _("完成目标（%）"), _("对比时序进度（百分点）")]
    ws = wb.sheet(book, _("排名"), [22] + [12] * (len(per_measure) * len(report.measures)))
    wb.title_row(
        ws,
        _("%(scope)s下级单位排名（%(m)s累计）")
        % {
            "scope": report.scope.name,
            "m": report.months_label,
        },
    )
    for title, rows in tables:
        ws.append([])
        header = [str(title)]
        for measure in report.measures:
            header += [f"{measure.label}·{label}" for label in per_measure]
        wb.header_row(ws, header)
        for place, entries in rows:
            line = [place.name]
            for measure, entry in entries:
                value = entry.value
                if measure.kind != "count":
                    value = wb.formatted(ws, exact_yi(value), YI_FORMAT)
                line += [
                    value,
                    entry.rank,
                    wb.formatted(ws, entry.pct, wb.PERCENT_FORMAT),
                    wb.formatted(ws, entry.gap, wb.PERCENT_FORMAT),
                ]
            ws.append(line)
