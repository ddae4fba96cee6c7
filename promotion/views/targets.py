"""Chain-gap target lists."""

from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods

from projects.access import access_of, require_reader, require_writer
from projects.web import save_form
from promotion import selectors, services
from promotion.access import get_target_for_user
from promotion.forms import TargetEditForm, TargetForm
from promotion.views.common import enterprise_of, list_page


@login_required
@require_GET
def target_list(request: HttpRequest) -> HttpResponse:
    require_reader(request.user)
    context = selectors.target_list(request)
    return list_page(request, "promotion/targets.html", context, "targets")


@login_required
@require_http_methods(["GET", "POST"])
def target_create(request: HttpRequest) -> HttpResponse:
    require_writer(request.user)
    form = TargetForm(request.POST or None, user=request.user)

    def write(form):
        return services.target_create(
            actor=request.user,
            unit=form.chosen_unit(),
            enterprise=enterprise_of(request.user, form),
            **form.target_fields(),
        )

    return save_form(
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
            enterprise=enterprise_of(request.user, form),
            **form.target_fields(),
            **form.unit_change(),
        )

    context = {"target": target}
    return save_form(request, form, write, _("修改已保存。"), "promotion/target_form.html", context)
