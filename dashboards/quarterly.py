"""A scope's quarterly report: the figures an article quotes, read from the totals tables.

Every number is one call of projects/totals/reads.py — flows for the quarter and
the year to date, the stock at the quarter's end, active projects, completed
investment against the annual plan, relocated units — so the report agrees
with the dashboards and the published-figure checks by construction.
"""

import datetime
from dataclasses import dataclass, field
from decimal import Decimal

from django.conf import settings
from django.utils.translation import gettext as _

from dashboards.rankings import MEASURES, read_ranking
from dashboards.reads import growth_pct, stale_cells, time_progress
from projects import totals
from projects.models import Cut, KeyLevel, Origin, RelocatedUnit, Stage
from projects.money import WAN_PER_YI, format_yi
from projects.periods import add_months, month_end
from projects.reporting.restatements import restatements_for
from projects.reporting.snapshot import NotReported, ReportedTotals

JINGJIN = [Origin.BEIJING.value, Origin.TIANJIN.value]
KEY_LEVELS = [KeyLevel.PROVINCIAL.value, KeyLevel.MUNICIPAL.value]


@dataclass
class Line:
    label: str
    quarter: totals.Total
    year_to_date: totals.Total
    year_earlier: totals.Total  # the same quarter a year earlier

    @property
    def count_growth(self):
        return _growth(
            self.quarter.count, self.year_earlier.count, settings.DASHBOARD_YOY_MIN_COUNT
        )

    @property
    def investment_growth(self):
        return _growth(self.quarter.investment, self.year_earlier.investment)


@dataclass
class Money:
    label: str
    quarter: Decimal
    year_to_date: Decimal
    plan: Decimal
    year_earlier: Decimal  # the same months a year earlier
    elapsed: Decimal = Decimal(0)  # 时序进度 at the quarter's end, in percent

    @property
    def plan_pct(self):
        return _ratio(self.year_to_date, self.plan)

    @property
    def gap(self):
        """Percentage points ahead of (positive) or behind 时序进度."""
        pct = self.plan_pct
        return None if pct is None else (pct - self.elapsed).quantize(Decimal("0.1"))

    @property
    def growth(self):
        return _growth(self.year_to_date, self.year_earlier)


@dataclass
class QuarterlyReport:
    scope: object
    year: int
    quarter: int
    start: datetime.date
    end: datetime.date
    sections: list = field(default_factory=list)  # (title, [Line])
    stock: list = field(default_factory=list)  # (label, Total)
    money: list = field(default_factory=list)  # [Money]
    relocations: list = field(default_factory=list)  # (label, quarter, year to date)
    ranking: object = None  # dashboards.rankings.Ranking of the units under the scope, to date
    latest_run: object = None
    stale: int = 0
    as_reported: object = None  # AsReported when the quarter's three months are closed

    @property
    def title(self):
        return _("%(scope)s %(year)s年第%(q)s季度承接项目情况") % {
            "scope": self.scope.name,
            "year": self.year,
            "q": self.quarter,
        }

    @property
    def measures(self):
        return MEASURES

    def ranking_tables(self):
        """[(title, [(place, [(measure, Entry)])])]: regions and platforms apart."""
        if self.ranking is None:
            return []
        return [(title, self.ranking.matrix(places)) for title, places in self.ranking.groups]

    @property
    def months_label(self):
        return _("1—%(m)s月") % {"m": self.end.month}

    def summary(self):
        """The sentences an article would write, from the same numbers."""
        return [
            s for s in (_signed_sentence(self), _started_sentence(self), _money_sentence(self)) if s
        ]


def _ratio(part, whole):
    if not whole:
        return None
    return (Decimal(part) * 100 / Decimal(whole)).quantize(Decimal("0.1"))


def _growth(now, before, min_base=None):
    """Growth in percent; None over a base below the dashboards' threshold (reads 新增)."""
    growth = growth_pct(
        now, before, settings.DASHBOARD_YOY_MIN_WAN if min_base is None else min_base
    )
    return None if growth is None else growth.quantize(Decimal("0.1"))


def quarter_bounds(year, quarter):
    first = datetime.date(year, 3 * quarter - 2, 1)
    return first, month_end(add_months(first, 2))


def _flow_line(scope, label, stage, start, end, slice_=totals.WHOLE):
    jan = datetime.date(start.year, 1, 1)
    return Line(
        label,
        totals.flow(scope, stage, start, end, slice_),
        totals.flow(scope, stage, jan, end, slice_),
        totals.flow(scope, stage, _year_back(start), _year_back(end), slice_),
    )


def _year_back(day):
    return month_end(add_months(day.replace(day=1), -12)) if day.day > 1 else add_months(day, -12)


def _origin_lines(scope, stage, start, end, title):
    lines = [_flow_line(scope, title, stage, start, end)]
    for origin in Origin.jingjin():
        lines.append(
            _flow_line(
                scope,
                _("其中：来自%(o)s") % {"o": origin.label},
                stage,
                start,
                end,
                totals.Slice(Cut.ORIGIN, [origin.value]),
            )
        )
    return lines


def quarterly_report(scope, year, quarter):
    start, end = quarter_bounds(year, quarter)
    report = QuarterlyReport(scope, year, quarter, start, end)
    signed = _origin_lines(scope, Stage.SIGNED, start, end, _("签约项目"))
    signed.insert(
        1, _flow_line(scope, _("其中：亿元以上"), Stage.SIGNED, start, end, totals.Slice(Cut.MAJOR))
    )
    signed.append(
        _flow_line(
            scope,
            _("其中：京津亿元以上"),
            Stage.SIGNED,
            start,
            end,
            totals.Slice(Cut.MAJOR_ORIGIN, JINGJIN),
        )
    )
    report.sections = [
        (_("签约"), signed),
        (_("落地"), [_flow_line(scope, _("落地项目"), Stage.LANDED, start, end)]),
        (_("开工"), _origin_lines(scope, Stage.UNDER_CONSTRUCTION, start, end, _("开工项目"))),
        (_("投产"), _origin_lines(scope, Stage.IN_PRODUCTION, start, end, _("投产项目"))),
    ]
    report.stock = [
        (_("季末在谈项目"), totals.stock(scope, Stage.NEGOTIATING, end)),
        (_("本季度实施项目（开工或投产）"), totals.active(scope, start, end)),
    ]
    report.money = [
        _money(scope, _("全部项目"), start, end, totals.WHOLE),
        _money(
            scope, _("重点项目（省、市重点）"), start, end, totals.Slice(Cut.KEY_LEVEL, KEY_LEVELS)
        ),
    ]
    report.relocations = _relocations(scope, start, end)
    report.ranking = read_ranking(scope, year, end.month)
    report.latest_run = totals.latest_run()
    report.stale = stale_cells(scope)
    report.as_reported = _as_reported(report)
    return report


@dataclass
class AsReported:
    """The quarter as its closings froze it (按上报口径) beside the current data (按最新数据),
    and the restatements between them."""

    rows: list  # (label, as reported, now, is money)
    restatements: list

    @property
    def differs(self):
        return any(reported != now for _label, reported, now, _money in self.rows)


def _as_reported(report):
    """None unless every month of the quarter is closed for the scope."""
    scope, start, end = report.scope, report.start, report.end
    reads = ReportedTotals(end)
    rows = []
    try:
        for stage, label in (
            (Stage.SIGNED, _("签约项目")),
            (Stage.LANDED, _("落地项目")),
            (Stage.UNDER_CONSTRUCTION, _("开工项目")),
            (Stage.IN_PRODUCTION, _("投产项目")),
        ):
            then = reads.flow(scope, stage, start, end, totals.WHOLE)
            now = totals.flow(scope, stage, start, end, totals.WHOLE)
            rows.append((label, then.count, now.count, False))
            rows.append(
                (_("%(label)s投资") % {"label": label}, then.investment, now.investment, True)
            )
        then = reads.completed(scope, start, end, totals.WHOLE)
        rows.append((_("完成投资"), then, totals.completed(scope, start, end, totals.WHOLE), True))
    except NotReported:
        return None
    kind, pk = totals.scope_key(scope)
    cells = {(kind, pk, f"{add_months(start, i):%Y-%m-%d}") for i in range(3)}
    return AsReported(rows, restatements_for(cells))


def _money(scope, label, start, end, slice_):
    jan = datetime.date(start.year, 1, 1)
    return Money(
        label,
        totals.completed(scope, start, end, slice_),
        totals.completed(scope, jan, end, slice_),
        totals.planned(scope, start.year, slice_),
        totals.completed(scope, add_months(jan, -12), _year_back(end), slice_),
        time_progress(end),
    )


def _relocations(scope, start, end):
    jan = datetime.date(start.year, 1, 1)
    rows = []
    for origin in Origin.jingjin():
        for kind in RelocatedUnit.Kind:
            rows.append(
                (
                    f"{origin.label}·{kind.label}",
                    totals.relocated_units(scope, start, end, [origin.value], [kind.value]),
                    totals.relocated_units(scope, jan, end, [origin.value], [kind.value]),
                )
            )
    return rows


def yi(wan):
    """万元 as exact 亿元."""
    return (Decimal(wan or 0) / WAN_PER_YI).normalize() if wan else Decimal(0)


def _signed_sentence(r):
    signed = r.sections[0][1]
    whole, major, beijing, tianjin = signed[0], signed[1], signed[2], signed[3]
    return _(
        "%(year)s年第%(q)s季度，%(scope)s新签约项目%(n)s个，总投资%(yi)s亿元，其中亿元以上项目%(major)s个；"
        "来自北京的项目%(bj)s个、总投资%(bj_yi)s亿元，来自天津的项目%(tj)s个、总投资%(tj_yi)s亿元。"
    ) % {
        "year": r.year,
        "q": r.quarter,
        "scope": r.scope.name,
        "n": whole.quarter.count,
        "yi": format_yi(whole.quarter.investment),
        "major": major.quarter.count,
        "bj": beijing.quarter.count,
        "bj_yi": format_yi(beijing.quarter.investment),
        "tj": tianjin.quarter.count,
        "tj_yi": format_yi(tianjin.quarter.investment),
    }


def _started_sentence(r):
    started = r.sections[2][1][0]
    producing = r.sections[3][1][0]
    negotiating = r.stock[0][1]
    return _(
        "新开工项目%(s)s个，总投资%(s_yi)s亿元；新投产项目%(p)s个，总投资%(p_yi)s亿元。"
        "截至%(month)s月底，在谈项目%(n)s个。"
    ) % {
        "s": started.quarter.count,
        "s_yi": format_yi(started.quarter.investment),
        "p": producing.quarter.count,
        "p_yi": format_yi(producing.quarter.investment),
        "month": r.end.month,
        "n": negotiating.count,
    }


def _money_sentence(r):
    money = r.money[0]
    if not money.year_to_date and not money.plan:
        return ""
    text = _("%(months)s完成投资%(done)s亿元") % {
        "months": r.months_label,
        "done": format_yi(money.year_to_date),
    }
    if money.plan_pct is not None:
        text += _("，完成年度计划的%(pct)s%%") % {"pct": money.plan_pct}
        elapsed = f"{money.elapsed.quantize(Decimal('0.1')).normalize():f}"
        if money.gap > 0:
            text += _("，超过时序进度（%(t)s%%）%(n)s个百分点") % {"t": elapsed, "n": money.gap}
        elif money.gap < 0:
            text += _("，低于时序进度（%(t)s%%）%(n)s个百分点") % {"t": elapsed, "n": -money.gap}
    if money.growth is not None and money.growth >= 0:
        text += _("，同比增长%(g)s%%") % {"g": money.growth}
    elif money.growth is not None:
        text += _("，同比下降%(g)s%%") % {"g": -money.growth}
    return text + _("。")
