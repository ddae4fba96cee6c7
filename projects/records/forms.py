"""Forms of the relocation pages: they parse and check input; the services write."""

from decimal import Decimal

from django import forms
from django.utils import timezone
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from projects.access import default_place, place_choices, platform_required, visible_projects
from projects.filters import TreeChoiceField
from projects.forms import ActionForm, ServiceFormMixin
from projects.models import (
    Document,
    ExpertReview,
    Leader,
    MerchantRelocation,
    Milestone,
    ProjectLeader,
    ProjectPlan,
    RelocatedUnit,
)


def _field(model, name, **kwargs):
    return model._meta.get_field(name).formfield(**kwargs)


def _date_field(label):
    return forms.DateField(
        label=label,
        initial=timezone.localdate,
        widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
    )


class PlacedRecordForm(ServiceFormMixin, forms.Form):
    """Region and platform of a record, limited to the user's scope (both trees)."""

    region = TreeChoiceField(label=_("转入地区"), queryset=None)
    platform = TreeChoiceField(label=_("转入平台"), queryset=None, required=False)

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        self.user = user
        regions, platforms = place_choices(user)
        self.fields["region"].queryset = regions
        self.fields["platform"].queryset = platforms
        if platform_required(user):
            # A platform's staff record on their platform, or the record would leave their scope.
            self.fields["platform"].required = True
            self.fields["platform"].empty_label = None
        region, platform = default_place(user)
        self.initial.setdefault("region", region)
        self.initial.setdefault("platform", platform)

    day_field = ""  # the record's date, which cannot lie in the future

    def clean(self):
        data = super().clean()
        day = data.get(self.day_field)
        if day and day > timezone.localdate():
            self.add_error(self.day_field, gettext("日期不能晚于今天。"))
        return data


class RelocatedUnitForm(PlacedRecordForm):
    name = _field(RelocatedUnit, "name")
    kind = _field(RelocatedUnit, "kind")
    institution_type = _field(RelocatedUnit, "institution_type", required=True)
    origin = _field(RelocatedUnit, "origin")
    relocated_on = _date_field(_("转入日期"))
    people = _field(RelocatedUnit, "people", required=False)
    enterprise_name = forms.CharField(
        label=_("所属企业"),
        max_length=200,
        required=False,
        help_text=_("转入单位所属企业的全称（可不填）：已有企业直接选用，新企业将一并创建。"),
    )
    project_code = forms.CharField(
        label=_("关联项目编号"),
        max_length=40,
        required=False,
        help_text=_("随项目一并转入时填写项目编号（项目详情页所示）。"),
    )
    note = _field(RelocatedUnit, "note")

    field_order = [
        "name",
        "kind",
        "institution_type",
        "origin",
        "region",
        "platform",
        "relocated_on",
        "people",
        "enterprise_name",
        "project_code",
        "note",
    ]
    service_fields = {"enterprise": "enterprise_name", "project": "project_code"}
    day_field = "relocated_on"

    def clean_people(self):
        return self.cleaned_data.get("people") or 0

    def clean_enterprise_name(self):
        return " ".join(self.cleaned_data["enterprise_name"].split())

    def clean_project_code(self):
        code = self.cleaned_data["project_code"].strip()
        if not code:
            return None
        project = visible_projects(self.user).filter(code=code).first()
        if project is None:
            raise forms.ValidationError(
                gettext("没有编号为“%(code)s”的项目，或它不在您的管辖范围内。") % {"code": code}
            )
        return project

    @classmethod
    def initial_for(cls, unit):
        names = ["name", "kind", "institution_type", "origin", "relocated_on", "people", "note"]
        return {n: getattr(unit, n) for n in names} | {
            "region": unit.region_id,
            "platform": unit.platform_id,
            "enterprise_name": unit.enterprise.name if unit.enterprise else "",
            "project_code": unit.project.code if unit.project else "",
        }

    def unit_fields(self, enterprise):
        data = self.cleaned_data
        names = ["name", "kind", "institution_type", "origin", "region", "platform"]
        names += ["relocated_on", "people", "note"]
        return {n: data[n] for n in names} | {
            "enterprise": enterprise,
            "project": data["project_code"],
        }


class MerchantRelocationForm(PlacedRecordForm):
    source_market = _field(MerchantRelocation, "source_market")
    origin = _field(MerchantRelocation, "origin")
    merchants = _field(MerchantRelocation, "merchants")
    people = _field(MerchantRelocation, "people")
    recorded_on = _date_field(_("统计日期"))
    note = _field(MerchantRelocation, "note")

    field_order = ["source_market", "origin", "region", "platform", "merchants", "people"]
    day_field = "recorded_on"
    NAMES = ["source_market", "origin", "region", "platform", "merchants", "people"]
    NAMES += ["recorded_on", "note"]

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["region"].label = _("承接地区")
        self.fields["platform"].label = _("承接商贸城")

    @classmethod
    def initial_for(cls, relocation):
        return {n: getattr(relocation, n) for n in cls.NAMES} | {
            "region": relocation.region_id,
            "platform": relocation.platform_id,
        }

    def relocation_fields(self):
        return {n: self.cleaned_data[n] for n in self.NAMES}


# ---------------------------------------------------------------- plan and milestones


def _optional_date(model, name):
    return forms.DateField(
        label=model._meta.get_field(name).verbose_name,
        required=False,
        widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
    )


class ScheduleForm(ActionForm):
    """The planned dates of a project; a blank date clears it."""

    prefix = "schedule"
    planned_signed_on = _optional_date(ProjectPlan, "planned_signed_on")
    planned_landed_on = _optional_date(ProjectPlan, "planned_landed_on")
    planned_started_on = _optional_date(ProjectPlan, "planned_started_on")
    planned_completed_on = _optional_date(ProjectPlan, "planned_completed_on")
    planned_producing_on = _optional_date(ProjectPlan, "planned_producing_on")

    def __init__(self, *args, project, plan=None, **kwargs):
        if plan is not None:
            kwargs.setdefault("initial", {n: getattr(plan, n) for n in ProjectPlan.ORDER})
        super().__init__(*args, project=project, **kwargs)


class MilestoneForm(ActionForm):
    prefix = "milestone"
    kind = _field(Milestone, "kind")
    reached_on = _date_field(_("完成日期"))
    note = _field(Milestone, "note")


class MilestoneRemoveForm(ActionForm):
    prefix = "unmilestone"
    milestone = forms.ModelChoiceField(
        label=_("节点"), queryset=Milestone.objects.none(), widget=forms.HiddenInput
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["milestone"].queryset = self.project.milestones.all()


# ---------------------------------------------------------------- 包联


class LeaderAssignForm(ActionForm):
    prefix = "leader"
    leader = forms.ModelChoiceField(label=_("包联领导"), queryset=Leader.objects.none())
    role = _field(ProjectLeader, "role")
    since = forms.DateField(
        label=_("包联起始日期"),
        required=False,
        widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        # Leaders are few (a province's, its cities' and counties'): one list, by level.
        taken = self.project.leaderships.values("leader")
        self.fields["leader"].queryset = Leader.objects.exclude(pk__in=taken)


class LeaderRemoveForm(ActionForm):
    prefix = "unleader"
    leadership = forms.ModelChoiceField(
        label=_("包联领导"), queryset=ProjectLeader.objects.none(), widget=forms.HiddenInput
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["leadership"].queryset = self.project.leaderships.all()


# ---------------------------------------------------------------- expert reviews


class ReviewForm(PlacedRecordForm):
    title = _field(ExpertReview, "title")
    held_on = forms.DateField(
        label=_("评审日期"), widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")
    )
    deadline = forms.DateTimeField(
        label=_("评分截止时间"),
        required=False,
        widget=forms.DateTimeInput(attrs={"type": "datetime-local"}, format="%Y-%m-%dT%H:%M"),
        input_formats=["%Y-%m-%dT%H:%M", "%Y-%m-%d %H:%M"],
    )
    criteria = forms.CharField(
        label=_("评审要素及权重"),
        widget=forms.Textarea(attrs={"rows": 5}),
        initial="产业政策 20\n生产工艺 20\n安全生产 20\n环保措施 20\n经济效益 20",
        help_text=_("每行一个要素：名称、空格、权重（%），权重合计100。"),
    )
    candidates = forms.CharField(
        label=_("参评项目"),
        widget=forms.Textarea(attrs={"rows": 6}),
        help_text=_(
            "每行一个：参评项目名称，已入库的可在竖线后写项目编号，如“某化工项目 | 130928-2022-000001”。"
        ),
    )
    field_order = ["title", "held_on", "region", "platform", "deadline", "criteria", "candidates"]

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["region"].label = _("地区")
        self.fields["platform"].label = _("平台")

    def clean_criteria(self):
        criteria = []
        for number, line in enumerate(self.cleaned_data["criteria"].splitlines(), start=1):
            if not line.strip():
                continue
            name, _sep, weight = line.strip().rpartition(" ")
            try:
                weight = Decimal(weight.rstrip("%％"))
            except ArithmeticError:
                weight = None
            if not name.strip() or weight is None or not weight.is_finite() or weight <= 0:
                raise forms.ValidationError(
                    gettext("第%(n)s行应为“要素名称 权重”，如“产业政策 20”。") % {"n": number}
                )
            criteria.append((name.strip(), weight))
        return criteria

    def clean_candidates(self):
        projects = visible_projects(self.user)
        candidates = []
        for line in self.cleaned_data["candidates"].splitlines():
            name, _sep, code = (part.strip() for part in line.partition("|"))
            if not name:
                continue
            project = None
            if code:
                project = projects.filter(code=code).first()
                if project is None:
                    raise forms.ValidationError(
                        gettext("没有编号为“%(code)s”的项目，或它不在您的管辖范围内。")
                        % {"code": code}
                    )
            candidates.append((name, project))
        return candidates

    def review_fields(self):
        names = ["title", "held_on", "region", "platform", "deadline", "criteria", "candidates"]
        return {n: self.cleaned_data[n] for n in names}


class InviteForm(ServiceFormMixin, forms.Form):
    prefix = "invite"
    expert_name = forms.CharField(
        label=_("评审专家"), max_length=60, help_text=_("姓名及单位，如“张教授（河北科技大学）”。")
    )
    username = forms.CharField(label=_("专家登录名"), max_length=150)
    password = forms.CharField(
        label=_("初始密码"),
        widget=forms.PasswordInput(render_value=False),
        help_text=_("请另行告知专家；专家只能看到受邀评审的评分表。"),
    )


def score_key(candidate, criterion):
    return f"s-{candidate.pk}-{criterion.pk}"


class SheetForm(forms.Form):
    """A box per candidate and criterion (0–100); blank is 'not scored yet'."""

    def __init__(self, *args, criteria, candidates, given, disabled=False, **kwargs):
        super().__init__(*args, **kwargs)
        self.cells = []
        for candidate in candidates:
            for criterion in criteria:
                key = score_key(candidate, criterion)
                self.fields[key] = forms.DecimalField(
                    label=f"{candidate.name} · {criterion.name}",
                    required=False,
                    min_value=0,
                    max_value=100,
                    max_digits=5,
                    decimal_places=2,
                    initial=given.get((candidate.pk, criterion.pk)),
                    disabled=disabled,
                    widget=forms.NumberInput(attrs={"step": "0.01", "min": 0, "max": 100}),
                )
                self.cells.append((key, candidate.pk, criterion.pk))

    def scores(self):
        return {(cand, crit): self.cleaned_data[key] for key, cand, crit in self.cells}

    def rows(self, candidates, criteria):
        """Bound fields arranged as the table: (candidate, [field per criterion])."""
        return [(c, [self[score_key(c, k)] for k in criteria]) for c in candidates]


# ---------------------------------------------------------------- documents


class DocumentForm(ActionForm):
    prefix = "document"
    kind = _field(Document, "kind")
    stage_entry = forms.ModelChoiceField(
        label=_("所属阶段记录"), queryset=None, required=False, empty_label=_("（项目本身）")
    )
    upload = forms.FileField(
        label=_("文件"),
        help_text=_("PDF、图片（JPEG/PNG/WebP）、Word、Excel 或 OFD；按文件内容检查类型。"),
    )
    note = _field(Document, "note")

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["stage_entry"].queryset = self.project.stage_entries.all()
        self.fields["stage_entry"].label_from_instance = lambda e: (
            f"{e.get_stage_display()} · {e.entered_on:%Y-%m-%d}"
        )


class DocumentRemoveForm(ActionForm):
    prefix = "undocument"
    document = forms.ModelChoiceField(
        label=_("文件"), queryset=Document.objects.none(), widget=forms.HiddenInput
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["document"].queryset = self.project.documents.all()
