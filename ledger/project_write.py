"""Writing a project plan in bulk, inside the caller's transaction.

What services.project_create / project_update / project_advance_stage leave
behind for one project, this leaves for all of them at once: the project
rows, their history ('+' and '~'), chains, a StageEntry for every stage date
entered, new investors with their history, and the stale marks.
"""

import datetime
import operator

from django.utils import timezone
from django.utils.translation import gettext as _

from ledger import bulk
from ledger.marks import Source
from ledger.plans import chunks
from projects.models import (
    AnnualPlan,
    Enterprise,
    Event,
    InvestmentReport,
    Project,
    Provenance,
    Stage,
    StageEntry,
)
from projects.money import WAN_PER_YI
from projects.search import SEARCHED_FIELDS, search_refresh

# The search text is derived after the rows are written (search_refresh).
PROJECT_FIELDS = [
    f.attname
    for f in Project._meta.concrete_fields
    if not f.generated and f.attname not in ("id", "search_text")
]
PROJECT_COLUMNS = ["id", *PROJECT_FIELDS]


class PlanOutdated(Exception):
    """The registry changed between the plan and its writing; str() is for the user."""


def write_projects(plan, *, actor, places, marks, reason, source_note):
    now = timezone.now()
    _lock_and_verify(plan.updates)
    investors = _write_investors(plan, actor=actor, reason=reason, now=now)
    _write_creates(plan.creates, investors, actor, reason, source_note, now, marks)
    _write_updates(plan.updates, investors, actor, reason, now, places, marks)


def _lock_and_verify(updates):
    versions = {}
    for chunk in chunks([u.project.pk for u in updates]):
        versions.update(
            Project.objects.select_for_update()
            .filter(pk__in=chunk)
            .order_by("pk")
            .values_list("pk", "version")
        )
    moved = sum(1 for u in updates if versions.get(u.project.pk) != u.project.version)
    if moved:
        raise PlanOutdated(
            _("预览之后，有 %(n)s 个项目被修改或删除。请重新核对预览后再确认导入。") % {"n": moved}
        )


def _write_investors(plan, *, actor, reason, now):
    """{name: id} of the enterprises this import creates (or finds created meanwhile)."""
    wanted = {}
    for item in plan.creates:
        if item["investor"]:
            wanted.setdefault(item["investor"], item["values"]["origin"])
    for update in plan.updates:
        if update.investor:
            wanted.setdefault(update.investor, update.changes.get("origin", update.project.origin))
    found = {}
    for chunk in chunks(wanted):
        found.update(Enterprise.objects.filter(name__in=chunk).values_list("name", "pk"))
    new = [name for name in wanted if name not in found]
    records = [
        {
            "id": pk,
            "name": name,
            "origin": wanted[name],
            "credit_code": "",
            "provenance": Provenance.IMPORTED,
            "created_at": now,
        }
        for pk, name in zip(bulk.allocate_ids(Enterprise, len(new)), new, strict=True)
    ]
    columns = ["id", "name", "origin", "credit_code", "provenance", "created_at"]
    bulk.insert(Enterprise, columns, [[r[c] for c in columns] for r in records])
    bulk.insert_history(Enterprise, records, history_type="+", user=actor, reason=reason, when=now)
    found.update((r["name"], r["id"]) for r in records)
    return found


def _assign_codes(creates, places):
    """Codes for new projects without one: region code, entry year, a sequence (as services do)."""
    taken = {item["values"]["code"] for item in creates if item["values"]["code"]}
    waiting = {}
    for item in creates:
        values = item["values"]
        if not values["code"]:
            region = places.region_by_id[values["region_id"]].code
            year = (values["signed_on"] or values["negotiating_on"]).year
            waiting.setdefault(f"{region}-{year}-", []).append(values)
    for prefix, group in waiting.items():
        last = (
            Project.objects.filter(code__startswith=prefix)
            .order_by("-code")
            .values_list("code", flat=True)
            .first()
        )
        seq = _sequence(last)
        for code in taken:
            if code.startswith(prefix):
                seq = max(seq, _sequence(code))
        for values in group:
            seq += 1
            values["code"] = f"{prefix}{seq:06d}"


def _sequence(code):
    tail = code.rsplit("-", 1)[-1] if code else ""
    return int(tail) if tail.isdigit() else 0


def _write_creates(creates, investors, actor, reason, source_note, now, marks):
    if not creates:
        return
    _assign_codes(creates, marks.places)
    ids = bulk.allocate_ids(Project, len(creates))
    user_id = getattr(actor, "pk", None)
    note = _("台账导入")
    stages = [(stage.value, stage.date_field) for stage in Stage]
    constant = {
        "provenance": Provenance.IMPORTED,
        "source_note": source_note,
        "version": 1,
        "created_at": now,
        "updated_at": now,
        "created_by_id": user_id,
        "creation_key": None,  # only the 新建项目 form's double submits need one
        # Ledgers carry no source district (yet): it is entered on the project's form.
        "source_district_id": None,
    }
    records, chains, entries = [], [], []
    for pk, item in zip(ids, creates, strict=True):
        record = item["values"]
        record.update(constant, id=pk)
        if record["investor_id"] is None:
            record["investor_id"] = investors[item["investor"]]
        records.append(record)
        chains.extend((pk, chain) for chain in item["chains"])
        for stage, field in stages:
            day = record[field]
            if day:
                why = record["termination_reason"][:500] if stage == Stage.TERMINATED else note
                entries.append((pk, stage, day, why, user_id, now))
        marks.add(record["region_id"], record["platform_id"], _stage_days(record))
    pick = operator.itemgetter(*PROJECT_COLUMNS)
    bulk.insert(Project, PROJECT_COLUMNS, [pick(r) for r in records])
    bulk.insert_history(Project, records, history_type="+", user=actor, reason=reason, when=now)
    bulk.insert(Project.chains.through, ["project_id", "industrychain_id"], chains)
    bulk.insert(StageEntry, ENTRY_FIELDS, entries)
    search_refresh(project_ids=ids)


ENTRY_FIELDS = ["project_id", "stage", "entered_on", "note", "recorded_by_id", "recorded_at"]


def _entry(pk, stage, day, values, actor, now):
    note = values["termination_reason"] if stage == Stage.TERMINATED else _("台账导入")
    return [pk, stage.value, day, note[:500], getattr(actor, "pk", None), now]


def _stage_days(values):
    return [values[stage.date_field] for stage in Stage]


def _write_updates(updates, investors, actor, reason, now, places, marks):
    if not updates:
        return
    fields, objs, entries, chain_changes, reslices, events = set(), [], [], {}, [], []
    for update in updates:
        project = update.project
        before = (project.region_id, project.platform_id)
        marks.add(*before, [d for _s, d in update.added] + _stage_days(project.__dict__))
        changes = dict(update.changes)
        if "investor_id" in changes and changes["investor_id"] is None:
            changes["investor_id"] = investors[update.investor]
        moves_slices = _moves_slices(project, changes) or update.chains is not None
        for name, value in changes.items():
            setattr(project, name, value)
        project.version += 1
        project.updated_at = now
        fields.update(changes)
        objs.append(project)
        for stage, day in update.added:
            entries.append(_entry(project.pk, stage, day, project.__dict__, actor, now))
        if update.chains is not None:
            chain_changes[project.pk] = update.chains
        marks.add(project.region_id, project.platform_id, _stage_days(project.__dict__))
        if moves_slices:
            reslices.append((project.pk, before, (project.region_id, project.platform_id)))
        elif "total_investment" in changes:
            events.append((project.pk, (project.region_id, project.platform_id)))
    bulk.update(Project, sorted(fields | {"version", "updated_at"}), objs)
    bulk.insert_history(Project, objs, history_type="~", user=actor, reason=reason, when=now)
    bulk.insert(StageEntry, ENTRY_FIELDS, entries)
    if SEARCHED_FIELDS.intersection(fields):
        search_refresh(project_ids=[p.pk for p in objs])
    through = Project.chains.through
    for chunk in chunks(chain_changes):
        through.objects.filter(project_id__in=chunk).delete()
    bulk.insert(
        through,
        ["project_id", "industrychain_id"],
        [(pk, chain) for pk, chains in chain_changes.items() for chain in chains],
    )
    _mark_reslices(reslices, events, marks)


# What the totals are cut by (projects/totals/marks.py SLICING): a change moves every table.
SLICING = {"region_id", "platform_id", "origin", "category", "key_level", "strategic_emerging"}
SLICING |= {"build_type"}


def _moves_slices(project, changes):
    if SLICING & set(changes):
        return True
    if "total_investment" in changes:
        old, new = project.total_investment, changes["total_investment"]
        return (old >= WAN_PER_YI) != (new >= WAN_PER_YI)
    return False


def _mark_reslices(reslices, events, marks):
    """A project moved to other slices moves its reports, plans and events with it (in bulk)."""
    places = {pk: (before, after) for pk, before, after in reslices}
    for chunk in chunks(places):
        reports = InvestmentReport.objects.filter(project_id__in=chunk)
        for pk, month in reports.values_list("project_id", "month").distinct():
            for place in places[pk]:
                marks.add(*place, [month], Source.INVESTMENT)
        plans = AnnualPlan.objects.filter(project_id__in=chunk)
        for pk, year in plans.values_list("project_id", "year").distinct():
            for place in places[pk]:
                marks.add(*place, [datetime.date(year, 1, 1)], Source.PLAN)
    in_events = {pk: (place,) for pk, place in events} | places
    through = Event.projects.through.objects
    for chunk in chunks(in_events):
        linked = through.filter(project_id__in=chunk).values_list("project_id", flat=True)
        for pk in set(linked):
            for place in in_events[pk]:
                marks.add(*place, [None], Source.EVENT)
