"""Filters the registry's templates use to show stages and money."""

from decimal import Decimal

from django import template

from projects.models import Provenance, Stage
from projects.money import format_yi, format_yi_exact

register = template.Library()


@register.filter
def yi(wan, places=2):
    """Stored 万元 as 亿元 text: 1,234.57."""
    return format_yi(wan if wan is not None else Decimal(0), int(places))


@register.filter
def yi_exact(wan):
    """Stored 万元 as 亿元 text losing nothing: 5.20, 1.2345."""
    return format_yi_exact(wan if wan is not None else Decimal(0))


@register.filter
def wan(amount):
    """Stored 万元 as plain text without trailing zeros: 5,130 or 0.5."""
    if amount is None:
        return "—"
    text = f"{Decimal(amount).normalize():,f}"
    return text


@register.filter
def stage_label(value):
    try:
        return Stage(value).label
    except ValueError:
        return value


@register.filter
def provenance_label(value):
    try:
        return Provenance(value).label
    except ValueError:
        return value


@register.filter
def is_stand_in(value):
    return value in Provenance.stand_ins()


@register.filter
def minutes(delta):
    """A timedelta in whole minutes (at least 1)."""
    return max(1, int(delta.total_seconds() // 60)) if delta else ""
