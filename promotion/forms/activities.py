"""Forms of activities and the enterprises met."""

from django import forms
from django.utils.translation import gettext_lazy as _

from projects.access import visible_events
from projects.forms import ServiceFormMixin, VersionField
from projects.models import Event, Origin
from promotion.forms.common import PlacedForm, date_field, investor_name_field, model_field, today
from promotion.models import Activity, ActivityKind
from promotion.services import ACTIVITY_FIELDS


class ActivityForm(PlacedForm):
    kind = model_field(Activity, "kind")
    title = model_field(Activity, "title")
    held_on = date_field(_("日期"), initial=today)
    ended_on = date_field(_("结束日期"), required=False)
    destination = model_field(Activity, "destination")
    participants = model_field(Activity, "participants")
    actor_kind = model_field(Activity, "actor_kind")
    counterpart = model_field(Activity, "counterpart")
    people = model_field(Activity, "people")
    enterprises_attending = model_field(Activity, "enterprises_attending")
    results = model_field(Activity, "results", widget=forms.Textarea(attrs={"rows": 3}))
    event = forms.ModelChoiceField(
        label=_("关联签约活动"),
        queryset=None,
        required=False,
        help_text=_("推介会现场签约的项目所在的活动。"),
    )
    create_event = forms.BooleanField(
        label=_("为本推介会新建签约活动"),
        required=False,
        help_text=_("现场签约的项目归入该活动，活动页按阶段汇总个数与投资。"),
    )

    unit_required = False
    field_order = ["kind", "title", "held_on", "ended_on", "actor_kind", "destination"]

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, user=user, **kwargs)
        self.fields["event"].queryset = (
            visible_events(user)
            .filter(promotion_activity__isnull=True)
            .order_by("-held_on", "name")
        )

    def clean(self):
        data = super().clean()
        if data.get("create_event") and data.get("event"):
            self.add_error("create_event", _("已选择关联活动，无需新建。"))
        if data.get("create_event") and data.get("kind") != ActivityKind.FAIR:
            self.add_error("create_event", _("只有推介会可以新建签约活动。"))
        start, end = data.get("held_on"), data.get("ended_on")
        if start and end and end < start:
            self.add_error("ended_on", _("结束日期不能早于开始日期。"))
        return data

    def activity_fields(self):
        return {name: self.cleaned_data[name] for name in ACTIVITY_FIELDS}

    @classmethod
    def initial_for(cls, activity):
        initial = {
            name: getattr(activity, name)
            for name in cls.base_fields
            if hasattr(activity, name) and name not in ("region", "platform", "unit", "event")
        }
        initial.update(
            region=activity.region_id,
            platform=activity.platform_id,
            unit=activity.unit_id,
            event=activity.event_id,
        )
        return initial


class ActivityEditForm(ActivityForm):
    version = VersionField()

    def __init__(self, *args, activity, **kwargs):
        super().__init__(*args, **kwargs)
        if activity.event_id:
            # Its own event stays choosable.
            self.fields["event"].queryset = self.fields["event"].queryset | Event.objects.filter(
                pk=activity.event_id
            )


class MeetingForm(ServiceFormMixin, forms.Form):
    # No prefix: the enterprise box sends `investor_name` to projects:enterprise_options.
    investor_name = investor_name_field(_("对接企业"), "meeting-enterprise-options")
    origin = forms.ChoiceField(label=_("企业来源地"), choices=Origin.choices)
    person = forms.CharField(label=_("对接人 / 企业家"), max_length=60, required=False)
    note = forms.CharField(label=_("说明"), max_length=300, required=False)

    service_fields = {"enterprise": "investor_name"}

    def clean_investor_name(self):
        return " ".join(self.cleaned_data["investor_name"].split())
