"""My deadlines and a unit's deadline settings."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods

from projects.access import access_of, require_reader
from promotion import selectors, services
from promotion.access import get_unit_for_user
from promotion.deadlines import FIELDS as DEADLINE_FIELDS
from promotion.deadlines import Deadlines
from promotion.forms import DeadlinesForm
from promotion.models import UnitProfile


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
