"""Forms of problems under supervision."""

from django import forms
from django.utils.translation import gettext_lazy as _

from projects.access import access_of
from projects.forms import ServiceFormMixin, VersionField
from projects.models import Unit
from promotion.access import own_unit
from promotion.forms.common import date_field, model_field, owners_for, today
from promotion.models import Problem
from promotion.services import PROBLEM_FIELDS


class ProblemForm(ServiceFormMixin, forms.Form):
    project_code = forms.CharField(
        label=_("项目编号"),
        max_length=40,
        help_text=_("问题所属项目的编号（项目详情页所示）。"),
    )
    kind = model_field(Problem, "kind")
    title = model_field(Problem, "title")
    description = model_field(Problem, "description", widget=forms.Textarea(attrs={"rows": 3}))
    raised_by = model_field(Problem, "raised_by")
    raised_on = date_field(_("提出日期"), initial=today)
    due_on = date_field(_("办结期限"))
    owner = forms.ModelChoiceField(label=_("督办人"), queryset=None, required=False)
    unit = forms.ModelChoiceField(label=_("责任单位"), queryset=Unit.objects.none())

    def __init__(self, *args, user, projects, **kwargs):
        super().__init__(*args, **kwargs)
        self.user = user
        self.projects = projects
        self.fields["owner"].queryset = owners_for(user)
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

    def unit_change(self):
        """{"unit": …} when an admin may reassign the problem; staff keep their unit."""
        return {"unit": self.cleaned_data["unit"]} if "unit" in self.fields else {}

    def problem_fields(self):
        return {name: self.cleaned_data[name] for name in PROBLEM_FIELDS}


class ProblemEditForm(ProblemForm):
    version = VersionField()

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        del self.fields["project_code"]

    @classmethod
    def initial_for(cls, problem):
        names = ["kind", "title", "description", "raised_by", "raised_on", "due_on", "version"]
        initial = {n: getattr(problem, n) for n in names}
        return initial | {"owner": problem.owner_id, "unit": problem.unit_id}


class CloseForm(ServiceFormMixin, forms.Form):
    prefix = "close"
    on = date_field(_("销号日期"), initial=today)
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
    due_on = date_field(_("新的办结期限"))
    version = VersionField()
