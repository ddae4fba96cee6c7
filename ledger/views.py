"""Ledger pages: upload → preview → confirm, the templates, and every .xlsx export.

Imports are for staff (officials get 403, as for any write); a job is seen
only by its uploader and admins (404 otherwise). Exports are reads: anyone
who may see the list, board or dashboard may download it, scoped the same way.
"""

import datetime
from urllib.parse import urlencode

from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import translation
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from audit.models import AuditEvent
from audit.services import audit_record
from dashboards.charts import all_charts, key_rows
from dashboards.quarterly import quarterly_report
from dashboards.reads import dashboard_for
from dashboards.views import dashboard_url, latest_with_data, period_with_data
from ledger import exports, job_runner, jobs
from ledger import workbooks as wb
from ledger.cells import LEDGER_LANGUAGE
from ledger.columns import SHEET_NAMES
from ledger.forms import QuarterForm, UploadForm
from platforms.models import Platform, Region
from projects import selectors
from projects.access import access_of, require_reader, require_writer, scope_for_reader
from projects.models import ImportJob
from projects.periods import quarter_of, with_data
from projects.records import selectors as record_selectors

ERRORS_PER_PAGE = 100
RECENT_JOBS = 20
SCOPE_MODELS = {"region": Region, "platform": Platform}


def get_job_for_user(user, pk):
    """The import job `pk` if it is the user's own (or the user is an admin), else 404."""
    require_writer(user)
    jobs_seen = ImportJob.objects.select_related("uploaded_by", "scope_region", "scope_platform")
    if not access_of(user).is_admin:
        jobs_seen = jobs_seen.filter(uploaded_by=user)
    job = jobs_seen.filter(pk=pk).first()
    if job is None:
        raise Http404(_("没有这个导入任务。"))
    return job


def _current(job):
    """The job, failed first if it has gone quiet past the timeout (no beat in the embedded mode)."""
    if job.is_running and job_runner.ledger_jobs_expire(jobs=ImportJob.objects.filter(pk=job.pk)):
        job.refresh_from_db()
    return job


@login_required
@require_http_methods(["GET", "POST"])
def ledger_index(request: HttpRequest) -> HttpResponse:
    require_writer(request.user)
    posted = request.method == "POST"
    form = UploadForm(request.POST, request.FILES) if posted else UploadForm()
    if posted and form.is_valid():
        job = jobs.ledger_job_create(
            actor=request.user, kind=form.cleaned_data["kind"], upload=form.cleaned_data["file"]
        )
        if job.status == ImportJob.Status.PENDING:  # not refused as a file already
            jobs.ledger_job_start(job, jobs.PREVIEW)
        return redirect(job)
    recent = (
        ImportJob.objects.filter(uploaded_by=request.user)
        .defer("row_errors", "preview")
        .order_by("-created_at", "-id")[:RECENT_JOBS]
    )
    context = {
        "form": form,
        "recent": recent,
        "kinds": ImportJob.Kind.choices,
        "max_rows": settings.LEDGER_MAX_ROWS,
        "async_rows": settings.LEDGER_ASYNC_ROWS,
    }
    return render(request, "ledger/index.html", context)


@login_required
@require_GET
def ledger_job(request: HttpRequest, pk: int) -> HttpResponse:
    job = _current(get_job_for_user(request.user, pk))
    page = Paginator(job.row_errors, ERRORS_PER_PAGE).get_page(request.GET.get("page"))
    context = {"job": job, "errors": page, "preview": job.preview or {}}
    return render(request, "ledger/job.html", context)


@login_required
@require_GET
def ledger_job_progress(request: HttpRequest, pk: int) -> HttpResponse:
    """The progress bar alone, polled by htmx while the job runs; a full reload once it ends."""
    job = _current(get_job_for_user(request.user, pk))
    response = render(request, "ledger/_progress.html", {"job": job})
    if not job.is_running:
        response["HX-Refresh"] = "true"
    return response


@login_required
@require_POST
def ledger_job_confirm(request: HttpRequest, pk: int) -> HttpResponse:
    job = get_job_for_user(request.user, pk)
    if not (job.created_count or job.updated_count):
        messages.error(request, _("没有可以写入的行。"))
    elif jobs.ledger_job_confirm(job, request.POST.get(jobs.RESTATEMENT_REASON, "")):
        audit_record(request=request, action=AuditEvent.Action.IMPORT_CONFIRM, obj=job)
        jobs.ledger_job_start(job, jobs.APPLY)
    else:
        messages.error(request, _("该导入任务当前不能确认（可能已在导入或已完成）。"))
    return redirect(job)


@login_required
@require_POST
def ledger_job_refresh(request: HttpRequest, pk: int) -> HttpResponse:
    job = get_job_for_user(request.user, pk)
    if jobs.ledger_job_refresh(job):
        jobs.ledger_job_start(job, jobs.PREVIEW)
    elif not job.file:
        messages.error(request, _("这个任务的文件已删除，请重新上传。"))
    return redirect(job)


@login_required
@require_POST
def ledger_job_cancel(request: HttpRequest, pk: int) -> HttpResponse:
    job = get_job_for_user(request.user, pk)
    if jobs.ledger_job_cancel(job):
        messages.success(request, _("已取消导入，没有写入任何数据。"))
    return redirect("ledger:index")


@login_required
@require_GET
def ledger_job_errors(request: HttpRequest, pk: int) -> HttpResponse:
    job = get_job_for_user(request.user, pk)
    return wb.response(exports.errors_workbook(job), f"被拒绝的行_{job.pk}.xlsx")


@login_required
@require_GET
def ledger_template(request: HttpRequest, kind: str) -> HttpResponse:
    require_writer(request.user)
    if kind not in ImportJob.Kind.values:
        raise Http404(_("没有这种台账模板。"))
    with translation.override(LEDGER_LANGUAGE):
        book = exports.template_workbook(kind)
    return wb.response(book, f"{SHEET_NAMES[kind]}_模板.xlsx")


# ---------------------------------------------------------------- exports


def _too_many(request, count, records=False):
    if records:
        text = _(
            "筛选结果共 %(count)s 条记录，超过单次导出上限 %(max)s 条。请缩小筛选范围后再导出。"
        )
    else:
        text = _(
            "筛选结果共 %(count)s 个项目，超过单次导出上限 %(max)s 个。请缩小筛选范围后再导出。"
        )
    message = text % {"count": f"{count:,}", "max": f"{settings.LEDGER_EXPORT_MAX_ROWS:,}"}
    return render(request, "ledger/export_refused.html", {"message": message}, status=400)


@login_required
@require_GET
def export_projects(request: HttpRequest) -> HttpResponse:
    require_reader(request.user)
    _filterset, queryset = selectors.filtered_projects(request)
    count = queryset.count()
    if count > settings.LEDGER_EXPORT_MAX_ROWS:
        return _too_many(request, count)
    with translation.override(LEDGER_LANGUAGE):
        book = exports.projects_workbook(queryset)
        return wb.response(book, wb.stamp("项目清单"))


@login_required
@require_GET
def export_board(request: HttpRequest) -> HttpResponse:
    require_reader(request.user)
    with translation.override(LEDGER_LANGUAGE):
        context = selectors.project_board(request)
        columns = context["columns"]
        count = sum(column.count for column in columns)
        if count > settings.LEDGER_EXPORT_MAX_ROWS:
            return _too_many(request, count)
        book = exports.board_workbook(columns, context["filter"].qs)
        return wb.response(book, wb.stamp("项目看板"))


@login_required
@require_GET
def export_relocated_units(request: HttpRequest) -> HttpResponse:
    require_reader(request.user)
    _filterset, queryset = record_selectors.filtered_units(request)
    count = queryset.count()
    if count > settings.LEDGER_EXPORT_MAX_ROWS:
        return _too_many(request, count, records=True)
    with translation.override(LEDGER_LANGUAGE):
        book = exports.relocated_units_workbook(queryset)
        return wb.response(book, wb.stamp("京津转入单位"))


@login_required
@require_GET
def export_merchant_relocations(request: HttpRequest) -> HttpResponse:
    require_reader(request.user)
    _filterset, queryset = record_selectors.filtered_merchants(request)
    count = queryset.count()
    if count > settings.LEDGER_EXPORT_MAX_ROWS:
        return _too_many(request, count, records=True)
    with translation.override(LEDGER_LANGUAGE):
        book = exports.merchant_relocations_workbook(queryset)
        return wb.response(book, wb.stamp("商户疏解"))


def _scope(request, kind, code):
    model = SCOPE_MODELS.get(kind)
    if model is None:
        raise Http404(_("没有这个地区或平台，或它不在您的管辖范围内。"))
    return scope_for_reader(request.user, model, code)


@login_required
@require_GET
def export_dashboard(request: HttpRequest, kind: str, code: str) -> HttpResponse:
    scope = _scope(request, kind, code)
    with translation.override(LEDGER_LANGUAGE):
        period = period_with_data(request, scope)[1].shown
        dashboard = dashboard_for(scope, period, request)
        charts = all_charts(dashboard, [dashboard_url(c) for c in dashboard.children])
        book = exports.dashboard_workbook(scope, period, dashboard, charts, key_rows(dashboard))
        return wb.response(book, wb.stamp(f"{scope.name}看板_{period.label().replace(' ', '')}"))


@login_required
@require_GET
def quarterly(request: HttpRequest, kind: str, code: str) -> HttpResponse:
    scope = _scope(request, kind, code)
    form = QuarterForm(request.GET or None)
    year, quarter = form.chosen()
    data = with_data(
        quarter_of(datetime.date(year, 3 * quarter, 1)),
        latest=latest_with_data(request, scope),
        chosen=form.is_bound,
        widen=quarter_of,
    )
    if data.fell_back:
        year, quarter = data.shown.first.year, data.shown.quarter
        form = QuarterForm(initial={"year": year, "quarter": quarter})
    if request.GET.get("format") == "xlsx":
        with translation.override(LEDGER_LANGUAGE):
            report = quarterly_report(scope, year, quarter)
            book = exports.quarterly_workbook(report)
            return wb.response(book, f"{report.title}.xlsx")
    report = quarterly_report(scope, year, quarter)
    query = f"year={year}&quarter={quarter}"
    context = {
        "report": report,
        "form": form,
        "scope": scope,
        "kind": kind,
        "xlsx_url": f"?{query}&format=xlsx",
        "data_period": data,
        "fallback_url": data.fallback
        and "?" + urlencode({"year": data.fallback.first.year, "quarter": data.fallback.quarter}),
        "dashboard_url": dashboard_url(scope),
    }
    return render(request, "ledger/quarterly.html", context)
