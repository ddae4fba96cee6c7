"""Restore the database and the uploaded files from a backup directory."""

from django.core.management.base import BaseCommand, CommandError

from projects.backups import BackupError, backup_restore


class Command(BaseCommand):
    help = (
        "Replace the database and MEDIA_ROOT with a backup made by `manage.py backup`. "
        "Stop the web server and workers first."
    )

    def add_arguments(self, parser):
        parser.add_argument("backup", help="the backup directory")
        parser.add_argument("--yes", action="store_true", help="do not ask for confirmation")

    def handle(self, *args, backup, yes=False, **options):
        if not yes:
            answer = input(f"Replace the database and media with {backup}? [y/N] ")
            if answer.strip().lower() not in ("y", "yes"):
                raise CommandError("not restored")
        try:
            backup_restore(source=backup)
        except BackupError as e:
            raise CommandError(str(e)) from e
        self.stdout.write(f"restored {backup}")
