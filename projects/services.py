"""Writes: every change to a project goes through these functions.

Views, admin actions, imports and commands all call them, so every path
validates the same way, leaves the same audit trail and marks the same
aggregates stale. Each runs in one transaction and saves nothing when it fails.
"""

from dataclasses import dataclass

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from projects import period_services
from projects.models import (
    BuildType,
    Enterprise,
    Event,
    Project,
    Stage,
    StageCorrection,
    StageEntry,
)
from projects.period_services import annual_plan_set  # noqa: F401 - re-exported
from projects.search import SEARCHED_FIELDS, search_refresh
from projects.totals.marks import mark_event_stale, mark_project_stale

EDITABLE_FIELDS = [
    "name",
    "investor",
    "origin",
    "source_district",
    "region",
    "platform",
    "category",
    "strategic_emerging",
    "key_level",
    "build_type",
    "total_investment",
    "leader",
    "contact_name",
    "contact_phone",
    "description",
]


@dataclass(frozen=True)
class FieldChange:
    """One field somebody else saved: its name and label, the value the user started from, theirs."""

    name: str
    label: str
    old: object
    new: object


class ConcurrentEditError(Exception):
    """Somebody saved the project after this user opened it."""

    def __init__(self, current, changes):
        self.current = current
        self.changes = changes  # [FieldChange]
        super().__init__(_("该项目在您编辑期间已被他人修改。"))


def _check_not_future(on, field="on"):
    if on > timezone.localdate():
        raise ValidationError({field: _("日期不能晚于今天。")})


def project_create(
    *, actor, stage=Stage.NEGOTIATING, entered_on, note="", chains=(), creation_key=None, **fields
):
    """Create a project that enters the pipeline at `stage` (negotiating or signed) on a date.

    A `creation_key` (the form's) makes it idempotent: the project that key already
    created is returned, however close together the two submits came.
    """
    if creation_key is not None:
        existing = Project.objects.filter(creation_key=creation_key).first()
        if existing is not None:
            return existing
    try:
        return _project_create(actor, Stage(stage), entered_on, note, chains, creation_key, fields)
    except IntegrityError:
        existing = creation_key and Project.objects.filter(creation_key=creation_key).first()
        if existing:
            return existing
        raise


def _project_create(actor, stage, entered_on, note, chains, creation_key, fields):
    if stage not in (Stage.NEGOTIATING, Stage.SIGNED):
        raise ValidationError({"stage": _("新项目只能从洽谈或签约阶段录入。")})
    _check_not_future(entered_on, "entered_on")
    project = Project(**fields, created_by=actor, creation_key=creation_key)
    if not project.origin and project.investor_id:
        project.origin = project.investor.origin
    setattr(project, stage.date_field, entered_on)
    if not project.code:
        project.code = _next_code(project)
    # A twin submit's key is the database's to catch (project_create returns that project).
    project.full_clean(exclude=["creation_key"])
    project._history_user = actor
    if chains:
        project._change_reason = chains_note((), chains)
    with transaction.atomic():
        project.save()
        project.chains.set(chains)
        StageEntry.objects.create(
            project=project, stage=stage, entered_on=entered_on, note=note, recorded_by=actor
        )
        search_refresh(project_ids=[project.pk])
        mark_project_stale(None, project)
    return project


def enterprise_get_or_create(*, actor, name, origin):
    """The enterprise called `name`, created with `origin` when it is new."""
    name = name.strip()
    existing = Enterprise.objects.filter(name=name).first()
    if existing:
        return existing
    enterprise = Enterprise(name=name, origin=origin)
    enterprise.full_clean()
    enterprise._history_user = actor
    try:
        with transaction.atomic():
            enterprise.save()
    except IntegrityError:  # created by a concurrent request (a double submit) meanwhile
        return Enterprise.objects.get(name=name)
    return enterprise


def _next_code(project):
    # Codes read like ledger numbers: region code, year, then a sequence.
    prefix = f"{project.region.code}-{(project.signed_on or project.negotiating_on).year}-"
    last = (
        Project.objects.filter(code__startswith=prefix)
        .order_by("-code")
        .values_list("code", flat=True)
        .first()
    )
    seq = int(last.rsplit("-", 1)[1]) + 1 if last and last.rsplit("-", 1)[1].isdigit() else 1
    return f"{prefix}{seq:06d}"


def investment_report(*, actor, project, month, completed_investment, version=None):
    """Record (or replace) the investment a project completed in one month
    (projects/period_services.py); with `version` (an API caller's), refused if the project
    was saved since it was read."""
    if version is None:
        return period_services.investment_report(
            actor=actor, project=project, month=month, completed_investment=completed_investment
        )
    with transaction.atomic():
        return period_services.investment_report(
            actor=actor,
            project=_locked(project, version),
            month=month,
            completed_investment=completed_investment,
        )


def _locked(project, version):
    """Re-read the project under a row lock and refuse if it moved past `version`."""
    current = Project.objects.select_for_update().get(pk=project.pk)
    if version is not None and current.version != version:
        raise ConcurrentEditError(current, _changes_since(current, version))
    return current


def project_changes_since(project, version):
    """[FieldChange] of what was saved after `version` (a form's early, unlocked check)."""
    return _changes_since(project, version)


def _changes_since(current, version):
    started_from = current.history.filter(version=version).order_by("-history_date").first()
    if started_from is None:
        return []
    changes = []
    for name in [*EDITABLE_FIELDS, *(s.date_field for s in Stage)]:
        field = Project._meta.get_field(name)
        old = getattr(started_from, field.attname)
        new = getattr(current, field.attname)
        if old != new:
            changes.append(FieldChange(name, str(field.verbose_name), old, new))
    return changes


def _save(project, before, actor, fields):
    project.version += 1
    project._history_user = actor
    project.save(update_fields=[*fields, "version", "updated_at"])
    project.refresh_from_db(fields=["stage"])
    if SEARCHED_FIELDS.intersection(fields):
        search_refresh(project_ids=[project.pk])
    mark_project_stale(before, project)


def project_update(*, actor, project, version, chains=None, **changes):
    """Change a project's attributes; refused if it was saved by someone else meanwhile."""
    unknown = set(changes) - set(EDITABLE_FIELDS)
    if unknown:
        raise ValidationError(_("不可修改的字段：%(f)s") % {"f": ", ".join(sorted(unknown))})
    with transaction.atomic():
        current = _locked(project, version)
        before = _snapshot(current)
        for name, value in changes.items():
            setattr(current, name, value)
        current.full_clean()
        chains_before = list(current.chains.all())
        chains_changed = chains is not None and set(chains) != set(chains_before)
        if chains_changed:
            # The history keeps fields, not chains: the change's record says what they were.
            current._change_reason = chains_note(chains_before, chains)
        _save(current, before, actor, list(changes))
        if chains_changed:
            current.chains.set(chains)
            # Chains slice every total the project feeds.
            mark_project_stale(None, current)
    return current


def chains_note(before, after):
    """产业链：生物医药 → 集成电路、钢铁 — the history note of a change of chains."""
    # In the chains' own order (kind, then code), whatever order the caller's set has.
    ordered = [sorted(cs, key=lambda c: (c.kind, c.code)) for cs in (before, after)]
    names = ["、".join(str(c) for c in cs) or "—" for cs in ordered]
    if not before:
        return _("产业链：%(new)s") % {"new": names[1]}
    return _("产业链：%(old)s → %(new)s") % {"old": names[0], "new": names[1]}


def _snapshot(project):
    """A detached copy of the fields aggregates depend on, taken before a change."""
    copy = Project(
        **{
            f.attname: getattr(project, f.attname)
            for f in Project._meta.concrete_fields
            if not f.generated
        }
    )
    copy.pk = project.pk
    copy.stage = project.stage
    return copy


def project_advance_stage(*, actor, project, on, note="", version=None, build_type=BuildType.NEW):
    """Move a project to the next stage of the pipeline, entered on `on`."""
    with transaction.atomic():
        current = _locked(project, version)
        stage = Stage(current.stage)
        target = stage.next
        if stage == Stage.TERMINATED or target is None:
            raise ValidationError(_("项目已%(stage)s，不能再推进。") % {"stage": stage.label})
        _check_not_future(on)
        previous = current.stage_date(stage)
        if previous and on < previous:
            raise ValidationError(
                {
                    "on": _("%(target)s日期不能早于%(stage)s日期（%(date)s）。")
                    % {"target": target.label, "stage": stage.label, "date": previous}
                }
            )
        before = _snapshot(current)
        setattr(current, target.date_field, on)
        fields = [target.date_field]
        if target == Stage.UNDER_CONSTRUCTION:
            current.build_type = build_type or BuildType.NEW
            fields.append("build_type")
        current.full_clean()
        _save(current, before, actor, fields)
        StageEntry.objects.create(
            project=current, stage=target, entered_on=on, note=note, recorded_by=actor
        )
    return current


def project_correct_stage(*, actor, project, stage, on, reason, version=None):
    """Change the date of a stage already entered, or withdraw the latest one (on=None)."""
    stage = Stage(stage)
    if not reason.strip():
        raise ValidationError({"reason": _("更正必须填写原因。")})
    with transaction.atomic():
        current = _locked(project, version)
        previous = current.stage_date(stage)
        if previous is None:
            raise ValidationError(
                {"stage": _("项目尚未进入%(stage)s阶段。") % {"stage": stage.label}}
            )
        if on is None and stage != Stage(current.stage):
            raise ValidationError({"stage": _("只能撤回当前所处的阶段。")})
        if (
            on is None
            and stage == Stage.NEGOTIATING
            or (on is None and not current.negotiating_on and stage == Stage.SIGNED)
        ):
            raise ValidationError({"stage": _("项目至少要保留入库阶段；如不再跟进请终止项目。")})
        if on is not None:
            _check_not_future(on)
        before = _snapshot(current)
        setattr(current, stage.date_field, on)
        fields = [stage.date_field]
        if stage == Stage.TERMINATED and on is None:
            current.termination_reason = ""
            fields.append("termination_reason")
        if stage == Stage.UNDER_CONSTRUCTION and on is None:
            current.build_type = BuildType.UNSET
            fields.append("build_type")
        current.full_clean()
        _save(current, before, actor, fields)
        entries = StageEntry.objects.filter(project=current, stage=stage)
        if on is None:
            entries.delete()
        else:
            entries.update(entered_on=on)
        StageCorrection.objects.create(
            project=current,
            stage=stage,
            previous_date=previous,
            corrected_date=on,
            reason=reason,
            corrected_by=actor,
        )
    return current


def project_terminate(*, actor, project, on, reason, version=None):
    """Terminate a project at whatever stage it is, with a reason."""
    if not reason.strip():
        raise ValidationError({"reason": _("终止项目必须填写原因。")})
    with transaction.atomic():
        current = _locked(project, version)
        if current.terminated_on:
            raise ValidationError(_("项目已终止。"))
        _check_not_future(on)
        before = _snapshot(current)
        current.terminated_on = on
        current.termination_reason = reason
        current.full_clean()
        _save(current, before, actor, ["terminated_on", "termination_reason"])
        StageEntry.objects.create(
            project=current, stage=Stage.TERMINATED, entered_on=on, note=reason, recorded_by=actor
        )
    return current


def project_delete(*, actor, project):
    """Remove a project entered by mistake; its totals are recounted, its history kept.

    A project that ended is terminated (with a reason), not deleted.
    """
    with transaction.atomic():
        mark_project_stale(project, None)
        project._history_user = actor
        project.delete()


def event_attach(*, actor, event: Event, project):
    """Link a project to an event (a signing ceremony, a groundbreaking, a fair)."""
    with transaction.atomic():
        event.projects.add(project)
        mark_event_stale(project)


def event_detach(*, actor, event: Event, project):
    with transaction.atomic():
        event.projects.remove(project)
        mark_event_stale(project)


def event_projects_set(*, actor, event, projects):
    """Replace an event's projects; those added or removed are recounted."""
    with transaction.atomic():
        before = set(event.projects.all())
        event.projects.set(projects)
        for project in before ^ set(projects):
            mark_event_stale(project)
