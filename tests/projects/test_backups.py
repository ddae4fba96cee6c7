"""A restore drill: back up, change data and files, restore, find exactly what was backed up."""

import io
from pathlib import Path

import pytest
from django.core.management import call_command
from django.db import connection

from audit.models import AuditEvent
from projects.backups import BackupError, backup_create, backup_restore
from projects.models import Project
from tests.factories import ProjectFactory


def snapshot(media):
    files = {str(p.relative_to(media)): p.read_bytes() for p in media.rglob("*") if p.is_file()}
    projects = sorted(Project.objects.values_list("pk", "name", "total_investment"))
    return projects, AuditEvent.objects.count(), files


@pytest.fixture
def media(tmp_path, settings):
    settings.MEDIA_ROOT = tmp_path / "media"
    settings.BACKUP_DIR = tmp_path / "backups"
    (settings.MEDIA_ROOT / "imports").mkdir(parents=True)
    (settings.MEDIA_ROOT / "imports" / "ledger.xlsx").write_bytes(b"first upload")
    return settings.MEDIA_ROOT


def drill(media):
    kept = ProjectFactory(name="备份前的项目")
    ProjectFactory(name="也在备份里")
    before = snapshot(media)

    target = backup_create()

    kept.name = "备份后改名"
    kept.save()
    Project.objects.filter(name="也在备份里").delete()
    ProjectFactory(name="备份后新增")
    (media / "imports" / "ledger.xlsx").write_bytes(b"changed")
    (media / "imports" / "new.xlsx").write_bytes(b"added later")
    assert snapshot(media) != before

    call_command("restore", str(target), "--yes", stdout=io.StringIO())

    assert snapshot(media) == before
    return target


@pytest.mark.django_db(transaction=True)
def test_a_restore_brings_back_exactly_the_backed_up_data(media):
    """On SQLite with its online backup; in the PostgreSQL run with pg_dump/pg_restore."""
    target = drill(media)

    database = "database.pgdump" if connection.vendor == "postgresql" else "database.sqlite3"
    assert (target / database).exists() and (target / "media.tar.gz").exists()


@pytest.mark.postgres
@pytest.mark.django_db(transaction=True)
def test_the_restored_postgresql_keeps_the_audit_trigger(media):
    drill(media)

    with connection.cursor() as cursor:
        cursor.execute("SELECT count(*) FROM pg_trigger WHERE tgname LIKE 'pgtrigger_append_only%'")
        assert cursor.fetchone()[0] == 1


def test_a_directory_without_a_manifest_is_refused(tmp_path, db):
    with pytest.raises(BackupError, match="not a backup"):
        backup_restore(source=tmp_path)


@pytest.mark.django_db(transaction=True)
def test_the_backup_command_prints_where_it_wrote(media):
    out = io.StringIO()

    call_command("backup", stdout=out)

    written = Path(out.getvalue().strip())
    assert written.parent == media.parent / "backups" and (written / "manifest.json").exists()
