"""On PostgreSQL the database itself refuses to change or delete an audit record."""

import datetime

import pytest
from django.db import connection, transaction
from django.db.utils import InternalError
from django.utils import timezone

from audit.models import AuditEvent
from audit.services import audit_purge, audit_record

pytestmark = pytest.mark.postgres


def _raw(sql, params):
    with transaction.atomic(), connection.cursor() as cursor:
        cursor.execute(sql, params)


def test_a_delete_in_sql_is_refused(db):
    event = audit_record(action=AuditEvent.Action.LOGIN, detail={"username": "x"})

    with pytest.raises(InternalError, match="Cannot update or delete"):
        _raw("DELETE FROM audit_auditevent WHERE id = %s", [event.pk])

    assert AuditEvent.objects.filter(pk=event.pk).exists()


def test_an_update_in_sql_is_refused(db):
    event = audit_record(action=AuditEvent.Action.LOGIN, detail={"username": "x"})

    with pytest.raises(InternalError, match="Cannot update or delete"):
        _raw("UPDATE audit_auditevent SET result = 'failure' WHERE id = %s", [event.pk])

    assert AuditEvent.objects.get(pk=event.pk).result == "success"


def test_the_purge_alone_passes_the_trigger(db):
    import pgtrigger

    old = audit_record(action=AuditEvent.Action.LOGIN, detail={"username": "old"})
    with pgtrigger.ignore("audit.AuditEvent:append_only"):
        _raw(
            "UPDATE audit_auditevent SET at = %s WHERE id = %s",
            [timezone.now() - datetime.timedelta(days=365), old.pk],
        )
    recent = audit_record(action=AuditEvent.Action.LOGIN, detail={"username": "new"})

    assert audit_purge() == 1

    assert not AuditEvent.objects.filter(pk=old.pk).exists()
    assert AuditEvent.objects.filter(pk=recent.pk).exists()
    with pytest.raises(InternalError):
        _raw("DELETE FROM audit_auditevent WHERE id = %s", [recent.pk])
