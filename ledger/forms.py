"""The upload form and the quarterly report's period form."""

from django import forms
from django.conf import settings
from django.template.defaultfilters import filesizeformat
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from projects.models import ImportJob
from projects.periods import FIRST_YEAR, LAST_YEAR

ACCEPTED = (".xlsx", ".xlsm", ".csv", ".txt")


class UploadForm(forms.Form):
    kind = forms.ChoiceField(
        label=_("导入内容"), choices=ImportJob.Kind.choices, initial=ImportJob.Kind.PROJECTS
    )
    file = forms.FileField(
        label=_("台账文件"),
        help_text=_("Excel 工作簿（.xlsx）或 CSV（UTF-8 或 GB18030 编码）。"),
        widget=forms.ClearableFileInput(attrs={"accept": ",".join(ACCEPTED)}),
        error_messages={"required": _("请选择要导入的文件。"), "empty": _("上传的文件是空的。")},
    )

    def clean_file(self):
        upload = self.cleaned_data["file"]
        name = upload.name.lower()
        if name.endswith((".xls", ".et")):
            raise forms.ValidationError(
                _(
                    "这是旧版 Excel（.xls）或 WPS 格式的文件，请在 Excel/WPS 中“另存为” .xlsx 后再导入。"
                )
            )
        if not name.endswith(ACCEPTED):
            raise forms.ValidationError(_("请上传 .xlsx 或 .csv 文件。"))
        if upload.size > settings.IMPORT_MAX_BYTES:
            raise forms.ValidationError(
                _("文件大小为 %(size)s，超过上限 %(max)s。请拆分后分批导入。")
                % {
                    "size": filesizeformat(upload.size),
                    "max": filesizeformat(settings.IMPORT_MAX_BYTES),
                }
            )
        return upload


def _this_quarter():
    today = timezone.localdate()
    return (today.month - 1) // 3 + 1


class QuarterForm(forms.Form):
    year = forms.IntegerField(label=_("年份"), min_value=FIRST_YEAR, max_value=LAST_YEAR)
    quarter = forms.TypedChoiceField(
        label=_("季度"),
        choices=[(1, _("第一季度")), (2, _("第二季度")), (3, _("第三季度")), (4, _("第四季度"))],
        coerce=int,
    )

    def __init__(self, data=None, **kwargs):
        super().__init__(data, **kwargs)
        today = timezone.localdate()
        self.initial = {"year": today.year, "quarter": _this_quarter(), **self.initial}

    def chosen(self):
        """(year, quarter): the valid choice, else this quarter."""
        if self.is_bound and self.is_valid():
            return self.cleaned_data["year"], self.cleaned_data["quarter"]
        return self.initial["year"], self.initial["quarter"]
