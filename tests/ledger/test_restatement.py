"""A ledger that moves a closed month's totals is refused until the confirmation gives a reason."""

import datetime
from decimal import Decimal

import pytest
from django.test import Client
from django.urls import reverse

from projects import totals
from projects.models import ImportJob, InvestmentReport, Restatement
from projects.reporting.services import period_close
from tests.ledger.conftest import csv_bytes, preview
from tests.ledger.test_import_reports_units import REPORT_HEADERS, report, started  # noqa: F401

pytestmark = pytest.mark.django_db
MAY = datetime.date(2023, 5, 1)


def test_an_import_into_a_closed_month_needs_a_reason(staff, started, places):  # noqa: F811
    totals.aggregates_rebuild()
    period_close(actor=None, scope=places["province"], month=MAY, force=True)
    job = preview(
        staff,
        csv_bytes([report(started, "2023-05", "1,200")], headers=REPORT_HEADERS),
        kind="reports",
    )
    client = Client()
    client.force_login(staff)
    confirm = reverse("ledger:job_confirm", args=[job.pk])

    client.post(confirm)

    job.refresh_from_db()
    assert job.status == ImportJob.Status.PREVIEWED
    assert "没有写入任何数据" in job.message and "2023-05" in job.message
    assert not InvestmentReport.objects.exists()
    page = client.get(job.get_absolute_url()).content.decode()
    assert 'name="restatement_reason"' in page

    client.post(confirm, {"restatement_reason": "补报五月完成投资"})

    job.refresh_from_db()
    assert job.status == ImportJob.Status.APPLIED, job.message
    assert InvestmentReport.objects.get().completed_investment == Decimal("1200.00")
    restatement = Restatement.objects.get()
    assert (restatement.actor, restatement.reason) == (staff, "补报五月完成投资")
    assert restatement.subject_url == job.get_absolute_url()
