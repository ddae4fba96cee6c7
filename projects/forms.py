"""Forms of the staff pages: they parse and check input; the services decide and write."""

import uuid

from django import forms
from django.core.exceptions import NON_FIELD_ERRORS, ValidationError
from django.urls import reverse_lazy
from django.utils import timezone
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from platforms.models import IndustryChain, Region
from projects.access import default_place, place_choices, platform_required
from projects.filters import SourceDistrictField, TreeChoiceField, source_districts
from projects.form_checks import AmountConfirmMixin, BoundedModelMultipleChoiceField
from projects.form_fields import AmountField, MonthField, VersionField
from projects.models import BuildType, Origin, Project, Stage
from projects.plausible import validate_date
from projects.reporting.restatements import REASON_FIELD
from projects.validation import source_district_errors


def _model_field(name, **kwargs):
    return Project._meta.get_field(name).formfield(**kwargs)


def _date_field(label, required=True, **kwargs):
    return forms.DateField(
        label=label,
        required=required,
        validators=[validate_date],
        widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
        **kwargs,
    )


def conflict_message():
    """What a stale save is told, on the staff pages and in the admin alike."""
    return gettext(
        "保存未成功：您编辑期间，其他人已修改并保存了该项目（修改内容见下表）。"
        "您填写的内容仍保留在表单中；核对后再次提交，将保存您改动过的字段，"
        "您未改动的字段保留对方保存的值。"
    )


class ServiceFormMixin:
    """Forms whose input goes to a service: its errors come back onto the form."""

    # Service/model error keys whose form field has another name.
    service_fields = {}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        # A form shown again with the reason field keeps it when it comes back.
        if self.is_bound and self.add_prefix(REASON_FIELD) in self.data:
            self._add_restatement_reason()

    def _add_restatement_reason(self):
        if REASON_FIELD not in self.fields:
            self.fields[REASON_FIELD] = forms.CharField(
                label=_("更正说明"),
                max_length=500,
                required=False,
                widget=forms.Textarea(attrs={"rows": 2}),
                help_text=_("这次修改涉及已关账的月份，将记为更正：请说明原因。"),
            )

    @property
    def restatement_reason_field(self):
        """The bound reason field, for templates that place fields by name (else None)."""
        return self[REASON_FIELD] if REASON_FIELD in self.fields else None

    def restatement_reason(self):
        """The reason the user gave for restating a closed month ("" when none)."""
        if REASON_FIELD not in self.fields or not hasattr(self, "cleaned_data"):
            return ""
        return (self.cleaned_data.get(REASON_FIELD) or "").strip()

    def rebase(self, version):
        """Point the bound form at the version now saved, keeping everything the user typed."""
        data = self.data.copy()
        data[self.add_prefix("version")] = str(version)
        self.data = data
        self.full_clean()

    def add_service_errors(self, error):
        """Known keys go on their field, the rest on top (with the field's name)."""
        if not hasattr(error, "error_dict"):
            self.add_error(None, error.messages)
            return
        for key, errors in error.error_dict.items():
            if key == REASON_FIELD:
                self._add_restatement_reason()
            target = self.service_fields.get(key, key)
            messages = ValidationError(errors).messages
            if target in self.fields and not self.fields[target].widget.is_hidden:
                self.add_error(target, messages)
            elif key == NON_FIELD_ERRORS or target is None:
                self.add_error(None, messages)
            else:
                label = _field_label(key)
                self.add_error(None, [f"{label}：{m}" for m in messages])


def _field_label(key):
    try:
        return str(Project._meta.get_field(key).verbose_name)
    except Exception:  # noqa: BLE001 - an unknown key keeps its own name
        return key


class ProjectFieldsForm(AmountConfirmMixin, ServiceFormMixin, forms.Form):
    """The attributes shared by the create and edit forms."""

    name = _model_field("name")
    investor_name = forms.CharField(
        label=_("投资方"),
        max_length=200,
        help_text=_("输入企业全称：已有企业直接选用，新企业将随项目一并创建。"),
        widget=forms.TextInput(
            attrs={
                "list": "investor-options",
                "autocomplete": "off",
                # htmx fills the datalist with matching enterprise names as the user types.
                "hx-get": reverse_lazy("projects:enterprise_options"),
                "hx-trigger": "input changed delay:300ms",
                "hx-target": "#investor-options",
            }
        ),
    )
    origin = forms.ChoiceField(label=_("来源地"), choices=Origin.choices)
    source_district = SourceDistrictField(
        label=_("来源区"),
        queryset=Region.objects.none(),
        required=False,
        empty_label="—",
        help_text=_("来源地为北京或天津时，可填其所在区。"),
    )
    category = _model_field("category")
    region = TreeChoiceField(label=_("所在地区"), queryset=None)
    platform = TreeChoiceField(label=_("承接平台"), queryset=None, required=False)
    chains = BoundedModelMultipleChoiceField(
        label=_("产业链"),
        queryset=IndustryChain.objects.all(),
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )
    strategic_emerging = _model_field("strategic_emerging")
    key_level = _model_field("key_level")
    total_investment = AmountField(label=_("总投资"))
    leader = _model_field("leader")
    contact_name = _model_field("contact_name")
    contact_phone = _model_field("contact_phone")
    description = _model_field("description", widget=forms.Textarea(attrs={"rows": 3}))

    service_fields = {"investor": "investor_name"}
    doubtful_amounts = {"total_investment": True}

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        self.add_confirmation_field()
        regions, platforms = place_choices(user)
        self.fields["region"].queryset = regions
        self.fields["platform"].queryset = platforms
        self.fields["source_district"].queryset = source_districts()
        if platform_required(user):
            self.fields["platform"].required = True
            self.fields["platform"].empty_label = None

    def clean_investor_name(self):
        return " ".join(self.cleaned_data["investor_name"].split())

    def clean(self):
        data = super().clean()
        region, platform = data.get("region"), data.get("platform")
        if region and platform and not region.is_within(platform.region):
            self.add_error(
                "region",
                gettext("所在地区“%(region)s”不在平台“%(platform)s”所在的“%(pr)s”内。")
                % {"region": region, "platform": platform, "pr": platform.region},
            )
        self.ask_about_amounts()
        origin, district = data.get("origin"), data.get("source_district")
        for field, message in source_district_errors(origin, district).items():
            self.add_error(field, message)
        return data

    def project_fields(self):
        """The cleaned values a service takes, the investor aside."""
        data = self.cleaned_data
        names = [
            "name",
            "origin",
            "source_district",
            "category",
            "region",
            "platform",
            "strategic_emerging",
            "key_level",
            "total_investment",
            "leader",
            "contact_name",
            "contact_phone",
            "description",
        ]
        return {name: data[name] for name in names}


class ProjectCreateForm(ProjectFieldsForm):
    stage = forms.ChoiceField(
        label=_("入库阶段"),
        choices=[(s.value, s.label) for s in (Stage.NEGOTIATING, Stage.SIGNED)],
        initial=Stage.NEGOTIATING,
    )
    entered_on = _date_field(_("入库阶段日期"), initial=timezone.localdate)
    note = forms.CharField(label=_("说明"), max_length=500, required=False)
    # One key per opened form: submitting it twice creates one project (services.project_create).
    creation_key = forms.UUIDField(widget=forms.HiddenInput, required=False, initial=uuid.uuid4)

    field_order = ["name", "investor_name", "origin", "stage", "entered_on", "total_investment"]

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, user=user, **kwargs)
        region, platform = default_place(user)
        self.initial.setdefault("region", region)
        self.initial.setdefault("platform", platform)

    service_fields = {
        **ProjectFieldsForm.service_fields,
        "negotiating_on": "entered_on",
        "signed_on": "entered_on",
    }


class ProjectEditForm(ProjectFieldsForm):
    build_type = _model_field("build_type")
    version = VersionField()
    # The version the user first opened; unlike `version` it survives a conflict, so a
    # resubmission saves only the fields this user changed (see views._update).
    started_from = VersionField(required=False)

    @classmethod
    def initial_for(cls, project):
        initial = {
            name: getattr(project, name) for name in cls.base_fields if hasattr(project, name)
        }
        initial.update(
            started_from=project.version,
            investor_name=project.investor.name,
            region=project.region_id,
            platform=project.platform_id,
            chains=list(project.chains.all()),
        )
        return initial

    def project_fields(self):
        return {**super().project_fields(), "build_type": self.cleaned_data["build_type"]}


class ActionForm(ServiceFormMixin, forms.Form):
    """A form on the detail page; `prefix` keeps their field ids apart."""

    def __init__(self, *args, project, **kwargs):
        super().__init__(*args, **kwargs)
        self.project = project


class AdvanceForm(ActionForm):
    prefix = "advance"
    on = _date_field(_("日期"), initial=timezone.localdate)
    note = forms.CharField(label=_("说明"), max_length=500, required=False)
    build_type = forms.ChoiceField(
        label=_("建设性质"),
        choices=[
            (BuildType.NEW, BuildType.NEW.label),
            (BuildType.CONTINUING, BuildType.CONTINUING.label),
        ],
        initial=BuildType.NEW,
        required=False,
    )
    version = VersionField()

    def __init__(self, *args, project, **kwargs):
        super().__init__(*args, project=project, **kwargs)
        self.target = Stage(project.stage).next
        if self.target != Stage.UNDER_CONSTRUCTION:
            del self.fields["build_type"]
        if self.target is not None:
            self.service_fields = {self.target.date_field: "on"}


class CorrectForm(ActionForm):
    prefix = "correct"
    stage = forms.ChoiceField(label=_("阶段"), choices=())
    on = _date_field(
        _("更正后日期"), required=False, help_text=_("留空表示撤回当前阶段（退回上一阶段）。")
    )
    reason = forms.CharField(
        label=_("更正原因"), max_length=500, error_messages={"required": _("更正必须填写原因。")}
    )
    version = VersionField()

    def __init__(self, *args, project, **kwargs):
        super().__init__(*args, project=project, **kwargs)
        self.fields["stage"].choices = [
            (s.value, f"{s.label}（{project.stage_date(s)}）")
            for s in [*Stage.pipeline(), Stage.TERMINATED]
            if project.stage_date(s)
        ]
        self.service_fields = {s.date_field: "on" for s in Stage}


class TerminateForm(ActionForm):
    prefix = "terminate"
    on = _date_field(_("终止日期"), initial=timezone.localdate)
    reason = forms.CharField(
        label=_("终止原因"),
        max_length=300,
        error_messages={"required": _("终止项目必须填写原因。")},
    )
    version = VersionField()

    service_fields = {"terminated_on": "on", "termination_reason": "reason"}


class AmountActionForm(AmountConfirmMixin, ActionForm):
    """An action that records an amount: a doubtful one is confirmed first."""

    doubtful_amounts = {"amount": False}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.add_confirmation_field()

    def clean(self):
        data = super().clean()
        self.ask_about_amounts()
        return data


class ReportForm(AmountActionForm):
    prefix = "report"
    month = MonthField(label=_("月份"), initial=lambda: timezone.localdate().replace(day=1))
    amount = AmountField(label=_("当月完成投资"))

    service_fields = {"completed_investment": "amount"}


class PlanForm(AmountActionForm):
    prefix = "plan"
    year = forms.IntegerField(
        label=_("年度"), min_value=2000, max_value=2100, initial=lambda: timezone.localdate().year
    )
    amount = AmountField(label=_("年度计划投资"))

    service_fields = {"planned_investment": "amount"}


class AttachForm(ActionForm):
    prefix = "attach"
    event = forms.ModelChoiceField(label=_("活动"), queryset=None)

    def __init__(self, *args, events, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["event"].queryset = events


class DetachForm(ActionForm):
    prefix = "detach"
    event = forms.ModelChoiceField(label=_("活动"), queryset=None, widget=forms.HiddenInput)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["event"].queryset = self.project.events.all()
