"""The staff pages: short views that open with one access helper and write through services."""

from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.db import transaction
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.cache import patch_vary_headers
from django.utils.functional import SimpleLazyObject
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from projects import selectors, services
from projects.access import (
    access_of,
    get_event_for_user,
    get_project_for_user,
    require_reader,
    require_writer,
)
from projects.filters import PRIMARY_FILTERS, filter_bar_key
from projects.forms import (
    AdvanceForm,
    AttachForm,
    CorrectForm,
    DetachForm,
    PlanForm,
    ProjectCreateForm,
    ProjectEditForm,
    ReportForm,
    TerminateForm,
    conflict_message,
)
from projects.models import BuildType
from projects.records import documents, leaders, schedule
from projects.records.forms import (
    DocumentForm,
    DocumentRemoveForm,
    LeaderAssignForm,
    LeaderRemoveForm,
    MilestoneForm,
    MilestoneRemoveForm,
    ScheduleForm,
)
from projects.reporting.restatements import restating
from projects.services import ConcurrentEditError
from projects.web import restating_record, run_action, wants_partial

EVENTS_PER_PAGE = 50


def _filtered_page(request, template, partial_template, context):
    context["primary_filters"] = PRIMARY_FILTERS
    context["filter_cache"] = {
        "key": SimpleLazyObject(lambda: filter_bar_key(request)),
        "seconds": settings.FRAGMENT_CACHE_SECONDS,
    }
    context["more_filters_set"] = any(
        value for key, value in request.GET.items() if key not in PRIMARY_FILTERS and key != "page"
    )
    response = render(request, partial_template if wants_partial(request) else template, context)
    patch_vary_headers(response, ["HX-Request"])
    return response


@login_required
@require_GET
def project_list(request: HttpRequest) -> HttpResponse:
    require_reader(request.user)
    context = selectors.project_list(request)
    return _filtered_page(request, "projects/list.html", "projects/_list_results.html", context)


@login_required
@require_GET
def project_board(request: HttpRequest) -> HttpResponse:
    require_reader(request.user)
    context = selectors.project_board(request)
    return _filtered_page(request, "projects/board.html", "projects/_board_columns.html", context)


@login_required
@require_GET
def project_detail(request: HttpRequest, pk: int) -> HttpResponse:
    project = get_project_for_user(request.user, pk)
    return _detail_page(request, project)


def _action_forms(user, project, bound=None, plan=None):
    """The detail page's action forms, unbound except the one just submitted."""
    version = {"version": project.version}
    forms = {
        "advance": AdvanceForm(project=project, initial=version),
        "correct": CorrectForm(project=project, initial=version),
        "terminate": TerminateForm(project=project, initial=version),
        "report": ReportForm(project=project),
        "plan": PlanForm(project=project),
        "attach": AttachForm(project=project, events=selectors.attachable_events(user, project)),
    }
    forms |= schedule_forms(project, plan)
    if bound is not None:
        forms[bound.prefix] = bound
    return forms


def _detail_page(request, project, bound=None, conflict=None):
    context = selectors.project_detail(project)
    context["can_write"] = access_of(request.user).can_write
    if context["can_write"]:
        context["forms"] = _action_forms(request.user, project, bound, context["plan"])
    context["open_action"] = bound.prefix if bound is not None else None
    context["conflict"] = conflict
    return render(request, "projects/detail.html", context)


# ---------------------------------------------------------------- create and edit


def _investor(user, name, origin):
    """The enterprise called `name`, created with `origin` if new (inside the caller's transaction)."""
    return services.enterprise_get_or_create(actor=user, name=name, origin=origin)


def _create(user, form):
    data = form.cleaned_data
    with transaction.atomic():
        return services.project_create(
            actor=user,
            investor=_investor(user, data["investor_name"], data["origin"]),
            stage=data["stage"],
            entered_on=data["entered_on"],
            note=data["note"],
            chains=data["chains"],
            creation_key=data["creation_key"],
            **form.project_fields(),
        )


@login_required
@require_http_methods(["GET", "POST"])
def project_create(request: HttpRequest) -> HttpResponse:
    require_writer(request.user)
    data = request.POST if request.method == "POST" else None
    form = ProjectCreateForm(data, user=request.user)
    if data is not None and form.is_valid():
        try:
            reason = form.restatement_reason()
            subject = form.cleaned_data["name"]
            with restating(actor=request.user, reason=reason, subject=subject) as restated:
                project = _create(request.user, form)
                restated.point_at(project)
        except ValidationError as e:
            form.add_service_errors(e)
        else:
            messages.success(request, _("项目“%(name)s”已录入。") % {"name": project.name})
            return redirect(project)
    return render(request, "projects/form.html", {"form": form})


def _stored(value):
    return getattr(value, "pk", value)


def _update(user, project, form):
    """Save the fields the user changed from where they started; False when none."""
    data = form.cleaned_data
    started = selectors.edit_baseline(project, data["started_from"])
    changes = {k: v for k, v in form.project_fields().items() if _stored(v) != started[k]}
    chains = set(data["chains"])
    chains_changed = chains != set(project.chains.all())
    with transaction.atomic():
        investor = _investor(user, data["investor_name"], data["origin"])
        if investor.pk != started["investor"]:
            changes["investor"] = investor
        if not changes and not chains_changed:
            return False
        services.project_update(
            actor=user,
            project=project,
            version=data["version"],
            chains=chains if chains_changed else None,
            **changes,
        )
    return True


@login_required
@require_http_methods(["GET", "POST"])
def project_edit(request: HttpRequest, pk: int) -> HttpResponse:
    project = get_project_for_user(request.user, pk, write=True)
    if request.method != "POST":
        form = ProjectEditForm(initial=ProjectEditForm.initial_for(project), user=request.user)
        return render(request, "projects/form.html", {"form": form, "project": project})
    form = ProjectEditForm(request.POST, user=request.user)
    conflict = None
    if form.is_valid():
        try:
            with restating_record(request, project, form):
                changed = _update(request.user, project, form)
        except ConcurrentEditError as e:
            conflict = _conflict(form, e)
        except ValidationError as e:
            form.add_service_errors(e)
        else:
            note = _("修改已保存。") if changed else _("没有需要保存的修改。")
            messages.success(request, note)
            return redirect(project)
    context = {"form": form, "project": project, "conflict": conflict}
    return render(request, "projects/form.html", context)


def _conflict(form, error):
    """Keep the user's input, point it at the saved version, and say what changed meanwhile."""
    form.rebase(error.current.version)
    form.add_error(None, conflict_message())
    return selectors.conflict_changes(error.changes)


# ---------------------------------------------------------------- actions on the detail page


def _act(request, pk, form_class, run, done, **form_kwargs):
    """Validate an action form, run its service, and show the outcome on the detail page."""
    project = get_project_for_user(request.user, pk, write=True)
    form = form_class(request.POST, project=project, **form_kwargs)
    try:
        return run_action(request, project, form, run, done, _detail_page)
    except ConcurrentEditError as e:
        project = get_project_for_user(request.user, pk, write=True)
        return _detail_page(request, project, bound=form, conflict=_conflict(form, e))


@login_required
@require_POST
def project_advance(request: HttpRequest, pk: int) -> HttpResponse:
    def run(project, data):
        services.project_advance_stage(
            actor=request.user,
            project=project,
            on=data["on"],
            note=data["note"],
            version=data["version"],
            build_type=data.get("build_type") or BuildType.NEW,
        )

    return _act(request, pk, AdvanceForm, run, _("项目已推进到下一阶段。"))


@login_required
@require_POST
def project_correct(request: HttpRequest, pk: int) -> HttpResponse:
    def run(project, data):
        services.project_correct_stage(
            actor=request.user,
            project=project,
            stage=data["stage"],
            on=data["on"],
            reason=data["reason"],
            version=data["version"],
        )

    return _act(request, pk, CorrectForm, run, _("阶段已更正。"))


@login_required
@require_POST
def project_terminate(request: HttpRequest, pk: int) -> HttpResponse:
    def run(project, data):
        services.project_terminate(
            actor=request.user,
            project=project,
            on=data["on"],
            reason=data["reason"],
            version=data["version"],
        )

    return _act(request, pk, TerminateForm, run, _("项目已终止。"))


@login_required
@require_POST
def project_report(request: HttpRequest, pk: int) -> HttpResponse:
    def run(project, data):
        services.investment_report(
            actor=request.user,
            project=project,
            month=data["month"],
            completed_investment=data["amount"],
        )

    return _act(request, pk, ReportForm, run, _("完成投资已填报。"))


@login_required
@require_POST
def project_plan(request: HttpRequest, pk: int) -> HttpResponse:
    def run(project, data):
        services.annual_plan_set(
            actor=request.user,
            project=project,
            year=data["year"],
            planned_investment=data["amount"],
        )

    return _act(request, pk, PlanForm, run, _("年度计划投资已保存。"))


@login_required
@require_POST
def project_attach(request: HttpRequest, pk: int) -> HttpResponse:
    def run(project, data):
        services.event_attach(actor=request.user, event=data["event"], project=project)

    events = selectors.attachable_events(request.user, pk)
    return _act(request, pk, AttachForm, run, _("已加入活动。"), events=events)


@login_required
@require_POST
def project_detach(request: HttpRequest, pk: int) -> HttpResponse:
    def run(project, data):
        services.event_detach(actor=request.user, event=data["event"], project=project)

    return _act(request, pk, DetachForm, run, _("已移出活动。"))


def schedule_forms(project, plan):
    """The records panels' forms: planned dates (as saved in `plan`), a milestone, a leader."""
    return {
        "schedule": ScheduleForm(project=project, plan=plan),
        "milestone": MilestoneForm(project=project),
        "leader": LeaderAssignForm(project=project),
        "document": DocumentForm(project=project),
    }


@login_required
@require_POST
def project_schedule(request: HttpRequest, pk: int) -> HttpResponse:
    def run(project, data):
        schedule.project_plan_set(actor=request.user, project=project, **data)

    return _act(request, pk, ScheduleForm, run, _("计划节点已保存。"))


@login_required
@require_POST
def project_milestone(request: HttpRequest, pk: int) -> HttpResponse:
    def run(project, data):
        schedule.milestone_record(actor=request.user, project=project, **data)

    return _act(request, pk, MilestoneForm, run, _("节点已记录。"))


@login_required
@require_POST
def project_milestone_remove(request: HttpRequest, pk: int) -> HttpResponse:
    def run(project, data):
        schedule.milestone_delete(actor=request.user, milestone=data["milestone"])

    return _act(request, pk, MilestoneRemoveForm, run, _("节点已撤销。"))


@login_required
@require_POST
def project_leader_assign(request: HttpRequest, pk: int) -> HttpResponse:
    def run(project, data):
        leaders.project_leader_assign(actor=request.user, project=project, **data)

    return _act(request, pk, LeaderAssignForm, run, _("包联领导已添加。"))


@login_required
@require_POST
def project_leader_remove(request: HttpRequest, pk: int) -> HttpResponse:
    def run(project, data):
        leaders.project_leader_remove(actor=request.user, leadership=data["leadership"])

    return _act(request, pk, LeaderRemoveForm, run, _("包联领导已移除。"))


@login_required
@require_POST
def project_document_upload(request: HttpRequest, pk: int) -> HttpResponse:
    project = get_project_for_user(request.user, pk, write=True)
    form = DocumentForm(request.POST, request.FILES, project=project)

    def run(project, data):
        documents.document_attach(actor=request.user, project=project, **data)

    return run_action(request, project, form, run, _("文件已上传。"), _detail_page)


@login_required
@require_POST
def project_document_delete(request: HttpRequest, pk: int) -> HttpResponse:
    def run(project, data):
        documents.document_delete(actor=request.user, document=data["document"])

    return _act(request, pk, DocumentRemoveForm, run, _("文件已删除。"))


# ---------------------------------------------------------------- events and helpers


@login_required
@require_GET
def event_list(request: HttpRequest) -> HttpResponse:
    require_reader(request.user)
    paginator = Paginator(selectors.event_list(request.user), EVENTS_PER_PAGE)
    page = paginator.get_page(request.GET.get("page"))
    return render(request, "projects/events.html", {"page": page})


@login_required
@require_GET
def event_detail(request: HttpRequest, pk: int) -> HttpResponse:
    event = get_event_for_user(request.user, pk)
    context = selectors.event_detail(request.user, event, request.GET.get("page"))
    return render(request, "projects/event.html", context)


@login_required
@require_GET
def enterprise_options(request: HttpRequest) -> HttpResponse:
    """<option>s for the investor box (htmx): enterprises the user may see whose name matches."""
    require_writer(request.user)
    names = selectors.enterprise_names(request.user, request.GET.get("investor_name", ""))
    return render(request, "projects/_enterprise_options.html", {"names": names})
