"""Backing up and restoring the registry: the database and the uploaded files (media).

A backup is a directory `<BACKUP_DIR>/<YYYYmmdd-HHMMSS>/` holding
- `database.sqlite3`: SQLite's online backup (a consistent copy while the app runs), or
  `database.pgdump`: `pg_dump --format=custom` of the PostgreSQL database;
- `media.tar.gz`: everything under MEDIA_ROOT (ledger uploads);
- `manifest.json`: when, which engine, which files.

A restore puts both back exactly as they were: the database is replaced whole
(SQLite's backup API into the live file; `pg_restore --clean` on PostgreSQL), and
MEDIA_ROOT is replaced by the backed-up tree. Stop the web and worker processes first.
"""

import json
import os
import shutil
import sqlite3
import subprocess
import tarfile
import tempfile
from pathlib import Path

from django.conf import settings
from django.db import connection, connections
from django.utils import timezone

MANIFEST = "manifest.json"
MEDIA_ARCHIVE = "media.tar.gz"


class BackupError(Exception):
    pass


def _engine():
    return "postgresql" if connection.vendor == "postgresql" else "sqlite"


def _pg_env_and_args():
    db = settings.DATABASES["default"]
    env = {**os.environ, "PGPASSWORD": str(db.get("PASSWORD") or "")}
    args = ["--dbname", db["NAME"], "--username", db.get("USER") or "postgres"]
    if db.get("HOST"):
        args += ["--host", db["HOST"]]
    if db.get("PORT"):
        args += ["--port", str(db["PORT"])]
    return env, args


def _pg_tool(name):
    found = shutil.which(name, path=settings.PG_BIN_DIR or None)
    if found is None:
        raise BackupError(f"{name} not found (install postgresql-client or set PG_BIN_DIR)")
    return found


def _run(cmd, env):
    result = subprocess.run(cmd, env=env, capture_output=True, text=True)
    if result.returncode != 0:
        raise BackupError(f"{Path(cmd[0]).name} failed: {result.stderr.strip()[-2000:]}")


def _sqlite_raw():
    connection.ensure_connection()
    return connection.connection


def backup_create(*, destination=None):
    """Write a backup of the database and media; return its directory."""
    root = Path(destination or settings.BACKUP_DIR)
    target = root / timezone.localtime().strftime("%Y%m%d-%H%M%S")
    target.mkdir(parents=True, exist_ok=False)
    if _engine() == "postgresql":
        env, args = _pg_env_and_args()
        database = target / "database.pgdump"
        _run([_pg_tool("pg_dump"), "--format=custom", "--file", str(database), *args], env)
    else:
        database = target / "database.sqlite3"
        copy = sqlite3.connect(database)
        try:
            _sqlite_raw().backup(copy)
        finally:
            copy.close()
    media = Path(settings.MEDIA_ROOT)
    with tarfile.open(target / MEDIA_ARCHIVE, "w:gz") as archive:
        if media.exists():
            archive.add(media, arcname="media")
    manifest = {
        "created": timezone.now().isoformat(),
        "engine": _engine(),
        "database": database.name,
        "media": MEDIA_ARCHIVE,
    }
    (target / MANIFEST).write_text(json.dumps(manifest, indent=2))
    return target


def backup_restore(*, source):
    """Replace the database and media with those of the backup in `source`."""
    source = Path(source)
    try:
        manifest = json.loads((source / MANIFEST).read_text())
    except FileNotFoundError as e:
        raise BackupError(f"{source} is not a backup (no {MANIFEST})") from e
    if manifest["engine"] != _engine():
        raise BackupError(
            f"the backup is of a {manifest['engine']} database; this one is {_engine()}"
        )
    database = source / manifest["database"]
    if _engine() == "postgresql":
        connections.close_all()
        env, args = _pg_env_and_args()
        cmd = [
            _pg_tool("pg_restore"),
            "--clean",
            "--if-exists",
            "--no-owner",
            "--single-transaction",
        ]
        _run([*cmd, *args, str(database)], env)
    else:
        backup = sqlite3.connect(database)
        try:
            backup.backup(_sqlite_raw())
        finally:
            backup.close()
    _restore_media(source / manifest["media"])
    connections.close_all()


def _restore_media(archive_path):
    media = Path(settings.MEDIA_ROOT)
    media.parent.mkdir(parents=True, exist_ok=True)
    with tempfile.TemporaryDirectory(dir=media.parent) as scratch:
        with tarfile.open(archive_path, "r:gz") as archive:
            archive.extractall(scratch, filter="data")
        restored = Path(scratch, "media")
        if media.exists():
            shutil.rmtree(media)
        if restored.exists():
            restored.rename(media)
        else:
            media.mkdir()
