"""Idempotency-Key: a POST retried with the same key gets the first answer back, unwritten twice.

The key is the caller's (any string up to 200 characters, a UUID is usual) and belongs to the
user. Only successful answers are kept — a refused request wrote nothing, so retrying it is
safe anyway. The same key with another body is refused (422), as it is surely a client bug.
Kept answers are forgotten after API_IDEMPOTENCY_HOURS.
"""

import datetime
import hashlib
import json

from django.conf import settings
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from api.errors import ApiError
from api.models import IdempotentResponse

HEADER = "Idempotency-Key"
MAX_KEY_LENGTH = 200


def _request_hash(request):
    return hashlib.sha256(
        request.method.encode() + request.path.encode() + request.body
    ).hexdigest()


def idempotent(request, write, status=200):
    """(status, body) of `write()`, or of the first request that carried the same key."""
    key = request.headers.get(HEADER, "").strip()
    if not key:
        return status, write()
    if len(key) > MAX_KEY_LENGTH or not key.isprintable():
        raise ApiError(
            400,
            "invalid_idempotency_key",
            _("Idempotency-Key 最长 200 个字符，且只能含可打印字符。"),
        )
    digest = _request_hash(request)
    kept = _kept(request.user, key)
    if kept is None:
        try:
            with transaction.atomic():
                # Claim the key before writing: a concurrent retry's claim waits on the unique
                # index until this transaction ends, then fails and replays this answer.
                claim = IdempotentResponse.objects.create(
                    user=request.user,
                    key=key,
                    endpoint=request.path[:300],
                    request_hash=digest,
                    status_code=0,
                    body={},
                )
                body = json.loads(json.dumps(write(), default=str))
                claim.status_code, claim.body = status, body
                claim.save(update_fields=["status_code", "body"])
                return status, body
        except IntegrityError:
            kept = _kept(request.user, key)
            if kept is None:  # not a claim that lost, but the write's own refusal
                raise
    if kept.request_hash != digest:
        raise ApiError(
            422,
            "idempotency_key_reused",
            _("该 Idempotency-Key 已用于另一请求：请为新的请求使用新的键。"),
        )
    return kept.status_code, kept.body


def _kept(user, key):
    since = timezone.now() - datetime.timedelta(hours=settings.API_IDEMPOTENCY_HOURS)
    IdempotentResponse.objects.filter(user=user, key=key, created_at__lt=since).delete()
    return IdempotentResponse.objects.filter(user=user, key=key).first()
