"""Personal API tokens and the responses kept for idempotent retries."""

import hashlib
import secrets

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

TOKEN_PREFIX = "jjj_"


def hash_secret(secret):
    """The stored form of a token: SHA-256 of its text (the text itself is never kept).

    A token is 256 random bits, so a fast hash is enough: there is nothing to guess.
    """
    return hashlib.sha256(secret.encode()).hexdigest()


def new_secret():
    return TOKEN_PREFIX + secrets.token_urlsafe(32)


class ApiTokenQuerySet(models.QuerySet):
    def usable(self, now=None):
        """Tokens neither revoked nor expired, of active users."""
        now = now or timezone.now()
        return self.filter(revoked_at__isnull=True, expires_at__gt=now, user__is_active=True)


class ApiToken(models.Model):
    class Scope(models.TextChoices):
        READ = "read", _("只读")
        READ_WRITE = "read_write", _("读写")

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("用户"),
        on_delete=models.CASCADE,
        related_name="api_tokens",
    )
    name = models.CharField(_("用途"), max_length=100)
    # The first characters of the secret, to tell tokens apart in lists and logs.
    hint = models.CharField(_("令牌开头"), max_length=12)
    secret_hash = models.CharField(_("令牌摘要"), max_length=64, unique=True, editable=False)
    scope = models.CharField(_("权限"), max_length=12, choices=Scope.choices, default=Scope.READ)
    created_at = models.DateTimeField(_("创建时间"), auto_now_add=True)
    expires_at = models.DateTimeField(_("到期时间"))
    last_used_at = models.DateTimeField(_("最近使用"), null=True, blank=True)
    revoked_at = models.DateTimeField(_("撤销时间"), null=True, blank=True)

    objects = ApiTokenQuerySet.as_manager()

    class Meta:
        verbose_name = _("API 令牌")
        verbose_name_plural = _("API 令牌")
        ordering = ["-created_at", "-id"]

    def __str__(self):
        return f"{self.name}（{self.hint}…）"

    def get_absolute_url(self):
        return reverse("api:tokens")

    @property
    def can_write(self):
        return self.scope == self.Scope.READ_WRITE

    def is_usable(self, now=None):
        now = now or timezone.now()
        return self.revoked_at is None and self.expires_at > now


class IdempotentResponse(models.Model):
    """The response to a POST sent with an Idempotency-Key, replayed when the key returns."""

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("用户"), on_delete=models.CASCADE, related_name="+"
    )
    key = models.CharField(_("幂等键"), max_length=200)
    endpoint = models.CharField(_("接口"), max_length=300)
    request_hash = models.CharField(_("请求摘要"), max_length=64)
    status_code = models.PositiveSmallIntegerField(_("状态码"))
    body = models.JSONField(_("响应"))
    created_at = models.DateTimeField(_("时间"), auto_now_add=True, db_index=True)

    class Meta:
        verbose_name = _("幂等响应")
        verbose_name_plural = _("幂等响应")
        constraints = [
            models.UniqueConstraint(
                fields=["user", "key"], name="idempotent_response_once_per_key"
            ),
            models.CheckConstraint(condition=~Q(key=""), name="idempotent_response_has_key"),
        ]

    def __str__(self):
        return f"{self.user_id} · {self.key}"
