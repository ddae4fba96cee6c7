"""Defect 8: `check --deploy` is an error with the public development secret key."""

import os
import subprocess
import sys
from pathlib import Path

from django.conf import settings
from django.core.checks import Error

from accounts.checks import check_audit_retention, check_secret_key_is_not_the_development_one


def test_the_development_key_is_an_error(settings):
    settings.SECRET_KEY = settings.DEVELOPMENT_SECRET_KEY

    errors = check_secret_key_is_not_the_development_one(None)

    assert [e.id for e in errors] == ["accounts.E001"] and isinstance(errors[0], Error)


def test_a_real_key_passes(settings):
    settings.SECRET_KEY = "k" * 20 + "a-real-random-key-of-fifty-characters"

    assert check_secret_key_is_not_the_development_one(None) == []


def test_a_retention_under_180_days_is_an_error(settings):
    settings.AUDIT_RETENTION_DAYS = 90

    assert [e.id for e in check_audit_retention(None)] == ["accounts.E002"]


def test_a_production_start_with_the_development_key_fails():
    inherited = {k: v for k, v in os.environ.items() if not k.startswith("DJANGO_")}
    env = {**inherited, "DJANGO_HTTPS": "on", "DJANGO_SETTINGS_MODULE": "registry.settings"}

    result = subprocess.run(
        [sys.executable, "manage.py", "check", "--deploy"],
        cwd=Path(settings.BASE_DIR),
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
    )

    assert result.returncode != 0
    assert "accounts.E001" in result.stderr + result.stdout
