"""Writes of promotion work: every change goes through these functions.

Like projects/services.py: keyword-only arguments, `actor`, one transaction,
full_clean before saving, simple-history records with the actor, optimistic
`version` checks on the records people edit concurrently (leads, problems,
activities, targets). A lead becomes a project only through
projects.services.project_create, so the project gets its StageEntry, history
and stale marks like any other.
"""

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from projects import services as project_services
from projects.models import Event, Stage
from promotion.deadlines import FIELDS as DEADLINE_FIELDS
from promotion.deadlines import Deadlines
from promotion.models import (
    Activity,
    ActivityKind,
    FollowUp,
    Lead,
    LeadStatus,
    Meeting,
    Problem,
    ProblemStatus,
    TargetEnterprise,
    UnitProfile,
)

LEAD_FIELDS = [
    "title",
    "enterprise",
    "source",
    "actor_kind",
    "chain",
    "expected_investment",
    "region",
    "platform",
    "owner",
    "received_on",
    "activity",
    "target",
    "ambassador",
    "description",
]
TARGET_FIELDS = [
    "enterprise",
    "chain",
    "region",
    "platform",
    "gap",
    "listed_on",
    "removed_on",
    "removal_reason",
]
ACTIVITY_FIELDS = [
    "kind",
    "title",
    "held_on",
    "ended_on",
    "destination",
    "participants",
    "actor_kind",
    "region",
    "platform",
    "counterpart",
    "people",
    "enterprises_attending",
    "results",
    "event",
]
PROBLEM_FIELDS = ["kind", "title", "description", "raised_by", "raised_on", "owner", "due_on"]


class StaleVersion(ValidationError):
    """Somebody saved the record after this user opened it."""

    def __init__(self):
        super().__init__(_("该记录在您编辑期间已被他人修改，请刷新页面后重新填写。"))


def _not_future(day, field):
    if day and day > timezone.localdate():
        raise ValidationError({field: _("日期不能晚于今天。")})


def _locked(record, version):
    current = type(record).objects.select_for_update().get(pk=record.pk)
    if version is not None and current.version != version:
        raise StaleVersion()
    return current


def _save(record, actor, reason=""):
    record.full_clean()
    if hasattr(record, "version") and record.pk:
        record.version += 1
    record._history_user = actor
    if reason:
        record._change_reason = reason[:100]
    record.save()
    return record


def _only(changes, allowed):
    unknown = set(changes) - set(allowed)
    if unknown:
        raise ValidationError(_("不可修改的字段：%(f)s") % {"f": ", ".join(sorted(unknown))})


# ---------------------------------------------------------------- deadlines of a unit


def deadlines_for(unit):
    """The unit's deadlines: its profile's days where set, the settings' defaults elsewhere."""
    if unit is None:
        return Deadlines.defaults()
    return Deadlines.of(UnitProfile.objects.filter(unit=unit).first())


def unit_deadlines_set(*, actor, unit, **days):
    """Set a unit's deadline days (None: the default) and re-date its open leads."""
    _only(days, DEADLINE_FIELDS)
    with transaction.atomic():
        profile = UnitProfile.objects.select_for_update().filter(unit=unit).first()
        profile = profile or UnitProfile(unit=unit)
        for name, value in days.items():
            setattr(profile, name, value)
        _save(profile, actor)
        deadlines = Deadlines.of(profile)
        leads = list(Lead.objects.filter(unit=unit, status__in=LeadStatus.open()))
        for lead in leads:
            lead.next_due_on = _lead_due(lead, deadlines)
        # A derived date: re-dating it is not an edit of the lead, so no history rows.
        Lead.objects.bulk_update(leads, ["next_due_on"], batch_size=500)
    return profile


def _lead_due(lead, deadlines):
    if lead.status == LeadStatus.NEW:
        return deadlines.first_response_due(lead.received_on)
    if lead.status == LeadStatus.FOLLOWING:
        return deadlines.follow_up_due(lead.last_contact_on or lead.received_on)
    return None


# ---------------------------------------------------------------- leads


def lead_create(*, actor, unit, **fields):
    """Record a new lead; its first response is due within the unit's deadline."""
    _only(fields, LEAD_FIELDS)
    lead = Lead(unit=unit, created_by=actor, status=LeadStatus.NEW, **fields)
    _not_future(lead.received_on, "received_on")
    lead.next_due_on = _lead_due(lead, deadlines_for(unit))
    with transaction.atomic():
        return _save(lead, actor)


def lead_update(*, actor, lead, version, **changes):
    """Change a lead's attributes or its unit (not its status: follow-up, drop or convert)."""
    _only(changes, [*LEAD_FIELDS, "unit"])
    with transaction.atomic():
        current = _locked(lead, version)
        for name, value in changes.items():
            setattr(current, name, value)
        _not_future(current.received_on, "received_on")
        if current.is_open:
            current.next_due_on = _lead_due(current, deadlines_for(current.unit))
        return _save(current, actor)


def _open_lead(lead, version):
    current = _locked(lead, version)
    if not current.is_open:
        raise ValidationError(
            _("线索已%(status)s，不能再操作。") % {"status": current.get_status_display()}
        )
    return current


def lead_follow_up(*, actor, lead, on, note, version=None):
    """Record a contact with the enterprise; the next one is due a follow-up interval later."""
    if not note.strip():
        raise ValidationError({"note": _("请填写跟进情况。")})
    _not_future(on, "on")
    with transaction.atomic():
        current = _open_lead(lead, version)
        if on < current.received_on:
            raise ValidationError({"on": _("跟进日期不能早于收到线索的日期。")})
        FollowUp.objects.create(lead=current, on=on, note=note.strip(), recorded_by=actor)
        current.responded_on = min(current.responded_on or on, on)
        current.last_contact_on = max(current.last_contact_on or on, on)
        current.status = LeadStatus.FOLLOWING
        current.next_due_on = _lead_due(current, deadlines_for(current.unit))
        return _save(current, actor, reason=_("跟进"))


def lead_drop(*, actor, lead, on, reason, version=None):
    """Stop following a lead, saying why; it keeps its history and leaves the deadlines."""
    if not reason.strip():
        raise ValidationError({"reason": _("放弃线索须填写原因。")})
    _not_future(on, "on")
    with transaction.atomic():
        current = _open_lead(lead, version)
        if on < current.received_on:
            raise ValidationError({"on": _("放弃日期不能早于收到线索的日期。")})
        current.status = LeadStatus.DROPPED
        current.dropped_on = on
        current.drop_reason = reason.strip()
        current.next_due_on = None
        return _save(current, actor, reason=_("放弃"))


def lead_convert(*, actor, lead, version, stage, entered_on, note="", chains=(), **project_fields):
    """Turn a lead into a project (negotiating or signed) through project_create.

    The lead stays, with its follow-ups and history, and points at the project
    (the project page shows it as 来源线索). A project signed on the day of the
    fair the lead came from joins that fair's event: its signings are the event's.
    """
    with transaction.atomic():
        current = _open_lead(lead, version)
        if entered_on < current.received_on:
            raise ValidationError({"entered_on": _("入库日期不能早于收到线索的日期。")})
        project = project_services.project_create(
            actor=actor,
            stage=stage,
            entered_on=entered_on,
            note=note or _("来自招商线索：%(title)s") % {"title": current.title},
            chains=chains,
            **project_fields,
        )
        current.project = project
        current.status = LeadStatus.CONVERTED
        current.converted_on = entered_on
        current.next_due_on = None
        _save(current, actor, reason=_("转为项目"))
        event = _fair_event_of(current)
        if event and Stage(stage) == Stage.SIGNED and entered_on == event.held_on:
            project_services.event_attach(actor=actor, event=event, project=project)
    return current


def _fair_event_of(lead):
    if lead.activity_id is None:
        return None
    return Event.objects.filter(promotion_activity=lead.activity_id).first()


# ---------------------------------------------------------------- target lists


def target_create(*, actor, unit=None, **fields):
    _only(fields, TARGET_FIELDS)
    target = TargetEnterprise(unit=unit, created_by=actor, **fields)
    _not_future(target.listed_on, "listed_on")
    with transaction.atomic():
        return _save(target, actor)


def target_update(*, actor, target, version, **changes):
    """Change a list entry; setting `removed_on` (with a reason) takes it off the list."""
    _only(changes, [*TARGET_FIELDS, "unit"])
    with transaction.atomic():
        current = _locked(target, version)
        for name, value in changes.items():
            setattr(current, name, value)
        _not_future(current.listed_on, "listed_on")
        _not_future(current.removed_on, "removed_on")
        if current.removed_on is None:
            current.removal_reason = ""
        return _save(current, actor)


# ---------------------------------------------------------------- activities


def activity_create(*, actor, unit=None, create_event=False, **fields):
    """Record a visit, fair, delegation …; a fair may open its own event for its signings."""
    _only(fields, ACTIVITY_FIELDS)
    activity = Activity(unit=unit, created_by=actor, **fields)
    _not_future(activity.held_on, "held_on")
    with transaction.atomic():
        _save(activity, actor)
        if create_event:
            _open_event(activity, actor)
    return activity


def activity_update(*, actor, activity, version, create_event=False, **changes):
    _only(changes, [*ACTIVITY_FIELDS, "unit"])
    with transaction.atomic():
        current = _locked(activity, version)
        for name, value in changes.items():
            setattr(current, name, value)
        _not_future(current.held_on, "held_on")
        _save(current, actor)
        if create_event and current.event_id is None:
            _open_event(current, actor)
    return current


def _open_event(activity, actor):
    """An event (推介会) for the activity's signings, held where and when the activity was."""
    if activity.kind != ActivityKind.FAIR:
        raise ValidationError({"create_event": _("只有推介会可以新建签约活动。")})
    if activity.event_id:
        raise ValidationError({"create_event": _("该推介会已关联签约活动。")})
    event = Event(
        code=f"promotion-activity-{activity.pk}",
        name=activity.title,
        kind=Event.Kind.FAIR,
        held_on=activity.held_on,
        region=activity.region,
        platform=activity.platform,
        description=activity.results,
    )
    event.full_clean()
    event._history_user = actor
    event.save()
    activity.event = event
    activity._history_user = actor
    activity.save(update_fields=["event"])
    return event


def meeting_add(*, actor, activity, enterprise, person="", note=""):
    """Record an enterprise (and the person) met at an activity."""
    meeting = Meeting(activity=activity, enterprise=enterprise, person=person.strip(), note=note)
    meeting.full_clean()
    meeting._history_user = actor
    with transaction.atomic():
        meeting.save()
    return meeting


def meeting_remove(*, actor, meeting):
    meeting._history_user = actor
    with transaction.atomic():
        meeting.delete()


# ---------------------------------------------------------------- problems (督办)


def problem_create(*, actor, project, unit, **fields):
    """Put a problem of a project under supervision, with a unit responsible and a deadline."""
    _only(fields, PROBLEM_FIELDS)
    problem = Problem(project=project, unit=unit, created_by=actor, **fields)
    _not_future(problem.raised_on, "raised_on")
    with transaction.atomic():
        return _save(problem, actor)


def problem_update(*, actor, problem, version, **changes):
    """Change a problem's attributes or its responsible unit (closing and reopening are apart)."""
    _only(changes, [*PROBLEM_FIELDS, "unit"])
    with transaction.atomic():
        current = _locked(problem, version)
        for name, value in changes.items():
            setattr(current, name, value)
        _not_future(current.raised_on, "raised_on")
        return _save(current, actor)


def problem_close(*, actor, problem, on, note, version=None):
    """Close (销号) a problem: only with a note saying how it was solved."""
    if not note.strip():
        raise ValidationError({"note": _("销号须填写说明：问题如何解决。")})
    _not_future(on, "on")
    with transaction.atomic():
        current = _locked(problem, version)
        if not current.is_open:
            raise ValidationError(_("该问题已销号。"))
        if on < current.raised_on:
            raise ValidationError({"on": _("销号日期不能早于提出日期。")})
        current.status = ProblemStatus.CLOSED
        current.closed_on = on
        current.closing_note = note.strip()
        current.closed_by = actor
        return _save(current, actor, reason=_("销号"))


def problem_reopen(*, actor, problem, reason, due_on, version=None):
    """Reopen a closed problem (it was not solved after all), with a reason and a new deadline."""
    if not reason.strip():
        raise ValidationError({"reason": _("重新督办须填写原因。")})
    with transaction.atomic():
        current = _locked(problem, version)
        if current.is_open:
            raise ValidationError(_("该问题仍在督办中。"))
        if due_on < current.raised_on:
            raise ValidationError({"due_on": _("办结期限不能早于提出日期。")})
        current.status = ProblemStatus.OPEN
        current.closed_on = None
        current.closing_note = ""
        current.closed_by = None
        current.due_on = due_on
        return _save(current, actor, reason=_("重新督办：%(r)s") % {"r": reason.strip()})
