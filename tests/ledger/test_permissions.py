"""Every URL of the `ledger` namespace × every role × GET and POST.

Imports are writes (staff and admins; officials 403); a job is its
uploader's (others 404); exports are reads, scoped like the pages they export.
A URL added to ledger/urls.py without a row here fails the first test.
"""

import pytest
from django.test import Client
from django.urls import get_resolver, reverse

from projects.models import ImportJob, Membership, Project, Unit
from tests.ledger.conftest import csv_bytes, preview, project_row, upload

READ, WRITE_PAGE, ACTION, WRITE_HELPER = "read", "write_page", "action", "write_helper"
ALLOWED = {READ: {"GET"}, WRITE_PAGE: {"GET", "POST"}, ACTION: {"POST"}, WRITE_HELPER: {"GET"}}
# name → (kind, what the URL names: None, "job" (staff's upload) or "scope" (platform A))
PAGES = {
    "index": (WRITE_PAGE, None),
    "template": (WRITE_HELPER, None),
    "job": (WRITE_HELPER, "job"),
    "job_progress": (WRITE_HELPER, "job"),
    "job_errors": (WRITE_HELPER, "job"),
    "job_confirm": (ACTION, "job"),
    "job_refresh": (ACTION, "job"),
    "job_cancel": (ACTION, "job"),
    "export_projects": (READ, None),
    "export_board": (READ, None),
    "export_units": (READ, None),
    "export_merchants": (READ, None),
    "export_dashboard": (READ, "scope"),
    "quarterly": (READ, "scope"),
}
ROLES = ["anonymous", "nobody", "staff", "outsider", "official", "admin"]


def test_every_url_is_in_the_matrix():
    _prefix, resolver = get_resolver().namespace_dict["ledger"]
    assert {p.name for p in resolver.url_patterns} == set(PAGES), "add the new URL to PAGES"


@pytest.fixture
def world(places, staff, outsider, official, admin, django_user_model):
    nobody = django_user_model.objects.create_user(username="nobody", password="x")
    job = preview(staff, csv_bytes([project_row(), project_row(项目名称="二号", 来源地="火星")]))
    assert job.status == ImportJob.Status.PREVIEWED
    users = {
        "anonymous": None,
        "nobody": nobody,
        "staff": staff,
        "outsider": outsider,
        "official": official,
        "admin": admin,
    }
    return {"users": users, "job": job, "scope": places["platform_a"]}


def url_of(name, world):
    target = PAGES[name][1]
    if name == "template":
        return reverse("ledger:template", args=["projects"])
    if target == "job":
        return reverse(f"ledger:{name}", args=[world["job"].pk])
    if target == "scope":
        return reverse(f"ledger:{name}", args=["platform", world["scope"].code])
    return reverse(f"ledger:{name}")


def expected(role, name, method):
    kind, target = PAGES[name]
    if role == "anonymous":
        return 302
    if method not in ALLOWED[kind]:
        return 405
    if role == "nobody":
        return 403
    if role == "official" and kind != READ:
        return 403
    if role == "outsider" and target is not None:
        return 404
    if method == "POST":
        return 200 if name == "index" else 302  # the index's POST carries no file: the form again
    return 200


def footprint(job):
    job.refresh_from_db()
    return Project.objects.count(), job.status


@pytest.mark.django_db
@pytest.mark.parametrize("method", ["GET", "POST"])
@pytest.mark.parametrize("role", ROLES)
@pytest.mark.parametrize("name", sorted(PAGES))
def test_permission_matrix(name, role, method, world):
    client = Client()
    if world["users"][role] is not None:
        client.force_login(world["users"][role])
    before = footprint(world["job"])
    url = url_of(name, world)
    response = client.get(url) if method == "GET" else client.post(url)
    status = expected(role, name, method)
    assert response.status_code == status, (name, role, method, response.status_code)
    if role == "anonymous":
        assert response["Location"].startswith(reverse("login"))
    if status != 302 or role == "anonymous":
        assert footprint(world["job"]) == before, "a refused request changed something"


@pytest.mark.django_db
def test_officials_may_not_upload(official):
    client = Client()
    client.force_login(official)
    response = client.post(
        reverse("ledger:index"), {"kind": "projects", "file": upload(csv_bytes([project_row()]))}
    )
    assert response.status_code == 403
    assert "只读" in response.content.decode()
    assert not ImportJob.objects.exists()


@pytest.mark.django_db
def test_a_staff_member_without_write_role_later_cannot_confirm(staff):
    job = preview(staff, csv_bytes([project_row()]))
    Membership.objects.filter(user=staff).update(role=Membership.Role.OFFICIAL)
    client = Client()
    client.force_login(staff)
    assert client.post(reverse("ledger:job_confirm", args=[job.pk])).status_code == 403
    assert not Project.objects.exists()


@pytest.mark.django_db
def test_a_job_of_a_staff_member_moved_to_another_unit_is_checked_against_the_new_scope(
    staff, places
):
    job = preview(staff, csv_bytes([project_row()]))
    unit = Unit.objects.create(name="渤海单位", scope_platform=places["platform_b"])
    Membership.objects.filter(user=staff).update(unit=unit)
    from tests.ledger.conftest import confirm

    job = confirm(job)
    assert job.status == ImportJob.Status.PREVIEWED  # the plan changed: the row is now out of scope
    assert job.rejected_count == 1
    assert not Project.objects.exists()
