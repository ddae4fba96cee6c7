"""Writing and purging the security audit log: the only two ways rows come and go.

Call `audit_record` wherever a security-relevant thing happens. Period closes have
no page of their own yet; whatever closes a period should call

    audit_record(request=request, action=AuditEvent.Action.PERIOD_CLOSE, obj=period,
                 detail={"period": "2024-03"})

so the close appears in the auditor's search like every other event.
"""

import datetime
import logging

import pgtrigger
from axes.helpers import get_client_ip_address
from django.conf import settings
from django.contrib.admin.models import LogEntry
from django.db import connection, models, transaction
from django.utils import timezone

from audit.models import AuditEvent

log = logging.getLogger(__name__)

# The Cybersecurity Law (网络安全法 第二十一条) asks for logs kept at least six months.
MIN_RETENTION_DAYS = 180


def client_ip(request):
    """The client's address, read with the same trusted-proxy rule the login lockout uses."""
    if request is None:
        return None
    return get_client_ip_address(request) or None


def _object_fields(obj):
    if obj is None:
        return {}
    if isinstance(obj, LogEntry):
        # An admin change names the object it changed, not the log line.
        return {
            "object_type": obj.content_type.app_labeled_name if obj.content_type_id else "",
            "object_id": str(obj.object_id or "")[:64],
            "object_repr": obj.object_repr[:200],
        }
    if isinstance(obj, models.Model):
        return {
            "object_type": obj._meta.label_lower,
            "object_id": str(obj.pk or ""),
            "object_repr": str(obj)[:200],
        }
    return {"object_type": type(obj).__name__, "object_repr": str(obj)[:200]}


def audit_record(*, request=None, user=None, action, obj=None, result="success", detail=None):
    """Append one audit record; the user defaults to the request's, the IP to its client's."""
    if user is None and request is not None:
        user = getattr(request, "user", None)
    authenticated = user is not None and getattr(user, "is_authenticated", False)
    event = AuditEvent(
        user=user if authenticated and user.pk else None,
        username=(user.get_username() if authenticated else (detail or {}).get("username", ""))[
            :150
        ],
        ip_address=client_ip(request),
        action=action,
        result=result,
        detail=detail or {},
        **_object_fields(obj),
    )
    event.full_clean(exclude=["user"])
    event.save()
    return event


def retention_days():
    return max(settings.AUDIT_RETENTION_DAYS, MIN_RETENTION_DAYS)


def audit_purge(*, now=None):
    """Delete the records older than the retention period (never under 180 days); return how many."""
    cutoff = (now or timezone.now()) - datetime.timedelta(days=retention_days())
    old = AuditEvent.objects.filter(at__lt=cutoff)
    with transaction.atomic():
        if connection.vendor == "postgresql":
            with pgtrigger.ignore("audit.AuditEvent:append_only"):
                count, _per_model = models.QuerySet.delete(old)
        else:
            count, _per_model = models.QuerySet.delete(old)
        audit_record(
            action=AuditEvent.Action.AUDIT_PURGE,
            detail={"deleted": count, "before": cutoff.isoformat(), "username": "system"},
        )
    return count
