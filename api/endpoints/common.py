"""What the endpoints share: places as the API names them, scopes and projects by access helper."""

from django.http import Http404
from django.utils.translation import gettext as _

from api.errors import ApiError
from platforms.models import Platform, Region
from projects.access import access_of, get_project_for_user, require_reader, scope_for_reader

# Ids beyond a 64-bit column cannot name a row; asking the database would overflow.
MAX_ID = 2**63 - 1


def place(node):
    if node is None:
        return None
    kind = "platform" if isinstance(node, Platform) else "region"
    return {"kind": kind, "code": node.code, "name": node.name}


def project_for(request, project_id, *, write=False):
    """The project if the caller may see it (else 404) and, for writes, change it (else 403)."""
    if not 0 < project_id <= MAX_ID:
        raise Http404(_("没有这个项目，或它不在您的管辖范围内。"))
    return get_project_for_user(request.user, project_id, write=write)


def scope_for(request, region=None, platform=None):
    """The region or platform named by code (404 outside the caller's scope); the caller's
    own scope when neither is given (the province for an admin)."""
    if region and platform:
        raise ApiError(400, "invalid_parameters", _("region 与 platform 只能给出一个。"))
    if region or platform:
        model, code = (Region, region) if region else (Platform, platform)
        if "\x00" in code:  # no code holds one, and PostgreSQL refuses to compare with it
            raise Http404(_("没有这个地区或平台，或它不在您的管辖范围内。"))
        return scope_for_reader(request.user, model, code)
    require_reader(request.user)
    scope = access_of(request.user).scope
    if scope is None:
        scope = Region.objects.filter(level=Region.Level.PROVINCE).order_by("path").first()
        if scope is None:
            raise Http404(_("尚未建立省级地区。"))
    return scope
