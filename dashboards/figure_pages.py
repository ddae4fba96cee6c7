"""The published-figures page of a scope: what was quoted, in words, against what is computed.

A figure reads as the article wrote it — 约 200 个, 近 200 个, 200 余个 — with its unit,
its source's title and date, the quote, and (where its definition is a count or sum of
projects the list can filter) a link to exactly those projects.
"""

from dataclasses import dataclass

from django.utils.translation import gettext as _

from dashboards.links import project_list_url
from projects.models import FigureCheck, FigureSource, Measure, Qualifier

PROJECT_MEASURES = {Measure.COUNT, Measure.INVESTMENT}
UNITS = {
    Measure.INVESTMENT: "亿元",
    Measure.PLANNED_INVESTMENT: "亿元",
    Measure.COMPLETED_INVESTMENT: "亿元",
    Measure.PLAN_COMPLETION_PCT: "%",
    Measure.COMPLETED_INVESTMENT_YOY_PCT: "%",
    Measure.SHARE_OF_COUNT: "%",
    Measure.SHARE_OF_INVESTMENT: "%",
    Measure.MERCHANTS: "户",
    Measure.PEOPLE: "人",
    Measure.REVIEWERS: "名",
    Measure.TOP_SCORE: "分",
    Measure.ENTERPRISES: "家",
    Measure.DISTINCT_CHAINS: "条",
}
SHARES = {Measure.SHARE_OF_COUNT, Measure.SHARE_OF_INVESTMENT}


def unit_of(measure):
    return _(UNITS.get(measure, "个"))


def number(value, measure):
    """The value as quoted (shares as percentages), thousands separated, its places kept."""
    if value is None:
        return "—"
    if measure in SHARES:
        value = value * 100
    text = f"{value.normalize():,f}"
    return text


def in_words(figure):
    """约 200 个 / 近 200 个 / 200 余个 / 200 个: the qualifier where the article put it."""
    value, unit = number(figure.value, figure.measure), unit_of(figure.measure)
    if figure.qualifier == Qualifier.ABOUT:
        return _("约 %(v)s %(u)s") % {"v": value, "u": unit}
    if figure.qualifier == Qualifier.NEARLY:
        return _("近 %(v)s %(u)s") % {"v": value, "u": unit}
    if figure.qualifier == Qualifier.AT_LEAST:
        return _("%(v)s 余%(u)s") % {"v": value, "u": unit}
    return f"{value} {unit}"


_FILTERS = {"min_investment": "min_yi", "category": "category", "origin": "origin"}


def records_url(figure):
    """The project list of exactly the figure's projects, or None when the list cannot say it
    (events, reviews, several origins at once, shares …)."""
    d = figure.definition or {}
    if figure.measure not in PROJECT_MEASURES:
        return None
    params = {}
    for key, value in (d.get("filters") or {}).items():
        if key not in _FILTERS:
            return None
        if isinstance(value, list):
            if len(value) != 1:
                return None
            value = value[0]
        params[_FILTERS[key]] = value
    if "reached" in d and d.get("period") and all(d["period"]):
        start, end = d["period"]
        params |= {"date_stage": d["reached"], "date_from": start, "date_to": end}
    elif "at" in d and d.get("date"):
        params |= {"stage_on": d["at"], "on": d["date"]}
    else:
        return None
    return project_list_url(figure.scope, **params)


@dataclass
class FigureRow:
    figure: object
    check: object
    source: object  # FigureSource or None
    published: str
    computed: str
    difference: str
    records_url: str | None


def figure_rows(figures):
    """The page's rows, the sources read in one query."""
    files = {f.source for f in figures}
    sources = {s.file: s for s in FigureSource.objects.filter(file__in=files)}
    rows = []
    for figure in figures:
        check = getattr(figure, "reconciliation", None)
        computed = None if check is None else check.computed_value
        difference = None if check is None else check.difference
        rows.append(
            FigureRow(
                figure,
                check,
                sources.get(figure.source),
                in_words(figure),
                number(computed, figure.measure),
                number(difference, figure.measure),
                records_url(figure),
            )
        )
    return rows


def figure_summary(figures):
    """{status: n} and the total, for the dashboard's one line."""
    counts = dict.fromkeys(FigureCheck.Status.values, 0)
    unchecked = 0
    for figure in figures:
        check = getattr(figure, "reconciliation", None)
        if check is None:
            unchecked += 1
        else:
            counts[check.status] += 1
    return {"total": len(figures), "unchecked": unchecked, **counts}
