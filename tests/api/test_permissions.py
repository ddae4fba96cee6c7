"""Every API operation × every role × token or session, and every page of the `api` app.

The operations are read from the OpenAPI schema, so an endpoint added without a row in
OPERATIONS fails test_every_operation_is_in_the_matrix; the scope rules are the web's.
"""

import pytest
from django.test import Client
from django.urls import get_resolver, reverse

from api.models import ApiToken
from api.v1 import api
from tests.api.conftest import api_client, token_for
from tests.pages.conftest import client_for
from tests.pages.test_permissions import footprint

READ, WRITE = "read", "write"
# (method, path) → (kind, what the path names: None, "project" or "scope" (platform A))
OPERATIONS = {
    ("get", "/api/v1/regions"): (READ, None),
    ("get", "/api/v1/platforms"): (READ, None),
    ("get", "/api/v1/projects"): (READ, None),
    ("get", "/api/v1/projects/{project_id}"): (READ, "project"),
    ("get", "/api/v1/totals"): (READ, "scope"),
    ("get", "/api/v1/figures"): (READ, "scope"),
    ("get", "/api/v1/oc4ids"): (READ, "scope"),
    ("post", "/api/v1/projects/{project_id}/reports"): (WRITE, "project"),
    ("post", "/api/v1/projects/{project_id}/advance"): (WRITE, "project"),
}
ROLES = ["anonymous", "nobody", "staff_in_scope", "staff_out_of_scope", "official", "admin"]


def test_every_operation_is_in_the_matrix():
    schema = api.get_openapi_schema()
    operations = {(m, path) for path, methods in schema["paths"].items() for m in methods}
    assert operations == set(OPERATIONS), "add the new operation to OPERATIONS"


def _url(path, world):
    url = path.replace("{project_id}", str(world["project"].pk))
    if path.endswith("/totals"):
        return (
            url + "?platform=luquan-edz&measure=flow&stage=signed&start=2023-01-01&end=2023-12-31"
        )
    if OPERATIONS.get(("get", path), (None, None))[1] == "scope":
        return url + "?platform=luquan-edz"
    return url


def _payload(path, world):
    if path.endswith("/reports"):
        return {"month": "2023-06", "completed_investment": "120"}
    return {"on": "2023-06-01", "version": world["project"].version}


def expected_status(role, kind, target, via):
    if role == "anonymous":
        return 401
    if role == "nobody":
        return 403
    if kind == WRITE and (role == "official" or via == "read_token"):
        return 403
    if role == "staff_out_of_scope" and target is not None:
        return 404
    return 200


def _client(role, world, via):
    user = world["users"][role]
    if user is None:
        return Client()
    if via == "session":
        return client_for(user)
    scope = ApiToken.Scope.READ if via == "read_token" else ApiToken.Scope.READ_WRITE
    return api_client(user, scope)


@pytest.mark.parametrize("via", ["token", "read_token", "session"])
@pytest.mark.parametrize("role", ROLES)
@pytest.mark.parametrize("operation", sorted(OPERATIONS))
def test_api_permission_matrix(operation, role, via, world):
    method, path = operation
    kind, target = OPERATIONS[operation]
    client = _client(role, world, via)
    before = footprint(world["project"])

    if method == "get":
        response = client.get(_url(path, world))
    else:
        response = client.post(
            _url(path, world), _payload(path, world), content_type="application/json"
        )

    expected = expected_status(role, kind, target, via)
    assert response.status_code == expected, (operation, role, via, response.content)
    body = response.json()
    if expected != 200:
        assert body["code"] and body["message"]
        assert footprint(world["project"]) == before, "a refused request wrote something"


@pytest.mark.parametrize("path", sorted(p for m, p in OPERATIONS if m == "post"))
def test_a_get_on_a_write_is_405(path, world):
    response = api_client(world["users"]["admin"]).get(_url(path, world))

    assert response.status_code == 405


@pytest.mark.parametrize("path", sorted(p for _m, p in OPERATIONS if "{project_id}" in p))
@pytest.mark.parametrize("pk", [0, 10**6, 10**25])
def test_unknown_or_impossible_ids_are_404(path, pk, world):
    url = path.replace("{project_id}", str(pk))
    client = api_client(world["users"]["admin"])

    if path.endswith(("reports", "advance")):
        response = client.post(url, _payload(path, world), content_type="application/json")
    else:
        response = client.get(url)

    assert response.status_code == 404
    assert response.json()["code"] == "not_found"


# ---------------------------------------------------------------- the api app's pages

GET_ONLY, GET_POST, POST_ONLY = {"GET"}, {"GET", "POST"}, {"POST"}
# name → (methods, what the URL names: None, "token" (staff's) or "scope" (platform A))
PAGES = {
    "tokens": (GET_POST, None),
    "token_revoke": (POST_ONLY, "token"),
    "docs": (GET_ONLY, None),
    "oc4ids_download": (GET_ONLY, "scope"),
}


def test_every_page_is_in_the_matrix():
    _prefix, resolver = get_resolver().namespace_dict["api"]
    assert {p.name for p in resolver.url_patterns} == set(PAGES), "add the new URL to PAGES"


def _page_url(name, token):
    if name == "token_revoke":
        return reverse("api:token_revoke", args=[token.pk])
    if name == "oc4ids_download":
        return reverse("api:oc4ids_download", args=["platform", "luquan-edz"])
    return reverse(f"api:{name}")


def expected_page_status(role, name, method):
    methods, target = PAGES[name]
    if role == "anonymous":
        return 302
    if method not in methods:
        return 405
    if target == "token" and role != "staff_in_scope":
        return 404  # a token is its owner's alone
    if target == "scope" and role == "nobody":
        return 403
    if target == "scope" and role == "staff_out_of_scope":
        return 404
    return 302 if name == "token_revoke" else 200


@pytest.mark.parametrize("method", ["GET", "POST"])
@pytest.mark.parametrize("role", ROLES)
@pytest.mark.parametrize("name", sorted(PAGES))
def test_page_permission_matrix(name, role, method, world):
    token_for(world["users"]["staff_in_scope"])
    token = ApiToken.objects.get()
    client = client_for(world["users"][role])
    url = _page_url(name, token)

    if method == "GET":
        response = client.get(url)
    else:
        response = client.post(url, {"name": "x", "scope": "read", "valid_days": "30"})

    assert response.status_code == expected_page_status(role, name, method), (name, role, method)
    token.refresh_from_db()
    if not (name == "token_revoke" and role == "staff_in_scope" and method == "POST"):
        assert token.revoked_at is None
