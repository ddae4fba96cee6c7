"""Security audit records for the project registry's own security-relevant changes:
who belongs to which unit in which role, and ledger uploads."""

from django.db.models.signals import post_delete, post_save

from audit.models import AuditEvent
from audit.receivers import current_request
from audit.services import audit_record


def _membership_saved(sender, instance, created, **kwargs):
    audit_record(
        request=current_request(),
        action=AuditEvent.Action.MEMBERSHIP_CHANGE,
        obj=instance,
        detail={
            "change": "add" if created else "change",
            "member": instance.user.get_username(),
            "unit": instance.unit.name,
            "role": instance.role,
        },
    )


def _membership_deleted(sender, instance, **kwargs):
    audit_record(
        request=current_request(),
        action=AuditEvent.Action.MEMBERSHIP_CHANGE,
        obj=instance,
        detail={"change": "delete", "member": instance.user.get_username(), "role": instance.role},
    )


def _import_saved(sender, instance, created, **kwargs):
    if created:
        audit_record(
            request=current_request(),
            user=instance.uploaded_by,
            action=AuditEvent.Action.IMPORT_UPLOAD,
            obj=instance,
            detail={"kind": instance.kind, "file": instance.original_name},
        )


def connect():
    from projects.models import ImportJob, Membership

    post_save.connect(_membership_saved, sender=Membership, dispatch_uid="audit_membership")
    post_delete.connect(_membership_deleted, sender=Membership, dispatch_uid="audit_membership_d")
    post_save.connect(_import_saved, sender=ImportJob, dispatch_uid="audit_import_upload")
