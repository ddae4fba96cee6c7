"""Audit records for what Django and its add-ons signal: sign-ins, sign-outs, lockouts,
role (group) changes and every admin change (the admin's LogEntry)."""

from axes.signals import user_locked_out
from django.contrib.admin.models import LogEntry
from django.contrib.auth import get_user_model
from django.contrib.auth.signals import user_logged_in, user_logged_out, user_login_failed
from django.db.models.signals import m2m_changed, post_delete, post_save
from django.dispatch import receiver
from django_otp.plugins.otp_totp.models import TOTPDevice

from audit.models import AuditEvent
from audit.services import audit_record

Action = AuditEvent.Action


@receiver(user_logged_in, dispatch_uid="audit_login")
def _logged_in(sender, request, user, **kwargs):
    audit_record(request=request, user=user, action=Action.LOGIN)


@receiver(user_logged_out, dispatch_uid="audit_logout")
def _logged_out(sender, request, user, **kwargs):
    if user is not None:
        audit_record(request=request, user=user, action=Action.LOGOUT)


@receiver(user_login_failed, dispatch_uid="audit_login_failed")
def _login_failed(sender, credentials, request=None, **kwargs):
    username = str(credentials.get("username", ""))[:150]
    audit_record(
        request=request,
        user=None,
        action=Action.LOGIN_FAILED,
        result=AuditEvent.Result.FAILURE,
        detail={"username": username},
    )


@receiver(user_locked_out, dispatch_uid="audit_lockout")
def _locked_out(sender, request, username, ip_address, **kwargs):
    audit_record(
        request=request,
        user=None,
        action=Action.LOCKOUT,
        result=AuditEvent.Result.DENIED,
        detail={"username": str(username or "")[:150], "ip_address": ip_address},
    )


@receiver(m2m_changed, sender=get_user_model().groups.through, dispatch_uid="audit_groups")
def _groups_changed(sender, instance, action, pk_set, reverse, **kwargs):
    if action not in ("post_add", "post_remove", "post_clear") or reverse:
        return
    audit_record(
        user=_current_user(),
        action=Action.ROLE_CHANGE,
        obj=instance,
        detail={"change": action.removeprefix("post_"), "groups": sorted(pk_set or [])},
    )


@receiver(post_delete, sender=TOTPDevice, dispatch_uid="audit_otp_reset")
def _device_deleted(sender, instance, **kwargs):
    # A security administrator deleting a confirmed device resets the user's second factor.
    if instance.confirmed:
        audit_record(
            request=current_request(),
            action=Action.OTP_RESET,
            obj=instance,
            detail={"device_user": instance.user.get_username()},
        )


@receiver(post_save, sender=LogEntry, dispatch_uid="audit_admin_log")
def _admin_logged(sender, instance, created, **kwargs):
    if created:
        record_admin_entry(instance)


def record_admin_entry(instance):
    audit_record(
        request=current_request(),
        user=instance.user,
        action=Action.ADMIN_ACTION,
        obj=instance,
        detail={
            "flag": {1: "add", 2: "change", 3: "delete"}.get(instance.action_flag, "other"),
            "message": instance.get_change_message(),
        },
    )


def current_request():
    # simple_history's middleware keeps the request of the current thread.
    from simple_history.models import HistoricalRecords

    return getattr(HistoricalRecords.context, "request", None)


def _current_user():
    request = current_request()
    return getattr(request, "user", None) if request is not None else None


def install_bulk_admin_log_hook():
    """Audit the admin's bulk log entries too (e.g. "delete selected" of several objects).

    Django writes those with bulk_create, which sends no post_save; one entry is saved
    (and recorded above) as usual.
    """
    from django.contrib.admin.models import LogEntryManager

    original = LogEntryManager.log_actions
    if getattr(original, "audited", False):
        return

    def log_actions(self, *args, **kwargs):
        result = original(self, *args, **kwargs)
        entries = result if isinstance(result, list) else [result]
        if len(entries) > 1:
            for entry in entries:
                record_admin_entry(entry)
        return result

    log_actions.audited = True
    LogEntryManager.log_actions = log_actions
