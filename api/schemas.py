"""The shapes of the API's answers; their descriptions are the OpenAPI documentation."""

import datetime
from decimal import Decimal

from ninja import Field, Schema

WAN = "万元，精确小数（以字符串表示，不经浮点）"


class Error(Schema):
    code: str = Field(description="稳定的错误代码，如 not_found、stale_version、invalid")
    message: str = Field(description="给人看的说明，语言随请求的 Accept-Language")
    errors: dict[str, list[str]] | None = Field(None, description="按字段列出的校验错误")


class Region(Schema):
    code: str = Field(description="GB/T 2260 行政区划代码（京津来源地另有代码）")
    name: str
    level: str = Field(description="province 省 / city 市 / county 县（市、区）")
    parent: str | None = Field(description="上级地区代码；根节点为 null")
    depth: int = Field(description="在树中的层级，根为 0")


class Platform(Schema):
    code: str
    name: str
    tier: str = Field(
        description="平台类型：core、collaboration、key_cooperation、development_zone、park、trade_centre"
    )
    region: str = Field(description="所在地区代码")
    parent: str | None = Field(description="上级平台代码；不在其他平台内时为 null")
    depth: int


class Place(Schema):
    kind: str = Field(description="region 或 platform")
    code: str
    name: str


class ProjectRow(Schema):
    id: int
    code: str = Field(description="项目编号")
    name: str
    stage: str = Field(
        description="当前阶段：negotiating、signed、landed、under_construction、in_production、terminated"
    )
    stage_label: str
    total_investment: Decimal = Field(description=f"总投资，{WAN}")
    signed_on: datetime.date | None
    investor: str = Field(description="投资方名称")
    region: Place
    platform: Place | None


class ListTotals(Schema):
    count: int = Field(description="符合筛选条件的项目个数（全部页）")
    total_investment: Decimal = Field(description=f"这些项目的总投资合计，{WAN}")


class ProjectPage(Schema):
    items: list[ProjectRow]
    next_cursor: str | None = Field(description="下一页的游标；为 null 时已是最后一页")
    totals: ListTotals | None = Field(description="仅在第一页（未带 cursor）给出")


class StageStep(Schema):
    stage: str
    label: str
    entered_on: datetime.date | None = Field(description="进入该阶段的日期；未进入为 null")
    note: str = ""


class Correction(Schema):
    stage: str
    previous_date: datetime.date | None
    corrected_date: datetime.date | None = Field(description="更正后的日期；null 表示撤回该阶段")
    reason: str
    corrected_at: datetime.datetime


class Report(Schema):
    month: str = Field(description="月份，YYYY-MM")
    completed_investment: Decimal = Field(description=f"当月完成投资，{WAN}")


class Plan(Schema):
    year: int
    planned_investment: Decimal = Field(description=f"年度计划投资，{WAN}")


class EventRef(Schema):
    id: int
    code: str
    name: str
    kind: str = Field(
        description="signing_ceremony 签约仪式 / groundbreaking 集中开工 / fair 推介会"
    )
    held_on: datetime.date


class ProjectDetail(Schema):
    id: int
    code: str
    name: str
    version: int = Field(description="版本号：写接口须带上读到的版本，他人已修改时返回 409")
    stage: str
    stage_label: str
    investor: str
    investor_credit_code: str = Field(description="投资方统一社会信用代码（可能为空）")
    origin: str = Field(description="来源地：beijing、tianjin、hebei、other_province、abroad")
    category: str
    key_level: str = Field(description="重点项目级别：provincial、municipal，空串为一般项目")
    strategic_emerging: bool
    build_type: str = Field(description="建设性质：new 新建 / continuing 续建，未开工为空串")
    total_investment: Decimal = Field(description=f"总投资，{WAN}")
    region: Place
    platform: Place | None
    chains: list[str] = Field(description="产业链名称")
    leader: str = Field(description="包联领导")
    description: str
    termination_reason: str
    stages: list[StageStep] = Field(description="洽谈→签约→落地→开工→投产（及终止）各阶段的日期")
    corrections: list[Correction]
    reports: list[Report] = Field(description="完成投资月报，按月份排序")
    plans: list[Plan] = Field(description="年度计划投资")
    events: list[EventRef]


class TotalOut(Schema):
    scope: Place
    measure: str
    stage: str | None
    start: datetime.date | None
    end: datetime.date | None
    on: datetime.date | None
    year: int | None
    count: int | None = Field(description="项目个数（完成投资、计划投资时为 null）")
    investment: Decimal = Field(description=f"金额，{WAN}：个数类口径为这些项目的总投资")
    semantics: str = Field(description="本次口径的中文说明")
    pending_recompute: int = Field(description="该范围尚待重算的合计格数；为 0 时数字为最新")


class FigureOut(Schema):
    code: str
    group: str = Field(description="报道条目")
    label: str
    scope: Place
    measure: str
    value: Decimal = Field(description="公布值（亿元、个、% 等，见 measure）")
    qualifier: str = Field(
        description="限定词：exact 精确、at_least 余/多/以上、about 约、nearly 近"
    )
    source: str
    quote: str = Field(description="报道原文")
    status: str | None = Field(
        description="核对结果：match 一致、mismatch 不一致、uncomputable 无法计算；未核对为 null"
    )
    computed_value: Decimal | None
    difference: Decimal | None = Field(description="计算值减公布值")
    explanation: str
    computed_at: datetime.datetime | None


class ReportIn(Schema):
    month: str = Field(description="填报月份，YYYY-MM", examples=["2024-05"])
    completed_investment: str = Field(
        description="当月完成投资，数字（字符串，可带千分位）", examples=["120.5"]
    )
    unit: str = Field("wan", description="金额单位：wan 万元（默认）或 yi 亿元")
    version: int | None = Field(
        None, description="读到的项目版本；给出时若项目已被他人修改则返回 409"
    )


class AdvanceIn(Schema):
    on: datetime.date = Field(description="进入下一阶段的日期，不能晚于今天")
    version: int = Field(description="读到的项目版本；项目已被他人修改时返回 409")
    note: str = Field("", max_length=500, description="说明")
    build_type: str = Field("new", description="推进到开工时的建设性质：new 新建 / continuing 续建")


class ReportOut(Schema):
    project: int
    month: str
    completed_investment: Decimal = Field(description=f"当月完成投资，{WAN}")
    project_version: int


# The refusals every operation may answer with (documented in OpenAPI for each).
READ_ERRORS = {400: Error, 401: Error, 403: Error, 404: Error, 429: Error}
WRITE_ERRORS = {**READ_ERRORS, 409: Error, 422: Error}
