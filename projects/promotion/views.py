"""The promotion pages: short views that open with one access helper and write through services."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.db import transaction
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.cache import patch_vary_headers
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from projects import services as project_services
from projects.access import access_of, require_reader, require_writer, visible_projects
from projects.promotion import selectors, services
from projects.promotion.access import (
    get_activity_for_user,
    get_lead_for_user,
    get_meeting_for_user,
    get_problem_for_user,
    get_target_for_user,
    get_unit_for_user,
)
from projects.promotion.deadlines import FIELDS as DEADLINE_FIELDS
from projects.promotion.deadlines import Deadlines
from projects.promotion.filters import PRIMARY
from projects.promotion.forms import (
    ActivityEditForm,
    ActivityForm,
    CloseForm,
    DeadlinesForm,
    DropForm,
    FollowUpForm,
    LeadConvertForm,
    LeadEditForm,
    LeadForm,
    MeetingForm,
    ProblemEditForm,
    ProblemForm,
    ReopenForm,
    TargetEditForm,
    TargetForm,
)
from projects.promotion.models import UnitProfile


def _enterprise(user, form):
    data = form.cleaned_data
    return project_services.enterprise_get_or_create(
        actor=user, name=data["investor_name"], origin=data["origin"]
    )


def _list_page(request, template, context, kind):
    """A filtered list; htmx filter changes get just the results."""
    context["primary_filters"] = PRIMARY[kind]
    context["more_filters_set"] = any(
        value
        for key, value in request.GET.items()
        if key not in PRIMARY[kind] and key != "page" and value
    )
    htmx = request.htmx
    partial = bool(htmx) and not htmx.boosted and not htmx.history_restore_request
    name = f"promotion/_{kind}_results.html" if partial else template
    response = render(request, name, context)
    patch_vary_headers(response, ["HX-Request"])
    return response


def _save_form(request, form, write, done, template, context):
    """Run `write` on a valid form; service errors go back onto the form."""
    if request.method == "POST" and form.is_valid():
        try:
            with transaction.atomic():
                record = write(form)
        except ValidationError as e:
            form.add_service_errors(e)
        else:
            messages.success(request, done)
            return redirect(record)
    return render(request, template, {"form": form, **context})


# ---------------------------------------------------------------- my deadlines


@login_required
@require_GET
def deadlines(request: HttpRequest) -> HttpResponse:
    require_reader(request.user)
    context = {"my": selectors.my_deadlines(request.user)}
    return render(request, "promotion/deadlines.html", context)


@login_required
@require_http_methods(["GET", "POST"])
def unit_deadlines(request: HttpRequest, pk: int) -> HttpResponse:
    writing = request.method == "POST"
    unit = get_unit_for_user(request.user, pk, write=writing)
    profile = UnitProfile.objects.filter(unit=unit).first()
    defaults = Deadlines.defaults()
    initial = {name: getattr(profile, name, None) for name in DEADLINE_FIELDS}
    form = DeadlinesForm(request.POST if writing else None, initial=initial, defaults=defaults)
    if writing and form.is_valid():
        try:
            services.unit_deadlines_set(actor=request.user, unit=unit, **form.cleaned_data)
        except ValidationError as e:
            form.add_service_errors(e)
        else:
            messages.success(request, _("期限设置已保存，在跟进线索的期限已按新设置重算。"))
            return redirect("promotion:unit_deadlines", pk=unit.pk)
    context = {
        "unit": unit,
        "form": form,
        "profile": profile,
        "deadlines": Deadlines.of(profile),
        "defaults": defaults,
        "can_write": _may_set(request.user, unit),
    }
    return render(request, "promotion/unit_deadlines.html", context)


def _may_set(user, unit):
    access = access_of(user)
    return access.is_admin or (access.can_write and access.membership.unit_id == unit.pk)


# ---------------------------------------------------------------- leads


@login_required
@require_GET
def lead_list(request: HttpRequest) -> HttpResponse:
    require_reader(request.user)
    return _list_page(request, "promotion/leads.html", selectors.lead_list(request), "leads")


@login_required
@require_http_methods(["GET", "POST"])
def lead_create(request: HttpRequest) -> HttpResponse:
    require_writer(request.user)
    form = LeadForm(request.POST or None, user=request.user)

    def write(form):
        unit = form.chosen_unit()
        if unit is None:
            raise ValidationError({"unit": _("请选择负责单位。")})
        return services.lead_create(
            actor=request.user,
            unit=unit,
            enterprise=_enterprise(request.user, form),
            **form.lead_fields(),
        )

    return _save_form(request, form, write, _("线索已录入。"), "promotion/lead_form.html", {})


@login_required
@require_GET
def lead_detail(request: HttpRequest, pk: int) -> HttpResponse:
    return _lead_page(request, get_lead_for_user(request.user, pk))


def _lead_page(request, lead, bound=None):
    context = selectors.lead_detail(lead)
    context["can_write"] = access_of(request.user).can_write
    if context["can_write"] and lead.is_open:
        version = {"version": lead.version}
        forms = {"follow": FollowUpForm(initial=version), "drop": DropForm(initial=version)}
        if bound is not None:
            forms[bound.prefix] = bound
        context["forms"] = forms
    context["open_action"] = bound.prefix if bound is not None else None
    return render(request, "promotion/lead.html", context)


@login_required
@require_http_methods(["GET", "POST"])
def lead_edit(request: HttpRequest, pk: int) -> HttpResponse:
    lead = get_lead_for_user(request.user, pk, write=True)
    initial = LeadEditForm.initial_for(lead)
    form = LeadEditForm(request.POST or None, initial=initial, user=request.user)

    def write(form):
        changes = form.lead_fields()
        changes["enterprise"] = _enterprise(request.user, form)
        return services.lead_update(
            actor=request.user, lead=lead, version=form.cleaned_data["version"], **changes
        )

    context = {"lead": lead}
    return _save_form(request, form, write, _("修改已保存。"), "promotion/lead_form.html", context)


def _lead_action(request, pk, form_class, run, done):
    lead = get_lead_for_user(request.user, pk, write=True)
    form = form_class(request.POST)
    if form.is_valid():
        try:
            run(lead, form.cleaned_data)
        except ValidationError as e:
            form.add_service_errors(e)
        else:
            messages.success(request, done)
            return redirect(lead)
    return _lead_page(request, lead, bound=form)


@login_required
@require_POST
def lead_follow_up(request: HttpRequest, pk: int) -> HttpResponse:
    def run(lead, data):
        services.lead_follow_up(
            actor=request.user,
            lead=lead,
            on=data["on"],
            note=data["note"],
            version=data["version"],
        )

    return _lead_action(request, pk, FollowUpForm, run, _("跟进已记录。"))


@login_required
@require_POST
def lead_drop(request: HttpRequest, pk: int) -> HttpResponse:
    def run(lead, data):
        services.lead_drop(
            actor=request.user,
            lead=lead,
            on=data["on"],
            reason=data["reason"],
            version=data["version"],
        )

    return _lead_action(request, pk, DropForm, run, _("线索已放弃。"))


@login_required
@require_http_methods(["GET", "POST"])
def lead_convert(request: HttpRequest, pk: int) -> HttpResponse:
    lead = get_lead_for_user(request.user, pk, write=True)
    if not lead.is_open:
        messages.warning(
            request, _("线索已%(s)s，不能再转为项目。") % {"s": lead.get_status_display()}
        )
        return redirect(lead)
    data = request.POST if request.method == "POST" else None
    form = LeadConvertForm(data, initial=LeadConvertForm.initial_for(lead), user=request.user)
    if data is not None and form.is_valid():
        try:
            with transaction.atomic():
                lead = _convert(request.user, lead, form)
        except ValidationError as e:
            form.add_service_errors(e)
        else:
            messages.success(request, _("线索已转为项目“%(name)s”。") % {"name": lead.project.name})
            return redirect(lead.project)
    return render(request, "promotion/lead_convert.html", {"form": form, "lead": lead})


def _convert(user, lead, form):
    data = form.cleaned_data
    investor = project_services.enterprise_get_or_create(
        actor=user, name=data["investor_name"], origin=data["origin"]
    )
    return services.lead_convert(
        actor=user,
        lead=lead,
        version=data["lead_version"],
        stage=data["stage"],
        entered_on=data["entered_on"],
        note=data["note"],
        chains=data["chains"],
        investor=investor,
        **form.project_fields(),
    )


# ---------------------------------------------------------------- target lists


@login_required
@require_GET
def target_list(request: HttpRequest) -> HttpResponse:
    require_reader(request.user)
    context = selectors.target_list(request)
    return _list_page(request, "promotion/targets.html", context, "targets")


@login_required
@require_http_methods(["GET", "POST"])
def target_create(request: HttpRequest) -> HttpResponse:
    require_writer(request.user)
    form = TargetForm(request.POST or None, user=request.user)

    def write(form):
        return services.target_create(
            actor=request.user,
            unit=form.chosen_unit(),
            enterprise=_enterprise(request.user, form),
            **form.target_fields(),
        )

    return _save_form(
        request, form, write, _("已列入目标企业清单。"), "promotion/target_form.html", {}
    )


@login_required
@require_GET
def target_detail(request: HttpRequest, pk: int) -> HttpResponse:
    target = get_target_for_user(request.user, pk)
    context = selectors.target_detail(request.user, target)
    context["can_write"] = access_of(request.user).can_write
    return render(request, "promotion/target.html", context)


@login_required
@require_http_methods(["GET", "POST"])
def target_edit(request: HttpRequest, pk: int) -> HttpResponse:
    target = get_target_for_user(request.user, pk, write=True)
    initial = TargetEditForm.initial_for(target)
    form = TargetEditForm(request.POST or None, initial=initial, user=request.user)

    def write(form):
        return services.target_update(
            actor=request.user,
            target=target,
            version=form.cleaned_data["version"],
            enterprise=_enterprise(request.user, form),
            **form.target_fields(),
        )

    context = {"target": target}
    return _save_form(
        request, form, write, _("修改已保存。"), "promotion/target_form.html", context
    )


# ---------------------------------------------------------------- activities


@login_required
@require_GET
def activity_list(request: HttpRequest) -> HttpResponse:
    require_reader(request.user)
    context = selectors.activity_list(request)
    return _list_page(request, "promotion/activities.html", context, "activities")


@login_required
@require_http_methods(["GET", "POST"])
def activity_create(request: HttpRequest) -> HttpResponse:
    require_writer(request.user)
    form = ActivityForm(request.POST or None, user=request.user)

    def write(form):
        return services.activity_create(
            actor=request.user,
            unit=form.chosen_unit(),
            create_event=form.cleaned_data["create_event"],
            **form.activity_fields(),
        )

    return _save_form(
        request, form, write, _("招商活动已录入。"), "promotion/activity_form.html", {}
    )


@login_required
@require_GET
def activity_detail(request: HttpRequest, pk: int) -> HttpResponse:
    activity = get_activity_for_user(request.user, pk)
    return _activity_page(request, activity)


def _activity_page(request, activity, meeting_form=None):
    context = selectors.activity_detail(request.user, activity)
    context["can_write"] = access_of(request.user).can_write
    if context["can_write"]:
        context["meeting_form"] = meeting_form or MeetingForm()
    return render(request, "promotion/activity.html", context)


@login_required
@require_http_methods(["GET", "POST"])
def activity_edit(request: HttpRequest, pk: int) -> HttpResponse:
    activity = get_activity_for_user(request.user, pk, write=True)
    initial = ActivityEditForm.initial_for(activity) | {"version": activity.version}
    form = ActivityEditForm(
        request.POST or None, initial=initial, user=request.user, activity=activity
    )

    def write(form):
        return services.activity_update(
            actor=request.user,
            activity=activity,
            version=form.cleaned_data["version"],
            create_event=form.cleaned_data["create_event"],
            **form.activity_fields(),
        )

    context = {"activity": activity}
    return _save_form(
        request, form, write, _("修改已保存。"), "promotion/activity_form.html", context
    )


@login_required
@require_POST
def meeting_add(request: HttpRequest, pk: int) -> HttpResponse:
    activity = get_activity_for_user(request.user, pk, write=True)
    form = MeetingForm(request.POST)
    if form.is_valid():
        try:
            with transaction.atomic():
                services.meeting_add(
                    actor=request.user,
                    activity=activity,
                    enterprise=_enterprise(request.user, form),
                    person=form.cleaned_data["person"],
                    note=form.cleaned_data["note"],
                )
        except ValidationError as e:
            form.add_service_errors(e)
        else:
            messages.success(request, _("对接企业已记录。"))
            return redirect(activity)
    return _activity_page(request, activity, meeting_form=form)


@login_required
@require_POST
def meeting_remove(request: HttpRequest, pk: int, meeting: int) -> HttpResponse:
    activity = get_activity_for_user(request.user, pk, write=True)
    record = get_meeting_for_user(request.user, activity, meeting)
    services.meeting_remove(actor=request.user, meeting=record)
    messages.success(request, _("对接记录已删除。"))
    return redirect(activity)


# ---------------------------------------------------------------- problems (督办)


@login_required
@require_GET
def problem_list(request: HttpRequest) -> HttpResponse:
    require_reader(request.user)
    context = selectors.problem_list(request)
    return _list_page(request, "promotion/problems.html", context, "problems")


@login_required
@require_http_methods(["GET", "POST"])
def problem_create(request: HttpRequest) -> HttpResponse:
    require_writer(request.user)
    projects = visible_projects(request.user)
    initial = {}
    code = _project_code(request)
    if code:
        initial["project_code"] = code
    form = ProblemForm(request.POST or None, initial=initial, user=request.user, projects=projects)

    def write(form):
        unit = form.chosen_unit()
        if unit is None:
            raise ValidationError({"unit": _("请选择责任单位。")})
        return services.problem_create(
            actor=request.user,
            project=form.cleaned_data["project_code"],
            unit=unit,
            **form.problem_fields(),
        )

    return _save_form(
        request, form, write, _("问题已列入督办。"), "promotion/problem_form.html", {}
    )


def _project_code(request):
    """The code of the project named by ?project=<pk>, if the user may see it."""
    pk = request.GET.get("project", "")
    if not pk.isdigit() or len(pk) > 18:
        return ""
    return visible_projects(request.user).filter(pk=pk).values_list("code", flat=True).first()


@login_required
@require_GET
def problem_detail(request: HttpRequest, pk: int) -> HttpResponse:
    return _problem_page(request, get_problem_for_user(request.user, pk))


def _problem_page(request, problem, bound=None):
    context = selectors.problem_detail(problem)
    context["can_write"] = access_of(request.user).can_write
    if context["can_write"]:
        version = {"version": problem.version}
        form_class = CloseForm if problem.is_open else ReopenForm
        context["action_form"] = bound or form_class(initial=version)
    return render(request, "promotion/problem.html", context)


@login_required
@require_http_methods(["GET", "POST"])
def problem_edit(request: HttpRequest, pk: int) -> HttpResponse:
    problem = get_problem_for_user(request.user, pk, write=True)
    form = ProblemEditForm(
        request.POST or None,
        initial=ProblemEditForm.initial_for(problem),
        user=request.user,
        projects=visible_projects(request.user),
    )

    def write(form):
        return services.problem_update(
            actor=request.user,
            problem=problem,
            version=form.cleaned_data["version"],
            **form.problem_fields(),
        )

    context = {"problem": problem}
    return _save_form(
        request, form, write, _("修改已保存。"), "promotion/problem_form.html", context
    )


def _problem_action(request, pk, form_class, run, done):
    problem = get_problem_for_user(request.user, pk, write=True)
    form = form_class(request.POST)
    if form.is_valid():
        try:
            run(problem, form.cleaned_data)
        except ValidationError as e:
            form.add_service_errors(e)
        else:
            messages.success(request, done)
            return redirect(problem)
    return _problem_page(request, problem, bound=form)


@login_required
@require_POST
def problem_close(request: HttpRequest, pk: int) -> HttpResponse:
    def run(problem, data):
        services.problem_close(
            actor=request.user,
            problem=problem,
            on=data["on"],
            note=data["note"],
            version=data["version"],
        )

    return _problem_action(request, pk, CloseForm, run, _("问题已销号。"))


@login_required
@require_POST
def problem_reopen(request: HttpRequest, pk: int) -> HttpResponse:
    def run(problem, data):
        services.problem_reopen(
            actor=request.user,
            problem=problem,
            reason=data["reason"],
            due_on=data["due_on"],
            version=data["version"],
        )

    return _problem_action(request, pk, ReopenForm, run, _("问题已重新列入督办。"))
