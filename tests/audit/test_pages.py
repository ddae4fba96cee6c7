"""The auditor's search and exports."""

import csv
import io

from django.urls import reverse
from openpyxl import load_workbook

from audit.models import AuditEvent
from audit.services import audit_record


def _events():
    audit_record(action=AuditEvent.Action.LOGIN, detail={"username": "alice"})
    audit_record(
        action=AuditEvent.Action.LOGIN_FAILED, result="failure", detail={"username": "=cmd|calc"}
    )
    audit_record(
        action=AuditEvent.Action.LOGIN_FAILED, result="failure", detail={"username": "bob"}
    )


def test_the_auditor_searches_by_user_action_result_and_dates(auditor_client):
    _events()

    by_result = auditor_client.get(reverse("audit:events"), {"result": "failure"})
    by_user = auditor_client.get(reverse("audit:events"), {"username": "ALICE"})
    by_action = auditor_client.get(reverse("audit:events"), {"action": "login_failed"})
    none_yet = auditor_client.get(reverse("audit:events"), {"until": "2000-01-01"})

    assert by_result.context["page"].paginator.count == 2
    assert [e.username for e in by_user.context["page"]] == ["alice"]
    assert by_action.context["page"].paginator.count == 2
    assert none_yet.context["page"].paginator.count == 0
    assert "alice" in by_user.content.decode()


def test_a_reversed_date_range_is_explained(auditor_client):
    response = auditor_client.get(
        reverse("audit:events"), {"since": "2024-02-01", "until": "2024-01-01"}
    )

    assert "起始日期不能晚于截止日期" in response.content.decode()


def test_the_csv_export_writes_formulas_as_text(auditor_client):
    _events()

    response = auditor_client.get(reverse("audit:export", args=["csv"]), {"result": "failure"})

    rows = list(csv.reader(io.StringIO(response.content.decode("utf-8-sig"))))
    usernames = [row[1] for row in rows[1:]]
    assert sorted(usernames) == ["'=cmd|calc", "bob"]
    assert AuditEvent.objects.filter(action="audit_export").count() == 1


def test_the_xlsx_export_writes_formulas_as_text(auditor_client):
    audit_record(
        action=AuditEvent.Action.LOGIN_FAILED, result="failure", detail={"username": "@SUM(1)"}
    )
    for start in ("=", "+", "-", "\t", "\r"):
        audit_record(
            action=AuditEvent.Action.LOGIN_FAILED,
            result="failure",
            detail={"username": f"{start}1+1"},
        )

    response = auditor_client.get(reverse("audit:export", args=["xlsx"]), {"result": "failure"})

    sheet = load_workbook(io.BytesIO(response.content)).active
    cells = [row[1] for row in sheet.iter_rows(min_row=2)]
    assert len(cells) == 6
    for cell in cells:
        assert cell.data_type == "s" and cell.quotePrefix, cell.value


def test_an_unknown_export_format_is_404(auditor_client):
    assert auditor_client.get(reverse("audit:export", args=["pdf"])).status_code == 404


def test_the_list_is_paged_with_a_bounded_number_of_queries(
    auditor_client, django_assert_max_num_queries
):
    for n in range(60):
        audit_record(action=AuditEvent.Action.LOGIN, detail={"username": f"u{n}"})

    with django_assert_max_num_queries(13):
        response = auditor_client.get(reverse("audit:events"))

    assert len(response.context["page"]) == 50
