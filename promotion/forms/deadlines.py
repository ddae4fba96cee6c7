"""The form of a unit's deadline days."""

from django import forms
from django.core.validators import MaxValueValidator

from projects.forms import ServiceFormMixin
from promotion.deadlines import FIELDS as DEADLINE_FIELDS
from promotion.models import UnitProfile
from promotion.models.organisation import MAX_DAYS


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
                max_value=_max_of(model_field),
                widget=forms.NumberInput(attrs={"placeholder": getattr(defaults, name)}),
            )


def _max_of(model_field):
    limits = [v.limit_value for v in model_field.validators if isinstance(v, MaxValueValidator)]
    return min(limits, default=MAX_DAYS)
