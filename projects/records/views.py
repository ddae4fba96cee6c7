"""Relocated units and merchant relocations: lists, pages, create, edit, delete."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import FileResponse, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.cache import patch_vary_headers
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from projects import services as project_services
from projects.access import access_of, require_reader, require_writer
from projects.history import history_of
from projects.models import Origin
from projects.records import selectors, services
from projects.records.access import get_merchant_for_user, get_unit_for_user
from projects.records.documents import get_document_for_user
from projects.records.filters import PRIMARY
from projects.records.forms import MerchantRelocationForm, RelocatedUnitForm
from projects.web import save_form, wants_partial


def _list_page(request, kind, context):
    """A filtered list; htmx filter changes get just the results."""
    context["primary_filters"] = PRIMARY[kind]
    context["more_filters_set"] = any(
        value for key, value in request.GET.items() if key not in PRIMARY[kind] and key != "page"
    )
    name = f"records/_{kind}_results.html" if wants_partial(request) else f"records/{kind}.html"
    response = render(request, name, context)
    patch_vary_headers(response, ["HX-Request"])
    return response


def _enterprise(user, form):
    """The unit's enterprise, created (with the unit's origin) when it is new; None if blank."""
    name = form.cleaned_data["enterprise_name"]
    if not name:
        return None
    origin = form.cleaned_data.get("origin") or Origin.BEIJING
    return project_services.enterprise_get_or_create(actor=user, name=name, origin=origin)


# ---------------------------------------------------------------- relocated units


@login_required
@require_GET
def unit_list(request: HttpRequest) -> HttpResponse:
    require_reader(request.user)
    return _list_page(request, "units", selectors.unit_list(request))


@login_required
@require_GET
def unit_detail(request: HttpRequest, pk: int) -> HttpResponse:
    unit = get_unit_for_user(request.user, pk)
    context = {
        "unit": unit,
        "history": history_of(unit),
        "can_write": access_of(request.user).can_write,
    }
    return render(request, "records/unit.html", context)


@login_required
@require_http_methods(["GET", "POST"])
def unit_create(request: HttpRequest) -> HttpResponse:
    require_writer(request.user)
    form = RelocatedUnitForm(request.POST or None, user=request.user)

    def write(form):
        fields = form.unit_fields(_enterprise(request.user, form))
        return services.relocated_unit_create(actor=request.user, **fields)

    return save_form(request, form, write, _("转入单位已登记。"), "records/unit_form.html", {})


@login_required
@require_http_methods(["GET", "POST"])
def unit_edit(request: HttpRequest, pk: int) -> HttpResponse:
    unit = get_unit_for_user(request.user, pk, write=True)
    initial = RelocatedUnitForm.initial_for(unit)
    form = RelocatedUnitForm(request.POST or None, initial=initial, user=request.user)

    def write(form):
        fields = form.unit_fields(_enterprise(request.user, form))
        return services.relocated_unit_update(actor=request.user, unit=unit, **fields)

    context = {"unit": unit}
    return save_form(request, form, write, _("修改已保存。"), "records/unit_form.html", context)


@login_required
@require_POST
def unit_delete(request: HttpRequest, pk: int) -> HttpResponse:
    unit = get_unit_for_user(request.user, pk, write=True)
    services.relocated_unit_delete(actor=request.user, unit=unit)
    messages.success(request, _("已删除转入单位“%(name)s”。") % {"name": unit.name})
    return redirect(reverse("records:units"))


# ---------------------------------------------------------------- merchant relocations


@login_required
@require_GET
def merchant_list(request: HttpRequest) -> HttpResponse:
    require_reader(request.user)
    return _list_page(request, "merchants", selectors.merchant_list(request))


@login_required
@require_GET
def merchant_detail(request: HttpRequest, pk: int) -> HttpResponse:
    relocation = get_merchant_for_user(request.user, pk)
    context = {
        "relocation": relocation,
        "history": history_of(relocation),
        "can_write": access_of(request.user).can_write,
    }
    return render(request, "records/merchant.html", context)


@login_required
@require_http_methods(["GET", "POST"])
def merchant_create(request: HttpRequest) -> HttpResponse:
    require_writer(request.user)
    form = MerchantRelocationForm(request.POST or None, user=request.user)

    def write(form):
        fields = form.relocation_fields()
        return services.merchant_relocation_create(actor=request.user, **fields)

    return save_form(
        request, form, write, _("商户疏解记录已登记。"), "records/merchant_form.html", {}
    )


@login_required
@require_http_methods(["GET", "POST"])
def merchant_edit(request: HttpRequest, pk: int) -> HttpResponse:
    relocation = get_merchant_for_user(request.user, pk, write=True)
    initial = MerchantRelocationForm.initial_for(relocation)
    form = MerchantRelocationForm(request.POST or None, initial=initial, user=request.user)

    def write(form):
        return services.merchant_relocation_update(
            actor=request.user, relocation=relocation, **form.relocation_fields()
        )

    context = {"relocation": relocation}
    return save_form(request, form, write, _("修改已保存。"), "records/merchant_form.html", context)


@login_required
@require_POST
def merchant_delete(request: HttpRequest, pk: int) -> HttpResponse:
    relocation = get_merchant_for_user(request.user, pk, write=True)
    services.merchant_relocation_delete(actor=request.user, relocation=relocation)
    messages.success(request, _("已删除该条商户疏解记录。"))
    return redirect(reverse("records:merchants"))


# ---------------------------------------------------------------- documents


@login_required
@require_GET
def document_download(request: HttpRequest, pk: int) -> HttpResponse:
    """The file, to whoever may see its project; always as a download, never rendered."""
    document = get_document_for_user(request.user, pk)
    response = FileResponse(
        document.file.open("rb"),
        as_attachment=True,
        filename=document.original_name,
        content_type=document.content_type,
    )
    response["X-Content-Type-Options"] = "nosniff"
    response["Content-Security-Policy"] = "default-src 'none'; sandbox"
    return response
