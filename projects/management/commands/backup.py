"""Back up the database and the uploaded files (projects/backups.py)."""

from django.core.management.base import BaseCommand, CommandError

from projects.backups import BackupError, backup_create


class Command(BaseCommand):
    help = "Back up the database (pg_dump or SQLite's online backup) and MEDIA_ROOT."

    def add_arguments(self, parser):
        parser.add_argument("--to", help="directory for the backup (default BACKUP_DIR)")

    def handle(self, *args, to=None, **options):
        try:
            target = backup_create(destination=to)
        except BackupError as e:
            raise CommandError(str(e)) from e
        self.stdout.write(str(target))
