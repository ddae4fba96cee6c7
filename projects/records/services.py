"""Writes of relocated units and merchant relocations.

Each validates with full_clean, runs in one transaction, leaves a simple-history
record by `actor`, and marks the relocation totals of the old and the new place
stale (a move of place or date recounts both months); merchant relocations feed
no totals, so they mark nothing. Views, the admin and
commands call these; the ledger import writes in bulk with the same marks.
"""

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from projects.models import MerchantRelocation, RelocatedUnit
from projects.totals.marks import mark_place_stale

UNIT_FIELDS = [
    "name",
    "kind",
    "institution_type",
    "origin",
    "region",
    "platform",
    "relocated_on",
    "people",
    "enterprise",
    "project",
    "note",
]
MERCHANT_FIELDS = [
    "source_market",
    "origin",
    "region",
    "platform",
    "merchants",
    "people",
    "recorded_on",
    "note",
]


def _check_fields(changes, allowed):
    unknown = set(changes) - set(allowed)
    if unknown:
        raise ValidationError(_("不可修改的字段：%(f)s") % {"f": ", ".join(sorted(unknown))})


def _write(record, *, actor, before, day_field):
    record.full_clean()
    record._history_user = actor
    with transaction.atomic():
        record.save()
        if day_field:
            mark_place_stale(before, record, day_field)
    return record


def _update(model, record, changes, *, actor, day_field):
    with transaction.atomic():
        # The marks need the place and date as saved, not as a caller may have changed them.
        before = model.objects.select_for_update().get(pk=record.pk)
        current = model.objects.get(pk=record.pk)
        for name, value in changes.items():
            setattr(current, name, value)
        return _write(current, actor=actor, before=before, day_field=day_field)


def _delete(record, *, actor, day_field):
    record._history_user = actor
    with transaction.atomic():
        if day_field:
            mark_place_stale(record, None, day_field)
        record.delete()


def relocated_unit_create(*, actor, **fields):
    """Record a unit moved in from Beijing or Tianjin; its place's month is recounted."""
    _check_fields(fields, [*UNIT_FIELDS, "provenance"])
    return _write(RelocatedUnit(**fields), actor=actor, before=None, day_field="relocated_on")


def relocated_unit_update(*, actor, unit, **changes):
    """Change a relocated unit; its old and its new place and month are recounted."""
    _check_fields(changes, [*UNIT_FIELDS, "provenance"])
    return _update(RelocatedUnit, unit, changes, actor=actor, day_field="relocated_on")


def relocated_unit_delete(*, actor, unit):
    """Remove a unit recorded by mistake; its history is kept."""
    _delete(unit, actor=actor, day_field="relocated_on")


# Merchant relocations feed no totals table (dashboards read them live): they mark nothing.


def merchant_relocation_create(*, actor, **fields):
    """Record merchants (and people) moved from a wholesale market to a trade centre."""
    _check_fields(fields, [*MERCHANT_FIELDS, "provenance"])
    record = MerchantRelocation(**fields)
    return _write(record, actor=actor, before=None, day_field=None)


def merchant_relocation_update(*, actor, relocation, **changes):
    _check_fields(changes, [*MERCHANT_FIELDS, "provenance"])
    return _update(MerchantRelocation, relocation, changes, actor=actor, day_field=None)


def merchant_relocation_delete(*, actor, relocation):
    _delete(relocation, actor=actor, day_field=None)
