"""Forms of leads: record, edit, follow up, drop, convert."""

from django import forms
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from platforms.models import IndustryChain
from projects.forms import ProjectCreateForm, ServiceFormMixin, VersionField
from projects.models import Origin
from promotion.access import visible_activities, visible_ambassadors, visible_targets
from promotion.forms.common import (
    OptionalAmountField,
    PlacedForm,
    date_field,
    investor_name_field,
    model_field,
    owners_for,
    today,
)
from promotion.models import Lead
from promotion.services import LEAD_FIELDS


class LeadForm(PlacedForm):
    title = model_field(Lead, "title")
    investor_name = investor_name_field(_("企业"), "lead-enterprise-options")
    origin = forms.ChoiceField(
        label=_("企业来源地"), choices=Origin.choices, help_text=_("新企业须选择来源地。")
    )
    source = model_field(Lead, "source")
    actor_kind = model_field(Lead, "actor_kind")
    chain = forms.ModelChoiceField(
        label=_("产业链"), queryset=IndustryChain.objects.all(), required=False
    )
    expected_investment = OptionalAmountField(label=_("预计投资"), required=False)
    received_on = date_field(_("收到日期"), initial=today)
    owner = forms.ModelChoiceField(label=_("负责人"), queryset=None, required=False)
    activity = forms.ModelChoiceField(label=_("来自招商活动"), queryset=None, required=False)
    target = forms.ModelChoiceField(label=_("来自补链目标"), queryset=None, required=False)
    ambassador = forms.ModelChoiceField(label=_("推荐的招商大使"), queryset=None, required=False)
    description = model_field(Lead, "description", widget=forms.Textarea(attrs={"rows": 3}))

    service_fields = {"enterprise": "investor_name", "next_due_on": "received_on"}
    field_order = ["title", "investor_name", "origin", "source", "actor_kind", "chain"]

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, user=user, **kwargs)
        self.fields["owner"].queryset = owners_for(user)
        self.fields["activity"].queryset = visible_activities(user).order_by("-held_on", "-id")
        self.fields["target"].queryset = (
            visible_targets(user)
            .filter(removed_on__isnull=True)
            .select_related("enterprise", "chain")
            .order_by("enterprise__name")
        )
        self.fields["ambassador"].queryset = visible_ambassadors(user).filter(ended_on__isnull=True)

    def clean_investor_name(self):
        return " ".join(self.cleaned_data["investor_name"].split())

    def lead_fields(self):
        """The lead's own fields (its enterprise comes from the name and origin)."""
        return {name: self.cleaned_data[name] for name in LEAD_FIELDS if name != "enterprise"}

    @classmethod
    def initial_for(cls, lead):
        initial = {name: getattr(lead, name) for name in cls.base_fields if hasattr(lead, name)}
        initial.update(
            investor_name=lead.enterprise.name,
            origin=lead.enterprise.origin,
            region=lead.region_id,
            platform=lead.platform_id,
            unit=lead.unit_id,
            version=getattr(lead, "version", None),
        )
        return initial


class LeadEditForm(LeadForm):
    version = VersionField()


class FollowUpForm(ServiceFormMixin, forms.Form):
    prefix = "follow"
    on = date_field(_("跟进日期"), initial=today)
    note = forms.CharField(
        label=_("跟进情况"),
        max_length=500,
        widget=forms.Textarea(attrs={"rows": 2}),
        error_messages={"required": _("请填写跟进情况。")},
    )
    version = VersionField()


class DropForm(ServiceFormMixin, forms.Form):
    prefix = "drop"
    on = date_field(_("放弃日期"), initial=today)
    reason = forms.CharField(
        label=_("放弃原因"), max_length=300, error_messages={"required": _("放弃线索须填写原因。")}
    )
    version = VersionField()


class LeadConvertForm(ProjectCreateForm):
    """The project form, filled from the lead; the lead's version guards against a double convert."""

    lead_version = VersionField()

    @classmethod
    def initial_for(cls, lead):
        return {
            "name": lead.title,
            "investor_name": lead.enterprise.name,
            "origin": lead.enterprise.origin,
            "total_investment": lead.expected_investment,
            "region": lead.region_id,
            "platform": lead.platform_id,
            "chains": [lead.chain_id] if lead.chain_id else [],
            "lead_version": lead.version,
            "note": gettext("来自招商线索：%(title)s") % {"title": lead.title},
        }
