from django import forms
from django.utils.translation import gettext_lazy as _

from api.models import ApiToken

VALIDITY_CHOICES = [
    (30, _("30 天")),
    (90, _("90 天")),
    (180, _("180 天")),
    (365, _("1 年")),
]


class TokenCreateForm(forms.Form):
    name = forms.CharField(
        label=_("用途"),
        max_length=100,
        help_text=_("如“大屏展示”“省重点项目平台月报对接”，便于日后辨认和撤销。"),
    )
    scope = forms.ChoiceField(
        label=_("权限"), choices=ApiToken.Scope.choices, initial=ApiToken.Scope.READ
    )
    valid_days = forms.TypedChoiceField(
        label=_("有效期"), choices=VALIDITY_CHOICES, coerce=int, initial=90
    )
