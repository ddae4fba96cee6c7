"""The dashboard's charts as data: one structure feeds the chart, its table and its CSV.

A chart is categories × series of numbers already rounded the way the page
shows them (counts; 亿元 to two places; percentages to one), so the picture,
the table beside it and the downloaded CSV always agree.
"""

from dataclasses import dataclass, field
from decimal import ROUND_HALF_UP, Decimal

from django.utils.translation import gettext as _

from dashboards.links import origin_params
from dashboards.reads import KEY_LEVELS, PIPELINE, Dashboard
from platforms.models import Platform, Region
from projects.models import Category, Cut, KeyLevel, Origin, RelocatedUnit, Stage
from projects.money import WAN_PER_YI
from projects.periods import add_months, month_end
from projects.totals.reads import Total, scope_key

BAR, LINE, FUNNEL, MAP = "bar", "line", "funnel", "map"


def yi(wan):
    """万元 as 亿元, two places, for charts and their tables."""
    return (Decimal(wan or 0) / WAN_PER_YI).quantize(Decimal("0.01"), rounding=ROUND_HALF_UP)


def pct(value):
    return None if value is None else value.quantize(Decimal("0.1"), rounding=ROUND_HALF_UP)


@dataclass
class Series:
    name: str
    values: list
    type: str = BAR
    axis: int = 0  # 0: left axis, 1: right axis
    links: list = field(default_factory=list)  # per value: the project list behind it, or None

    @property
    def decimals(self):
        """Places every value is shown with: 0 for counts, 2 for 亿元, 1 for percentages."""
        places = [
            -v.as_tuple().exponent for v in self.values if isinstance(v, Decimal) and v.is_finite()
        ]
        return max(places, default=0)

    @property
    def is_count(self):
        return all(v is None or isinstance(v, int) for v in self.values)


@dataclass
class Chart:
    name: str
    title: str
    kind: str
    category_label: str
    categories: list
    series: list
    axes: list = field(default_factory=list)  # axis names, e.g. ["个", "亿元"]
    links: list = field(default_factory=list)  # per category: a URL to drill into, or None
    highlight: list = field(default_factory=list)  # per category: shown in bold / marked
    stages: list = field(default_factory=list)  # per category: its stage, which fixes its colour
    note: str = ""
    csv_url: str = ""

    @property
    def dom_id(self):
        return f"chart-{self.name}"

    @property
    def data_id(self):
        return f"chart-data-{self.name}"

    def data(self):
        """What dashboard.js draws, for json_script."""
        return {
            "kind": self.kind,
            "title": self.title,
            "axes": self.axes,
            "categories": [str(c) for c in self.categories],
            "highlight": self.highlight,
            "stages": self.stages,
            "integer_axes": self.integer_axes(),
            "series": [
                {
                    "name": str(s.name),
                    "type": s.type,
                    "axis": s.axis,
                    "decimals": s.decimals,
                    "values": [None if v is None else str(v) for v in s.values],
                }
                for s in self.series
            ],
        }

    def integer_axes(self):
        """The axes that only counts are drawn on: they tick at whole numbers."""
        axes = {s.axis for s in self.series}
        return sorted(a for a in axes if all(s.is_count for s in self.series if s.axis == a))

    def header(self):
        return [self.category_label, *[s.name for s in self.series]]

    def rows(self):
        """(category, link, highlighted, values) per category, for the table."""
        links = self.links or [None] * len(self.categories)
        highlight = self.highlight or [False] * len(self.categories)
        return [
            (category, links[i], highlight[i], [s.values[i] for s in self.series])
            for i, category in enumerate(self.categories)
        ]

    def cells(self):
        """(category, link, highlighted, [(value, list link)]) per category, for the page."""
        return [
            (category, link, hl, list(zip(values, self._value_links(i), strict=True)))
            for i, (category, link, hl, values) in enumerate(self.rows())
        ]

    def _value_links(self, i):
        return [s.links[i] if s.links else None for s in self.series]

    def csv_rows(self):
        yield [str(h) for h in self.header()]
        for category, _link, _hl, values in self.rows():
            yield [str(category), *["" if v is None else str(v) for v in values]]


def _count_and_yi(name, totals, links=None):
    """A count and an amount of the same projects: both link to the same list."""
    links = links or []
    return [
        Series(_("%(s)s个数") % {"s": name}, [t.count for t in totals], BAR, 0, links),
        Series(
            _("%(s)s投资（亿元）") % {"s": name}, [yi(t.investment) for t in totals], BAR, 1, links
        ),
    ]


def _each(links, make, items):
    """Per item the list URL `make(links, item)`, or nothing when no links are wanted."""
    return [make(item) for item in items] if links else []


def funnel_chart(d: Dashboard, links=None):
    """The stock at the period's end: projects at or beyond each stage (so it narrows)."""
    stocks = d.pipeline_stocks()
    urls = _each(links, lambda s: links.stock(d.scope, s, beyond=True), [s for s, _t in stocks])
    return Chart(
        "funnel",
        _("项目推进漏斗（期末已达各阶段）"),
        FUNNEL,
        _("阶段"),
        [_("已达%(stage)s") % {"stage": Stage(s).label} for s, _t in stocks],
        [
            Series(_("个数"), [t.count for _s, t in stocks], BAR, 0, urls),
            Series(_("投资（亿元）"), [yi(t.investment) for _s, t in stocks], BAR, 1, urls),
        ],
        axes=[_("个"), _("亿元")],
        stages=[s.value for s, _t in stocks],
        note=_("期末处于该阶段或其后各阶段的项目（不含已终止）。"),
    )


def flows_chart(d: Dashboard, links=None):
    """Entries into each stage in the period: flows, drawn as bars (they need not narrow)."""
    flows = [d.cells.flow(d.key_scope, stage) for stage in PIPELINE]
    urls = _each(links, lambda s: links.flow(d.scope, s), PIPELINE)
    return Chart(
        "flows",
        _("本期进入各阶段（流量）"),
        BAR,
        _("阶段"),
        [Stage(s).label for s in PIPELINE],
        _count_and_yi(_("进入"), flows, urls),
        axes=[_("个"), _("亿元")],
        stages=[s.value for s in PIPELINE],
        note=_("本期各阶段的进入数彼此不是同一批项目，不能相除作转化率；转化率见队列表。"),
    )


@dataclass
class MapChart(Chart):
    """A choropleth of the scope's child regions: one series per measure the user may pick."""

    codes: list = field(default_factory=list)  # per category: the region code of its feature
    boundaries_url: str = ""

    def data(self):
        return super().data() | {
            "codes": self.codes,
            "links": self.links,
            "boundaries": self.boundaries_url,
        }


def map_chart(d: Dashboard, child_links, boundaries_url, source, links=None):
    """Signed, landed and started (count and 亿元) and plan completion of each child region;
    with `links` each count and amount links to its projects (a rate links to none)."""
    pairs = [
        (c, link) for c, link in zip(d.children, child_links, strict=True) if isinstance(c, Region)
    ]
    regions = [c for c, _link in pairs]
    series = []
    for stage in (Stage.SIGNED, Stage.LANDED, Stage.UNDER_CONSTRUCTION):
        flows = [d.cells.flow(scope_key(c), stage) for c in regions]
        urls = _each(links, lambda c, stage=stage: links.flow(c, stage), regions)
        series += _count_and_yi(Stage(stage).label, flows, urls)
    completion = []
    for c in regions:
        done, plan = d.children_key[scope_key(c)]
        completion.append(pct(done * 100 / plan) if plan else None)
    no_links = _each(links, lambda c: None, regions)
    series.append(Series(_("重点项目年度计划完成率（%）"), completion, BAR, 0, no_links))
    return MapChart(
        "map",
        _("分布地图：本期各地区"),
        MAP,
        _("地区"),
        [
            _("%(name)s（省直管）") % {"name": c.name} if c.province_administered else c.name
            for c in regions
        ],
        series,
        links=[link for _c, link in pairs],
        note=source,
        codes=[c.code for c in regions],
        boundaries_url=boundaries_url,
    )


def children_charts(d: Dashboard, child_links, links=None):
    """Signed and started in the period, one chart for the regions below, one for the platforms.

    A platform lies in a region (渤海新区黄骅市 in 黄骅市): their projects overlap, so they are
    never drawn side by side as if they added up.
    """
    linked = list(zip(d.children, child_links, strict=True))
    groups = [
        ("children", _("下级地区：本期签约、开工"), _("地区"), Region),
        ("platforms", _("承接平台：本期签约、开工"), _("平台"), Platform),
    ]
    charts = []
    for name, title, label, model in groups:
        places = [(c, link) for c, link in linked if isinstance(c, model)]
        if not places:
            continue
        signed = [d.cells.flow(scope_key(c), Stage.SIGNED) for c, _l in places]
        started = [d.cells.flow(scope_key(c), Stage.UNDER_CONSTRUCTION) for c, _l in places]
        in_signed = _each(links, lambda c: links.flow(c, Stage.SIGNED), [c for c, _l in places])
        in_started = _each(
            links, lambda c: links.flow(c, Stage.UNDER_CONSTRUCTION), [c for c, _l in places]
        )
        chart = Chart(
            name,
            title,
            BAR,
            label,
            [c.name for c, _l in places],
            [
                Series(_("签约个数"), [t.count for t in signed], BAR, 0, in_signed),
                Series(_("开工个数"), [t.count for t in started], BAR, 0, in_started),
                Series(
                    _("签约投资（亿元）"), [yi(t.investment) for t in signed], BAR, 1, in_signed
                ),
                Series(
                    _("开工投资（亿元）"), [yi(t.investment) for t in started], BAR, 1, in_started
                ),
            ],
            axes=[_("个"), _("亿元")],
            links=[link for _c, link in places],
        )
        if model is Platform:
            chart.note = _("平台位于所在地区之内，其项目已计入地区，不能与地区相加。")
        charts.append(chart)
    return charts


def trend_chart(d: Dashboard, links=None):
    quarters = list(d.trend)
    signed = [d.trend[q][Stage.SIGNED] for q in quarters]
    started = [d.trend[q][Stage.UNDER_CONSTRUCTION] for q in quarters]

    def quarter_list(stage):
        # The last quarter ends with the period (it may be a part of one).
        end = lambda q: min(month_end(add_months(q, 2)), d.period.end)  # noqa: E731
        return _each(links, lambda q: links.flow_between(d.scope, stage, q, end(q)), quarters)

    in_signed, in_started = quarter_list(Stage.SIGNED), quarter_list(Stage.UNDER_CONSTRUCTION)
    return Chart(
        "trend",
        _("近八个季度签约、开工趋势"),
        LINE,
        _("季度"),
        [f"{q.year}Q{(q.month - 1) // 3 + 1}" for q in quarters],
        [
            Series(_("签约个数"), [t.count for t in signed], LINE, 0, in_signed),
            Series(_("开工个数"), [t.count for t in started], LINE, 0, in_started),
            Series(_("签约投资（亿元）"), [yi(t.investment) for t in signed], LINE, 1, in_signed),
            Series(_("开工投资（亿元）"), [yi(t.investment) for t in started], LINE, 1, in_started),
        ],
        axes=[_("个"), _("亿元")],
        note=_("截至所选周期末；最后一个季度可能不完整。"),
    )


def _breakdown(d, name, title, label, groups, cut, highlight=None, links=None):
    """Signed flows in the period for each group (label, cut values, list filter)."""
    totals = [d.cells.flow(d.key_scope, Stage.SIGNED, cut, values) for _l, values, _p in groups]
    urls = _each(links, lambda p: links.flow(d.scope, Stage.SIGNED, **p), [g[2] for g in groups])
    return Chart(
        name,
        title,
        BAR,
        label,
        [g[0] for g in groups],
        _count_and_yi(_("签约"), totals, urls),
        axes=[_("个"), _("亿元")],
        highlight=highlight or [],
    )


def chain_chart(d: Dashboard, links=None):
    present = d.cells.values_of(d.key_scope, Cut.CHAIN)
    chains = sorted(
        (d.chains[code] for code in present if code in d.chains),
        key=lambda c: (not c.is_provincial, c.kind, c.code),
    )
    chart = _breakdown(
        d,
        "chains",
        _("按产业链：本期签约（★ 六链五群）"),
        _("产业链"),
        [(("★ " if c.is_provincial else "") + c.name, [c.code], {"chain": c.pk}) for c in chains],
        Cut.CHAIN,
        highlight=[c.is_provincial for c in chains],
        links=links,
    )
    chart.note = _("一个项目属于多条产业链时在每条链中各计一次。")
    return chart


def origin_chart(d: Dashboard, links=None):
    groups = [(label, values, origin_params(values)) for _c, label, values in d.origin_groups()]
    return _breakdown(
        d, "origins", _("按来源地：本期签约"), _("来源地"), groups, Cut.ORIGIN, links=links
    )


def district_chart(d: Dashboard, links=None):
    """北京's signed projects by the district they come from, and those with none recorded
    (the list filters a district, not its absence: that last column links to none)."""
    districts = d.beijing_districts
    totals = [
        d.cells.flow(d.key_scope, Stage.SIGNED, Cut.SOURCE_DISTRICT, [str(r.pk)]) for r in districts
    ]
    beijing = d.cells.flow(d.key_scope, Stage.SIGNED, Cut.ORIGIN, [Origin.BEIJING.value])
    rest = Total(
        beijing.count - sum(t.count for t in totals),
        beijing.investment - sum((t.investment for t in totals), Decimal(0)),
    )
    return Chart(
        "districts",
        _("北京来源项目按区：本期签约"),
        BAR,
        _("北京市辖区"),
        [r.name for r in districts] + [_("未填来源区")],
        _count_and_yi(
            _("签约"),
            [*totals, rest],
            _each(links, lambda r: r and _district_link(links, d.scope, r), [*districts, None]),
        ),
        axes=[_("个"), _("亿元")],
        note=_("来源地为北京的项目按其来源区；未填来源区的计入最后一栏。"),
    )


def _district_link(links, scope, district):
    return links.flow(scope, Stage.SIGNED, origin=Origin.BEIJING.value, source_district=district.pk)


def category_chart(d: Dashboard, links=None):
    groups = [(c.label, [c.value], {"category": c.value}) for c in Category]
    return _breakdown(
        d,
        "categories",
        _("按项目类别：本期签约"),
        _("项目类别"),
        groups,
        Cut.CATEGORY,
        links=links,
    )


def key_chart(d: Dashboard):
    key = d.key
    running, cumulative = Decimal(0), []
    plan = key.plan()
    for month in key.months:
        running += key.month_total(month)
        cumulative.append(pct(running * 100 / plan) if plan else None)
    return Chart(
        "key_monthly",
        _("%(y)s年重点项目逐月完成投资") % {"y": key.year},
        BAR,
        _("月份"),
        [f"{m:%Y-%m}" for m in key.months],
        [
            Series(_("当月完成（亿元）"), [yi(key.month_total(m)) for m in key.months], BAR, 0),
            Series(
                _("上年同月（亿元）"),
                [yi(key.month_total(m, before=True)) for m in key.months],
                BAR,
                0,
            ),
            Series(_("累计完成年度计划（%）"), cumulative, LINE, 1),
        ],
        axes=[_("亿元"), "%"],
    )


def relocation_chart(d: Dashboard):
    categories, now, before = [], [], []
    for origin in Origin.jingjin():
        for kind in RelocatedUnit.Kind:
            n, b = d.relocations.get((origin.value, kind.value), (0, 0))
            categories.append(f"{origin.label}·{kind.label}")
            now.append(n)
            before.append(b)
    return Chart(
        "relocations",
        _("京津转入单位"),
        BAR,
        _("转出地·单位类型"),
        categories,
        [Series(_("本期"), now), Series(_("上年同期"), before)],
        axes=[_("个")],
    )


def key_rows(d: Dashboard):
    """Plan completion by key level and in all, for the table under the headline."""
    rows = []
    for levels, label in [
        ([KeyLevel.PROVINCIAL.value], KeyLevel.PROVINCIAL.label),
        ([KeyLevel.MUNICIPAL.value], KeyLevel.MUNICIPAL.label),
        (KEY_LEVELS, _("合计")),
    ]:
        progress = d.key.progress(levels)
        rows.append(
            {
                "label": label,
                "done": d.key.done(levels),
                "plan": d.key.plan(levels),
                "pct": pct(progress.pct),
                "gap": pct(progress.gap),
                "before": d.key.done(levels, before=True),
                "yoy": pct(d.key.yoy_pct(levels)),
                "yoy_new": d.key.yoy_is_new(levels),
            }
        )
    return rows


def all_charts(d: Dashboard, child_links, links=None, boundaries=None):
    """The dashboard's charts; with `links` (a dashboard_links.ListLinks) every number of
    projects carries the URL of the list of those projects; `boundaries` is (URL, source
    note) when the scope has a map."""
    charts = [
        map_chart(d, child_links, *boundaries, links=links) if boundaries else None,
        funnel_chart(d, links),
        flows_chart(d, links),
        *children_charts(d, child_links, links),
        trend_chart(d, links),
        chain_chart(d, links),
        origin_chart(d, links),
        district_chart(d, links),
        category_chart(d, links),
        key_chart(d),
        relocation_chart(d),
    ]
    return {c.name: c for c in charts if c is not None}
