"""What the promotion views share: the enterprise box, the filtered list, the saving form."""

from django.shortcuts import render
from django.utils.cache import patch_vary_headers

from projects import services as project_services
from projects.web import wants_partial
from promotion.filters import PRIMARY


def enterprise_of(user, form):
    data = form.cleaned_data
    return project_services.enterprise_get_or_create(
        actor=user, name=data["investor_name"], origin=data["origin"]
    )


def list_page(request, template, context, kind):
    """A filtered list; htmx filter changes get just the results."""
    context["primary_filters"] = PRIMARY[kind]
    context["more_filters_set"] = any(
        value
        for key, value in request.GET.items()
        if key not in PRIMARY[kind] and key != "page" and value
    )
    name = f"promotion/_{kind}_results.html" if wants_partial(request) else template
    response = render(request, name, context)
    patch_vary_headers(response, ["HX-Request"])
    return response
