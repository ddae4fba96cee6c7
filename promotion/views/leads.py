"""Leads: list, record, edit, follow up, drop, convert into a project."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.db import transaction
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from projects import services as project_services
from projects.access import access_of, require_reader, require_writer
from projects.web import run_action, save_form
from promotion import selectors, services
from promotion.access import get_lead_for_user
from promotion.forms import DropForm, FollowUpForm, LeadConvertForm, LeadEditForm, LeadForm
from promotion.views.common import enterprise_of, list_page


@login_required
@require_GET
def lead_list(request: HttpRequest) -> HttpResponse:
    require_reader(request.user)
    return list_page(request, "promotion/leads.html", selectors.lead_list(request), "leads")


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
            enterprise=enterprise_of(request.user, form),
            **form.lead_fields(),
        )

    return save_form(request, form, write, _("线索已录入。"), "promotion/lead_form.html", {})


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
        changes = form.lead_fields() | form.unit_change()
        changes["enterprise"] = enterprise_of(request.user, form)
        return services.lead_update(
            actor=request.user, lead=lead, version=form.cleaned_data["version"], **changes
        )

    context = {"lead": lead}
    return save_form(request, form, write, _("修改已保存。"), "promotion/lead_form.html", context)


def _lead_action(request, pk, form_class, run, done):
    lead = get_lead_for_user(request.user, pk, write=True)
    return run_action(request, lead, form_class(request.POST), run, done, _lead_page)


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
