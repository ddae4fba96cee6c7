"""The reporting month's pages: submit (填报完成), review (审核), close (关账)."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_POST

from platforms.models import Platform, Region
from projects.access import access_of, require_reader, scope_for_reader, scope_visible_to
from projects.models import Membership, MonthSubmission, Unit
from projects.reporting import selectors, services

RECENT_MONTHS = 6
PENDING_LIMIT = 200


def get_unit_for_user(user, pk):
    """The unit, if it lies in the user's scope (else 404)."""
    require_reader(user)
    units = Unit.objects.select_related("scope_region", "scope_platform__region")
    unit = get_object_or_404(units, pk=pk)
    if not scope_visible_to(access_of(user), unit.scope):
        raise Http404
    return unit


def _scope(user, kind, code):
    """The region or platform, if it lies in the user's scope (else 404)."""
    model = {"region": Region, "platform": Platform}.get(kind)
    if model is None:
        raise Http404
    return scope_for_reader(user, model, code)


def _month(text):
    month = selectors.parse_month(text)
    if month is None:
        raise Http404
    return month


def _refused(request, error):
    for message in error.messages:
        messages.error(request, message)


@login_required
@require_GET
def index(request: HttpRequest) -> HttpResponse:
    require_reader(request.user)
    access = access_of(request.user)
    months = services.months_back(RECENT_MONTHS)
    membership = access.membership
    # A unit's own months are its staff's to submit; officials and reviewers do not report.
    unit = membership.unit if membership and membership.role == Membership.Role.STAFF else None
    context = {
        "unit": unit,
        "may_submit": unit is not None,
        "rows": selectors.month_board(unit.scope, months, units=[unit]) if unit else [],
        "pending": selectors.pending_reviews(request.user, PENDING_LIMIT),
        "may_review": access.is_admin
        or (membership is not None and membership.role == Membership.Role.REVIEWER),
        "close_scope": selectors.close_scope_of(request.user),
        "own_scope": access.scope,
        "own_kind": "platform" if isinstance(access.scope, Platform) else "region",
    }
    return render(request, "reporting/index.html", context)


@login_required
@require_POST
def submit(request: HttpRequest, pk: int) -> HttpResponse:
    unit = get_unit_for_user(request.user, pk)
    if not services.may_submit(request.user, unit):
        raise PermissionDenied(_("只有本单位的工作人员可以报送本单位的月报。"))
    month = selectors.parse_month(request.POST.get("month", ""))
    if month is None:
        messages.error(request, _("请选择要报送的月份。"))
        return redirect("reporting:index")
    try:
        services.month_submit(actor=request.user, unit=unit, month=month)
    except ValidationError as e:
        _refused(request, e)
    else:
        messages.success(
            request, _("%(month)s 月报已报送，等待上级审核。") % {"month": f"{month:%Y-%m}"}
        )
    return redirect("reporting:index")


@login_required
@require_GET
def unit_month(request: HttpRequest, pk: int, month: str) -> HttpResponse:
    unit = get_unit_for_user(request.user, pk)
    month = _month(month)
    submission = MonthSubmission.objects.filter(unit=unit, month=month).first()
    context = {
        "unit": unit,
        "month": month,
        "submission": submission,
        "changes": selectors.month_changes(unit, month),
        "may_review": services.may_review(request.user, unit),
    }
    return render(request, "reporting/unit_month.html", context)


def _review(request, pk, month, run, done):
    unit = get_unit_for_user(request.user, pk)
    month = _month(month)
    if not services.may_review(request.user, unit):
        raise PermissionDenied(_("您不能审核这个单位的月报。"))
    submission = get_object_or_404(MonthSubmission, unit=unit, month=month)
    try:
        version = int(request.POST.get("version", ""))
    except ValueError:
        version = None
    try:
        run(submission, version)
    except ValidationError as e:
        _refused(request, e)
    else:
        messages.success(request, done)
    return redirect("reporting:unit_month", pk=unit.pk, month=f"{month:%Y-%m}")


@login_required
@require_POST
def accept(request: HttpRequest, pk: int, month: str) -> HttpResponse:
    def run(submission, version):
        services.month_accept(actor=request.user, submission=submission, version=version)

    return _review(request, pk, month, run, _("月报已审核通过。"))


@login_required
@require_POST
def return_(request: HttpRequest, pk: int, month: str) -> HttpResponse:
    def run(submission, version):
        services.month_return(
            actor=request.user,
            submission=submission,
            reason=request.POST.get("reason", ""),
            version=version,
        )

    return _review(request, pk, month, run, _("月报已退回，单位可修改后重新报送。"))


@login_required
@require_GET
def closing(request: HttpRequest, kind: str, code: str) -> HttpResponse:
    scope = _scope(request.user, kind, code)
    months = services.months_back(RECENT_MONTHS)
    context = {
        "scope": scope,
        "kind": kind,
        "rows": selectors.month_board(scope, months),
        "may_close": services.may_close(request.user, scope),
    }
    return render(request, "reporting/closing.html", context)


def _closing_action(request, kind, code, month, run):
    scope = _scope(request.user, kind, code)
    month = _month(month)
    if not services.may_close(request.user, scope):
        raise PermissionDenied(_("只有关账层级的审核人或管理员可以关账或重新打开。"))
    try:
        note = run(scope, month)
    except ValidationError as e:
        _refused(request, e)
    else:
        messages.success(request, note)
    return redirect("reporting:closing", kind=kind, code=code)


@login_required
@require_POST
def close(request: HttpRequest, kind: str, code: str, month: str) -> HttpResponse:
    def run(scope, month):
        _closing, closed_now = services.period_close(
            actor=request.user,
            scope=scope,
            month=month,
            note=request.POST.get("note", ""),
            force=request.POST.get("force") == "1",
        )
        if closed_now:
            return _("%(month)s 已关账，汇总已按上报口径锁定。") % {"month": f"{month:%Y-%m}"}
        return _("%(month)s 早已关账，本次没有变化。") % {"month": f"{month:%Y-%m}"}

    return _closing_action(request, kind, code, month, run)


@login_required
@require_POST
def reopen(request: HttpRequest, kind: str, code: str, month: str) -> HttpResponse:
    def run(scope, month):
        reason = request.POST.get("reason", "")
        services.period_reopen(actor=request.user, scope=scope, month=month, reason=reason)
        return _("%(month)s 已重新打开。") % {"month": f"{month:%Y-%m}"}

    return _closing_action(request, kind, code, month, run)
