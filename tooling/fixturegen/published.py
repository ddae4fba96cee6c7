"""figures.yaml: one PublishedFigure per quoted value, with its definition in figures.py's vocabulary."""

from dataclasses import dataclass
from decimal import Decimal

from projects.models import Measure, Qualifier
from promotion.figure_words import (
    PROMOTION_FILTER_WORDS,
    PROMOTION_FILTERS,
    PROMOTION_MEASURE_WORDS,
)
from tooling.fixturegen.spec import SpecError, as_date, as_decimal, as_period

ORIGIN_CODES = {"北京": "beijing", "天津": "tianjin"}
LIST_FILTERS = ("origin", "key_level", "category", "build_type", "unit_kind")
SHARE_MEASURES = (Measure.SHARE_OF_COUNT, Measure.SHARE_OF_INVESTMENT)


@dataclass
class FigureRow:
    code: str
    group: str
    label: str
    scope: tuple  # ("region" | "platform", code)
    measure: str
    definition: dict
    value: Decimal
    qualifier: str
    source: str
    quote: str
    note: str

    @property
    def places(self):
        """Decimal places the value is quoted to, as PublishedFigure.places."""
        return max(0, -self.value.normalize().as_tuple().exponent)


def load_figures(entries, places, event_kinds=None):
    """(figures, pending): the reconcilable figures and [(code, reason)] left for later."""
    figures, pending = [], []
    event_kinds = event_kinds or {}
    for entry in entries:
        for n, value in enumerate(entry["values"], 1):
            code = f"{entry['id']}:{n}"
            reason = value.get("pending") or entry.get("pending")
            if reason:
                pending.append((code, str(reason)))
                continue
            figures.append(figure_of(entry, value, code, places, event_kinds))
    codes = [f.code for f in figures]
    if len(codes) != len(set(codes)):
        raise SpecError("figures.yaml has duplicate ids")
    return figures, pending


def figure_of(entry, value, code, places, event_kinds=None):
    measure = value["measure"]
    if measure not in Measure.values:
        raise SpecError(
            f"{code}: measure {measure!r} is not a Measure; mark the figure `pending` "
            "or extend projects.models.Measure"
        )
    qualifier = value.get("qualifier", Qualifier.EXACT)
    if qualifier not in Qualifier.values:
        raise SpecError(f"{code}: unknown qualifier {qualifier!r}")
    scope_code = value.get("scope_code", entry.get("scope_code"))
    definition = definition_of(value, entry)
    return FigureRow(
        code=code,
        group=entry["id"],
        label=value.get("label") or label_of(measure, definition, event_kinds or {}),
        scope=places.scope(str(scope_code)),
        measure=measure,
        definition=definition,
        value=as_decimal(value["value"]),
        qualifier=qualifier,
        source=entry["source"],
        quote=entry["quote"],
        note=str(entry.get("note") or "").strip(),
    )


def definition_of(value, entry=None):
    """A figures.yaml value (or an ad-hoc target) as a PublishedFigure.definition."""
    entry = entry or {}
    d = {}
    if "reached" in value:
        d["reached"] = value["reached"]
    if "at" in value:
        d["at"] = value["at"]
        d["date"] = as_date(value["date"]).isoformat()
    elif "date" in value:  # a stock of promotion records (target lists, ambassadors …)
        d["date"] = as_date(value["date"]).isoformat()
    if "active" in value:
        d["active"] = True
        d["period"] = _iso_period(value["active"])
    if "period" in value:
        d["period"] = _iso_period(value["period"])
    event = value.get("event_code") or entry.get("event_code")
    if event:
        d["event"] = event
    if "review" in value:
        d["review"] = value.get("review_code") or entry["review_code"]
    for key in ("year", "year_plan"):
        if key in value:
            d[key] = int(value[key])
    filters = _filters(value.get("filters"))
    if value["measure"] == Measure.DISTINCT_CHAINS:
        d["chains"] = filters.pop("chains", [])
    if filters:
        d["share_filters" if value["measure"] in SHARE_MEASURES else "filters"] = filters
    return d


def _iso_period(text):
    start, end = as_period(text)
    return [start.isoformat() if start else None, end.isoformat()]


def _filters(filters):
    out = {}
    for key, val in (filters or {}).items():
        if key == "min_investment":
            out[key] = _number(val)
        elif key == "strategic_emerging":
            out[key] = bool(val)
        elif key in LIST_FILTERS:
            vals = val if isinstance(val, list) else [val]
            out[key] = [ORIGIN_CODES.get(v, v) for v in vals] if key == "origin" else vals
        elif key == "chains":
            out[key] = list(val)
        elif key in PROMOTION_FILTERS:
            out[key] = str(val)
        else:
            raise SpecError(f"unknown filter {key!r}")
    return out


def _number(value):
    """A threshold for JSON: whole numbers as ints, others as exact decimal strings (never floats)."""
    number = as_decimal(value)
    return int(number) if number == number.to_integral_value() else str(number)


STAGE_WORDS = {
    "negotiating": "洽谈",
    "signed": "签约",
    "landed": "落地",
    "under_construction": "开工",
    "in_production": "投产",
}
MEASURE_WORDS = {
    Measure.COUNT: "项目数",
    Measure.INVESTMENT: "总投资",
    Measure.PLANNED_INVESTMENT: "年度计划投资",
    Measure.COMPLETED_INVESTMENT: "完成投资",
    Measure.PLAN_COMPLETION_PCT: "计划完成率",
    Measure.COMPLETED_INVESTMENT_YOY_PCT: "完成投资同比增长",
    Measure.SHARE_OF_COUNT: "项目个数占比",
    Measure.SHARE_OF_INVESTMENT: "项目投资占比",
    Measure.RELOCATED_UNITS: "京津转入单位数",
    Measure.MERCHANTS: "商户数",
    Measure.PEOPLE: "疏解人口",
    Measure.REVIEWED_PROJECTS: "参评项目数",
    Measure.REVIEWERS: "评审专家数",
    Measure.TOP_SCORE: "最高得分",
    Measure.ENTERPRISES: "入驻企业数",
    Measure.DISTINCT_CHAINS: "覆盖产业链数",
    **PROMOTION_MEASURE_WORDS,
}
FILTER_WORDS = {
    "beijing": "北京",
    "tianjin": "天津",
    "provincial": "省",
    "municipal": "市",
    "industrial": "产业类",
    "infrastructure": "基础设施类",
    "agricultural": "农业产业化",
    "service": "服务业",
    "social": "社会事业",
    "new": "新建",
    "continuing": "续建",
    "legal_entity": "法人单位",
    "establishment": "产业活动单位",
    **PROMOTION_FILTER_WORDS,
}


EVENT_WORDS = {"groundbreaking": "集中开工", "signing_ceremony": "签约仪式", "fair": "推介活动"}


def label_of(measure, d, event_kinds):
    """A short Chinese label: what is counted, with its stage, filters and date."""
    words = []
    if d.get("event"):
        words.append(EVENT_WORDS.get(event_kinds.get(d["event"]), "活动"))
    if d.get("active"):
        words.append("实施")
    stage = d.get("at") or d.get("reached")
    if stage:
        words.append(
            ("在谈" if stage == "negotiating" else STAGE_WORDS[stage])
            if d.get("at")
            else STAGE_WORDS[stage]
        )
    words.append(MEASURE_WORDS[measure])
    qualifiers = _filter_words(d.get("filters") or d.get("share_filters") or {})
    when = d.get("date") or _period_words(d.get("period"))
    if when:
        qualifiers.append(when)
    label = "".join(words)
    return f"{label}（{'，'.join(qualifiers)}）" if qualifiers else label


def _filter_words(filters):
    words = []
    minimum = filters.get("min_investment")
    if minimum is not None:
        words.append("亿元以上" if minimum == 1 else f"{minimum}亿元以上")
    for key in LIST_FILTERS:
        if sorted(filters.get(key) or []) == ["beijing", "tianjin"]:
            words.append("京津")
        elif filters.get(key):
            joined = "".join(FILTER_WORDS.get(v, v) for v in filters[key])
            words.append(f"{joined}重点" if key == "key_level" else joined)
    if filters.get("strategic_emerging"):
        words.append("战略性新兴产业")
    words += [FILTER_WORDS.get(filters[k], filters[k]) for k in PROMOTION_FILTERS if filters.get(k)]
    return words


def _period_words(period):
    if not period:
        return ""
    start, end = period
    return f"{start}至{end}" if start else f"截至{end}"
