"""Cursor (keyset) pagination over any order the project list offers.

The cursor is the sort values of the last row sent, so a page costs an index walk
from there however deep it is, and rows added meanwhile neither repeat nor vanish.
Nulls sort last in every direction, on SQLite and PostgreSQL alike.
"""

import base64
import json

from django.core.exceptions import ValidationError
from django.db.models import F, Q
from django.utils.translation import gettext as _


class BadCursor(ValueError):
    pass


def _columns(queryset):
    """[(field name, descending)] of the queryset's order (its last column is unique)."""
    return [(name.lstrip("-"), name.startswith("-")) for name in queryset.query.order_by]


def ordered(queryset):
    """The queryset in its own order, with nulls last."""
    return queryset.order_by(
        *(
            F(name).desc(nulls_last=True) if desc else F(name).asc(nulls_last=True)
            for name, desc in _columns(queryset)
        )
    )


def _after(name, desc, value):
    if value is None:  # nothing sorts after a null but other nulls
        return Q(pk__in=[])
    beyond = Q(**{f"{name}__lt" if desc else f"{name}__gt": value})
    return beyond | Q(**{f"{name}__isnull": True})


def _equal(name, value):
    return Q(**{f"{name}__isnull": True}) if value is None else Q(**{name: value})


def after_cursor(queryset, cursor):
    """The rows of `queryset` that come after the cursor's row."""
    columns = _columns(queryset)
    values = decode(cursor, queryset.model, columns)
    condition, equal = Q(pk__in=[]), Q()
    for (name, desc), value in zip(columns, values, strict=True):
        condition |= equal & _after(name, desc, value)
        equal &= _equal(name, value)
    return queryset.filter(condition)


def encode(queryset, row):
    values = []
    for name, _desc in _columns(queryset):
        value = getattr(row, name)
        values.append(
            None
            if value is None
            else str(value.isoformat() if hasattr(value, "isoformat") else value)
        )
    raw = json.dumps([[n for n, _d in _columns(queryset)], values], ensure_ascii=False)
    return base64.urlsafe_b64encode(raw.encode()).decode().rstrip("=")


def decode(cursor, model, columns):
    try:
        raw = base64.urlsafe_b64decode(cursor + "=" * (-len(cursor) % 4))
        names, values = json.loads(raw)
        if names != [n for n, _d in columns] or len(values) != len(columns):
            raise BadCursor
        return [
            None if value is None else model._meta.get_field(name).to_python(value)
            for name, value in zip(names, values, strict=True)
        ]
    except (ValueError, TypeError, ValidationError, UnicodeDecodeError) as e:
        raise BadCursor(_("游标无效：请使用上一页返回的 next_cursor，且不要改变排序。")) from e
