"""The writes go through the web's services: same rules, same messages, same totals;
stale versions are 409; an Idempotency-Key makes a retried POST safe."""

import datetime
from decimal import Decimal

import pytest
from django.urls import reverse

from projects import totals
from projects.models import InvestmentReport, Project, StageEntry
from tests.api.conftest import api_client
from tests.pages.conftest import client_for

pytestmark = pytest.mark.django_db


def _report(client, project, month, amount, headers=None, **extra):
    return client.post(
        f"/api/v1/projects/{project.pk}/reports",
        {"month": month, "completed_investment": amount, **extra},
        content_type="application/json",
        **(headers or {}),
    )


def _advance(client, project, on, version, **headers):
    return client.post(
        f"/api/v1/projects/{project.pk}/advance",
        {"on": on, "version": version},
        content_type="application/json",
        **headers,
    )


def _completed(client, month_start, month_end):
    response = client.get(
        "/api/v1/totals",
        {
            "measure": "completed_investment",
            "platform": "luquan-edz",
            "start": month_start,
            "end": month_end,
        },
    )
    assert response.status_code == 200, response.content
    return Decimal(response.json()["investment"])


def test_a_report_moves_the_totals_as_the_page_does(world, django_capture_on_commit_callbacks):
    project, staff = world["project"], world["users"]["staff_in_scope"]
    totals.aggregates_rebuild()
    api, web = api_client(staff), client_for(staff)

    with django_capture_on_commit_callbacks(execute=True):
        by_page = web.post(
            reverse("projects:report", args=[project.pk]),
            {"report-month": "2023-06", "report-amount_0": "1.5", "report-amount_1": "yi"},
        )
    with django_capture_on_commit_callbacks(execute=True):
        by_api = _report(api, project, "2023-07", "1.5", unit="yi")

    assert by_page.status_code == 302
    assert by_api.status_code == 200, by_api.content
    assert by_api.json()["completed_investment"] == "15000.00"
    june = _completed(api, "2023-06-01", "2023-06-30")
    july = _completed(api, "2023-07-01", "2023-07-31")
    assert june == july == Decimal("15000.00")
    reports = InvestmentReport.objects.order_by("month")
    assert [(r.reported_by, r.history.count()) for r in reports] == [(staff, 1), (staff, 1)]


@pytest.mark.parametrize(
    "month, amount, field",
    [
        ("2023-04", "120", "month"),  # before the month works started
        ("2999-01", "120", "month"),  # a future month
        ("2023-06", "-1", "amount"),
        ("2023-06", "12亿元", "amount"),
        ("2023-06", "1.234", "amount"),
    ],
)
def test_a_refused_report_has_the_pages_message(world, month, amount, field):
    project, staff = world["project"], world["users"]["staff_in_scope"]
    page = client_for(staff).post(
        reverse("projects:report", args=[project.pk]),
        {"report-month": month, "report-amount_0": amount, "report-amount_1": "wan"},
    )
    web_errors = page.context["forms"]["report"].errors[field]

    response = _report(api_client(staff), project, month, amount)

    assert response.status_code == 400
    assert response.json()["message"] == "；".join(web_errors)
    assert not InvestmentReport.objects.exists()


def test_a_report_before_the_works_start_is_refused(world, other_project, admin):
    response = _report(api_client(admin), other_project, "2023-06", "5")

    assert response.status_code == 400
    assert response.json()["message"] == "项目开工后才能填报完成投资。"


def test_a_report_with_a_stale_version_is_409(world):
    project = world["project"]

    response = _report(
        api_client(world["users"]["staff_in_scope"]), project, "2023-06", "5", version=99
    )

    assert response.status_code == 409
    assert response.json()["current_version"] == project.version
    assert not InvestmentReport.objects.exists()


def test_it_advances_a_stage_through_the_service(world):
    project = world["project"]

    response = _advance(
        api_client(world["users"]["staff_in_scope"]), project, "2023-09-01", project.version
    )

    assert response.status_code == 200, response.content
    body = response.json()
    assert body["stage"] == "in_production" and body["version"] == project.version + 1
    entry = StageEntry.objects.get(project=project, stage="in_production")
    assert entry.entered_on == datetime.date(2023, 9, 1)
    assert entry.recorded_by == world["users"]["staff_in_scope"]


def test_a_stale_advance_is_409_and_writes_nothing(world):
    project = world["project"]
    client = api_client(world["users"]["staff_in_scope"])
    assert _advance(client, project, "2023-09-01", project.version).status_code == 200

    again = _advance(client, project, "2023-09-02", project.version)

    assert again.status_code == 409
    assert again.json()["code"] == "stale_version"
    assert again.json()["current_version"] == project.version + 1
    assert StageEntry.objects.filter(project=project, stage="in_production").count() == 1


@pytest.mark.parametrize("on", ["2999-01-01", "2023-04-01"])
def test_a_refused_advance_has_the_pages_message(world, on):
    project, staff = world["project"], world["users"]["staff_in_scope"]
    page = client_for(staff).post(
        reverse("projects:advance", args=[project.pk]),
        {"advance-on": on, "advance-version": project.version},
    )
    web_errors = page.context["forms"]["advance"].errors["on"]

    response = _advance(api_client(staff), project, on, project.version)

    assert response.status_code == 400
    assert response.json()["message"] == "；".join(web_errors)
    assert Project.objects.get(pk=project.pk).version == project.version


def test_a_retry_with_the_same_key_is_answered_without_writing_again(world):
    project = world["project"]
    client = api_client(world["users"]["staff_in_scope"])
    key = {"HTTP_IDEMPOTENCY_KEY": "4f1c-retry"}

    first = _advance(client, project, "2023-09-01", project.version, **key)
    retry = _advance(client, project, "2023-09-01", project.version, **key)

    assert first.status_code == retry.status_code == 200
    assert retry.json() == first.json()
    assert Project.objects.get(pk=project.pk).version == project.version + 1
    assert project.history.count() == 2  # created, advanced once


def test_the_same_key_with_another_request_is_422(world):
    project = world["project"]
    client = api_client(world["users"]["staff_in_scope"])
    key = {"HTTP_IDEMPOTENCY_KEY": "k-1"}
    assert _report(client, project, "2023-06", "5", headers=key).status_code == 200

    other = _report(client, project, "2023-07", "5", headers=key)

    assert other.status_code == 422
    assert other.json()["code"] == "idempotency_key_reused"
    assert InvestmentReport.objects.count() == 1


def test_a_refused_request_keeps_no_answer(world):
    project = world["project"]
    client = api_client(world["users"]["staff_in_scope"])
    key = {"HTTP_IDEMPOTENCY_KEY": "k-2"}

    refused = _report(client, project, "2023-04", "5", headers=key)
    fixed = _report(client, project, "2023-04", "5", headers=key)

    assert refused.status_code == fixed.status_code == 400


def test_keys_belong_to_their_user(world, region_staff):
    project = world["project"]
    key = {"HTTP_IDEMPOTENCY_KEY": "shared"}
    mine = _report(
        api_client(world["users"]["staff_in_scope"]), project, "2023-06", "5", headers=key
    )

    theirs = _report(api_client(region_staff), project, "2023-06", "7", headers=key)

    assert mine.status_code == theirs.status_code == 200
    assert InvestmentReport.objects.get().completed_investment == Decimal("7.00")


def test_kept_answers_are_purged_after_their_time(world, settings):
    from django.utils import timezone

    from api.models import IdempotentResponse
    from api.tasks import purge_idempotent_responses

    project = world["project"]
    client = api_client(world["users"]["staff_in_scope"])
    _report(client, project, "2023-06", "5", headers={"HTTP_IDEMPOTENCY_KEY": "old"})
    _report(client, project, "2023-07", "5", headers={"HTTP_IDEMPOTENCY_KEY": "new"})
    IdempotentResponse.objects.filter(key="old").update(
        created_at=timezone.now() - datetime.timedelta(hours=settings.API_IDEMPOTENCY_HOURS + 1)
    )

    assert purge_idempotent_responses() == 1
    assert list(IdempotentResponse.objects.values_list("key", flat=True)) == ["new"]
