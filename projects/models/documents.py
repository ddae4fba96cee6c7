"""Documents attached to a project or to one of its stage entries (the evidence of a stage)."""

import uuid

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.files.storage import storages
from django.db import models
from django.urls import reverse
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from projects.models.pipeline import Project, StageEntry


def document_storage():
    """The `documents` storage of settings.STORAGES (filesystem under var/, or S3)."""
    return storages["documents"]


def document_path(document, filename):
    # Never the uploader's name: a fresh name under the project, with the detected extension.
    return f"projects/{document.project_id}/{uuid.uuid4().hex}.{document.extension}"


class Document(models.Model):
    class Kind(models.TextChoices):
        CONTRACT = "contract", _("合同")
        LICENCE = "licence", _("营业执照")
        PERMIT = "permit", _("施工许可")
        PHOTO = "photo", _("照片")
        OTHER = "other", _("其他")

    project = models.ForeignKey(
        Project, verbose_name=_("项目"), on_delete=models.CASCADE, related_name="documents"
    )
    stage_entry = models.ForeignKey(
        StageEntry,
        verbose_name=_("所属阶段记录"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="documents",
    )
    kind = models.CharField(_("文件类型"), max_length=10, choices=Kind.choices)
    file = models.FileField(
        _("文件"), storage=document_storage, upload_to=document_path, max_length=200
    )
    original_name = models.CharField(_("原文件名"), max_length=200)
    extension = models.CharField(_("格式"), max_length=8)
    content_type = models.CharField(_("内容类型"), max_length=100)
    size = models.PositiveBigIntegerField(_("大小（字节）"))
    note = models.CharField(_("说明"), max_length=300, blank=True)
    uploaded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("上传人"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    uploaded_at = models.DateTimeField(_("上传时间"), auto_now_add=True)

    history = HistoricalRecords()

    class Meta:
        verbose_name = _("项目文件")
        verbose_name_plural = _("项目文件")
        ordering = ["project", "-uploaded_at", "-id"]

    def __str__(self):
        return f"{self.get_kind_display()} · {self.original_name}"

    def get_absolute_url(self):
        return reverse("records:document", args=[self.pk])

    def clean(self):
        super().clean()
        if self.stage_entry_id and self.stage_entry.project_id != self.project_id:
            raise ValidationError({"stage_entry": _("阶段记录不属于这个项目。")})
