"""Forms of the chain-gap target lists."""

from django import forms
from django.utils.translation import gettext_lazy as _

from platforms.models import IndustryChain
from projects.forms import VersionField
from projects.models import Origin
from promotion.forms.common import PlacedForm, date_field, investor_name_field, model_field, today
from promotion.models import TargetEnterprise


class TargetForm(PlacedForm):
    investor_name = investor_name_field(_("目标企业"), "target-enterprise-options")
    origin = forms.ChoiceField(label=_("企业来源地"), choices=Origin.choices)
    chain = forms.ModelChoiceField(label=_("产业链"), queryset=IndustryChain.objects.all())
    gap = model_field(TargetEnterprise, "gap", widget=forms.Textarea(attrs={"rows": 3}))
    listed_on = date_field(_("列入日期"), initial=today)

    unit_required = False
    service_fields = {"enterprise": "investor_name"}
    field_order = ["investor_name", "origin", "chain", "gap", "listed_on"]

    def clean_investor_name(self):
        return " ".join(self.cleaned_data["investor_name"].split())

    def target_fields(self):
        names = ["chain", "region", "platform", "gap", "listed_on"]
        return {name: self.cleaned_data[name] for name in names}

    @classmethod
    def initial_for(cls, target):
        return {
            "investor_name": target.enterprise.name,
            "origin": target.enterprise.origin,
            "chain": target.chain_id,
            "gap": target.gap,
            "listed_on": target.listed_on,
            "region": target.region_id,
            "platform": target.platform_id,
            "unit": target.unit_id,
            "removed_on": target.removed_on,
            "removal_reason": target.removal_reason,
            "version": target.version,
        }


class TargetEditForm(TargetForm):
    removed_on = date_field(
        _("移出日期"), required=False, help_text=_("填写即表示已移出清单（须写原因）。")
    )
    removal_reason = model_field(TargetEnterprise, "removal_reason")
    version = VersionField()

    def clean(self):
        data = super().clean()
        if data.get("removed_on") and not (data.get("removal_reason") or "").strip():
            self.add_error("removal_reason", _("移出清单须填写原因。"))
        return data

    def target_fields(self):
        fields = super().target_fields()
        fields.update(
            removed_on=self.cleaned_data["removed_on"],
            removal_reason=self.cleaned_data["removal_reason"],
        )
        return fields
