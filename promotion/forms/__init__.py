"""Forms of the promotion pages: they parse and check input; the services decide and write."""

from promotion.forms.activities import ActivityEditForm, ActivityForm, MeetingForm
from promotion.forms.deadlines import DeadlinesForm
from promotion.forms.leads import DropForm, FollowUpForm, LeadConvertForm, LeadEditForm, LeadForm
from promotion.forms.problems import CloseForm, ProblemEditForm, ProblemForm, ReopenForm
from promotion.forms.targets import TargetEditForm, TargetForm

__all__ = [
    "ActivityEditForm",
    "ActivityForm",
    "CloseForm",
    "DeadlinesForm",
    "DropForm",
    "FollowUpForm",
    "LeadConvertForm",
    "LeadEditForm",
    "LeadForm",
    "MeetingForm",
    "ProblemEditForm",
    "ProblemForm",
    "ReopenForm",
    "TargetEditForm",
    "TargetForm",
]
