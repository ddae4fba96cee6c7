"""The pages of the api app: a user's API tokens, the API docs, the OC4IDS download."""

import json

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from api import services
from api.endpoints.oc4ids import scope_package
from api.forms import TokenCreateForm
from api.models import ApiToken
from audit.models import AuditEvent
from audit.services import audit_record
from platforms.models import Platform, Region
from projects.access import scope_for_reader


@login_required
@require_http_methods(["GET", "POST"])
def tokens(request: HttpRequest) -> HttpResponse:
    """The user's own tokens; a new one's secret is shown on this response only."""
    form = TokenCreateForm(request.POST if request.method == "POST" else None)
    created = secret = None
    if request.method == "POST" and form.is_valid():
        created, secret = services.api_token_create(user=request.user, **form.cleaned_data)
        audit_record(request=request, action=AuditEvent.Action.API_TOKEN_CREATE, obj=created)
        form = TokenCreateForm()
    context = {
        "form": form,
        "tokens": ApiToken.objects.filter(user=request.user),
        "created": created,
        "secret": secret,
    }
    response = render(request, "api/tokens.html", context)
    response["Cache-Control"] = "no-store"  # the secret must not sit in a cache
    return response


@login_required
@require_POST
def token_revoke(request: HttpRequest, pk: int) -> HttpResponse:
    token = get_object_or_404(ApiToken, pk=pk, user=request.user)  # others' tokens: 404
    services.api_token_revoke(user=request.user, token=token)
    audit_record(request=request, action=AuditEvent.Action.API_TOKEN_REVOKE, obj=token)
    messages.success(request, _("令牌“%(name)s”已撤销。") % {"name": token.name})
    return redirect("api:tokens")


@login_required
@require_GET
def docs(request: HttpRequest) -> HttpResponse:
    """Swagger UI over /api/v1/openapi.json, from the vendored static files."""
    return render(request, "api/docs.html", {"openapi_url": reverse("api_v1:openapi-json")})


@login_required
@require_GET
def oc4ids_download(request: HttpRequest, kind: str, code: str) -> HttpResponse:
    """The OC4IDS package of a region's or platform's projects, as a file to save."""
    models = {"region": Region, "platform": Platform}
    if kind not in models:
        raise Http404(_("没有这个地区或平台，或它不在您的管辖范围内。"))
    scope = scope_for_reader(request.user, models[kind], code)
    package = scope_package(request, scope)
    response = HttpResponse(
        json.dumps(package, ensure_ascii=False, indent=2), content_type="application/json"
    )
    response["Content-Disposition"] = f'attachment; filename="oc4ids-{scope.code}.json"'
    return response
