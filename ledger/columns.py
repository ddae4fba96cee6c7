"""The columns of each ledger: one list feeds the import, its template and the export.

Headers are Chinese whatever the page's language: a ledger is a Chinese
document, and the same headers must read back in. Exporting a list and
importing it again therefore meets exactly the columns the import expects.
"""

import datetime
from dataclasses import dataclass
from decimal import Decimal

from projects.models import ImportJob
from projects.money import Unit

AMOUNT_FORMAT = "#,##0.00"
DATE_FORMAT = "yyyy-mm-dd"
MONTH_FORMAT = "yyyy-mm"


@dataclass(frozen=True)
class Column:
    key: str
    header: str
    required: bool = False
    aliases: tuple = ()
    yi_header: str = ""  # amounts: the same column typed in 亿元
    example: object = ""
    note: str = ""
    width: int = 14
    number_format: str = ""
    export_only: bool = False  # written by the export, ignored by the import

    @property
    def is_amount(self):
        return bool(self.yi_header)


def _date(key, header, example="", note="", aliases=()):
    return Column(
        key,
        header,
        aliases=(header.replace("日期", "时间"), *aliases),
        example=example,
        note=note,
        width=12,
        number_format=DATE_FORMAT,
    )


PROJECT_COLUMNS = [
    Column(
        "code",
        "项目编号",
        aliases=("项目代码", "编号"),
        note="已在库项目的编号（导出表中有）；新项目留空，导入时自动编号。",
        width=20,
    ),
    Column("name", "项目名称", required=True, example="生物医药产业园二期", width=30),
    Column(
        "investor",
        "投资方",
        required=True,
        aliases=("投资主体", "投资企业", "投资单位", "企业名称"),
        example="北京某医药科技有限公司",
        note="企业全称；库中没有的企业随项目一并创建。",
        width=28,
    ),
    Column(
        "origin",
        "来源地",
        required=True,
        aliases=("项目来源地", "来源"),
        example="北京",
        note="北京、天津、河北本地、外省、境外。",
        width=10,
    ),
    Column(
        "region",
        "所在地区",
        required=True,
        aliases=("地区", "县（市、区）", "所在县（市、区）"),
        example="黄骅市",
        note="县（市、区）的名称或代码，须在河北省内。",
    ),
    Column(
        "platform",
        "承接平台",
        aliases=("平台", "园区", "承接园区"),
        example="渤海新区黄骅市",
        note="平台名称或代码；所在地区须在平台所在地区内。",
        width=20,
    ),
    Column(
        "category",
        "项目类别",
        required=True,
        aliases=("类别",),
        example="产业类",
        note="产业类、基础设施、农业产业化、服务业、社会事业。",
        width=10,
    ),
    Column(
        "chains",
        "产业链",
        aliases=("所属产业链",),
        example="氢能",
        note="产业链名称（名称相同的链请填代码），多条用“、”分隔。",
        width=16,
    ),
    Column(
        "strategic_emerging",
        "战略性新兴产业",
        aliases=("是否战略性新兴产业",),
        example="是",
        note="是 / 否（留空为否）。",
        width=10,
    ),
    Column(
        "key_level",
        "重点项目级别",
        aliases=("重点级别",),
        example="省重点",
        note="省重点、市重点，一般项目留空。",
        width=10,
    ),
    Column("build_type", "建设性质", note="开工后填写：新建、续建（开工未填时按新建）。", width=8),
    Column(
        "total_investment",
        "总投资（万元）",
        required=True,
        aliases=("计划总投资（万元）", "项目总投资（万元）"),
        yi_header="总投资（亿元）",
        example=Decimal("52000"),
        note="数字，可带千分位（1,234.5）；以亿元填写时把列名改为“总投资（亿元）”。",
        number_format=AMOUNT_FORMAT,
    ),
    _date("negotiating_on", "洽谈日期", datetime.date(2024, 3, 1), "洽谈、签约日期至少填一个。"),
    _date("signed_on", "签约日期", datetime.date(2024, 5, 20)),
    _date("landed_on", "落地日期"),
    _date("started_on", "开工日期"),
    _date("producing_on", "投产日期"),
    _date("terminated_on", "终止日期", note="终止时须填写终止原因。"),
    Column("termination_reason", "终止原因", width=20),
    Column(
        "stage",
        "当前阶段",
        note="由各阶段日期决定，仅供查看，导入时不读取。",
        width=8,
        export_only=True,
    ),
    Column("leader", "包联领导", width=10),
    Column("contact_name", "联系人", width=10),
    Column("contact_phone", "联系电话", width=14),
    Column("description", "项目简介", aliases=("建设内容", "主要建设内容"), width=40),
]

REPORT_COLUMNS = [
    Column(
        "code",
        "项目编号",
        aliases=("项目代码", "编号"),
        example="130983-2024-000001",
        note="项目编号；没有编号时按“投资方＋项目名称＋承接平台”找项目。",
        width=20,
    ),
    Column("name", "项目名称", example="生物医药产业园二期", width=30),
    Column("investor", "投资方", aliases=("投资主体", "投资企业"), width=28),
    Column("platform", "承接平台", aliases=("平台", "园区"), width=20),
    Column(
        "month",
        "月份",
        required=True,
        aliases=("填报月份", "统计月份"),
        example="2024-06",
        note="如 2024-06；不能早于开工月份，不能是未来月份。",
        width=10,
        number_format=MONTH_FORMAT,
    ),
    Column(
        "completed_investment",
        "当月完成投资（万元）",
        required=True,
        aliases=("本月完成投资（万元）", "完成投资（万元）"),
        yi_header="当月完成投资（亿元）",
        example=Decimal("1200"),
        note="当月完成数（不是累计数）；以亿元填写时把列名改为“当月完成投资（亿元）”。",
        number_format=AMOUNT_FORMAT,
    ),
]

UNIT_COLUMNS = [
    Column("name", "单位名称", required=True, example="北京某科技有限公司沧州分公司", width=30),
    Column(
        "kind",
        "单位类型",
        required=True,
        example="产业活动单位",
        note="法人单位、产业活动单位。",
        width=12,
    ),
    Column(
        "origin",
        "转出地",
        required=True,
        aliases=("来源地",),
        example="北京",
        note="北京、天津（或外省、境外）。",
        width=8,
    ),
    Column("region", "转入地区", required=True, aliases=("所在地区", "地区"), example="黄骅市"),
    Column("platform", "转入平台", aliases=("承接平台", "平台"), width=20),
    _date("relocated_on", "转入日期", datetime.date(2024, 4, 8)),
]

COLUMNS = {
    ImportJob.Kind.PROJECTS: PROJECT_COLUMNS,
    ImportJob.Kind.REPORTS: REPORT_COLUMNS,
    ImportJob.Kind.RELOCATED_UNITS: UNIT_COLUMNS,
}
SHEET_NAMES = {
    ImportJob.Kind.PROJECTS: "项目台账",
    ImportJob.Kind.REPORTS: "完成投资月报",
    ImportJob.Kind.RELOCATED_UNITS: "京津转入单位",
}
# Rows identify a project by its code, or by these together.
PROJECT_IDENTITY = ("investor", "name", "platform")


def normalize_header(text):
    """Headers compared without spaces, star marks or half-width brackets."""
    text = "".join(str(text or "").split()).replace("*", "").replace("＊", "")
    return text.replace("(", "（").replace(")", "）")


def header_lookup(kind):
    """{normalized header: (column, money unit or None)} for the import."""
    lookup = {}
    for column in COLUMNS[kind]:
        unit = Unit.WAN if column.is_amount else None
        for header in (column.header, *column.aliases):
            lookup[normalize_header(header)] = (column, unit)
        if column.is_amount:
            lookup[normalize_header(column.yi_header)] = (column, Unit.YI)
    return lookup


def export_columns(kind):
    return COLUMNS[kind]
