"""Annual targets: who sets them (the level above), the write, and the import of a sheet.

A province's staff set its cities' targets; a city's staff its counties' and platforms';
an admin anyone's. Amounts are typed in 亿元 and kept, like every amount, in 万元.
"""

import csv
import io
from decimal import Decimal, InvalidOperation

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Count, Max, Q
from django.utils.translation import gettext as _

from platforms.models import Platform, Region
from projects.access import access_of, place_contains
from projects.models import TARGET_FIELDS, AnnualTarget
from projects.money import WAN_PER_YI

COUNT_FIELDS = [f for f, _label, kind in TARGET_FIELDS if kind == "count"]
AMOUNT_FIELDS = [f for f, _label, kind in TARGET_FIELDS if kind == "investment"]
CODE_HEADER = "代码"


def can_set_targets(user, scope):
    """Whether `user` may set `scope`'s targets: staff of a unit strictly above it, or an admin."""
    access = access_of(user)
    if access.is_admin:
        return True
    if not access.can_write or access.scope is None:
        return False
    own = access.scope
    return place_contains(own, scope) and not (type(own) is type(scope) and own.pk == scope.pk)


def _scope_kwargs(scope):
    if isinstance(scope, Platform):
        return {"scope_platform": scope}
    return {"scope_region": scope}


def targets_of(scopes, year):
    """{(kind, pk): AnnualTarget} of the scopes for the year, in one query per kind."""
    regions = [s.pk for s in scopes if isinstance(s, Region)]
    platforms = [s.pk for s in scopes if isinstance(s, Platform)]
    where = Q(scope_region__in=regions) | Q(scope_platform__in=platforms)
    found = {}
    for target in AnnualTarget.objects.filter(where, year=year):
        if target.scope_region_id:
            found[("region", target.scope_region_id)] = target
        else:
            found[("platform", target.scope_platform_id)] = target
    return found


def targets_version(scope, year):
    """Names the state of a scope's targets for a year (their cached panel shows them)."""
    row = AnnualTarget.objects.filter(year=year, **_scope_kwargs(scope)).aggregate(
        n=Count("pk"), at=Max("updated_at")
    )
    return f"{row['n']}.{row['at'].timestamp() if row['at'] else 0:.6f}"


def annual_target_set(*, actor, scope, year, values):
    """Set a scope's targets for a year; `values` maps TARGET_FIELDS to counts and 万元 (None:
    no target). Only the level above may."""
    if actor is not None and not can_set_targets(actor, scope):
        raise ValidationError(_("只有上级单位可以设定%(scope)s的目标。") % {"scope": scope.name})
    target = AnnualTarget.objects.filter(year=year, **_scope_kwargs(scope)).first()
    target = target or AnnualTarget(year=year, **_scope_kwargs(scope))
    for field, _label, _kind in TARGET_FIELDS:
        setattr(target, field, values.get(field))
    target.updated_by = actor
    target._history_user = actor
    target.full_clean()
    with transaction.atomic():
        target.save()
    return target


def yi_to_wan(value):
    return None if value is None else (Decimal(value) * WAN_PER_YI).quantize(Decimal("0.01"))


def _cell(raw, field, line):
    text = str(raw if raw is not None else "").strip().replace(",", "")
    if not text:
        return None
    try:
        number = Decimal(text)
    except InvalidOperation:
        raise ValidationError(
            _("第%(line)s行：“%(value)s”不是数字。") % {"line": line, "value": text}
        ) from None
    if number < 0:
        raise ValidationError(_("第%(line)s行：目标不能为负数。") % {"line": line})
    if field in COUNT_FIELDS:
        if number != number.to_integral_value():
            raise ValidationError(_("第%(line)s行：个数须为整数。") % {"line": line})
        return int(number)
    return yi_to_wan(number)


def import_headers():
    """The sheet's columns: the unit's code, then each measure (amounts in 亿元)."""
    return [CODE_HEADER, *[str(label) for _f, label, _k in TARGET_FIELDS]]


def read_sheet(upload):
    """Rows of an uploaded .csv or .xlsx as lists of cells (header row first)."""
    name = upload.name.lower()
    data = upload.read()
    if name.endswith(".xlsx"):
        from openpyxl import load_workbook

        try:
            book = load_workbook(io.BytesIO(data), read_only=True, data_only=True)
        except Exception:
            raise ValidationError(_("无法读取这个 Excel 文件。")) from None
        return [list(row) for row in book.worksheets[0].iter_rows(values_only=True)]
    if name.endswith(".csv"):
        try:
            text = data.decode("utf-8-sig")
        except UnicodeDecodeError:
            text = data.decode("gb18030", errors="replace")
        return list(csv.reader(io.StringIO(text)))
    raise ValidationError(_("请上传 .xlsx 或 .csv 文件。"))


def annual_targets_import(*, actor, parent, year, rows, places):
    """Set the targets of the units named in `rows` (all or nothing); `places` maps the codes
    the sheet may name (the units under `parent`) to their region or platform."""
    if not rows:
        raise ValidationError(_("文件是空的。"))
    headers = [str(h or "").strip() for h in rows[0]]
    expected = import_headers()
    missing = [h for h in expected if h not in headers]
    if missing:
        raise ValidationError(_("缺少列：%(cols)s") % {"cols": "、".join(missing)})
    index = {h: headers.index(h) for h in expected}
    parsed, errors = [], []
    for line, row in enumerate(rows[1:], start=2):
        if not any(str(c or "").strip() for c in row):
            continue
        code = str(row[index[CODE_HEADER]] or "").strip()
        scope = places.get(code)
        if scope is None:
            errors.append(
                _("第%(line)s行：%(code)s 不是%(parent)s的下级单位。")
                % {"line": line, "code": code, "parent": parent.name}
            )
            continue
        try:
            values = {
                field: _cell(row[index[str(label)]], field, line)
                for field, label, _k in TARGET_FIELDS
            }
        except ValidationError as error:
            errors.extend(error.messages)
            continue
        parsed.append((scope, values))
    if errors:
        raise ValidationError(errors)
    with transaction.atomic():
        return [
            annual_target_set(actor=actor, scope=scope, year=year, values=values)
            for scope, values in parsed
        ]
