"""Writes for integration: a month's completed investment and a stage advance.

They call the same services as the detail page's forms, so the rules, the messages,
the audit trail and the recompute are the web's; a read-only token is refused first.
"""

import datetime

from django.core.exceptions import ValidationError
from django.core.validators import ProhibitNullCharactersValidator
from django.utils.translation import gettext as _
from ninja import Header, Router, Status

from api.auth import require_write
from api.endpoints.common import project_for
from api.endpoints.projects import project_detail_body
from api.idempotency import idempotent
from api.schemas import WRITE_ERRORS, AdvanceIn, ProjectDetail, ReportIn, ReportOut
from projects import services
from projects.models import BuildType
from projects.money import Unit, parse_amount
from projects.plausible import validate_date

router = Router(tags=["填报"])

IDEMPOTENCY = Header(
    None,
    alias="Idempotency-Key",
    description="任意字符串（建议 UUID）。同一用户以同一键重试时返回第一次的结果，不会重复写入。",
)


def _month(text):
    try:
        month = datetime.datetime.strptime(text.strip(), "%Y-%m").date()  # noqa: DTZ007 - a month
    except ValueError:
        raise ValidationError({"month": _("月份格式应为 YYYY-MM，如 2024-05。")}) from None
    return _plausible("month", month)


def _plausible(field, day):
    """The pages' date range (projects/plausible.py), with the same message on the field."""
    try:
        validate_date(day)
    except ValidationError as e:
        raise ValidationError({field: e.messages}) from None
    return day


def _amount(text, unit):
    if unit not in Unit.values:
        raise ValidationError({"unit": _("金额单位应为 wan（万元）或 yi（亿元）。")})
    try:
        return parse_amount(text, unit)
    except ValueError as e:
        raise ValidationError({"completed_investment": str(e)}) from None


@router.post(
    "/projects/{project_id}/reports",
    response={200: ReportOut, **WRITE_ERRORS},
    summary="填报月度完成投资",
    description=(
        "记录（或替换）项目某月的完成投资，与详情页“填报完成投资”同一规则：项目须已开工，"
        "月份不早于开工月份、不晚于本月。金额可按万元或亿元填写。"
        "给出 version 时，项目在读取后被他人修改则返回 409。"
    ),
)
def report_investment(
    request, project_id: int, payload: ReportIn, idempotency_key: str | None = IDEMPOTENCY
):
    require_write(request)
    project = project_for(request, project_id, write=True)

    def write():
        report = services.investment_report(
            actor=request.user,
            project=project,
            month=_month(payload.month),
            completed_investment=_amount(payload.completed_investment, payload.unit),
            version=payload.version,
        )
        return {
            "project": project.pk,
            "month": f"{report.month:%Y-%m}",
            "completed_investment": report.completed_investment,
            "project_version": report.project.version,
        }

    return Status(*idempotent(request, write))


@router.post(
    "/projects/{project_id}/advance",
    response={200: ProjectDetail, **WRITE_ERRORS},
    summary="推进到下一阶段",
    description=(
        "把项目推进到流程的下一阶段（洽谈→签约→落地→开工→投产），与详情页“推进”同一规则："
        "日期不能晚于今天，也不能早于当前阶段的日期。须带上读到的 version，"
        "项目已被他人修改时返回 409 和当前版本。"
    ),
)
def advance_stage(
    request, project_id: int, payload: AdvanceIn, idempotency_key: str | None = IDEMPOTENCY
):
    require_write(request)
    project = project_for(request, project_id, write=True)
    if payload.build_type not in (BuildType.NEW, BuildType.CONTINUING):
        raise ValidationError({"build_type": _("建设性质应为 new（新建）或 continuing（续建）。")})
    try:
        ProhibitNullCharactersValidator()(payload.note)  # as the page's form field does
    except ValidationError as e:
        raise ValidationError({"note": e.messages}) from None

    _plausible("on", payload.on)

    def write():
        advanced = services.project_advance_stage(
            actor=request.user,
            project=project,
            on=payload.on,
            note=payload.note,
            version=payload.version,
            build_type=payload.build_type,
        )
        return project_detail_body(project_for(request, advanced.pk))

    return Status(*idempotent(request, write))
