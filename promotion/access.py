"""Who may see and change promotion records: the projects' scope rules, via projects.access.

A record placed in a region or platform (a lead, activity, target entry) is
visible to the users whose scope contains its place; a problem is visible with
its project. Staff change what they see, officials only read, superusers do
everything: 404 for what lies outside the scope, 403 for read-only writes.
"""

from django.core.exceptions import PermissionDenied
from django.db.models import Q
from django.http import Http404
from django.utils.translation import gettext as _

from platforms.models import Platform
from projects.access import access_of, require_reader, require_writer, visible_to
from projects.models import Unit
from promotion.models import Activity, Ambassador, Lead, Meeting, Problem, TargetEnterprise


def visible_leads(user):
    return visible_to(user, Lead.objects.all())


def visible_activities(user):
    return visible_to(user, Activity.objects.all())


def visible_targets(user):
    return visible_to(user, TargetEnterprise.objects.all())


def visible_ambassadors(user):
    return visible_to(user, Ambassador.objects.all())


def visible_problems(user):
    return visible_to(user, Problem.objects.all(), "project__region", "project__platform")


def units_within(scope):
    """Q for units whose own scope lies in `scope` (a region's platforms lie in the region)."""
    if scope is None:
        return Q()
    if isinstance(scope, Platform):
        return Q(scope_platform__path__startswith=scope.path)
    return Q(scope_region__path__startswith=scope.path) | Q(
        scope_platform__region__path__startswith=scope.path
    )


def visible_units(user):
    access = access_of(user)
    if not access.can_read:
        return Unit.objects.none()
    return Unit.objects.filter(units_within(access.scope))


def own_unit(user):
    """The user's unit (None for an admin or a user without one)."""
    membership = access_of(user).membership
    return membership.unit if membership else None


def _get(queryset, user, pk, write, message):
    if write:
        require_writer(user)
    else:
        require_reader(user)
    record = queryset.filter(pk=pk).first()
    if record is None:
        raise Http404(message)
    return record


def get_lead_for_user(user, pk, *, write=False):
    leads = visible_leads(user).select_related(
        "enterprise",
        "unit",
        "owner",
        "region",
        "platform__region",
        "chain",
        "project",
        "ambassador",
        "activity",
        "target__enterprise",
        "target__chain",
    )
    return _get(leads, user, pk, write, _("没有这条线索，或它不在您的管辖范围内。"))


def get_activity_for_user(user, pk, *, write=False):
    activities = visible_activities(user).select_related(
        "unit", "region", "platform__region", "event"
    )
    return _get(activities, user, pk, write, _("没有这项招商活动，或它不在您的管辖范围内。"))


def get_meeting_for_user(user, activity, pk):
    meeting = Meeting.objects.filter(activity=activity, pk=pk).first()
    if meeting is None:
        raise Http404(_("该活动没有这条对接记录。"))
    return meeting


def get_target_for_user(user, pk, *, write=False):
    targets = visible_targets(user).select_related(
        "enterprise", "chain", "region", "platform__region", "unit"
    )
    return _get(targets, user, pk, write, _("没有这条目标企业记录，或它不在您的管辖范围内。"))


def get_problem_for_user(user, pk, *, write=False):
    problems = visible_problems(user).select_related(
        "project__region", "project__platform", "unit", "owner", "closed_by", "activity"
    )
    return _get(problems, user, pk, write, _("没有这个问题，或它不在您的管辖范围内。"))


def get_unit_for_user(user, pk, *, write=False):
    """A unit the user may see (its scope inside the user's); only its own staff change it."""
    unit = _get(
        visible_units(user).select_related("scope_region", "scope_platform"),
        user,
        pk,
        False,
        _("没有这个单位，或它不在您的管辖范围内。"),
    )
    if write:
        require_writer(user)
        access = access_of(user)
        if not access.is_admin and access.membership.unit_id != unit.pk:
            raise PermissionDenied(_("只能修改本单位的期限设置。"))
    return unit
