"""Project rows: read, matched to the registry, checked by the project rules, planned.

A row names its project by code, or by investor + name + platform. A match
becomes an update (or stays unchanged), anything else a new project. The
checks are the forms' and the model's: required fields, lengths and choices
from the model, amounts by money.parse_amount, places and stage dates by
projects.validation, the scope by projects.access (through Places). Stage
dates already recorded are never overwritten: changing one is a correction
with a reason, made on the project page.
"""

import functools
from dataclasses import dataclass, field

from django.utils.translation import gettext as _

from ledger import cells
from ledger.cells import CellError, Choice
from ledger.columns import PROJECT_COLUMNS
from ledger.plans import Plan, chunks, display, read_rows
from projects.models import (
    STAGE_DATE_FIELDS,
    BuildType,
    Category,
    Enterprise,
    KeyLevel,
    Origin,
    Project,
    Stage,
)
from projects.validation import build_type_errors, place_errors, stage_date_errors

DATE_FIELDS = [STAGE_DATE_FIELDS[s] for s in Stage]
STAGE_OF = {v: k for k, v in STAGE_DATE_FIELDS.items()}
TEXT_FIELDS = ["code", "name", "leader", "contact_name", "contact_phone", "description"]
# What an import may change on a project already in the registry (services.EDITABLE_FIELDS).
EDITABLE = {
    "name": "name",
    "origin": "origin",
    "region": "region_id",
    "platform": "platform_id",
    "category": "category",
    "strategic_emerging": "strategic_emerging",
    "key_level": "key_level",
    "build_type": "build_type",
    "total_investment": "total_investment",
    "leader": "leader",
    "contact_name": "contact_name",
    "contact_phone": "contact_phone",
    "description": "description",
}
HEADERS = {c.key: c.header for c in PROJECT_COLUMNS}
REQUIRED_KEYS = {c.key for c in PROJECT_COLUMNS if c.required}
REQUIRED = object()
FIELD_COLUMN = {"region_id": "region", "platform_id": "platform", "investor_id": "investor"}
ORIGIN_ALIASES = {"北京市": Origin.BEIJING, "天津市": Origin.TIANJIN, "河北": Origin.HEBEI}
ORIGIN_ALIASES |= {"本地": Origin.HEBEI, "河北省": Origin.HEBEI, "国外": Origin.ABROAD}
KEY_ALIASES = {"省级重点": KeyLevel.PROVINCIAL, "市级重点": KeyLevel.MUNICIPAL, "一般": ""}
KEY_ALIASES |= {"否": "", "无": "", "-": "", "—": ""}
BUILD_ALIASES = {"新开工": BuildType.NEW, "-": "", "—": ""}


def _limit(name, model=Project):
    return model._meta.get_field(name).max_length


LIMITS = {name: _limit(name) for name in [*TEXT_FIELDS, "termination_reason"] if _limit(name)}
LIMITS["investor"] = _limit("name", Enterprise)


@dataclass
class Update:
    row: int
    project: Project
    changes: dict  # attname -> new value
    added: list  # [(Stage, date)] stages entered for the first time
    chains: tuple | None  # the new set, when it changed
    investor: str = ""  # the enterprise's name when it is new to the registry
    labels: list = field(default_factory=list)  # [(header, old, new)] for the preview


class Existing:
    """The registry's side of the match, read in a few queries per 2,000 rows."""

    def __init__(self, records):
        codes = {r["code"] for r in records if r.get("code")}
        investors = {r["investor"] for r in records}
        self.investor_ids = {}
        for chunk in chunks(investors):
            self.investor_ids.update(
                Enterprise.objects.filter(name__in=chunk).values_list("name", "pk")
            )
        found = {}
        rows = Project.objects.select_related("investor")
        for chunk in chunks(codes):
            found.update((p.pk, p) for p in rows.filter(code__in=chunk))
        # By investor (indexed) and name: only a known investor's projects can match.
        known = [r for r in records if r["investor"] in self.investor_ids]
        for chunk in chunks(known):
            ids = {self.investor_ids[r["investor"]] for r in chunk}
            names = {r["name"] for r in chunk}
            found.update((p.pk, p) for p in rows.filter(investor_id__in=ids, name__in=names))
        self.by_code = {p.code: p for p in found.values()}
        self.by_identity = {}
        for p in found.values():
            self.by_identity.setdefault((p.investor_id, p.name, p.platform_id), []).append(p)
        self.chains = {pk: set() for pk in found}
        through = Project.chains.through.objects
        for chunk in chunks(found):
            for pk, chain in through.filter(project_id__in=chunk).values_list(
                "project_id", "industrychain_id"
            ):
                self.chains[pk].add(chain)


class ProjectRows:
    def __init__(self, *, places, columns, today):
        self.places = places
        self.today = today
        self.columns = columns  # key -> (position, unit, header)
        self.present = set(columns)
        self.origin = Choice(Origin.choices, ORIGIN_ALIASES, _("来源地"))
        self.category = Choice(Category.choices, {}, _("项目类别"))
        self.key_level = Choice(KeyLevel.choices, KEY_ALIASES, _("重点项目级别"))
        self.build_type = Choice(BuildType.choices, BUILD_ALIASES, _("建设性质"))
        self.readers = self._readers()

    def header(self, key):
        key = FIELD_COLUMN.get(key, key)
        found = self.columns.get(key)
        return found[2] if found else HEADERS.get(key, key)

    # ------------------------------------------------------------ reading cells

    def _readers(self):
        """(key, position, header, reader, length limit, value of an empty cell) per column."""
        p = self.places
        readers = {
            "name": cells.text,
            "investor": lambda v: " ".join(cells.text(v).split()),
            "origin": self.origin,
            "region": p.region,
            "platform": p.platform,
            "category": self.category,
            "chains": p.chains,
            "strategic_emerging": cells.boolean,
            "key_level": self.key_level,
            "build_type": self.build_type,
            "termination_reason": cells.text,
        }
        for name in ("code", "leader", "contact_name", "contact_phone", "description"):
            readers[name] = cells.text
        for name in DATE_FIELDS:
            readers[name] = cells.date
        empty = {"chains": (), "strategic_emerging": False, "platform": None}
        empty |= {name: None for name in DATE_FIELDS}
        specs = []
        for key, (position, unit, header) in self.columns.items():
            if key == "total_investment":
                reader = functools.partial(cells.amount, unit=unit)
            else:
                reader = readers[key]
            blank = REQUIRED if key in REQUIRED_KEYS else empty.get(key, "")
            # Text keeps what it says ("-" may be a name); elsewhere "—" or "/" means nothing.
            is_empty = _empty_text if reader is cells.text else _empty_cell
            specs.append((key, position, header, reader, LIMITS.get(key), blank, is_empty))
        return specs

    def read(self, number, values, plan):
        """The row's values by column key, or None after recording its errors."""
        record, ok = {}, True
        width = len(values)
        for key, position, header, reader, limit, blank, is_empty in self.readers:
            value = values[position] if position < width else None
            try:
                if value is None or value == "" or is_empty(value):
                    if blank is REQUIRED:
                        raise CellError(_("必填，不能为空。"))
                    record[key] = blank
                    continue
                result = reader(value)
                if limit and len(result) > limit:
                    raise CellError(_("最多 %(n)s 个字符。") % {"n": limit})
                record[key] = result
            except CellError as e:
                plan.reject(number, header, str(e), cells.text(value)[:100])
                ok = False
        return record if ok else None

    # ------------------------------------------------------------ deciding

    def plan(self, rows, progress=None):
        plan = Plan("projects")
        parsed = read_rows(self.read, rows, plan, progress)
        existing = Existing([r for _n, r in parsed])
        self.seen_codes, self.seen_identities, self.seen_projects = {}, {}, {}
        self.new_investors = {}
        for number, record in parsed:
            self._decide(plan, number, record, existing)
        plan.details = self._details(plan)
        return plan

    def _decide(self, plan, row, record, existing):
        code = record.get("code", "")
        investor_id = existing.investor_ids.get(record["investor"])
        platform = record.get("platform")
        platform_id = platform.pk if platform else None
        identity = (record["investor"], record["name"], platform_id)
        matches = existing.by_identity.get((investor_id, record["name"], platform_id), [])
        project = existing.by_code.get(code) if code else None
        if self._duplicate_in_file(plan, row, code, identity):
            return
        if project is not None:
            others = [p for p in matches if p.pk != project.pk]
        else:
            others = matches if code or len(matches) > 1 else []
            project = matches[0] if not code and len(matches) == 1 else None
        if others:
            plan.reject(
                row,
                self.header("name"),
                _(
                    "与已有项目重复（投资方、项目名称、承接平台相同）：%(codes)s。如是同一项目，请填写该项目编号。"
                )
                % {"codes": "、".join(p.code for p in others)},
            )
            return
        if project is not None and project.pk in self.seen_projects:
            plan.reject(
                row,
                self.header("code"),
                _("与第%(row)s行是同一个项目（%(code)s）。")
                % {"row": self.seen_projects[project.pk], "code": project.code},
            )
            return
        if project is not None and not self.places.visible(project.region_id, project.platform_id):
            plan.reject(
                row,
                self.header("code"),
                _("项目“%(code)s”不在您的管辖范围内，不能修改。") % {"code": project.code},
            )
            return
        if code:
            self.seen_codes[code] = row
        self.seen_identities[identity] = row
        record["investor_id"] = investor_id
        if project is None:
            self._create(plan, row, record)
        else:
            self.seen_projects[project.pk] = row
            self._update(plan, row, record, project, existing)

    def _duplicate_in_file(self, plan, row, code, identity):
        earlier = self.seen_codes.get(code) if code else None
        if earlier:
            plan.reject(
                row, self.header("code"), _("与第%(row)s行的项目编号相同。") % {"row": earlier}
            )
            return True
        earlier = self.seen_identities.get(identity)
        if earlier:
            plan.reject(
                row,
                self.header("name"),
                _("与第%(row)s行重复（投资方、项目名称、承接平台相同）。") % {"row": earlier},
            )
            return True
        return False

    def _check(self, plan, row, values, added_dates):
        """The project rules on the row's final values; False after rejecting the row."""
        region = self.places.region_by_id[values["region_id"]]
        platform_id = values["platform_id"]
        platform = self.places.platform_by_id[platform_id] if platform_id else None
        dates = {STAGE_OF[f]: values[f] for f in DATE_FIELDS}
        errors = {**place_errors(region, platform)}
        errors.update(build_type_errors(values["build_type"], values["started_on"]))
        errors.update(stage_date_errors(dates, termination_reason=values["termination_reason"]))
        # Dates already in the registry were checked when entered; new ones may not lie ahead.
        for stage in added_dates:
            day = dates[stage]
            if day > self.today:
                errors.setdefault(
                    stage.date_field,
                    _("%(stage)s日期（%(day)s）不能晚于今天。")
                    % {"stage": stage.label, "day": day},
                )
        if values["termination_reason"] and not values["terminated_on"]:
            errors["termination_reason"] = _("只有终止的项目才填写终止原因；请同时填写终止日期。")
        if not self.places.place_in_scope(region.pk, platform_id):
            if platform_id is None and self.places.platform_required:
                errors["platform_id"] = _("您只能导入本平台的项目：请填写承接平台。")
            elif region.pk not in self.places.allowed_regions:
                errors["region_id"] = self.places.scope_message()
            else:
                errors["platform_id"] = self.places.scope_message()
        for key, message in errors.items():
            plan.reject(row, self.header(key), message, self._value(values, key))
        return not errors

    def _value(self, values, key):
        """A final value as the row wrote it, for the rejected-rows table."""
        value = values.get(key)
        if key == "region_id":
            return self.places.region_label(value)
        if key == "platform_id":
            return self.places.platform_label(value)
        return "" if value in (None, "") else display(value)

    def _create(self, plan, row, record):
        values = {
            "code": record.get("code", ""),
            "name": record["name"],
            "investor_id": record["investor_id"],
            "origin": record["origin"],
            "region_id": record["region"].pk,
            "platform_id": record["platform"].pk if record.get("platform") else None,
            "category": record["category"],
            "strategic_emerging": record.get("strategic_emerging", False),
            "key_level": record.get("key_level", KeyLevel.NONE),
            "build_type": record.get("build_type", BuildType.UNSET),
            "total_investment": record["total_investment"],
            "termination_reason": record.get("termination_reason", ""),
            **{name: record.get(name, "") for name in TEXT_FIELDS[2:]},
            **{name: record.get(name) for name in DATE_FIELDS},
        }
        if values["started_on"] and not values["build_type"]:
            values["build_type"] = BuildType.NEW
        added = [STAGE_OF[f] for f in DATE_FIELDS if values[f]]
        if not self._check(plan, row, values, added):
            return
        chains = record.get("chains", ())
        investor = "" if values["investor_id"] else record["investor"]
        if investor:
            self.new_investors.setdefault(investor, record["origin"])
        plan.creates.append({"row": row, "values": values, "chains": chains, "investor": investor})
        # The file is fixed: what the registry decided for the row is what may change.
        plan.feed(
            "+", row, values["investor_id"], values["region_id"], values["platform_id"], chains
        )

    def _update(self, plan, row, record, project, existing):
        changes, labels = {}, []
        for key, attname in EDITABLE.items():
            if key not in record:
                continue
            new = record[key]
            new = getattr(new, "pk", new)
            if key == "build_type" and not new and project.started_on:
                continue  # an empty cell keeps a started project's 新建/续建
            if new != getattr(project, attname):
                changes[attname] = new
                labels.append((self.header(key), self._shown(key, project), display(record[key])))
        investor = ""
        if record["investor"] != project.investor.name:
            changes["investor_id"] = record["investor_id"]
            if record["investor_id"] is None:
                investor = record["investor"]
                self.new_investors.setdefault(investor, record.get("origin", project.origin))
            labels.append((self.header("investor"), project.investor.name, record["investor"]))
        added = self._added_stages(plan, row, record, project)
        if added is None:
            return
        if "termination_reason" in record and record["termination_reason"] != (
            project.termination_reason
        ):
            if Stage.TERMINATED not in added:
                plan.reject(
                    row,
                    self.header("termination_reason"),
                    _("已终止项目的终止原因请在项目页面修改。")
                    if project.terminated_on
                    else _("只有终止的项目才填写终止原因；请同时填写终止日期。"),
                )
                return
            changes["termination_reason"] = record["termination_reason"]
        for stage, day in added.items():
            changes[stage.date_field] = day
            labels.append((self.header(stage.date_field), "—", display(day)))
        if Stage.UNDER_CONSTRUCTION in added and not changes.get("build_type", project.build_type):
            changes["build_type"] = BuildType.NEW
        chains = None
        if "chains" in record and set(record["chains"]) != existing.chains[project.pk]:
            chains = record["chains"]
            old = self.places.chain_names(sorted(existing.chains[project.pk]))
            labels.append((self.header("chains"), old or "—", self.places.chain_names(chains)))
        if not changes and chains is None:
            # The row says what the registry already holds: nothing to check or write.
            plan.unchanged.append((row, project.pk, project.version))
            plan.feed("=", row, project.pk, project.version)
            return
        values = {f.attname: getattr(project, f.attname) for f in Project._meta.concrete_fields}
        values.update(changes)
        if not self._check(plan, row, values, list(added)):
            return
        added_list = sorted(added.items(), key=lambda item: list(Stage).index(item[0]))
        plan.updates.append(Update(row, project, changes, added_list, chains, investor, labels))
        plan.feed("~", row, project.pk, project.version, changes, added_list, chains, investor)

    def _added_stages(self, plan, row, record, project):
        """{Stage: date} the row enters for the first time; None after rejecting a changed date."""
        added, ok = {}, True
        for name in DATE_FIELDS:
            if name not in record:
                continue
            old, new = getattr(project, name), record[name]
            if old == new:
                continue
            if old is None:
                added[STAGE_OF[name]] = new
                continue
            plan.reject(
                row,
                self.header(name),
                _(
                    "库中已录入的%(stage)s日期为 %(old)s，台账为 %(new)s。"
                    "已录入的阶段日期不能由导入改动：请在项目页面用“更正”并填写原因。"
                )
                % {"stage": STAGE_OF[name].label, "old": old, "new": new or _("空")},
                display(new) if new else "",
            )
            ok = False
        return added if ok else None

    def _shown(self, key, project):
        if key == "region":
            return project.region_id and self.places.region_by_id[project.region_id].name
        if key == "platform":
            return (
                self.places.platform_by_id[project.platform_id].name if project.platform_id else "—"
            )
        if key in ("origin", "category", "key_level", "build_type"):
            return getattr(project, f"get_{key}_display")() or "—"
        return display(getattr(project, EDITABLE[key]))

    def _details(self, plan):
        places = self.places
        created = []
        for item in plan.creates[:50]:
            v = item["values"]
            platform = places.platform_by_id.get(v["platform_id"])
            created.append(
                {
                    "row": item["row"],
                    "code": v["code"],
                    "name": v["name"],
                    "place": platform.name
                    if platform
                    else places.region_by_id[v["region_id"]].name,
                    "amount": display(v["total_investment"]),
                }
            )
        updated = [
            {
                "row": u.row,
                "code": u.project.code,
                "name": u.project.name,
                "changes": [[str(h), str(o), str(n)] for h, o, n in u.labels],
            }
            for u in plan.updates[:50]
        ]
        return {
            "created": created,
            "updated": updated,
            "new_investors": len(self.new_investors),
            "new_investor_names": sorted(self.new_investors)[:20],
        }


def _empty_text(value):
    return isinstance(value, str) and not value.strip()


def _empty_cell(value):
    """Blank or a ledger's "nothing here" mark (—, -, /): placeholders are at most two wide."""
    if not isinstance(value, str):
        return False
    return (len(value) <= 2 and value.strip() in cells.PLACEHOLDERS) or not value.strip()
