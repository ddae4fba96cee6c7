"""Issue 19, defect 5: a double click on 当月完成投资, 年度计划 or 新建项目 gives one result, never a 500."""

import datetime
import threading
import uuid
from decimal import Decimal

import pytest
from django.db import connection
from django.test import Client
from django.urls import reverse

from projects.models import AnnualPlan, Enterprise, InvestmentReport, Project
from tests.pages.test_actions import post, started  # noqa: F401 - the fixture
from tests.pages.test_project_form import CREATE, create_data  # noqa: F401 - the fixture


def _the_other_click_lands_first(monkeypatch, model, write):
    """Between this request's checks and its insert, the other click's row is committed."""
    original = model.full_clean
    done = []

    def full_clean(self, *args, **kwargs):
        original(self, *args, **kwargs)
        if not done and self._state.adding:
            done.append(True)
            write()

    monkeypatch.setattr(model, "full_clean", full_clean)


@pytest.mark.django_db
def test_a_double_report_is_one_row(staff_client, started, monkeypatch):  # noqa: F811
    month = datetime.date(2023, 6, 1)
    _the_other_click_lands_first(
        monkeypatch,
        InvestmentReport,
        lambda: InvestmentReport.objects.create(
            project=started, month=month, completed_investment=Decimal("1500")
        ),
    )
    response = post(
        staff_client, started, "report", month="2023-06", amount_0="1500", amount_1="wan"
    )
    assert response.status_code == 302
    report = InvestmentReport.objects.get()
    assert (report.month, report.completed_investment) == (month, Decimal("1500"))


@pytest.mark.django_db
def test_a_double_plan_is_one_row(staff_client, started, monkeypatch):  # noqa: F811
    _the_other_click_lands_first(
        monkeypatch,
        AnnualPlan,
        lambda: AnnualPlan.objects.create(
            project=started, year=2023, planned_investment=Decimal("30000")
        ),
    )
    response = post(staff_client, started, "plan", year="2023", amount_0="3", amount_1="yi")
    assert response.status_code == 302
    assert AnnualPlan.objects.get().planned_investment == Decimal("30000")


@pytest.mark.django_db
def test_a_double_submit_of_a_new_project_creates_one(staff_client, create_data):  # noqa: F811
    page = staff_client.get(CREATE)
    key = page.context["form"]["creation_key"].value()
    assert f'name="creation_key" value="{key}"' in page.content.decode()
    data = {**create_data, "creation_key": str(key)}
    first = staff_client.post(CREATE, data)
    second = staff_client.post(CREATE, data)
    project = Project.objects.get()
    assert first.status_code == second.status_code == 302
    assert first["Location"] == second["Location"] == project.get_absolute_url()
    assert Enterprise.objects.filter(name=create_data["investor_name"]).count() == 1


def _client(user):
    client = Client()
    client.force_login(user)
    return client


@pytest.mark.postgres
@pytest.mark.django_db(transaction=True)
def test_clicks_at_the_same_moment_are_one_result(staff, started, create_data):  # noqa: F811
    key = str(uuid.uuid4())
    requests = [
        (
            reverse("projects:report", args=[started.pk]),
            {"report-month": "2023-06", "report-amount_0": "9", "report-amount_1": "wan"},
        ),
        (
            reverse("projects:plan", args=[started.pk]),
            {"plan-year": "2023", "plan-amount_0": "2", "plan-amount_1": "yi"},
        ),
        (CREATE, {**create_data, "creation_key": key}),
    ]
    for url, data in requests:
        barrier, statuses = threading.Barrier(2), []

        def click(url=url, data=data, barrier=barrier, statuses=statuses):
            try:
                client = _client(staff)
                barrier.wait()
                statuses.append(client.post(url, data).status_code)
            finally:
                connection.close()

        threads = [threading.Thread(target=click) for _ in range(2)]
        for thread in threads:
            thread.start()
        for thread in threads:
            thread.join(timeout=60)
        assert statuses == [302, 302], (url, statuses)
    assert InvestmentReport.objects.count() == AnnualPlan.objects.count() == 1
    assert Project.objects.filter(creation_key=key).count() == 1
