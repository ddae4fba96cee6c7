"""Checks the staff forms share: a confirmation for doubtful amounts, ids within range.

Amounts: projects.plausible says when one looks like a 万/亿 mix-up; the form
then refuses it once, shows a "金额无误" box, and accepts it when ticked.
Ids: a multiple choice of ids larger than the database's integer would make
SQLite raise OverflowError and PostgreSQL a DataError (a 500); here it is the
field's ordinary "not a valid choice" message on every database.
"""

from django import forms
from django.core.exceptions import ValidationError
from django.db import connection
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from projects import plausible


class AmountConfirmMixin:
    """Add `confirm_amounts` to the form; call `ask_about_amounts()` from clean()."""

    # field name -> whether a very small amount is doubtful too (a total, not a month)
    doubtful_amounts = {}

    def add_confirmation_field(self):
        self.fields["confirm_amounts"] = forms.BooleanField(
            label=_("金额无误"), required=False, widget=forms.HiddenInput
        )

    def ask_about_amounts(self):
        if self.cleaned_data.get("confirm_amounts"):
            return
        asked = False
        for name, small_is_odd in self.doubtful_amounts.items():
            doubt = plausible.amount_doubt(self.cleaned_data.get(name), small_is_odd=small_is_odd)
            if doubt:
                self.add_error(name, doubt + " " + _confirm_hint())
                asked = True
        if asked:
            self.fields["confirm_amounts"].widget = forms.CheckboxInput()


def _confirm_hint():
    return gettext("请确认单位（万元/亿元）无误；如无误，请勾选“金额无误”后再次提交。")


class BoundedModelMultipleChoiceField(forms.ModelMultipleChoiceField):
    """A multiple choice of model ids that refuses ids the database could not hold."""

    def _check_values(self, value):
        key = self.to_field_name or "pk"
        field = self.queryset.model._meta.get_field(key) if key != "pk" else None
        field = field or self.queryset.model._meta.pk
        low, high = connection.ops.integer_field_range(field.get_internal_type())
        if low is not None or high is not None:
            for item in value:
                try:
                    number = int(str(item))
                except (TypeError, ValueError):
                    continue  # the parent's own message
                if (low is not None and number < low) or (high is not None and number > high):
                    raise ValidationError(
                        self.error_messages["invalid_choice"],
                        code="invalid_choice",
                        params={"value": item},
                    )
        return super()._check_values(value)
