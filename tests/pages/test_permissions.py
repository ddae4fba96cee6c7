"""Every URL of the `projects` namespace × every role × GET and POST.

A URL added to projects/urls.py without a row in PAGES fails
test_every_url_is_in_the_matrix, so no view ships unchecked.
"""

import pytest
from django.urls import get_resolver, reverse

from projects.models import (
    Document,
    InvestmentReport,
    Milestone,
    Project,
    ProjectLeader,
    ProjectPlan,
    StageEntry,
)
from tests.pages.conftest import client_for
from tests.pages.matrix import ALLOWED, PAGES, READ, READ_ONLY_ROLES, ROLES, payload, url_of


def namespace_url_names(namespace="projects"):
    _prefix, resolver = get_resolver().namespace_dict[namespace]
    return {pattern.name for pattern in resolver.url_patterns}


def test_every_url_is_in_the_matrix():
    assert namespace_url_names() == set(PAGES), "add the new URL to PAGES"


def expected_status(role, name, method):
    """What each role must get: login redirect, 405, 403, 404 or success (200 page / 302 saved)."""
    kind, target = PAGES[name]
    if role == "anonymous":
        return 302
    if method not in ALLOWED[kind]:
        return 405
    if role == "nobody":
        return 403
    if role in READ_ONLY_ROLES and kind != READ:
        return 403
    if role == "staff_out_of_scope" and target is not None:
        return 404
    if role == "staff_out_of_scope" and name == "create":
        # Platform A is not among the outsider's choices: the form comes back with errors.
        return 200
    return 302 if method == "POST" else 200


def footprint(project):
    """What a write would change: counts and the project's version and event links."""
    project.refresh_from_db()
    return (
        Project.objects.count(),
        StageEntry.objects.count(),
        InvestmentReport.objects.count(),
        project.version,
        sorted(project.events.values_list("pk", flat=True)),
        Project.history.count(),
        ProjectPlan.history.count(),
        Milestone.history.count(),
        ProjectLeader.history.count(),
        Document.history.count(),
    )


@pytest.mark.parametrize("method", ["GET", "POST"])
@pytest.mark.parametrize("role", ROLES)
@pytest.mark.parametrize("name", sorted(PAGES))
def test_permission_matrix(name, role, method, world, places):
    client = client_for(world["users"][role])
    url = url_of(name, world)
    before = footprint(world["project"])

    if method == "GET":
        response = client.get(url)
    else:
        response = client.post(url, payload(name, world, places))

    expected = expected_status(role, name, method)
    assert response.status_code == expected, (name, role, method, response.status_code)
    if role == "anonymous":
        assert response["Location"].startswith(reverse("login"))
    if expected != 302 or role == "anonymous":
        assert footprint(world["project"]) == before, "a refused request wrote something"


def test_nobody_sees_an_explanation(world):
    response = client_for(world["users"]["nobody"]).get(reverse("projects:list"))

    assert response.status_code == 403
    assert "尚未分配所属单位" in response.content.decode()


def test_official_is_told_the_role_is_read_only(world):
    response = client_for(world["users"]["official"]).get(reverse("projects:create"))

    assert response.status_code == 403
    assert "只读" in response.content.decode()


@pytest.mark.parametrize("name", sorted(n for n, (_kind, target) in PAGES.items() if target))
def test_ids_beyond_any_integer_column_are_404(name, world):
    client = client_for(world["users"]["admin"])
    url = reverse(f"projects:{name}", args=[10**25])
    method = client.post if "POST" in ALLOWED[PAGES[name][0]] else client.get

    response = method(url)

    assert response.status_code == 404
