"""Cursor (keyset) pagination over any order the project list offers.

The cursor is the sort values of the last row sent, so a page costs an index walk
from there however deep it is, and rows added meanwhile neither repeat nor vanish.
Nulls (a stage not reached) sort where the database puts them in the web list — above
every date on PostgreSQL, below on SQLite — so both lists show one order.
"""

import base64
import json

from django.core.exceptions import ValidationError
from django.db import connection
from django.db.models import F, Q
from django.utils.translation import gettext as _


class BadCursor(ValueError):
    pass


def _nulls_large():
    return connection.vendor == "postgresql"


def _columns(queryset):
    """[(field name, descending, nulls last)] of the queryset's order (the last is unique)."""
    columns = []
    for name in queryset.query.order_by:
        desc = name.startswith("-")
        columns.append((name.lstrip("-"), desc, desc != _nulls_large()))
    return columns


def sort_fields(queryset):
    """The model fields a cursor is made of (to load with the rows; an annotation such as
    the search rank comes with the rows anyway)."""
    annotations = queryset.query.annotations
    return [name for name, _desc, _nulls_last in _columns(queryset) if name not in annotations]


def _field(queryset, name):
    """The field that reads a cursor value back: the model's, or an annotation's output."""
    annotation = queryset.query.annotations.get(name)
    return (
        annotation.output_field if annotation is not None else queryset.model._meta.get_field(name)
    )


def ordered(queryset):
    """The queryset in its own order, its nulls placed explicitly (as the database would)."""
    return queryset.order_by(
        *(
            getattr(F(name), "desc" if desc else "asc")(
                **({"nulls_last": True} if nulls_last else {"nulls_first": True})
            )
            for name, desc, nulls_last in _columns(queryset)
        )
    )


def _after(name, desc, nulls_last, value):
    if value is None:  # after a null: only the non-nulls, if they come after
        return Q(pk__in=[]) if nulls_last else Q(**{f"{name}__isnull": False})
    beyond = Q(**{f"{name}__lt" if desc else f"{name}__gt": value})
    return beyond | Q(**{f"{name}__isnull": True}) if nulls_last else beyond


def _equal(name, value):
    return Q(**{f"{name}__isnull": True}) if value is None else Q(**{name: value})


def after_cursor(queryset, cursor):
    """The rows of `queryset` that come after the cursor's row."""
    columns = _columns(queryset)
    values = decode(cursor, queryset, columns)
    condition, equal = Q(pk__in=[]), Q()
    for (name, desc, nulls_last), value in zip(columns, values, strict=True):
        condition |= equal & _after(name, desc, nulls_last, value)
        equal &= _equal(name, value)
    return queryset.filter(condition)


def encode(queryset, row):
    values = []
    for name, _desc, _nulls_last in _columns(queryset):
        value = getattr(row, name)
        values.append(
            None
            if value is None
            else str(value.isoformat() if hasattr(value, "isoformat") else value)
        )
    raw = json.dumps([[c[0] for c in _columns(queryset)], values], ensure_ascii=False)
    return base64.urlsafe_b64encode(raw.encode()).decode().rstrip("=")


def decode(cursor, queryset, columns):
    try:
        raw = base64.urlsafe_b64decode(cursor + "=" * (-len(cursor) % 4))
        names, values = json.loads(raw)
        if names != [c[0] for c in columns] or len(values) != len(columns):
            raise BadCursor
        if any(not isinstance(v, str | None) or "\x00" in (v or "") for v in values):
            raise BadCursor
        return [
            None if value is None else _field(queryset, name).to_python(value)
            for name, value in zip(names, values, strict=True)
        ]
    except (ValueError, TypeError, ValidationError, UnicodeDecodeError) as e:
        raise BadCursor(_("游标无效：请使用上一页返回的 next_cursor，且不要改变排序。")) from e
