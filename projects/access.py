"""Who may see and change what: the one place the scope rules are written.

A user belongs to a unit (Membership) whose scope is a region or a platform
subtree. Staff change projects inside that scope, officials only read it,
superusers do everything, and a user without a membership sees nothing.
Pages learn what to show from `visible_projects` / `visible_events` and open
single objects through `get_project_for_user` / `get_event_for_user`: 404 for
what lies outside the scope, 403 for writes by read-only users.
"""

from dataclasses import dataclass

from django.core.exceptions import PermissionDenied
from django.db.models import Exists, OuterRef, Q
from django.http import Http404
from django.utils.translation import gettext as _

from platforms.models import Platform, Region
from projects.models import Event, Membership, Project

NO_MEMBERSHIP = object()


@dataclass(frozen=True)
class Access:
    """What one user may do: `scope` None means everything (an admin)."""

    membership: Membership | None
    is_admin: bool

    @property
    def scope(self):
        return None if self.is_admin else self.membership.unit.scope

    @property
    def can_read(self):
        return self.is_admin or self.membership is not None

    @property
    def can_write(self):
        return self.is_admin or (
            self.membership is not None and self.membership.role == Membership.Role.STAFF
        )


def access_of(user):
    """The user's Access, read once per user object (one query)."""
    cached = getattr(user, "_registry_access", None)
    if cached is not None:
        return cached
    membership = None
    if user.is_authenticated and not user.is_superuser:
        membership = (
            Membership.objects.select_related("unit__scope_region", "unit__scope_platform__region")
            .filter(user=user)
            .first()
        )
    access = Access(membership=membership, is_admin=user.is_authenticated and user.is_superuser)
    user._registry_access = access
    return access


def can_read(user):
    return access_of(user).can_read


def can_write(user):
    return access_of(user).can_write


def require_reader(user):
    """Refuse, with an explanation, an authenticated user who belongs to no unit."""
    if not can_read(user):
        raise PermissionDenied(
            _("您的账号尚未分配所属单位和管辖范围，暂时不能查看项目。请联系管理员分配。")
        )


def require_writer(user):
    require_reader(user)
    if not can_write(user):
        raise PermissionDenied(_("您的角色为只读，不能修改项目。"))


def visible_projects(user):
    """Every project the user may see: the scope filter, written once."""
    access = access_of(user)
    if not access.can_read:
        return Project.objects.none()
    return Project.objects.in_scope(access.scope)


def filter_in_scope(queryset, scope, region="region", platform="platform"):
    """Rows placed in `scope` and under it, by their `region` / `platform` lookups (None: all)."""
    if scope is None:
        return queryset
    if isinstance(scope, Platform):
        return queryset.filter(**{f"{platform}__path__startswith": scope.path})
    return queryset.filter(**{f"{region}__path__startswith": scope.path})


def visible_to(user, queryset, region="region", platform="platform"):
    """Any placed records the user may see, with the same rule as projects."""
    access = access_of(user)
    if not access.can_read:
        return queryset.none()
    return filter_in_scope(queryset, access.scope, region, platform)


def get_project_for_user(user, pk, *, write=False):
    """The project `pk` if the user may see it (else 404) and, for writes, change it (else 403)."""
    if write:
        require_writer(user)
    else:
        require_reader(user)
    project = (
        visible_projects(user)
        .select_related("investor", "region", "platform__region", "created_by", "source_district")
        .filter(pk=pk)
        .first()
    )
    if project is None:
        raise Http404(_("没有这个项目，或它不在您的管辖范围内。"))
    return project


def place_contains(outer, inner):
    """Whether every project placed in `inner` lies in `outer` (a region holds its platforms'
    projects, which sit in the platform's region; a platform holds no region's)."""
    if isinstance(outer, Platform):
        return isinstance(inner, Platform) and inner.is_within(outer)
    place = inner.region if isinstance(inner, Platform) else inner
    return place.is_within(outer)


def scope_visible_to(access, scope):
    """Whether a reader's scope contains `scope` (a region's platforms lie in the region)."""
    return access.is_admin or place_contains(access.scope, scope)


def scope_for_reader(user, model, code):
    """The region or platform `code` if the user may read its pages, else 404."""
    require_reader(user)
    places = model.objects.all()
    if model is Region:
        places = places.exclude(level=Region.Level.ORIGIN)
    else:
        places = places.select_related("region")
    scope = places.filter(code=code).first()
    if scope is None or not scope_visible_to(access_of(user), scope):
        raise Http404(_("没有这个地区或平台，或它不在您的管辖范围内。"))
    return scope


def _ancestor_paths(node):
    """The materialised paths of a node and of every node above it."""
    codes = [c for c in node.path.split("/") if c]
    return ["/" + "/".join(codes[: i + 1]) + "/" for i in range(len(codes))]


def _event_scope_q(scope):
    """Events held inside the scope, or by a place that contains it (a city's or the province's)."""
    if isinstance(scope, Platform):
        return (
            Q(platform__path__startswith=scope.path)
            | Q(platform__path__in=_ancestor_paths(scope))
            | Q(platform__isnull=True, region__path__in=_ancestor_paths(scope.region))
        )
    assert isinstance(scope, Region)
    return Q(region__path__startswith=scope.path) | Q(region__path__in=_ancestor_paths(scope))


def visible_events(user):
    """Events held in or above the user's scope, or with one of the user's projects."""
    access = access_of(user)
    if not access.can_read:
        return Event.objects.none()
    if access.scope is None:
        return Event.objects.all()
    has_own_project = Exists(visible_projects(user).filter(events=OuterRef("pk")))
    return Event.objects.filter(_event_scope_q(access.scope) | has_own_project)


def get_event_for_user(user, pk):
    """The event `pk` if the user may see it, else 404 (events change only through projects)."""
    require_reader(user)
    event = visible_events(user).select_related("region", "platform").filter(pk=pk).first()
    if event is None:
        raise Http404(_("没有这个活动，或它不在您的管辖范围内。"))
    return event


def place_choices(user):
    """(regions, platforms) a user may put a project in: the scope, seen from both trees."""
    scope = access_of(user).scope
    regions = Region.objects.exclude(level=Region.Level.ORIGIN)
    platforms = Platform.objects.select_related("region")
    if isinstance(scope, Platform):
        return regions.subtree(scope.region), platforms.subtree(scope)
    if isinstance(scope, Region):
        return regions.subtree(scope), platforms.filter(region__path__startswith=scope.path)
    return regions, platforms


def default_place(user):
    """(region, platform) a new project of this user most likely sits in: the scope itself."""
    scope = access_of(user).scope
    if isinstance(scope, Platform):
        return scope.region, scope
    return scope, None


def platform_required(user):
    """A platform-scoped user's projects must sit on a platform, or they would leave the scope."""
    return isinstance(access_of(user).scope, Platform)
