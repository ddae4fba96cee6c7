"""Writes of the reporting month, each audited by simple-history and run in a transaction.

A unit's staff submit its month (month_submit); a reviewer of the level above accepts it
or returns it with a reason (month_accept, month_return); the closing level closes the
month for a scope (period_close), which freezes the totals of that scope and every scope
under it; reopening (period_reopen) needs a reason and keeps the record.
"""

from django.conf import settings
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from platforms.models import Platform, Region
from projects.access import access_of, place_contains
from projects.models import ClosedMonth, Membership, MonthSubmission, StaleMark, Unit
from projects.periods import add_months
from projects.reporting import snapshot
from projects.totals.reads import month_of, scope_key

Status = MonthSubmission.Status


def _check_version(record, version):
    if version is not None and record.version != version:
        raise ValidationError(
            _(
                "该月报在您查看期间已被他人修改（当前版本 %(now)s，您的页面为 %(yours)s），请刷新页面后重试。"
            )
            % {"now": record.version, "yours": version},
            code="stale",
        )


def _reportable(month):
    month = month_of(month)
    if month > month_of(timezone.localdate()):
        raise ValidationError({"month": _("不能报送未来的月份。")})
    return month


def may_submit(user, unit):
    access = access_of(user)
    if access.is_admin:
        return True
    membership = access.membership
    return (
        membership is not None
        and membership.role == Membership.Role.STAFF
        and membership.unit_id == unit.pk
    )


def may_review(user, unit):
    """Admins, and reviewers whose scope holds the unit's scope and lies above it."""
    access = access_of(user)
    if access.is_admin:
        return True
    membership = access.membership
    if membership is None or membership.role != Membership.Role.REVIEWER:
        return False
    own = membership.unit.scope
    return own != unit.scope and place_contains(own, unit.scope)


def may_close(user, scope):
    """Admins, and reviewers at the closing level (PERIOD_CLOSE_LEVEL) whose scope holds it."""
    access = access_of(user)
    if access.is_admin:
        return True
    membership = access.membership
    if membership is None or membership.role != Membership.Role.REVIEWER:
        return False
    own = membership.unit.scope
    return (
        isinstance(own, Region)
        and own.level == settings.PERIOD_CLOSE_LEVEL
        and place_contains(own, scope)
    )


def month_submit(*, actor, unit, month):
    """Declare the unit's month complete (填报完成); a returned month may be submitted again."""
    if not may_submit(actor, unit):
        raise PermissionDenied(_("只有本单位的工作人员可以报送本单位的月报。"))
    month = _reportable(month)
    with transaction.atomic():
        if _closing_in_force(unit.scope, month):
            raise ValidationError(_("该月已关账，不能再报送。"))
        submission = (
            MonthSubmission.objects.select_for_update().filter(unit=unit, month=month).first()
        )
        if submission is not None and submission.status != Status.RETURNED:
            raise ValidationError(
                _("本月已报送（%(status)s），无需重复报送。")
                % {"status": submission.get_status_display()}
            )
        now = timezone.now()
        if submission is None:
            submission = MonthSubmission(unit=unit, month=month)
        else:
            submission.version += 1
        submission.status = Status.SUBMITTED
        submission.submitted_by, submission.submitted_at = actor, now
        submission.reviewed_by = submission.reviewed_at = None
        submission.full_clean(validate_unique=False)
        submission._history_user = actor
        submission.save()
    return submission


def _review(actor, submission, version, status, reason=""):
    if not may_review(actor, submission.unit):
        raise PermissionDenied(_("您不能审核这个单位的月报。"))
    with transaction.atomic():
        submission = MonthSubmission.objects.select_for_update().get(pk=submission.pk)
        _check_version(submission, version)
        if submission.status != Status.SUBMITTED:
            raise ValidationError(
                _("这份月报现在是“%(status)s”，不能再审核。")
                % {"status": submission.get_status_display()}
            )
        submission.status = status
        submission.return_reason = reason
        submission.reviewed_by, submission.reviewed_at = actor, timezone.now()
        submission.version += 1
        submission._history_user = actor
        submission.save()
    return submission


def month_accept(*, actor, submission, version=None):
    return _review(actor, submission, version, Status.ACCEPTED)


def month_return(*, actor, submission, reason, version=None):
    reason = (reason or "").strip()
    if not reason:
        raise ValidationError({"reason": _("退回时请写明原因。")})
    return _review(actor, submission, version, Status.RETURNED, reason[:500])


def units_under(scope):
    """The units whose scope lies in `scope` (its own unit included)."""
    units = Unit.objects.select_related("scope_region", "scope_platform__region")
    return [u for u in units if place_contains(scope, u.scope)]


def units_not_accepted(scope, month):
    accepted = set(
        MonthSubmission.objects.filter(month=month_of(month), status=Status.ACCEPTED).values_list(
            "unit_id", flat=True
        )
    )
    return [u for u in units_under(scope) if u.pk not in accepted]


def _closing_in_force(scope, month):
    """The closing in force for `scope`'s month, its own or one of a scope above it."""
    kinds = [(scope_key(scope))]
    node = scope
    if isinstance(scope, Platform):
        kinds += [scope_key(p) for p in Platform.objects.ancestors_of(scope)]
        node = scope.region
    kinds += [scope_key(r) for r in Region.objects.ancestors_of(node)]
    for kind, pk in kinds:
        closing = ClosedMonth.objects.filter(
            scope_kind=kind, scope_id=pk, month=month_of(month), reopened_at__isnull=True
        ).first()
        if closing is not None:
            return closing
    return None


def period_close(*, actor, scope, month, note="", force=False):
    """Close `scope`'s month and freeze its totals; returns (closing, closed_now).

    Closing a closed month is a no-op that says so (closed_now False). Refused while stale
    marks wait under the scope, and, unless `force`, while a unit under it has no accepted
    submission for the month.
    """
    if actor is not None and not may_close(actor, scope):
        raise PermissionDenied(_("只有关账层级的审核人或管理员可以关账。"))
    month = _reportable(month)
    kind, pk = scope_key(scope)
    with transaction.atomic():
        snapshot.lock()
        closing = (
            ClosedMonth.objects.select_for_update()
            .filter(scope_kind=kind, scope_id=pk, month=month)
            .first()
        )
        if closing is not None and closing.reopened_at is None:
            return closing, False
        scopes = snapshot.scopes_under(scope)
        waiting = StaleMark.objects.filter(snapshot.scopes_q(scopes)).count()
        if waiting:
            raise ValidationError(
                _("本范围还有 %(n)s 项汇总待重算，请先重算再关账。") % {"n": waiting},
                code="stale",
            )
        missing = units_not_accepted(scope, month)
        if missing and not force:
            raise ValidationError(
                _("以下单位的 %(month)s 月报尚未审核通过：%(units)s。")
                % {"month": f"{month:%Y-%m}", "units": "、".join(u.name for u in missing)},
                code="not_accepted",
            )
        if closing is None:
            closing = ClosedMonth(scope_kind=kind, scope_id=pk, month=month)
        else:
            snapshot.forget(closing)
        closing.closed_by = actor if getattr(actor, "pk", None) else None
        closing.closed_at, closing.note = timezone.now(), note[:500]
        closing.reopened_at, closing.reopen_reason = None, ""
        closing._history_user = closing.closed_by
        closing.save()
        snapshot.freeze(closing, scopes)
    return closing, True


def period_reopen(*, actor, scope, month, reason):
    """Reopen a closed month (province level only, with a reason); its snapshot is kept
    until the month is closed again, but is no longer read as reported."""
    if actor is not None and not may_close(actor, scope):
        raise PermissionDenied(_("只有关账层级的审核人或管理员可以重新打开已关账的月份。"))
    reason = (reason or "").strip()
    if not reason:
        raise ValidationError({"reason": _("重新打开已关账的月份须写明原因。")})
    kind, pk = scope_key(scope)
    with transaction.atomic():
        closing = (
            ClosedMonth.objects.select_for_update()
            .filter(scope_kind=kind, scope_id=pk, month=month_of(month))
            .first()
        )
        if closing is None or closing.reopened_at is not None:
            raise ValidationError(_("该月尚未关账，无需重新打开。"))
        closing.reopened_at, closing.reopen_reason = timezone.now(), reason[:500]
        closing._history_user = actor if getattr(actor, "pk", None) else None
        closing.save()
    return closing


def months_back(n, today=None):
    """The last `n` months, newest first (this month included)."""
    this = month_of(today or timezone.localdate())
    return [add_months(this, -i) for i in range(n)]
