"""What changed on a record, who changed it and when, read from simple-history (promotion, relocations)."""

from decimal import Decimal

from django.utils.translation import gettext as _

from projects.selectors import Change, display_amount, history_item

HISTORY_LIMIT = 60
HIDDEN = {"version", "created_by", "updated_at", "created_at"}


def history_of(record, limit=HISTORY_LIMIT):
    """Who changed what (old → new) and when, newest first: one query, plus one per model named."""
    records = list(
        record.history.select_related("history_user").order_by("-history_date", "-history_id")[
            : limit + 1
        ]
    )
    # Each record against the one before it; the oldest (the creation) against nothing.
    # Rows loaded from fixtures have no history at all.
    pairs = list(zip(records, [*records[1:], None], strict=False))[:limit]
    diffs = [
        (new, new.diff_against(old, excluded_fields=HIDDEN).changes if old else [])
        for new, old in pairs
    ]
    model = type(record)
    names = _names(model, [c for _new, changes in diffs for c in changes])
    return [
        history_item(
            new,
            str(model._meta.verbose_name),
            [
                Change(
                    str(model._meta.get_field(c.field).verbose_name),
                    _display(model, c.field, c.old, names),
                    _display(model, c.field, c.new, names),
                )
                for c in changes
            ],
        )
        for new, changes in diffs
    ]


def _names(model, changes):
    wanted = {}
    for change in changes:
        field_ = model._meta.get_field(change.field)
        if field_.is_relation:
            ids = {v for v in (change.old, change.new) if v}
            wanted.setdefault(field_.related_model, set()).update(ids)
    names = {}
    for related, ids in wanted.items():
        for obj in related.objects.filter(pk__in=ids):
            names[(related, obj.pk)] = str(obj)
    return names


def _display(model, name, value, names):
    if value is None or value == "":
        return "—"
    field_ = model._meta.get_field(name)
    if field_.is_relation:
        return names.get((field_.related_model, value), f"#{value}")
    if field_.choices:
        return str(dict(field_.flatchoices).get(value, value))
    if isinstance(value, bool):
        return _("是") if value else _("否")
    if isinstance(value, Decimal):
        return display_amount(value)
    return str(value)
