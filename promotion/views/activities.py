"""Trips, fairs, delegations …: and the enterprises met at them."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.db import transaction
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from projects.access import access_of, require_reader, require_writer
from projects.web import save_form
from promotion import selectors, services
from promotion.access import get_activity_for_user, get_meeting_for_user
from promotion.forms import ActivityEditForm, ActivityForm, MeetingForm
from promotion.views.common import enterprise_of, list_page


@login_required
@require_GET
def activity_list(request: HttpRequest) -> HttpResponse:
    require_reader(request.user)
    context = selectors.activity_list(request)
    return list_page(request, "promotion/activities.html", context, "activities")


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

    return save_form(
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
            **form.unit_change(),
        )

    context = {"activity": activity}
    return save_form(
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
                    enterprise=enterprise_of(request.user, form),
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
