"""The auditor's pages: search the security audit log and export what was found."""

from django.contrib.auth.decorators import login_required, permission_required
from django.core.paginator import Paginator
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET

from audit import exports
from audit.forms import AuditSearchForm
from audit.models import AuditEvent
from audit.services import audit_record

PAGE_SIZE = 50
EXPORTS = {"csv": exports.csv_response, "xlsx": exports.xlsx_response}
VIEW_PERMISSION = "audit.view_auditevent"


@login_required
@permission_required(VIEW_PERMISSION, raise_exception=True)
@require_GET
def audit_events(request: HttpRequest) -> HttpResponse:
    form = AuditSearchForm(request.GET or None)
    events = AuditEvent.objects.search(**form.criteria())
    page = Paginator(events, PAGE_SIZE).get_page(request.GET.get("page"))
    query = request.GET.copy()
    query.pop("page", None)
    return render(
        request,
        "audit/events.html",
        {"form": form, "page": page, "query": query.urlencode()},
    )


@login_required
@permission_required(VIEW_PERMISSION, raise_exception=True)
@require_GET
def audit_export(request: HttpRequest, fmt: str) -> HttpResponse:
    if fmt not in EXPORTS:
        raise Http404(_("没有这种导出格式。"))
    form = AuditSearchForm(request.GET or None)
    criteria = form.criteria()
    audit_record(
        request=request,
        action=AuditEvent.Action.AUDIT_EXPORT,
        detail={k: str(v) for k, v in criteria.items()} | {"format": fmt},
    )
    name = f"审计日志_{timezone.localtime():%Y%m%d_%H%M}.{fmt}"
    return EXPORTS[fmt](AuditEvent.objects.search(**criteria), name)
