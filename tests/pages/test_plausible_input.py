"""Issue 19, defect 10: dates and amounts have a range, doubtful amounts are confirmed, ids are bounded."""

import pytest

from projects.models import AnnualPlan, InvestmentReport, Project
from tests.pages.test_actions import action_errors, post, started  # noqa: F401 - the fixture
from tests.pages.test_project_form import CREATE, create_data, errors_of  # noqa: F401 - fixture

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def media_root(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"  # the imports' files


@pytest.mark.parametrize("day", ["0001-01-01", "1948-12-31", "2101-01-01", "9999-12-31"])
def test_dates_outside_1949_to_2100_are_refused(staff_client, create_data, day):  # noqa: F811
    response = staff_client.post(CREATE, {**create_data, "entered_on": day})
    assert response.status_code == 200
    assert any(
        "超出合理范围（1949-01-01 至 2100-12-31）" in e for e in errors_of(response, "entered_on")
    )
    assert not Project.objects.exists()


def test_a_stage_date_in_year_1_is_refused(staff_client, project):
    response = post(staff_client, project, "advance", on="0001-01-01", version=1)
    assert "超出合理范围" in str(action_errors(response, "advance"))
    project.refresh_from_db()
    assert project.signed_on is None


def test_a_plan_of_a_billion_yi_is_refused(staff_client, started):  # noqa: F811
    response = post(
        staff_client, started, "plan", year="2023", amount_0="1000000000", amount_1="yi"
    )
    assert "金额超过上限（10,000 亿元）" in str(action_errors(response, "plan"))
    assert not AnnualPlan.objects.exists()


def test_a_huge_total_asks_for_confirmation_then_saves(staff_client, create_data):  # noqa: F811
    data = {**create_data, "total_investment_0": "5000", "total_investment_1": "yi"}
    asked = staff_client.post(CREATE, data)
    assert asked.status_code == 200 and not Project.objects.exists()
    (error,) = errors_of(asked, "total_investment")
    assert "金额为 5,000 亿元" in error and "金额无误" in error
    assert 'type="checkbox" name="confirm_amounts"' in asked.content.decode()
    confirmed = staff_client.post(CREATE, {**data, "confirm_amounts": "on"})
    assert confirmed.status_code == 302
    assert Project.objects.get().total_investment == 50_000_000


def test_a_tiny_total_asks_for_confirmation(staff_client, create_data):  # noqa: F811
    data = {**create_data, "total_investment_0": "12.5", "total_investment_1": "wan"}
    asked = staff_client.post(CREATE, data)
    assert "金额为 12.5 万元，数额很小" in errors_of(asked, "total_investment")[0]
    assert not Project.objects.exists()


def test_an_ordinary_total_is_not_questioned(staff_client, create_data):  # noqa: F811
    assert staff_client.post(CREATE, create_data).status_code == 302


def test_a_huge_monthly_report_asks_for_confirmation(staff_client, started):  # noqa: F811
    asked = post(staff_client, started, "report", month="2023-06", amount_0="2000", amount_1="yi")
    assert "金额为 2,000 亿元" in str(action_errors(asked, "report"))
    assert not InvestmentReport.objects.exists()
    post(
        staff_client,
        started,
        "report",
        month="2023-06",
        amount_0="2000",
        amount_1="yi",
        confirm_amounts="on",
    )
    assert InvestmentReport.objects.get().completed_investment == 20_000_000


@pytest.mark.parametrize(
    "pk", ["99999999999999999999", "9223372036854775808", "-99999999999999999999"]
)
def test_an_out_of_range_chain_id_is_a_validation_error(staff_client, create_data, pk):  # noqa: F811
    response = staff_client.post(CREATE, {**create_data, "chains": [pk]})
    assert response.status_code == 200
    assert errors_of(response, "chains")
    assert not Project.objects.exists()


def test_the_import_refuses_out_of_range_dates_and_amounts(staff):
    from tests.ledger.conftest import csv_bytes, preview, project_row

    job = preview(
        staff,
        csv_bytes(
            [
                project_row(项目名称="一", 洽谈日期="1900-01-01"),
                project_row(项目名称="二", **{"总投资（万元）": "1000000000000"}),
                project_row(项目名称="三"),
            ]
        ),
    )
    reasons = {e["row"]: e["reason"] for e in job.row_errors}
    assert "超出合理范围" in reasons[2] and "金额超过上限" in reasons[3]
    assert job.created_count == 1


def test_the_services_refuse_what_the_forms_refuse(staff, project):
    """The range sits on the model fields: the admin, imports and services all refuse it."""
    from decimal import Decimal

    from django.core.exceptions import ValidationError

    from projects import services

    with pytest.raises(ValidationError, match="金额超过上限"):
        services.project_update(
            actor=staff, project=project, version=1, total_investment=Decimal(10) ** 13
        )
