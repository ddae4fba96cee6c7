"""`manage.py check --deploy` is clean under production settings."""

import os
import secrets
import string
import subprocess
import sys
from pathlib import Path

from django.conf import settings


def test_check_deploy_is_clean_with_production_settings():
    alphabet = string.ascii_letters + string.digits + "!@#%^&*(-_=+)"
    # Only the production knobs: the browser fixture sets DJANGO_ALLOW_ASYNC_UNSAFE in
    # this process, which check --deploy rightly refuses.
    inherited = {k: v for k, v in os.environ.items() if not k.startswith("DJANGO_")}
    env = {
        **inherited,
        "DJANGO_HTTPS": "on",
        "DJANGO_SECRET_KEY": "".join(secrets.choice(alphabet) for _ in range(50)),
        "DJANGO_DEBUG": "0",
        "DJANGO_SETTINGS_MODULE": "registry.settings",
    }
    result = subprocess.run(
        [sys.executable, "manage.py", "check", "--deploy", "--fail-level", "WARNING"],
        cwd=Path(settings.BASE_DIR),
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
    )

    assert result.returncode == 0, result.stdout + result.stderr
    assert "System check identified no issues" in result.stdout
