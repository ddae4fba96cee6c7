"""What the security audit log records, and that nothing rewrites it."""

import contextlib
import datetime
import io

import pgtrigger
import pytest
from django.core.management import call_command
from django.db import connection, models
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from audit.models import AppendOnlyError, AuditEvent
from audit.services import audit_purge, audit_record
from projects.models import Membership, Unit
from tests.pages.conftest import PASSWORD, client_for


def actions():
    events = AuditEvent.objects.exclude(action="membership_change").order_by("pk")
    return list(events.values_list("action", "result", "username"))


def test_sign_in_failure_and_sign_out_are_recorded_with_the_address(staff):
    client = Client(REMOTE_ADDR="192.0.2.10")
    client.post(reverse("login"), {"username": "staff_a", "password": "wrong"})
    client.post(reverse("login"), {"username": "staff_a", "password": PASSWORD})
    client.post(reverse("logout"))

    assert actions() == [
        ("login_failed", "failure", "staff_a"),
        ("login", "success", "staff_a"),
        ("logout", "success", "staff_a"),
    ]
    signs = AuditEvent.objects.exclude(action="membership_change")
    assert set(signs.values_list("ip_address", flat=True)) == {"192.0.2.10"}


def test_a_lockout_is_recorded(staff, settings):
    client = Client()
    for _ in range(settings.AXES_FAILURE_LIMIT):
        client.post(reverse("login"), {"username": "staff_a", "password": "wrong"})

    lockout = AuditEvent.objects.get(action="lockout")
    assert lockout.result == "denied" and lockout.detail["username"] == "staff_a"


def test_membership_and_role_changes_are_recorded(places, django_user_model):
    user = django_user_model.objects.create_user("newcomer", password=PASSWORD)
    unit = Unit.objects.create(name="新单位", scope_region=places["sjz"])
    membership = Membership.objects.create(user=user, unit=unit, role=Membership.Role.STAFF)
    membership.role = Membership.Role.OFFICIAL
    membership.save()
    membership.delete()

    changes = AuditEvent.objects.filter(action="membership_change").order_by("pk")
    assert [e.detail["change"] for e in changes] == ["add", "change", "delete"]
    assert changes[1].detail["role"] == "official" and changes[0].detail["member"] == "newcomer"


def test_admin_changes_are_recorded_with_the_object(admin_client, places):
    unit = Unit.objects.create(name="旧名", scope_region=places["sjz"])

    admin_client.post(
        reverse("admin:projects_unit_change", args=[unit.pk]),
        {"name": "新名", "scope_region": places["sjz"].pk, "scope_platform": ""},
    )

    event = AuditEvent.objects.get(action="admin_action")
    assert event.username == "admin" and event.object_id == str(unit.pk)
    assert event.object_repr == "新名" and event.detail["flag"] == "change"


def test_downloads_are_recorded(staff):
    client_for(staff).get(reverse("ledger:template", args=["projects"]) + "?x=1")

    event = AuditEvent.objects.get(action="download")
    assert event.username == "staff_a" and event.detail["path"].endswith("projects.xlsx")
    assert event.detail["filename"].endswith(".xlsx") and event.detail["query"] == "x=1"


def test_an_export_of_projects_is_recorded(staff, project):
    response = client_for(staff).get(reverse("ledger:export_projects"))

    assert response.status_code == 200
    assert AuditEvent.objects.filter(action="download", username="staff_a").count() == 1


def test_a_refused_download_is_not_a_download(official):
    client_for(official).get(reverse("ledger:template", args=["projects"]))

    assert not AuditEvent.objects.filter(action="download").exists()


def test_records_cannot_be_changed_or_deleted(db):
    event = audit_record(action=AuditEvent.Action.LOGIN, detail={"username": "x"})

    event.result = "failure"
    with pytest.raises(AppendOnlyError):
        event.save()
    with pytest.raises(AppendOnlyError):
        event.delete()
    with pytest.raises(AppendOnlyError):
        AuditEvent.objects.filter(pk=event.pk).update(result="failure")
    with pytest.raises(AppendOnlyError):
        AuditEvent.objects.all().delete()
    assert AuditEvent.objects.get(pk=event.pk).result == "success"


def _aged(days):
    event = audit_record(action=AuditEvent.Action.LOGIN, detail={"username": f"d{days}"})
    # Only a test backdates a record: around the Django guard (and PostgreSQL's trigger).
    with contextlib.ExitStack() as stack:
        if connection.vendor == "postgresql":
            stack.enter_context(pgtrigger.ignore("audit.AuditEvent:append_only"))
        models.QuerySet.update(
            AuditEvent.objects.filter(pk=event.pk),
            at=timezone.now() - datetime.timedelta(days=days),
        )
    return event


def test_purge_removes_only_records_past_the_retention(db, settings):
    settings.AUDIT_RETENTION_DAYS = 180
    kept = [_aged(0), _aged(179)]
    _aged(181)
    _aged(400)

    assert audit_purge() == 2

    remaining = set(AuditEvent.objects.exclude(action="audit_purge").values_list("pk", flat=True))
    assert remaining == {e.pk for e in kept}
    purge = AuditEvent.objects.get(action="audit_purge")
    assert purge.detail["deleted"] == 2


def test_purge_never_keeps_less_than_180_days(db, settings):
    settings.AUDIT_RETENTION_DAYS = 30
    _aged(100)

    call_command("audit_purge", stdout=io.StringIO())

    assert AuditEvent.objects.filter(action="login").count() == 1


def test_a_ledger_upload_and_its_confirm_are_recorded(staff, places, settings, tmp_path):
    from projects.models import ImportJob
    from tests.ledger.conftest import csv_bytes, project_row, upload

    settings.MEDIA_ROOT = tmp_path / "media"
    client = client_for(staff)
    client.post(
        reverse("ledger:index"), {"kind": "projects", "file": upload(csv_bytes([project_row()]))}
    )
    job = ImportJob.objects.get()
    client.post(reverse("ledger:job_confirm", args=[job.pk]))

    events = AuditEvent.objects.filter(action__startswith="import").order_by("pk")
    assert [(e.action, e.username, e.object_id) for e in events] == [
        ("import_upload", "staff_a", str(job.pk)),
        ("import_confirm", "staff_a", str(job.pk)),
    ]
    assert events[0].detail["kind"] == "projects"


def test_a_bulk_admin_delete_records_each_object(admin_client, places):
    units = [Unit.objects.create(name=f"待删单位{n}", scope_region=places["sjz"]) for n in range(3)]

    admin_client.post(
        reverse("admin:projects_unit_changelist"),
        {"action": "delete_selected", "_selected_action": [u.pk for u in units], "post": "yes"},
    )

    assert not Unit.objects.filter(pk__in=[u.pk for u in units]).exists()
    deleted = AuditEvent.objects.filter(action="admin_action", detail__flag="delete")
    assert sorted(deleted.values_list("object_repr", flat=True)) == [u.name for u in units]
