"""System checks: a production start refuses the public development key."""

from django.conf import settings
from django.core.checks import Error, Tags, register


@register(Tags.security, deploy=True)
def check_secret_key_is_not_the_development_one(app_configs, **kwargs):
    keys = [settings.SECRET_KEY, *getattr(settings, "SECRET_KEY_FALLBACKS", [])]
    if settings.DEVELOPMENT_SECRET_KEY in keys or any(k.startswith("insecure") for k in keys):
        return [
            Error(
                "DJANGO_SECRET_KEY is the public development key.",
                hint="Set DJANGO_SECRET_KEY to a long random value (e.g. "
                "python -c 'import secrets; print(secrets.token_urlsafe(50))').",
                id="accounts.E001",
            )
        ]
    return []


@register(Tags.security)
def check_audit_retention(app_configs, **kwargs):
    if settings.AUDIT_RETENTION_DAYS < 180:
        return [
            Error(
                f"AUDIT_RETENTION_DAYS is {settings.AUDIT_RETENTION_DAYS}; the law asks for "
                "at least 180 days of logs.",
                hint="Set AUDIT_RETENTION_DAYS to 180 or more.",
                id="accounts.E002",
            )
        ]
    return []
