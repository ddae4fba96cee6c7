"""An edit dated in a closed month asks for a reason (更正说明) and is kept as a restatement."""

import datetime

import pytest
from django.urls import reverse

from projects import totals
from projects.models import Project, Restatement, StageCorrection
from projects.reporting.services import period_close
from tests.pages.test_project_form import create_data, edit_data  # noqa: F401

D = datetime.date


@pytest.fixture
def closed_march(places, project):
    Project.objects.filter(pk=project.pk).update(signed_on=D(2023, 3, 1), stage="signed")
    project.refresh_from_db()
    totals.aggregates_rebuild()
    period_close(actor=None, scope=places["province"], month=D(2023, 3, 1), force=True)
    return project


def correct(client, project, **extra):
    data = {"stage": "signed", "on": "2023-03-05", "reason": "合同日期录错", "version": 1}
    data.update(extra)
    url = reverse("projects:correct", args=[project.pk])
    return client.post(url, {f"correct-{k}": v for k, v in data.items()})


def test_a_correction_in_a_closed_month_asks_for_a_reason(staff_client, closed_march):
    response = correct(staff_client, closed_march)

    assert response.status_code == 200
    form = response.context["forms"]["correct"]
    assert "restatement_reason" in form.fields
    assert "2023-03" in form.errors["restatement_reason"][0]
    assert 'name="correct-restatement_reason"' in response.content.decode()
    closed_march.refresh_from_db()
    assert closed_march.signed_on == D(2023, 3, 1)
    assert not StageCorrection.objects.exists()
    assert not Restatement.objects.exists()


def test_a_blank_reason_is_refused_and_the_field_stays(staff_client, closed_march):
    response = correct(staff_client, closed_march, restatement_reason="  ")

    assert response.status_code == 200
    assert "restatement_reason" in response.context["forms"]["correct"].errors
    assert not Restatement.objects.exists()


def test_with_a_reason_the_correction_is_a_restatement(staff, staff_client, closed_march):
    response = correct(staff_client, closed_march, restatement_reason="县里补报合同原件")

    assert response.status_code == 302
    closed_march.refresh_from_db()
    assert closed_march.signed_on == D(2023, 3, 5)
    restatement = Restatement.objects.get()
    assert (restatement.actor, restatement.reason) == (staff, "县里补报合同原件")
    assert restatement.subject == str(closed_march)
    assert restatement.subject_url == closed_march.get_absolute_url()
    assert any(cell[2] == "2023-03-01" for cell in restatement.cells)


def test_the_edit_form_asks_for_a_reason_too(staff_client, closed_march):
    url = reverse("projects:edit", args=[closed_march.pk])
    data = edit_data(closed_march, total_investment_0="60000")

    refused = staff_client.post(url, data)

    assert refused.status_code == 200
    assert "restatement_reason" in refused.context["form"].errors
    assert 'name="restatement_reason"' in refused.content.decode()
    closed_march.refresh_from_db()
    assert closed_march.total_investment != 60000

    accepted = staff_client.post(url, {**data, "restatement_reason": "总投资按批复调整"})

    assert accepted.status_code == 302
    closed_march.refresh_from_db()
    assert closed_march.total_investment == 60000
    assert Restatement.objects.get().reason == "总投资按批复调整"


def test_a_project_entered_late_into_a_closed_month_is_a_restatement(
    staff_client,
    closed_march,
    create_data,  # noqa: F811
):
    data = {**create_data, "entered_on": "2023-03-08"}
    refused = staff_client.post(reverse("projects:create"), data)

    assert refused.status_code == 200
    assert "restatement_reason" in refused.context["form"].errors
    assert not Project.objects.filter(name=data["name"]).exists()

    accepted = staff_client.post(reverse("projects:create"), {**data, "restatement_reason": "漏报"})

    assert accepted.status_code == 302
    project = Project.objects.get(name=data["name"])
    restatement = Restatement.objects.get()
    assert (restatement.subject, restatement.subject_url) == (
        str(project),
        project.get_absolute_url(),
    )
