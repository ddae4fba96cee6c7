"""Relocated-unit rows (京津转入单位): a unit is the same unit by name, region and platform."""

from django.utils import timezone
from django.utils.translation import gettext as _

from ledger import bulk, cells
from ledger.cells import CellError, Choice
from ledger.columns import UNIT_COLUMNS
from ledger.marks import Source
from ledger.plans import Plan, chunks, display, read_rows
from ledger.project_rows import ORIGIN_ALIASES
from platforms.models import Region
from projects.models import Origin, Provenance, RelocatedUnit

HEADERS = {c.key: c.header for c in UNIT_COLUMNS}
CHANGEABLE = ["kind", "origin", "relocated_on"]
# Kept by staff in the browser, not read from a ledger: new rows start empty (their history too).
NOT_IMPORTED = {
    "institution_type": "",
    "people": 0,
    "enterprise_id": None,
    "project_id": None,
    "note": "",
}
UNIT_FIELDS = [
    "name",
    "kind",
    "origin",
    "region_id",
    "platform_id",
    "relocated_on",
    "provenance",
    *NOT_IMPORTED,
]
NAME_LIMIT = RelocatedUnit._meta.get_field("name").max_length


class UnitRows:
    def __init__(self, *, places, columns, today):
        self.places = places
        self.columns = columns
        self.today = today
        self.kind = Choice(RelocatedUnit.Kind.choices, {"法人": "legal_entity"}, _("单位类型"))
        self.origin = Choice(Origin.choices, ORIGIN_ALIASES, _("转出地"))

    def header(self, key):
        found = self.columns.get(key)
        return found[2] if found else HEADERS[key]

    def _cell(self, key, value):
        if key == "platform":
            return None if cells.is_blank(value) else self.places.platform(value)
        if cells.is_blank(value):
            raise CellError(_("必填，不能为空。"))
        if key == "name":
            name = " ".join(cells.text(value).split())
            if len(name) > NAME_LIMIT:
                raise CellError(_("最多 %(n)s 个字符。") % {"n": NAME_LIMIT})
            return name
        if key == "region":
            return self.places.region(value)
        if key == "relocated_on":
            return cells.date(value)
        return getattr(self, key)(value)

    def read(self, number, values, plan):
        record, ok = {}, True
        width = len(values)
        for key, (position, _unit, header) in self.columns.items():
            value = values[position] if position < width else None
            try:
                record[key] = self._cell(key, value)
            except CellError as e:
                plan.reject(number, header, str(e), cells.text(value)[:100])
                ok = False
        return record if ok else None

    def plan(self, rows, progress=None):
        plan = Plan("relocated_units")
        parsed = read_rows(self.read, rows, plan, progress)
        existing = {}
        for chunk in chunks({r["name"] for _n, r in parsed}):
            for unit in RelocatedUnit.objects.filter(name__in=chunk):
                existing.setdefault((unit.name, unit.region_id, unit.platform_id), []).append(unit)
        seen = {}
        for number, record in parsed:
            self._decide(plan, number, record, existing, seen)
        plan.details = {
            "created": [
                {
                    "row": i["row"],
                    "code": "",
                    "name": i["values"]["name"],
                    "place": self._place(i["values"]),
                }
                for i in plan.creates[:50]
            ],
            "updated": [
                {"row": u["row"], "code": "", "name": u["unit"].name, "changes": u["labels"]}
                for u in plan.updates[:50]
            ],
        }
        return plan

    def _place(self, values):
        if values["platform_id"]:
            return self.places.platform_by_id[values["platform_id"]].name
        return self.places.region_by_id[values["region_id"]].name

    def _place_errors(self, region, platform):
        if region.level == Region.Level.ORIGIN:
            return {"region": _("转入地区必须在河北省内；北京、天津只作为转出地。")}
        if platform is not None and not region.is_within(platform.region):
            return {
                "region": _("转入地区“%(region)s”不在平台“%(platform)s”所在的“%(pr)s”内。")
                % {"region": region, "platform": platform, "pr": platform.region}
            }
        if not self.places.place_in_scope(region.pk, platform.pk if platform else None):
            if platform is None and self.places.platform_required:
                return {"platform": _("您只能导入本平台的单位：请填写转入平台。")}
            return {"platform" if platform else "region": self.places.scope_message()}
        return {}

    def _decide(self, plan, row, record, existing, seen):
        platform = record.get("platform")
        region = record["region"]
        errors = self._place_errors(region, platform)
        if record["relocated_on"] > self.today:
            errors["relocated_on"] = _("转入日期不能晚于今天。")
        for key, message in errors.items():
            plan.reject(row, self.header(key), message)
        if errors:
            return
        key = (record["name"], region.pk, platform.pk if platform else None)
        if key in seen:
            plan.reject(
                row,
                self.header("name"),
                _("与第%(row)s行重复（单位名称、转入地区、转入平台相同）。") % {"row": seen[key]},
            )
            return
        seen[key] = row
        matches = existing.get(key, [])
        if len(matches) > 1:
            plan.reject(
                row, self.header("name"), _("库中有多个同名单位在同一地区和平台，请在后台处理。")
            )
            return
        values = {
            "name": record["name"],
            "kind": record["kind"],
            "origin": record["origin"],
            "region_id": region.pk,
            "platform_id": platform.pk if platform else None,
            "relocated_on": record["relocated_on"],
        }
        if not matches:
            plan.creates.append({"row": row, "values": values})
            plan.feed("+", row, values)
            return
        unit = matches[0]
        changes = {k: values[k] for k in CHANGEABLE if values[k] != getattr(unit, k)}
        if not changes:
            plan.unchanged.append((row, unit.pk, 0))
            plan.feed("=", row, unit.pk)
            return
        labels = [
            [self.header(k), _shown(unit, k), _shown(RelocatedUnit(**{k: v}), k)]
            for k, v in changes.items()
        ]
        plan.updates.append({"row": row, "unit": unit, "changes": changes, "labels": labels})
        plan.feed("~", row, unit.pk, changes)


def _shown(unit, name):
    if name == "relocated_on":
        return display(unit.relocated_on)
    return getattr(unit, f"get_{name}_display")()


def write_units(plan, *, actor, places, marks, reason):
    now = timezone.now()
    ids = bulk.allocate_ids(RelocatedUnit, len(plan.creates))
    records = []
    for pk, item in zip(ids, plan.creates, strict=True):
        records.append(
            {"id": pk, **NOT_IMPORTED, **item["values"], "provenance": Provenance.IMPORTED}
        )
        values = item["values"]
        marks.add(
            values["region_id"], values["platform_id"], [values["relocated_on"]], Source.RELOCATION
        )
    columns = ["id", *UNIT_FIELDS]
    bulk.insert(RelocatedUnit, columns, [[r[c] for c in columns] for r in records])
    bulk.insert_history(
        RelocatedUnit, records, history_type="+", user=actor, reason=reason, when=now
    )
    changed = []
    for item in plan.updates:
        unit = item["unit"]
        marks.add(unit.region_id, unit.platform_id, [unit.relocated_on], Source.RELOCATION)
        for name, value in item["changes"].items():
            setattr(unit, name, value)
        marks.add(unit.region_id, unit.platform_id, [unit.relocated_on], Source.RELOCATION)
        changed.append(unit)
    bulk.update(RelocatedUnit, CHANGEABLE, changed)
    bulk.insert_history(
        RelocatedUnit, changed, history_type="~", user=actor, reason=reason, when=now
    )
