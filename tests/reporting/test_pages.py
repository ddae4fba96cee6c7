"""The reporting pages: every URL × every role, and submit → review → close through the pages.

河北省 ── 石家庄市 ── 鹿泉区 ── 鹿泉经开区 (platform A: `staff`)
      └─ 沧州市 ── 黄骅市 ── 渤海新区 (platform B: `outsider`)
`reviewer` reviews and closes for 河北省; `official` reads 河北省.
"""

import datetime

import pytest
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import get_resolver, reverse

from projects import totals
from projects.models import ClosedMonth, Membership, MonthSubmission, Unit
from projects.reporting.services import month_submit

pytestmark = pytest.mark.django_db
D = datetime.date
MONTH = D(2024, 3, 1)
READ, ACTION = "read", "action"
# name → (kind, what it names: "unit" (staff's unit), "scope" (河北省), None)
PAGES = {
    "index": (READ, None),
    "unit_month": (READ, "unit"),
    "submit": (ACTION, "unit"),
    "accept": (ACTION, "unit"),
    "return": (ACTION, "unit"),
    "closing": (READ, "scope"),
    "close": (ACTION, "scope"),
    "reopen": (ACTION, "scope"),
}
ROLES = ["anonymous", "nobody", "staff", "outsider", "official", "reviewer", "admin"]
# Who may run each action, beyond admins.
MAY = {"submit": {"staff"}, "accept": {"reviewer"}, "return": {"reviewer"}, "close": {"reviewer"}}
MAY["reopen"] = MAY["close"]


@pytest.fixture
def matrix(places, staff, outsider, official, reviewer, admin, django_user_model):
    nobody = django_user_model.objects.create_user(username="nobody", password="x")
    users = {
        "anonymous": None,
        "nobody": nobody,
        "staff": staff,
        "outsider": outsider,
        "official": official,
        "reviewer": reviewer,
        "admin": admin,
    }
    return {"users": users, "unit": staff.membership.unit, "scope": places["province"]}


def client_for(user):
    client = Client()
    if user is not None:
        client.force_login(user)
    return client


def test_every_url_is_in_the_matrix():
    _prefix, resolver = get_resolver().namespace_dict["reporting"]
    assert {p.name for p in resolver.url_patterns} == set(PAGES), "add the new URL to PAGES"


def url_of(name, world):
    target = PAGES[name][1]
    if name == "submit":
        return reverse("reporting:submit", args=[world["unit"].pk])
    if target == "unit":
        return reverse(f"reporting:{name}", args=[world["unit"].pk, f"{MONTH:%Y-%m}"])
    if name == "closing":
        return reverse("reporting:closing", args=["region", world["scope"].code])
    if target == "scope":
        return reverse(f"reporting:{name}", args=["region", world["scope"].code, f"{MONTH:%Y-%m}"])
    return reverse(f"reporting:{name}")


def payload(name):
    return {
        "submit": {"month": f"{MONTH:%Y-%m}"},
        "accept": {"version": "1"},
        "return": {"version": "1", "reason": "缺三月投资"},
        "close": {"force": "1"},
        "reopen": {"reason": "核查"},
    }.get(name, {})


def expected(role, name, method):
    kind, target = PAGES[name]
    if role == "anonymous":
        return 302
    if (kind == READ) != (method == "GET"):
        return 405
    if role == "nobody":
        return 403
    if role == "outsider" and target is not None:
        return 404  # platform B's staff see neither platform A's unit nor the province's months
    if role == "staff" and target == "scope":
        return 404  # a platform's staff do not see the province's months
    if kind == ACTION and role != "admin" and role not in MAY[name]:
        return 403
    return 302 if kind == ACTION else 200


def footprint():
    return (
        list(MonthSubmission.objects.values_list("status", "version")),
        list(ClosedMonth.objects.values_list("month", "reopened_at")),
    )


@pytest.mark.parametrize("method", ["GET", "POST"])
@pytest.mark.parametrize("role", ROLES)
@pytest.mark.parametrize("name", sorted(PAGES))
def test_permission_matrix(name, role, method, matrix):
    if name in ("accept", "return", "unit_month"):
        month_submit(actor=matrix["users"]["staff"], unit=matrix["unit"], month=MONTH)
    client = client_for(matrix["users"][role])
    before = footprint()
    url = url_of(name, matrix)
    response = client.get(url) if method == "GET" else client.post(url, payload(name))
    status = expected(role, name, method)
    assert response.status_code == status, (name, role, method, response.status_code)
    if role == "anonymous":
        assert response["Location"].startswith(reverse("login"))
    if status != 302 or role == "anonymous":
        assert footprint() == before, "a refused request changed something"


def test_staff_submit_and_the_reviewer_accepts_and_closes(matrix, project):
    staff, reviewer = matrix["users"]["staff"], matrix["users"]["reviewer"]
    unit = matrix["unit"]
    staff_client = client_for(staff)
    page = staff_client.get(reverse("reporting:index")).content.decode()
    assert "填报完成" in page

    staff_client.post(reverse("reporting:submit", args=[unit.pk]), {"month": "2024-03"})

    submission = MonthSubmission.objects.get()
    assert (submission.unit, submission.month, submission.status) == (unit, MONTH, "submitted")
    reviewer_client = client_for(reviewer)
    index = reviewer_client.get(reverse("reporting:index")).content.decode()
    review_url = reverse("reporting:unit_month", args=[unit.pk, "2024-03"])
    assert review_url in index
    review = reviewer_client.get(review_url).content.decode()
    assert "审核通过" in review and 'name="reason"' in review

    reviewer_client.post(reverse("reporting:accept", args=[unit.pk, "2024-03"]), {"version": "1"})

    submission.refresh_from_db()
    assert (submission.status, submission.reviewed_by) == ("accepted", reviewer)
    totals.aggregates_rebuild()
    closing_url = reverse("reporting:closing", args=["region", matrix["scope"].code])
    page = reviewer_client.get(closing_url).content.decode()
    assert "reviewer单位" in page  # its own unit has not submitted
    response = reviewer_client.post(
        reverse("reporting:close", args=["region", matrix["scope"].code, "2024-03"]),
        {"force": "1"},
        follow=True,
    )
    assert "已关账" in response.content.decode()
    assert ClosedMonth.objects.get().closed_by == reviewer


def test_a_stale_version_is_refused_on_the_page(matrix):
    staff, reviewer = matrix["users"]["staff"], matrix["users"]["reviewer"]
    month_submit(actor=staff, unit=matrix["unit"], month=MONTH)
    client = client_for(reviewer)

    response = client.post(
        reverse("reporting:accept", args=[matrix["unit"].pk, "2024-03"]),
        {"version": "7"},
        follow=True,
    )

    assert "已被他人修改" in response.content.decode()
    assert MonthSubmission.objects.get().status == "submitted"


def test_returning_needs_a_reason(matrix):
    month_submit(actor=matrix["users"]["staff"], unit=matrix["unit"], month=MONTH)
    client = client_for(matrix["users"]["reviewer"])

    response = client.post(
        reverse("reporting:return", args=[matrix["unit"].pk, "2024-03"]),
        {"version": "1", "reason": " "},
        follow=True,
    )

    assert "退回时请写明原因" in response.content.decode()
    assert MonthSubmission.objects.get().status == "submitted"


def test_the_pages_take_a_bounded_number_of_queries(matrix, places, django_user_model):
    reviewer = matrix["users"]["reviewer"]
    for i in range(12):
        user = django_user_model.objects.create_user(username=f"s{i}", password="x")
        unit = Unit.objects.create(name=f"单位{i}", scope_region=places["luquan"])
        Membership.objects.create(user=user, unit=unit, role=Membership.Role.STAFF)
        month_submit(actor=user, unit=unit, month=MONTH)
    client = client_for(reviewer)
    closing_url = reverse("reporting:closing", args=["region", matrix["scope"].code])
    for url in (reverse("reporting:index"), closing_url):
        client.get(url)  # warm the session
        with CaptureQueriesContext(connection) as queries:
            assert client.get(url).status_code == 200
        assert len(queries) <= 25, (url, len(queries))
