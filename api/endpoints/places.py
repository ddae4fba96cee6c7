"""The region and platform trees, as far as the caller's scope reaches."""

from ninja import Router

from api.schemas import READ_ERRORS, Platform, Region
from projects.access import place_choices, require_reader

router = Router(tags=["地区与平台"])


@router.get(
    "/regions",
    response={200: list[Region], **READ_ERRORS},
    summary="地区树",
    description="调用者管辖范围内的地区（省→市→县），按树的先序排列；用 parent 代码连成树。",
)
def regions(request):
    require_reader(request.user)
    rows = place_choices(request.user)[0].select_related("parent").order_by("path")
    return [
        {
            "code": r.code,
            "name": r.name,
            "level": r.level,
            "parent": r.parent.code if r.parent_id else None,
            "depth": r.depth,
        }
        for r in rows
    ]


@router.get(
    "/platforms",
    response={200: list[Platform], **READ_ERRORS},
    summary="承接平台树",
    description="调用者管辖范围内的承接平台，按树的先序排列；平台可嵌套在另一平台内（parent）。",
)
def platforms(request):
    require_reader(request.user)
    rows = place_choices(request.user)[1].select_related("parent").order_by("path")
    return [
        {
            "code": p.code,
            "name": p.name,
            "tier": p.tier,
            "region": p.region.code,
            "parent": p.parent.code if p.parent_id else None,
            "depth": p.depth,
        }
        for p in rows
    ]
