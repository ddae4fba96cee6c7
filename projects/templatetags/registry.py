"""Filters the registry's templates use to show stages and money."""

import functools
from decimal import Decimal

from django import template
from django.utils.html import format_html
from django.utils.translation import get_language
from django.utils.translation import gettext as _

from projects import search
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
def count(value):
    """A count with thousands separators: 1,234 (the one format of counts on every page)."""
    return "—" if value is None else f"{int(value):,}"


@register.filter
def num(value):
    """A chart value as every table shows it: 1,234 or 2,446.13 (its places kept), — for none."""
    if value is None or value == "":
        return "—"
    if isinstance(value, int):
        return f"{value:,}"
    return f"{Decimal(value):,}"


@register.filter
def wan(amount):
    """Stored 万元 as plain text without trailing zeros: 5,130 or 0.5."""
    if amount is None:
        return "—"
    text = f"{Decimal(amount).normalize():,f}"
    return text


@register.filter
def highlight(text, terms):
    """The text escaped, with the search terms (projects/search.py terms_of) in <mark>."""
    return search.highlighted(text, terms or ())


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


# Lists and the board mark every row, so the badges are filters (no template include per
# row), built once per value and language.


@register.filter
def stage_badge(value):
    """A stage as every page marks it: <span class="stage stage-signed">签约</span>."""
    return _stage_badge(value, get_language())


@functools.cache
def _stage_badge(value, language):
    return format_html('<span class="stage stage-{}">{}</span>', value, stage_label(value))


@register.filter
def provenance_badge(value):
    """The mark on a stand-in record (placeholder or synthetic); nothing on a real one."""
    return _provenance_badge(value, get_language()) if is_stand_in(value) else ""


@functools.cache
def _provenance_badge(value, language):
    text = _("占位") if value == Provenance.PLACEHOLDER else _("合成")
    return format_html(
        '<span class="badge stand-in" title="{}">{}</span>', provenance_label(value), text
    )


@register.filter
def iso(day):
    """A date as 2023-05-01, what |date:"Y-m-d" writes, at a fraction of its cost."""
    return day.isoformat() if day else ""


@register.filter
def minutes(delta):
    """A timedelta in whole minutes (at least 1)."""
    return max(1, int(delta.total_seconds() // 60)) if delta else ""


@register.filter
def ageing(project):
    """Days in the current stage, and the 停滞 mark on a negotiation left without change."""
    days = project.days_in_stage()
    if days is None:
        return ""
    stalled = ""
    if project.is_stalled:
        stalled = format_html(
            ' <span class="badge stalled" title="{}">{}</span>',
            _("洽谈已长时间无任何变化"),
            _("停滞"),
        )
    return format_html(
        '<div class="sub ageing">{}{}</div>', _("本阶段 %(n)s 天") % {"n": days}, stalled
    )
