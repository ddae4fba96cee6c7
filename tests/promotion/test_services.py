"""Writes of promotion work: deadlines kept, history written, conversion through project_create."""

import datetime
from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError

from projects.models import Project, Stage, StageEntry, StaleMark
from promotion import services
from promotion.models import FollowUp, LeadStatus, ProblemStatus, UnitProfile
from tests.promotion.conftest import RECEIVED, make_lead, unit_of

pytestmark = pytest.mark.django_db


def convert(lead, staff, places, **overrides):
    fields = {
        "actor": staff,
        "lead": lead,
        "version": lead.version,
        "stage": Stage.NEGOTIATING,
        "entered_on": datetime.date(2023, 4, 1),
        "name": "鹿泉生物医药研发中心",
        "investor": lead.enterprise,
        "origin": "beijing",
        "category": "industrial",
        "region": places["luquan"],
        "platform": places["platform_a"],
        "total_investment": Decimal("30000.00"),
    }
    return services.lead_convert(**{**fields, **overrides})


def test_a_new_lead_is_due_for_a_first_response(lead):
    assert lead.status == LeadStatus.NEW
    assert lead.next_due_on == RECEIVED + datetime.timedelta(days=3)
    assert lead.history.count() == 1 and lead.history.first().history_user == lead.created_by


def test_a_follow_up_sets_the_next_due_date_from_the_unit(lead, staff):
    UnitProfile.objects.create(unit=unit_of(staff), follow_up_days=10)

    followed = services.lead_follow_up(
        actor=staff, lead=lead, on=datetime.date(2023, 3, 2), note="电话联系", version=1
    )

    assert followed.status == LeadStatus.FOLLOWING and followed.version == 2
    assert followed.responded_on == followed.last_contact_on == datetime.date(2023, 3, 2)
    assert followed.next_due_on == datetime.date(2023, 3, 12)
    assert FollowUp.objects.get(lead=lead).recorded_by == staff


def test_an_earlier_follow_up_entered_late_keeps_the_latest_contact(lead, staff):
    services.lead_follow_up(actor=staff, lead=lead, on=datetime.date(2023, 3, 9), note="面谈")
    lead = services.lead_follow_up(
        actor=staff, lead=lead, on=datetime.date(2023, 3, 4), note="补记电话"
    )
    assert lead.responded_on == datetime.date(2023, 3, 4)
    assert lead.last_contact_on == datetime.date(2023, 3, 9)
    assert lead.next_due_on == datetime.date(2023, 3, 23)


@pytest.mark.parametrize(
    ("on", "note", "field"),
    [
        (datetime.date(2023, 2, 28), "早于收到日期", "on"),
        (datetime.date(2999, 1, 1), "未来", "on"),
        (datetime.date(2023, 3, 2), "   ", "note"),
    ],
)
def test_a_bad_follow_up_changes_nothing(lead, staff, on, note, field):
    with pytest.raises(ValidationError) as error:
        services.lead_follow_up(actor=staff, lead=lead, on=on, note=note)
    assert field in error.value.message_dict
    lead.refresh_from_db()
    assert lead.status == LeadStatus.NEW and not FollowUp.objects.exists()


def test_a_stale_version_is_refused(lead, staff):
    services.lead_follow_up(actor=staff, lead=lead, on=RECEIVED, note="一", version=1)
    with pytest.raises(services.StaleVersion):
        services.lead_follow_up(actor=staff, lead=lead, on=RECEIVED, note="二", version=1)
    assert FollowUp.objects.count() == 1


def test_dropping_needs_a_reason_and_ends_the_deadline(lead, staff):
    with pytest.raises(ValidationError):
        services.lead_drop(actor=staff, lead=lead, on=RECEIVED, reason=" ")
    dropped = services.lead_drop(actor=staff, lead=lead, on=RECEIVED, reason="企业转投他地")
    assert dropped.status == LeadStatus.DROPPED and dropped.next_due_on is None
    with pytest.raises(ValidationError):
        services.lead_follow_up(actor=staff, lead=dropped, on=RECEIVED, note="再联系")


def test_conversion_keeps_the_leads_history_and_goes_through_project_create(
    lead, staff, places, django_capture_on_commit_callbacks
):
    services.lead_follow_up(actor=staff, lead=lead, on=datetime.date(2023, 3, 3), note="面谈")
    lead.refresh_from_db()
    with django_capture_on_commit_callbacks():
        converted = convert(lead, staff, places)

    project = converted.project
    assert converted.status == LeadStatus.CONVERTED and converted.next_due_on is None
    assert converted.converted_on == datetime.date(2023, 4, 1)
    assert Project.objects.get(pk=project.pk).source_lead == converted
    # project_create's trail: the stage entry, the creation record, the stale marks.
    entry = StageEntry.objects.get(project=project)
    assert (entry.stage, entry.entered_on) == (Stage.NEGOTIATING, datetime.date(2023, 4, 1))
    assert "生物医药研发中心意向" in entry.note
    assert project.history.count() == 1 and project.created_by == staff
    assert StaleMark.objects.exists()
    # The lead keeps everything it had: creation, follow-up and conversion records.
    kinds = list(converted.history.order_by("history_date").values_list("history_type", flat=True))
    reasons = list(
        converted.history.order_by("history_date").values_list("history_change_reason", flat=True)
    )
    assert kinds == ["+", "~", "~"] and reasons[1:] == ["跟进", "转为项目"]
    assert converted.follow_ups.get().note == "面谈"


def test_a_bad_conversion_creates_no_project_and_leaves_the_lead_open(lead, staff, places):
    with pytest.raises(ValidationError):
        convert(lead, staff, places, entered_on=datetime.date(2023, 2, 1))  # before receipt
    with pytest.raises(ValidationError):
        convert(lead, staff, places, stage=Stage.LANDED)  # project_create refuses
    lead.refresh_from_db()
    assert lead.status == LeadStatus.NEW and not Project.objects.exists()


def test_a_lead_converts_only_once(lead, staff, places):
    convert(lead, staff, places)
    with pytest.raises(ValidationError):
        convert(lead, staff, places, version=None, name="再转一次")
    assert Project.objects.count() == 1


def test_signed_on_the_fairs_day_the_project_joins_the_fairs_event(lead, fair, staff, places):
    converted = convert(lead, staff, places, stage=Stage.SIGNED, entered_on=fair.held_on)
    assert list(converted.project.events.all()) == [fair.event]


def test_signed_another_day_it_does_not(lead, fair, staff, places):
    converted = convert(
        lead, staff, places, stage=Stage.SIGNED, entered_on=datetime.date(2023, 4, 2)
    )
    assert not converted.project.events.exists()


def test_new_unit_deadlines_re_date_the_units_open_leads(places, staff, lead):
    following = make_lead(staff, places["luquan"], None, title="第二条")
    following = services.lead_follow_up(
        actor=staff, lead=following, on=datetime.date(2023, 3, 5), note="联系"
    )
    dropped = make_lead(staff, places["luquan"], None, title="第三条")
    services.lead_drop(actor=staff, lead=dropped, on=RECEIVED, reason="无意向")

    services.unit_deadlines_set(
        actor=staff, unit=unit_of(staff), first_response_days=5, follow_up_days=7
    )

    lead.refresh_from_db(), following.refresh_from_db(), dropped.refresh_from_db()
    assert lead.next_due_on == RECEIVED + datetime.timedelta(days=5)
    assert following.next_due_on == datetime.date(2023, 3, 12)
    assert dropped.next_due_on is None
    services.unit_deadlines_set(actor=staff, unit=unit_of(staff), first_response_days=None)
    lead.refresh_from_db()
    assert lead.next_due_on == RECEIVED + datetime.timedelta(days=3)


def test_closing_a_problem_requires_a_note(problem, staff):
    with pytest.raises(ValidationError) as error:
        services.problem_close(
            actor=staff, problem=problem, on=datetime.date(2023, 5, 9), note="  "
        )
    assert "note" in error.value.message_dict
    problem.refresh_from_db()
    assert problem.status == ProblemStatus.OPEN

    closed = services.problem_close(
        actor=staff, problem=problem, on=datetime.date(2023, 5, 9), note="协调自然资源局落实指标"
    )
    assert (closed.status, closed.closed_by, closed.version) == (ProblemStatus.CLOSED, staff, 2)
    assert closed.history.latest().history_change_reason == "销号"


def test_a_problem_cannot_close_before_it_was_raised_nor_twice(problem, staff):
    with pytest.raises(ValidationError):
        services.problem_close(actor=staff, problem=problem, on=datetime.date(2023, 5, 1), note="x")
    services.problem_close(actor=staff, problem=problem, on=datetime.date(2023, 5, 3), note="解决")
    with pytest.raises(ValidationError):
        services.problem_close(
            actor=staff, problem=problem, on=datetime.date(2023, 5, 4), note="再"
        )


def test_reopening_needs_a_reason_and_a_new_deadline(problem, staff):
    services.problem_close(actor=staff, problem=problem, on=datetime.date(2023, 5, 3), note="解决")
    with pytest.raises(ValidationError):
        services.problem_reopen(
            actor=staff, problem=problem, reason="", due_on=datetime.date(2023, 6, 1)
        )
    reopened = services.problem_reopen(
        actor=staff, problem=problem, reason="指标被收回", due_on=datetime.date(2023, 6, 1)
    )
    assert reopened.status == ProblemStatus.OPEN and reopened.closing_note == ""
    assert reopened.due_on == datetime.date(2023, 6, 1)
    assert "指标被收回" in reopened.history.latest().history_change_reason


def test_a_problems_deadline_is_not_before_it_was_raised(project, staff):
    with pytest.raises(ValidationError):
        services.problem_create(
            actor=staff,
            project=project,
            unit=unit_of(staff),
            kind="land",
            title="x",
            raised_on=datetime.date(2023, 5, 2),
            due_on=datetime.date(2023, 5, 1),
        )


def test_only_fairs_open_their_own_event(places, staff):
    from tests.promotion.conftest import make_activity

    with pytest.raises(ValidationError):
        make_activity(staff, places["luquan"], None, kind="outbound", create_event=True)
    fair = make_activity(staff, places["luquan"], None, create_event=True)
    assert fair.event.kind == "fair" and fair.event.held_on == fair.held_on


def test_a_target_listed_twice_on_the_same_list_is_refused(target, staff):
    with pytest.raises(ValidationError):
        services.target_create(
            actor=staff,
            enterprise=target.enterprise,
            chain=target.chain,
            region=target.region,
            platform=target.platform,
            gap="重复",
            listed_on=datetime.date(2023, 2, 1),
        )
    removed = services.target_update(
        actor=staff,
        target=target,
        version=target.version,
        removed_on=datetime.date(2023, 2, 1),
        removal_reason="已落户他地",
    )
    assert removed.removed_on and removed.version == 2
