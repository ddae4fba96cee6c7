"""Writes of the api app: personal tokens are created and revoked here, kept answers purged."""

import datetime

from django.conf import settings
from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from api.models import ApiToken, IdempotentResponse, hash_secret, new_secret

HINT_LENGTH = 8


def api_token_create(*, user, name, scope, valid_days):
    """A new token for `user`: (the token, its secret text — shown once, stored only hashed)."""
    secret = new_secret()
    token = ApiToken(
        user=user,
        name=name.strip(),
        scope=scope,
        hint=secret[:HINT_LENGTH],
        secret_hash=hash_secret(secret),
        expires_at=timezone.now() + datetime.timedelta(days=valid_days),
    )
    token.full_clean()
    with transaction.atomic():
        token.save()
    return token, secret


def api_token_revoke(*, user, token):
    """Revoke one of the user's own tokens (idempotent: revoking twice keeps the first time)."""
    if token.user_id != user.pk:
        raise PermissionDenied(_("只能撤销自己的令牌。"))
    if token.revoked_at is None:
        token.revoked_at = timezone.now()
        token.save(update_fields=["revoked_at"])
    return token


def idempotent_responses_purge(*, now=None):
    """Forget the kept answers older than API_IDEMPOTENCY_HOURS; returns how many."""
    since = (now or timezone.now()) - datetime.timedelta(hours=settings.API_IDEMPOTENCY_HOURS)
    deleted, _by_model = IdempotentResponse.objects.filter(created_at__lt=since).delete()
    return deleted
