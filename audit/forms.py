from django import forms
from django.utils.translation import gettext_lazy as _

from audit.models import AuditEvent


class AuditSearchForm(forms.Form):
    username = forms.CharField(label=_("用户名"), required=False, max_length=150)
    action = forms.ChoiceField(
        label=_("操作"), required=False, choices=[("", _("全部"))] + AuditEvent.Action.choices
    )
    result = forms.ChoiceField(
        label=_("结果"), required=False, choices=[("", _("全部"))] + AuditEvent.Result.choices
    )
    since = forms.DateField(
        label=_("起始日期"), required=False, widget=forms.DateInput(attrs={"type": "date"})
    )
    until = forms.DateField(
        label=_("截止日期"), required=False, widget=forms.DateInput(attrs={"type": "date"})
    )

    def clean(self):
        data = super().clean()
        if data.get("since") and data.get("until") and data["since"] > data["until"]:
            raise forms.ValidationError(_("起始日期不能晚于截止日期。"))
        return data

    def criteria(self):
        """The search criteria (empty when the form is invalid, so the page shows all)."""
        if not self.is_valid():
            return {}
        return {k: v for k, v in self.cleaned_data.items() if v}
