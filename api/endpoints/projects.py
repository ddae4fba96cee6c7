"""Projects: the list with the web list's filters, and one project with its history."""

from ninja import Field, Query, Router, Schema

from api import cursor
from api.endpoints.common import place, project_for
from api.errors import ApiError
from api.schemas import READ_ERRORS, ProjectDetail, ProjectPage
from projects.access import require_reader
from projects.models import Stage
from projects.selectors import ROW_FIELDS, filtered_projects, project_rows

router = Router(tags=["项目"])

DEFAULT_LIMIT, MAX_LIMIT = 25, 100


class ProjectFilters(Schema):
    """The project list's filters, exactly as the web list takes them in its URL."""

    q: str | None = Field(None, description="关键词：项目名称、编号、投资方或包联领导")
    region: str | None = Field(None, description="地区 id（含下级）")
    platform: str | None = Field(None, description="承接平台 id（含下级平台）")
    stage: str | None = Field(None, description="当前阶段")
    chain: str | None = Field(None, description="产业链 id")
    origin: str | None = Field(
        None, description="来源地：beijing、tianjin、hebei、other_province、abroad"
    )
    category: str | None = Field(None, description="项目类别")
    key_level: str | None = Field(
        None, description="provincial 省重点、municipal 市重点、none 一般项目"
    )
    strategic_emerging: str | None = Field(None, description="战略性新兴产业：yes / no")
    event: str | None = Field(None, description="活动 id")
    min_yi: str | None = Field(None, description="总投资不低于（亿元）")
    max_yi: str | None = Field(None, description="总投资不高于（亿元）")
    date_stage: str | None = Field(
        None, description="按日期筛选的阶段（与 date_from/date_to 同用）"
    )
    date_from: str | None = Field(None, description="该阶段日期不早于，YYYY-MM-DD")
    date_to: str | None = Field(None, description="该阶段日期不晚于，YYYY-MM-DD")
    o: str | None = Field(
        None,
        description="排序：name、investment、negotiating、signed、landed、started、created，前加 - 为降序；默认最近录入在前",
    )
    cursor: str | None = Field(None, description="上一页返回的 next_cursor")
    limit: int = Field(DEFAULT_LIMIT, ge=1, le=MAX_LIMIT, description="每页条数，1–100")


def _row(project):
    return {
        "id": project.pk,
        "code": project.code,
        "name": project.name,
        "stage": project.stage,
        "stage_label": str(Stage(project.stage).label),
        "total_investment": project.total_investment,
        "signed_on": project.signed_on,
        "investor": project.investor.name,
        "region": place(project.region),
        "platform": place(project.platform),
    }


def _filter_errors(filterset):
    return {key: list(messages) for key, messages in filterset.errors.items()}


@router.get(
    "/projects",
    response={200: ProjectPage, **READ_ERRORS},
    summary="项目列表",
    description=(
        "调用者可见的项目，筛选条件与网页项目列表相同（同一套筛选规则）。"
        "游标分页：把 next_cursor 原样作为下一次请求的 cursor，排序须保持不变。"
        "第一页附带全部符合条件项目的个数与总投资合计。"
    ),
)
def project_list(request, filters: Query[ProjectFilters]):
    require_reader(request.user)
    filterset, queryset = filtered_projects(request)
    if not filterset.is_valid():
        errors = _filter_errors(filterset)
        message = "；".join(m for messages in errors.values() for m in messages)
        raise ApiError(400, "invalid_filter", message, errors=errors)
    totals = None
    if filters.cursor is None:
        row = queryset.totals()
        totals = {"count": row["count"], "total_investment": row["investment"]}
        page = queryset
    else:
        try:
            page = cursor.after_cursor(queryset, filters.cursor)
        except cursor.BadCursor as e:
            raise ApiError(400, "invalid_cursor", str(e)) from None
    # The web list's columns, the places' codes the API names them by, the cursor's fields.
    columns = project_rows(cursor.ordered(page)).only(
        *ROW_FIELDS, "region__code", "platform__code", *cursor.sort_fields(queryset)
    )
    rows = list(columns[: filters.limit + 1])
    more = len(rows) > filters.limit
    rows = rows[: filters.limit]
    next_cursor = cursor.encode(queryset, rows[-1]) if more else None
    return {"items": [_row(p) for p in rows], "next_cursor": next_cursor, "totals": totals}


def _stages(project):
    notes = {entry.stage: entry.note for entry in project.stage_entries.all()}
    stages = Stage.pipeline() + ([Stage.TERMINATED] if project.terminated_on else [])
    return [
        {
            "stage": stage.value,
            "label": str(stage.label),
            "entered_on": project.stage_date(stage),
            "note": notes.get(stage.value, ""),
        }
        for stage in stages
    ]


def project_detail_body(project):
    """Everything the API says about one project (its detail and the writes' answer)."""
    return {
        "id": project.pk,
        "code": project.code,
        "name": project.name,
        "version": project.version,
        "stage": project.stage,
        "stage_label": str(Stage(project.stage).label),
        "investor": project.investor.name,
        "investor_credit_code": project.investor.credit_code,
        "origin": project.origin,
        "category": project.category,
        "key_level": project.key_level,
        "strategic_emerging": project.strategic_emerging,
        "build_type": project.build_type,
        "total_investment": project.total_investment,
        "region": place(project.region),
        "platform": place(project.platform),
        "chains": [chain.name for chain in project.chains.all()],
        "leader": project.leader,
        "description": project.description,
        "termination_reason": project.termination_reason,
        "stages": _stages(project),
        "corrections": [
            {
                "stage": c.stage,
                "previous_date": c.previous_date,
                "corrected_date": c.corrected_date,
                "reason": c.reason,
                "corrected_at": c.corrected_at,
            }
            for c in project.corrections.order_by("corrected_at", "pk")
        ],
        "reports": [
            {"month": f"{r.month:%Y-%m}", "completed_investment": r.completed_investment}
            for r in project.investment_reports.order_by("month")
        ],
        "plans": [
            {"year": p.year, "planned_investment": p.planned_investment}
            for p in project.annual_plans.order_by("year")
        ],
        "events": [
            {"id": e.pk, "code": e.code, "name": e.name, "kind": e.kind, "held_on": e.held_on}
            for e in project.events.order_by("held_on", "pk")
        ],
    }


@router.get(
    "/projects/{project_id}",
    response={200: ProjectDetail, **READ_ERRORS},
    summary="项目详情",
    description="一个项目及其各阶段日期、阶段更正、完成投资月报、年度计划和所参加的活动。不在管辖范围内的项目返回 404。",
)
def project_detail(request, project_id: int):
    return project_detail_body(project_for(request, project_id))
