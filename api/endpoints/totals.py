"""Totals of a scope for a period and measure, and the published figures with their status."""

import datetime
from enum import StrEnum

from django.utils.translation import gettext as _
from ninja import Field, Query, Router, Schema

from api.endpoints.common import place, scope_for
from api.errors import ApiError
from api.schemas import READ_ERRORS, FigureOut, TotalOut
from dashboards.reads import read_figures, stale_cells
from projects import totals
from projects.models import Stage

router = Router(tags=["合计与公布数据"])


class Measure(StrEnum):
    FLOW = "flow"
    STOCK = "stock"
    ACTIVE = "active"
    CUMULATIVE = "cumulative"
    COMPLETED = "completed_investment"
    PLANNED = "planned_investment"


SEMANTICS = {
    Measure.FLOW: "流量：进入日期（该阶段的日期）落在 start–end 各月内的项目，如“一季度签约项目690个”。",
    Measure.STOCK: "存量：on 所在月末处于该阶段的项目，如“3月末在谈项目522个”。",
    Measure.ACTIVE: "实施：start–end 期间某时处于开工或投产的项目，如“2022年实施项目374个”。",
    Measure.CUMULATIVE: "累计：自 start 起到 end 各月进入该阶段的项目之和，如“2014年以来累计签约”。",
    Measure.COMPLETED: "完成投资：start–end 各月填报的完成投资之和（万元）。",
    Measure.PLANNED: "年度计划投资：year 年各项目年度计划投资之和（万元）。",
}

DESCRIPTION = (
    "读预先计算的合计表（与仪表盘同一来源），按整月计算："
    "start 须为月初、end 与 on 须为月末。范围为 region 或 platform 代码（含其下全部地区与平台），"
    "都不给时为调用者自己的管辖范围。口径：\n\n"
    + "\n".join(f"- `{m.value}`：{text}" for m, text in SEMANTICS.items())
    + "\n\n项目变动后合计表由后台任务重算；pending_recompute 大于 0 时表示尚有未重算的变动。"
)


class TotalsQuery(Schema):
    measure: Measure = Field(description="口径，见接口说明")
    region: str | None = Field(None, description="地区代码，如 130900（沧州市）")
    platform: str | None = Field(None, description="承接平台代码")
    stage: Stage | None = Field(None, description="阶段（flow、stock、cumulative 必填）")
    start: datetime.date | None = Field(None, description="起始日期（月初）")
    end: datetime.date | None = Field(None, description="截止日期（月末）")
    on: datetime.date | None = Field(None, description="存量的日期（月末）")
    year: int | None = Field(None, ge=2000, le=2100, description="年度计划投资的年度")


def _require(query, *names):
    missing = [n for n in names if getattr(query, n) is None]
    if missing:
        raise ApiError(
            400,
            "invalid_parameters",
            _("该口径须给出参数：%(names)s。") % {"names": "、".join(missing)},
            errors={n: [_("必填。")] for n in missing},
        )


def _whole_months(query):
    errors = {}
    if query.start and not totals.is_month_start(query.start):
        errors["start"] = [_("合计按整月计算：开始日期须为某月1日。")]
    for name in ("end", "on"):
        day = getattr(query, name)
        if day and not totals.is_month_end(day):
            errors[name] = [_("合计按整月计算：日期须为某月最后一天。")]
    if query.start and query.end and query.start > query.end:
        errors["end"] = [_("结束日期不能早于开始日期。")]
    if errors:
        message = "；".join(m for messages in errors.values() for m in messages)
        raise ApiError(400, "invalid_parameters", message, errors=errors)


def _compute(scope, query):
    """(count or None, 万元) of the measure; the reads are projects/totals/reads.py's."""
    m = query.measure
    if m in (Measure.FLOW, Measure.CUMULATIVE):
        _require(query, "stage", "start", "end")
        t = totals.flow(scope, query.stage, query.start, query.end)
    elif m == Measure.STOCK:
        _require(query, "stage", "on")
        t = totals.stock(scope, query.stage, query.on)
    elif m == Measure.ACTIVE:
        _require(query, "start", "end")
        t = totals.active(scope, query.start, query.end)
    elif m == Measure.COMPLETED:
        _require(query, "start", "end")
        return None, totals.completed(scope, query.start, query.end)
    else:
        _require(query, "year")
        return None, totals.planned(scope, query.year)
    return t.count, t.investment


@router.get(
    "/totals", response={200: TotalOut, **READ_ERRORS}, summary="范围合计", description=DESCRIPTION
)
def scope_totals(request, query: Query[TotalsQuery]):
    scope = scope_for(request, query.region, query.platform)
    _whole_months(query)
    count, investment = _compute(scope, query)
    return {
        "scope": place(scope),
        "measure": query.measure.value,
        "stage": query.stage.value if query.stage else None,
        "start": query.start,
        "end": query.end,
        "on": query.on,
        "year": query.year,
        "count": count,
        "investment": investment,
        "semantics": SEMANTICS[query.measure],
        "pending_recompute": stale_cells(scope),
    }


class FiguresQuery(Schema):
    region: str | None = Field(None, description="地区代码（含下级）；都不给时为调用者的管辖范围")
    platform: str | None = Field(None, description="承接平台代码（含下级）")


@router.get(
    "/figures",
    response={200: list[FigureOut], **READ_ERRORS},
    summary="公布数据及核对结果",
    description="报道与领导讲话引用的数字（公布数据），附最近一次与登记数据核对的结果：一致、不一致（及差额）或无法计算（及原因）。",
)
def figures(request, query: Query[FiguresQuery]):
    scope = scope_for(request, query.region, query.platform)
    rows = []
    for figure in read_figures(scope):
        check = getattr(figure, "reconciliation", None)
        rows.append(
            {
                "code": figure.code,
                "group": figure.group,
                "label": figure.label,
                "scope": place(figure.scope),
                "measure": figure.measure,
                "value": figure.value,
                "qualifier": figure.qualifier,
                "source": figure.source,
                "quote": figure.quote,
                "status": check.status if check else None,
                "computed_value": check.computed_value if check else None,
                "difference": check.difference if check else None,
                "explanation": check.explanation if check else "",
                "computed_at": check.computed_at if check else None,
            }
        )
    return rows
