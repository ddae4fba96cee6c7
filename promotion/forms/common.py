"""Fields and bases the promotion forms share: dates, optional amounts, the enterprise box, places."""

from django import forms
from django.contrib.auth import get_user_model
from django.urls import reverse_lazy
from django.utils import timezone
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from projects.access import access_of, default_place, place_choices, platform_required
from projects.filters import TreeChoiceField
from projects.forms import AmountField, ServiceFormMixin
from projects.models import Membership, Unit
from promotion.access import own_unit, units_within


def today():
    return timezone.localdate()


def date_field(label, required=True, **kwargs):
    return forms.DateField(
        label=label,
        required=required,
        widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
        **kwargs,
    )


def model_field(model, name, **kwargs):
    return model._meta.get_field(name).formfield(**kwargs)


class OptionalAmountField(AmountField):
    """An amount that may be left blank (the unit select alone is not an amount)."""

    def compress(self, data_list):
        if not data_list or not str(data_list[0] or "").strip():
            return None
        return super().compress(data_list)


def investor_name_field(label, datalist):
    return forms.CharField(
        label=label,
        max_length=200,
        help_text=_("输入企业全称：已有企业直接选用，新企业将一并创建。"),
        widget=forms.TextInput(
            attrs={
                "list": datalist,
                "autocomplete": "off",
                "hx-get": reverse_lazy("projects:enterprise_options"),
                "hx-trigger": "input changed delay:300ms",
                "hx-target": f"#{datalist}",
            }
        ),
    )


class PlacedForm(ServiceFormMixin, forms.Form):
    """Region, platform and (for admins) the unit of a record, limited to the user's scope."""

    region = TreeChoiceField(label=_("地区"), queryset=None)
    platform = TreeChoiceField(label=_("平台"), queryset=None, required=False)
    unit = forms.ModelChoiceField(label=_("单位"), queryset=Unit.objects.none())

    unit_required = True

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        self.user = user
        regions, platforms = place_choices(user)
        self.fields["region"].queryset = regions
        self.fields["platform"].queryset = platforms
        if platform_required(user):
            self.fields["platform"].required = True
            self.fields["platform"].empty_label = None
        region, platform = default_place(user)
        self.initial.setdefault("region", region)
        self.initial.setdefault("platform", platform)
        if access_of(user).is_admin:
            self.fields["unit"].queryset = Unit.objects.order_by("name")
            self.fields["unit"].required = self.unit_required
        else:
            del self.fields["unit"]  # staff record for their own unit

    def clean(self):
        data = super().clean()
        region, platform = data.get("region"), data.get("platform")
        if region and platform and not region.is_within(platform.region):
            self.add_error(
                "region",
                gettext("地区“%(region)s”不在平台“%(platform)s”所在的“%(pr)s”内。")
                % {"region": region, "platform": platform, "pr": platform.region},
            )
        return data

    def chosen_unit(self):
        if "unit" in self.fields:
            return self.cleaned_data.get("unit")
        return own_unit(self.user)

    def unit_change(self):
        """{"unit": …} when an admin may reassign the record; staff keep their unit."""
        return {"unit": self.cleaned_data.get("unit")} if "unit" in self.fields else {}


def owners_for(user):
    """Staff who may own a lead or problem: those of units in the user's scope."""
    scope = access_of(user).scope
    members = Membership.objects.filter(role=Membership.Role.STAFF)
    if scope is not None:
        members = members.filter(unit__in=Unit.objects.filter(units_within(scope)))
    return get_user_model().objects.filter(pk__in=members.values("user")).order_by("username")
