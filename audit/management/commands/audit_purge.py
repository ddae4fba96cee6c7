"""Delete audit records older than AUDIT_RETENTION_DAYS (at least 180 days)."""

from django.core.management.base import BaseCommand

from audit.services import audit_purge, retention_days


class Command(BaseCommand):
    help = "Delete audit records older than the retention period (AUDIT_RETENTION_DAYS, ≥ 180)."

    def handle(self, *args, **options):
        count = audit_purge()
        self.stdout.write(f"deleted {count} audit records older than {retention_days()} days")
