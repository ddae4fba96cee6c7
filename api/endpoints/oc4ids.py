"""The OC4IDS export of a scope's projects."""

from django.urls import reverse
from ninja import Field, Query, Router, Schema

from api.endpoints.common import scope_for
from api.oc4ids import package_projects, project_package
from api.schemas import READ_ERRORS
from projects.access import visible_projects

router = Router(tags=["OC4IDS"])


class ScopeQuery(Schema):
    region: str | None = Field(None, description="地区代码（含下级），如 130900（沧州市）")
    platform: str | None = Field(None, description="承接平台代码（含下级平台）")


def scope_package(request, scope):
    """The package of the caller's projects in `scope` (the page's download uses it too)."""
    projects = package_projects(visible_projects(request.user).in_scope(scope))
    key = "platform" if scope.__class__.__name__ == "Platform" else "region"
    uri = request.build_absolute_uri(reverse("api_v1:oc4ids_package") + f"?{key}={scope.code}")
    return project_package(scope, list(projects), uri=uri)


@router.get(
    "/oc4ids",
    response={200: dict, **READ_ERRORS},
    url_name="oc4ids_package",
    summary="OC4IDS 项目包",
    description=(
        "范围内（含下级）调用者可见的全部项目，按开放基础设施数据标准 OC4IDS 0.9 的项目包（project package）输出："
        "编号、名称、产业链（sector）、地区代码（locations）、总投资（budget，人民币元）、"
        "状态与阶段里程碑（status、milestones）、投资方（parties）。映射见 docs/oc4ids.md。"
    ),
)
def oc4ids_package(request, query: Query[ScopeQuery]):
    return scope_package(request, scope_for(request, query.region, query.platform))
