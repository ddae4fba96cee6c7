"""A project's rules as plain functions, shared by the model, the services and the ledger import.

The database constraints on Project remain the authority on stage dates;
`stage_date_errors` states the same rules in Python (tests hold the two
equal) so that an import can check a hundred thousand rows without a query
per row, and say which dates are wrong.
"""

from django.utils.translation import gettext as _

from platforms.models import Region
from projects.models.choices import STAGE_DATE_FIELDS, Stage


def place_errors(region, platform):
    """{field: message} for a region and platform a project cannot sit in (empty when fine)."""
    errors = {}
    if platform is not None and region is not None and not region.is_within(platform.region):
        errors["region"] = _("项目所在地区“%(region)s”不在平台“%(platform)s”所在的“%(pr)s”内。") % {
            "region": region,
            "platform": platform,
            "pr": platform.region,
        }
    if region is not None and region.level == Region.Level.ORIGIN:
        errors["region"] = _("项目所在地区必须在河北省内；北京、天津只作为来源地。")
    return errors


# The origin each province of the source districts stands for (GB/T 2260 province codes).
ORIGIN_PROVINCE = {"beijing": "110000", "tianjin": "120000"}


def source_district_errors(origin, district):
    """{field: message} when a source district is not a district of the project's origin."""
    if district is None:
        return {}
    province = ORIGIN_PROVINCE.get(origin)
    if district.level != Region.Level.ORIGIN or district.parent_id is None:
        return {"source_district": _("来源区必须是北京或天津的区。")}
    if province is None or not district.path.startswith(f"/{province}/"):
        return {
            "source_district": _("来源区“%(district)s”不属于所选来源地。") % {"district": district}
        }
    return {}


def build_type_errors(build_type, started_on):
    if build_type and not started_on:
        return {"build_type": _("开工之后才有建设性质（新建/续建）。")}
    return {}


_ORDER = Stage.pipeline()
_IN_ORDER = list(zip(_ORDER, _ORDER[1:], strict=False))
_NO_SKIPPING = list(zip(_ORDER[1:], _ORDER[2:], strict=False))


def stage_date_errors(dates, *, termination_reason="", today=None):
    """{field: message} for stage dates that break the pipeline's rules.

    `dates` maps each Stage to a date or None. The rules are those of the
    Project constraints (order, no skipping after signing, termination last and
    with a reason, an entry date), plus the services' "not in the future".
    """
    errors = {}
    get = dates.get
    if not get(Stage.NEGOTIATING) and not get(Stage.SIGNED):
        errors["signed_on"] = _("请填写洽谈日期或签约日期。")
    for earlier, later in _IN_ORDER:
        a, b = get(earlier), get(later)
        if a and b and b < a:
            errors[STAGE_DATE_FIELDS[later]] = (
                _("阶段日期必须按洽谈→签约→落地→开工→投产的顺序。")
                + " "
                + _("%(later)s日期（%(b)s）早于%(earlier)s日期（%(a)s）。")
                % {"later": later.label, "b": b, "earlier": earlier.label, "a": a}
            )
    for earlier, later in _NO_SKIPPING:
        if get(later) and not get(earlier):
            errors.setdefault(
                STAGE_DATE_FIELDS[later],
                _("不能跳过签约之后的阶段。")
                + " "
                + _("有%(later)s日期却没有%(earlier)s日期。")
                % {"later": later.label, "earlier": earlier.label},
            )
    ended = get(Stage.TERMINATED)
    if ended:
        if any(get(s) and ended < dates[s] for s in _ORDER):
            errors["terminated_on"] = _("终止日期不能早于已进入阶段的日期。")
        if not termination_reason.strip():
            errors["termination_reason"] = _("终止项目必须填写原因。")
    if today is not None:
        for stage, day in dates.items():
            if day and day > today:
                errors.setdefault(
                    STAGE_DATE_FIELDS[Stage(stage)],
                    _("%(stage)s日期（%(day)s）不能晚于今天。")
                    % {"stage": Stage(stage).label, "day": day},
                )
    return errors
