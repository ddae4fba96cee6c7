"""Forms of the promotion pages: they parse and check input; the services decide and write."""

from django import forms
from django.contrib.auth import get_user_model
from django.urls import reverse_lazy
from django.utils import timezone
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from platforms.models import IndustryChain
from projects.access import (
    access_of,
    default_place,
    place_choices,
    platform_required,
    visible_events,
)
from projects.filters import TreeChoiceField
from projects.forms import AmountField, ProjectCreateForm, ServiceFormMixin, VersionField
from projects.models import Event, Membership, Origin, Unit
from projects.promotion.access import (
    own_unit,
    units_within,
    visible_activities,
    visible_ambassadors,
    visible_targets,
)
from projects.promotion.deadlines import FIELDS as DEADLINE_FIELDS
from projects.promotion.models import (
    Activity,
    ActivityKind,
    Lead,
    Problem,
    TargetEnterprise,
    UnitProfile,
)
from projects.promotion.models.organisation import MAX_DAYS


def _today():
    return timezone.localdate()


def _date_field(label, required=True, **kwargs):
    return forms.DateField(
        label=label,
        required=required,
        widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
        **kwargs,
    )


def _field(model, name, **kwargs):
    return model._meta.get_field(name).formfield(**kwargs)


class OptionalAmountField(AmountField):
    """An amount that may be left blank (the unit select alone is not an amount)."""

    def compress(self, data_list):
        if not data_list or not str(data_list[0] or "").strip():
            return None
        return super().compress(data_list)


def _investor_name_field(label, datalist):
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


def _owners(user):
    """Staff who may own a lead or problem: those of units in the user's scope."""
    scope = access_of(user).scope
    members = Membership.objects.filter(role=Membership.Role.STAFF)
    if scope is not None:
        members = members.filter(unit__in=Unit.objects.filter(units_within(scope)))
    return get_user_model().objects.filter(pk__in=members.values("user")).order_by("username")


# ---------------------------------------------------------------- leads


class LeadForm(PlacedForm):
    title = _field(Lead, "title")
    investor_name = _investor_name_field(_("企业"), "lead-enterprise-options")
    origin = forms.ChoiceField(
        label=_("企业来源地"), choices=Origin.choices, help_text=_("新企业须选择来源地。")
    )
    source = _field(Lead, "source")
    actor_kind = _field(Lead, "actor_kind")
    chain = forms.ModelChoiceField(
        label=_("产业链"), queryset=IndustryChain.objects.all(), required=False
    )
    expected_investment = OptionalAmountField(label=_("预计投资"), required=False)
    received_on = _date_field(_("收到日期"), initial=_today)
    owner = forms.ModelChoiceField(label=_("负责人"), queryset=None, required=False)
    activity = forms.ModelChoiceField(label=_("来自招商活动"), queryset=None, required=False)
    target = forms.ModelChoiceField(label=_("来自补链目标"), queryset=None, required=False)
    ambassador = forms.ModelChoiceField(label=_("推荐的招商大使"), queryset=None, required=False)
    description = _field(Lead, "description", widget=forms.Textarea(attrs={"rows": 3}))

    service_fields = {"enterprise": "investor_name", "next_due_on": "received_on"}
    field_order = ["title", "investor_name", "origin", "source", "actor_kind", "chain"]

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, user=user, **kwargs)
        self.fields["owner"].queryset = _owners(user)
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
        names = [
            "title",
            "source",
            "actor_kind",
            "chain",
            "expected_investment",
            "region",
            "platform",
            "owner",
            "received_on",
            "activity",
            "target",
            "ambassador",
            "description",
        ]
        return {name: self.cleaned_data[name] for name in names}

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
    on = _date_field(_("跟进日期"), initial=_today)
    note = forms.CharField(
        label=_("跟进情况"),
        max_length=500,
        widget=forms.Textarea(attrs={"rows": 2}),
        error_messages={"required": _("请填写跟进情况。")},
    )
    version = VersionField()


class DropForm(ServiceFormMixin, forms.Form):
    prefix = "drop"
    on = _date_field(_("放弃日期"), initial=_today)
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


# ---------------------------------------------------------------- targets


class TargetForm(PlacedForm):
    investor_name = _investor_name_field(_("目标企业"), "target-enterprise-options")
    origin = forms.ChoiceField(label=_("企业来源地"), choices=Origin.choices)
    chain = forms.ModelChoiceField(label=_("产业链"), queryset=IndustryChain.objects.all())
    gap = _field(TargetEnterprise, "gap", widget=forms.Textarea(attrs={"rows": 3}))
    listed_on = _date_field(_("列入日期"), initial=_today)

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
    removed_on = _date_field(
        _("移出日期"), required=False, help_text=_("填写即表示已移出清单（须写原因）。")
    )
    removal_reason = _field(TargetEnterprise, "removal_reason")
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


# ---------------------------------------------------------------- activities


class ActivityForm(PlacedForm):
    kind = _field(Activity, "kind")
    title = _field(Activity, "title")
    held_on = _date_field(_("日期"), initial=_today)
    ended_on = _date_field(_("结束日期"), required=False)
    destination = _field(Activity, "destination")
    participants = _field(Activity, "participants")
    actor_kind = _field(Activity, "actor_kind")
    counterpart = _field(Activity, "counterpart")
    people = _field(Activity, "people")
    enterprises_attending = _field(Activity, "enterprises_attending")
    results = _field(Activity, "results", widget=forms.Textarea(attrs={"rows": 3}))
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
        names = [
            "kind",
            "title",
            "held_on",
            "ended_on",
            "destination",
            "participants",
            "actor_kind",
            "region",
            "platform",
            "counterpart",
            "people",
            "enterprises_attending",
            "results",
            "event",
        ]
        return {name: self.cleaned_data[name] for name in names}

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
    investor_name = _investor_name_field(_("对接企业"), "meeting-enterprise-options")
    origin = forms.ChoiceField(label=_("企业来源地"), choices=Origin.choices)
    person = forms.CharField(label=_("对接人 / 企业家"), max_length=60, required=False)
    note = forms.CharField(label=_("说明"), max_length=300, required=False)

    service_fields = {"enterprise": "investor_name"}

    def clean_investor_name(self):
        return " ".join(self.cleaned_data["investor_name"].split())


# ---------------------------------------------------------------- problems


class ProblemForm(ServiceFormMixin, forms.Form):
    project_code = forms.CharField(
        label=_("项目编号"),
        max_length=40,
        help_text=_("问题所属项目的编号（项目详情页所示）。"),
    )
    kind = _field(Problem, "kind")
    title = _field(Problem, "title")
    description = _field(Problem, "description", widget=forms.Textarea(attrs={"rows": 3}))
    raised_by = _field(Problem, "raised_by")
    raised_on = _date_field(_("提出日期"), initial=_today)
    due_on = _date_field(_("办结期限"))
    owner = forms.ModelChoiceField(label=_("督办人"), queryset=None, required=False)
    unit = forms.ModelChoiceField(label=_("责任单位"), queryset=Unit.objects.none())

    def __init__(self, *args, user, projects, **kwargs):
        super().__init__(*args, **kwargs)
        self.user = user
        self.projects = projects
        self.fields["owner"].queryset = _owners(user)
        if access_of(user).is_admin:
            self.fields["unit"].queryset = Unit.objects.order_by("name")
        else:
            del self.fields["unit"]

    def clean_project_code(self):
        code = self.cleaned_data["project_code"].strip()
        project = self.projects.filter(code=code).first()
        if project is None:
            raise forms.ValidationError(
                _("没有编号为“%(code)s”的项目，或它不在您的管辖范围内。") % {"code": code}
            )
        return project

    def clean(self):
        data = super().clean()
        raised, due = data.get("raised_on"), data.get("due_on")
        if raised and due and due < raised:
            self.add_error("due_on", _("办结期限不能早于提出日期。"))
        return data

    def chosen_unit(self):
        if "unit" in self.fields:
            return self.cleaned_data.get("unit")
        return own_unit(self.user)

    def problem_fields(self):
        names = ["kind", "title", "description", "raised_by", "raised_on", "due_on", "owner"]
        return {name: self.cleaned_data[name] for name in names}


class ProblemEditForm(ProblemForm):
    version = VersionField()

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        del self.fields["project_code"]
        self.fields.pop("unit", None)

    @classmethod
    def initial_for(cls, problem):
        names = ["kind", "title", "description", "raised_by", "raised_on", "due_on", "version"]
        return {**{n: getattr(problem, n) for n in names}, "owner": problem.owner_id}


class CloseForm(ServiceFormMixin, forms.Form):
    prefix = "close"
    on = _date_field(_("销号日期"), initial=_today)
    note = forms.CharField(
        label=_("销号说明"),
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("问题如何解决、由谁解决。"),
        error_messages={"required": _("销号须填写说明：问题如何解决。")},
    )
    version = VersionField()


class ReopenForm(ServiceFormMixin, forms.Form):
    prefix = "reopen"
    reason = forms.CharField(
        label=_("重新督办原因"),
        max_length=300,
        error_messages={"required": _("重新督办须填写原因。")},
    )
    due_on = _date_field(_("新的办结期限"))
    version = VersionField()


# ---------------------------------------------------------------- a unit's deadlines


class DeadlinesForm(ServiceFormMixin, forms.Form):
    """A unit's deadline days; blank means the registry's default (shown as the placeholder)."""

    def __init__(self, *args, defaults, **kwargs):
        super().__init__(*args, **kwargs)
        for name in DEADLINE_FIELDS:
            model_field = UnitProfile._meta.get_field(name)
            self.fields[name] = forms.IntegerField(
                label=model_field.verbose_name,
                help_text=model_field.help_text,
                required=False,
                min_value=1,
                max_value=MAX_DAYS,
                widget=forms.NumberInput(attrs={"placeholder": getattr(defaults, name)}),
            )
