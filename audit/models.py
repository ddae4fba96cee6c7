"""The security audit log: who did what to which object, from where, with what result.

Rows are append-only. On PostgreSQL a trigger refuses UPDATE and DELETE; the
Django side refuses too (save of an existing row, QuerySet.update/delete), so no
code path can rewrite history. Only `audit_purge` removes rows, and only those
past the retention period (audit.services.audit_purge).
"""

import pgtrigger
from django.conf import settings
from django.core.serializers.json import DjangoJSONEncoder
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _


class AppendOnlyError(Exception):
    """Raised when code tries to change or delete an audit record."""


class AuditEventQuerySet(models.QuerySet):
    def update(self, **kwargs):
        raise AppendOnlyError("audit records cannot be changed")

    def delete(self):
        raise AppendOnlyError("audit records cannot be deleted (use audit_purge)")

    def search(self, *, username="", action="", result="", since=None, until=None):
        """The auditor's search: each criterion only when given; `until` is inclusive."""
        queryset = self
        if username:
            queryset = queryset.filter(username__iexact=username)
        if action:
            queryset = queryset.filter(action=action)
        if result:
            queryset = queryset.filter(result=result)
        if since:
            queryset = queryset.filter(at__date__gte=since)
        if until:
            queryset = queryset.filter(at__date__lte=until)
        return queryset


class AuditEvent(models.Model):
    class Action(models.TextChoices):
        LOGIN = "login", _("登录")
        LOGIN_FAILED = "login_failed", _("登录失败")
        LOCKOUT = "lockout", _("账号锁定")
        LOGOUT = "logout", _("退出")
        OTP_VERIFY = "otp_verify", _("双因素验证")
        OTP_ENROL = "otp_enrol", _("绑定双因素设备")
        OTP_RESET = "otp_reset", _("重置双因素设备")
        PASSWORD_CHANGE = "password_change", _("修改密码")
        MEMBERSHIP_CHANGE = "membership_change", _("单位成员变更")
        ROLE_CHANGE = "role_change", _("角色变更")
        IMPORT_UPLOAD = "import_upload", _("上传台账")
        IMPORT_CONFIRM = "import_confirm", _("确认导入台账")
        DOWNLOAD = "download", _("导出或下载")
        ADMIN_ACTION = "admin_action", _("后台操作")
        PERIOD_CLOSE = "period_close", _("期间关账")
        API_TOKEN_CREATE = "api_token_create", _("创建 API 令牌")
        API_TOKEN_REVOKE = "api_token_revoke", _("撤销 API 令牌")
        API_TOKEN_USE = "api_token_use", _("使用 API 令牌")
        AUDIT_EXPORT = "audit_export", _("导出审计日志")
        AUDIT_PURGE = "audit_purge", _("清理过期审计日志")

    class Result(models.TextChoices):
        SUCCESS = "success", _("成功")
        FAILURE = "failure", _("失败")
        DENIED = "denied", _("拒绝")

    at = models.DateTimeField(_("时间"), default=timezone.now, db_index=True)
    # No database constraint: deleting a user must neither cascade into nor update the log.
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("用户"),
        on_delete=models.DO_NOTHING,
        db_constraint=False,
        null=True,
        blank=True,
        related_name="+",
    )
    username = models.CharField(_("用户名"), max_length=150, blank=True, db_index=True)
    ip_address = models.GenericIPAddressField(_("来源地址"), null=True, blank=True)
    action = models.CharField(_("操作"), max_length=32, choices=Action.choices, db_index=True)
    result = models.CharField(
        _("结果"), max_length=10, choices=Result.choices, default=Result.SUCCESS
    )
    object_type = models.CharField(_("对象类型"), max_length=100, blank=True)
    object_id = models.CharField(_("对象编号"), max_length=64, blank=True)
    object_repr = models.CharField(_("对象"), max_length=200, blank=True)
    detail = models.JSONField(_("详情"), default=dict, blank=True, encoder=DjangoJSONEncoder)

    objects = AuditEventQuerySet.as_manager()

    class Meta:
        verbose_name = _("审计记录")
        verbose_name_plural = _("审计记录")
        ordering = ["-at", "-pk"]
        default_permissions = ("view",)
        triggers = [
            pgtrigger.Protect(name="append_only", operation=pgtrigger.Update | pgtrigger.Delete)
        ]

    def __str__(self):
        return f"{self.at:%Y-%m-%d %H:%M:%S} {self.username or '-'} {self.action} {self.result}"

    def save(self, *args, **kwargs):
        if not self._state.adding:
            raise AppendOnlyError("audit records cannot be changed")
        super().save(*args, **kwargs)

    def delete(self, *args, **kwargs):
        raise AppendOnlyError("audit records cannot be deleted (use audit_purge)")
