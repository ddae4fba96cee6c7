"""Who is calling: a personal API token (Bearer) or, for same-origin pages, the session.

Every token request is counted against the token's rate limit and recorded by
`record_token_use`, the one place a token's use is written down.
"""

import time

from django.conf import settings
from django.core.cache import cache
from django.utils import timezone
from django.utils.translation import gettext as _
from ninja.security import HttpBearer
from ninja.security.base import AuthBase
from ninja.utils import check_csrf

from api.errors import ApiError
from api.models import ApiToken, hash_secret
from audit.models import AuditEvent
from audit.services import audit_record

# last_used_at is written at most this often per token, so reads do not each cost a write.
LAST_USED_RESOLUTION_SECONDS = 60


class TokenAuth(HttpBearer):
    """Authorization: Bearer jjj_…, a personal token made on the user's token page."""

    def authenticate(self, request, token):
        api_token = (
            ApiToken.objects.usable()
            .select_related("user")
            .filter(secret_hash=hash_secret(token.strip()))
            .first()
        )
        if api_token is None:
            # A wrong token is refused outright, not tried as a session.
            raise ApiError(401, "invalid_token", _("API 令牌无效、已过期或已被撤销。"))
        check_rate_limit(f"token:{api_token.pk}")
        record_token_use(request, api_token)
        request.user = api_token.user
        request.api_token = api_token
        return api_token.user


class SessionAuth(AuthBase):
    """The signed-in browser session, for the registry's own pages (with the CSRF check)."""

    openapi_type = "apiKey"
    openapi_in = "cookie"

    def __init__(self):
        self.openapi_name = settings.SESSION_COOKIE_NAME
        super().__init__()

    def __call__(self, request):
        if not request.user.is_authenticated:
            return None
        if check_csrf(request):
            raise ApiError(403, "csrf_failed", _("CSRF 校验失败：请从本站页面发起请求。"))
        check_rate_limit(f"user:{request.user.pk}")
        request.api_token = None
        return request.user


def check_rate_limit(who):
    """Refuse the request (429) past API_RATE_LIMIT_PER_MINUTE calls in the current minute."""
    limit = settings.API_RATE_LIMIT_PER_MINUTE
    if not limit:
        return
    window = int(time.time() // 60)
    key = f"api-rate:{who}:{window}"
    cache.add(key, 0, timeout=120)
    try:
        calls = cache.incr(key)
    except ValueError:  # evicted between add and incr
        cache.set(key, 1, timeout=120)
        calls = 1
    if calls > limit:
        retry_after = 60 - int(time.time()) % 60
        raise ApiError(
            429,
            "rate_limited",
            _("请求过于频繁：每分钟最多 %(limit)s 次，请 %(seconds)s 秒后再试。")
            % {"limit": limit, "seconds": retry_after},
            headers={"Retry-After": str(retry_after)},
        )


def record_token_use(request, api_token):
    """Write down that `api_token` was used for `request`.

    The token's last use is kept, and written to the security audit log, at most once a
    minute per token (with the request that used it); every write is audited by its
    service's history besides.
    """
    now = timezone.now()
    last = api_token.last_used_at
    if last is None or (now - last).total_seconds() >= LAST_USED_RESOLUTION_SECONDS:
        ApiToken.objects.filter(pk=api_token.pk).update(last_used_at=now)
        api_token.last_used_at = now
        audit_record(
            request=request,
            user=api_token.user,
            action=AuditEvent.Action.API_TOKEN_USE,
            obj=api_token,
            detail={"method": request.method, "path": request.path[:200]},
        )


def require_write(request):
    """Writes need a read-write token (or the session); the role check follows in the service."""
    token = getattr(request, "api_token", None)
    if token is not None and not token.can_write:
        raise ApiError(403, "token_read_only", _("该 API 令牌为只读，不能修改数据。"))
