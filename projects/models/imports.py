"""Ledger imports: an uploaded sheet, what it would change, and what it did."""

from django.conf import settings
from django.db import models
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from platforms.models import Platform, Region


class ImportJob(models.Model):
    """One uploaded ledger, from preview through confirmation."""

    class Kind(models.TextChoices):
        PROJECTS = "projects", _("项目台账")
        REPORTS = "reports", _("完成投资月报")
        RELOCATED_UNITS = "relocated_units", _("京津转入单位")

    class Status(models.TextChoices):
        PENDING = "pending", _("等待解析")
        PARSING = "parsing", _("正在解析")
        PREVIEWED = "previewed", _("待确认")
        APPLYING = "applying", _("正在导入")
        APPLIED = "applied", _("已导入")
        FAILED = "failed", _("失败")
        CANCELLED = "cancelled", _("已取消")

    kind = models.CharField(_("导入内容"), max_length=20, choices=Kind.choices)
    file = models.FileField(_("文件"), upload_to="imports/%Y/%m/")
    original_name = models.CharField(_("原文件名"), max_length=255)
    uploaded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("上传人"),
        on_delete=models.SET_NULL,
        null=True,
        related_name="+",
    )
    # The uploader's scope when the file came in (both empty: an admin, everything).
    scope_region = models.ForeignKey(
        Region,
        verbose_name=_("管辖地区"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
    )
    scope_platform = models.ForeignKey(
        Platform,
        verbose_name=_("管辖平台"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
    )
    status = models.CharField(
        _("状态"), max_length=12, choices=Status.choices, default=Status.PENDING
    )
    message = models.TextField(_("说明"), blank=True)
    total_rows = models.PositiveIntegerField(_("数据行数"), default=0)
    processed_rows = models.PositiveIntegerField(_("已处理行数"), default=0)
    created_count = models.PositiveIntegerField(_("新增"), default=0)
    updated_count = models.PositiveIntegerField(_("更新"), default=0)
    unchanged_count = models.PositiveIntegerField(_("无变化"), default=0)
    rejected_count = models.PositiveIntegerField(_("拒绝"), default=0)
    # [{"row": 7, "column": "总投资（万元）", "reason": "金额格式不正确：…"}, …]
    row_errors = models.JSONField(_("被拒绝的行"), default=list, blank=True)
    # What confirming would do: counts, sample rows and a digest of the whole plan,
    # so a confirm after the data moved on is caught rather than applied blindly.
    preview = models.JSONField(_("预览结果"), default=dict, blank=True)
    created_at = models.DateTimeField(_("上传时间"), auto_now_add=True)
    finished_at = models.DateTimeField(_("完成时间"), null=True, blank=True)
    applied_at = models.DateTimeField(_("导入时间"), null=True, blank=True)
    # Last sign of life of a running job (queued, progress): one silent for longer than
    # LEDGER_JOB_TIMEOUT_SECONDS is failed, so its page stops waiting and it can be retried.
    heartbeat_at = models.DateTimeField(_("最近进展"), null=True, blank=True)

    class Meta:
        verbose_name = _("台账导入")
        verbose_name_plural = _("台账导入")
        ordering = ["-created_at", "-id"]
        indexes = [models.Index(fields=["uploaded_by", "-created_at"], name="import_job_by_user")]

    def __str__(self):
        return f"{self.original_name}（{self.get_kind_display()}）"

    def get_absolute_url(self):
        return reverse("ledger:job", args=[self.pk])

    @property
    def scope(self):
        return self.scope_platform or self.scope_region

    @property
    def is_running(self):
        return self.status in (self.Status.PENDING, self.Status.PARSING, self.Status.APPLYING)

    @property
    def progress_percent(self):
        if not self.total_rows:
            return 0
        return min(100, self.processed_rows * 100 // self.total_rows)
