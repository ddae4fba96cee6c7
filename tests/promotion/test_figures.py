"""Promotion measures counted from the records: periods, stocks, actors, scope, distinctness."""

import datetime
from decimal import Decimal

import pytest

from projects.figures import compute_figure, figure_reconcile
from projects.models import PublishedFigure, Qualifier, Unit
from promotion import services
from promotion.models import Ambassador, ChainMap, LeadSource, ProblemKind, UnitKind, UnitProfile
from tests.factories import EnterpriseFactory
from tests.promotion.conftest import make_activity, make_lead

pytestmark = pytest.mark.django_db
Q1 = ["2023-01-01", "2023-03-31"]


def figure(scope, measure, value=0, **definition):
    kind = "scope_platform" if hasattr(scope, "tier") else "scope_region"
    return PublishedFigure(
        code=f"t-{measure}",
        group="t",
        label=measure,
        measure=measure,
        definition=definition,
        value=Decimal(value),
        source="s",
        quote="q",
        **{kind: scope},
    )


def test_leads_and_recommendations_by_period_actor_and_scope(places, staff, outsider):
    a, b = places["platform_a"], places["platform_b"]
    make_lead(staff, places["luquan"], a, title="一", actor_kind="professional_bodies")
    make_lead(staff, places["luquan"], a, title="二", received_on=datetime.date(2023, 3, 31))
    make_lead(
        staff,
        places["luquan"],
        a,
        title="三",
        received_on=datetime.date(2023, 4, 1),
        source=LeadSource.AMBASSADOR,
    )
    make_lead(outsider, places["huanghua"], b, title="四", source=LeadSource.AMBASSADOR)
    province = places["province"]

    assert compute_figure(figure(province, "leads", period=Q1)) == 3
    assert compute_figure(figure(a, "leads", period=Q1)) == 2
    actor = {"actor": "professional_bodies"}
    assert compute_figure(figure(province, "leads", period=Q1, filters=actor)) == 1
    assert compute_figure(figure(province, "recommended_projects", period=Q1)) == 1
    assert (
        compute_figure(figure(province, "recommended_projects", period=[None, "2023-12-31"])) == 2
    )


def test_activities_enterprises_and_people(places, staff):
    region, a = places["luquan"], places["platform_a"]
    trip = make_activity(staff, region, a, kind="outbound", actor_kind="county_leaders")
    other = make_activity(staff, region, a, kind="outbound", actor_kind="county_leaders")
    expo = make_activity(staff, region, a, kind="expo", actor_kind="county_leaders")
    late = make_activity(staff, region, a, kind="outbound", held_on=datetime.date(2023, 4, 1))
    shared, alone = EnterpriseFactory(), EnterpriseFactory()
    for activity, enterprise, person in [
        (trip, shared, "甲"),
        (other, shared, "甲"),
        (other, alone, ""),
        (expo, EnterpriseFactory(), "乙"),
        (late, EnterpriseFactory(), "丙"),
    ]:
        services.meeting_add(actor=staff, activity=activity, enterprise=enterprise, person=person)
    province, leaders = places["province"], {"actor": "county_leaders"}

    assert compute_figure(figure(province, "outbound_trips", period=Q1, filters=leaders)) == 2
    # distinct enterprises: the one met twice counts once; the expo is not a trip
    assert compute_figure(figure(province, "enterprises_visited", period=Q1, filters=leaders)) == 2
    assert compute_figure(figure(province, "enterprises_contacted", period=Q1)) == 3
    # entrepreneurs: named people, distinct per enterprise
    assert compute_figure(figure(province, "entrepreneurs_met", period=Q1)) == 2


def test_delegations_associations_fairs_and_attendance(places, staff, fair):
    region = places["luquan"]
    for people, counterpart in [(6, "甲考察团"), (9, "乙考察团")]:
        make_activity(
            staff, region, None, kind="delegation", people=people, counterpart=counterpart
        )
    for counterpart in ["重庆河北商会", "重庆河北商会", "浙江河北商会", ""]:
        make_activity(staff, region, None, kind="association", counterpart=counterpart)
    fair.enterprises_attending = 312
    fair.save()
    province = places["province"]

    assert compute_figure(figure(province, "delegations_received", period=Q1)) == 2
    assert compute_figure(figure(province, "delegation_visits", period=Q1)) == 15
    assert compute_figure(figure(province, "associations_contacted", period=Q1)) == 2
    assert compute_figure(figure(province, "fairs", period=Q1)) == 1
    attending = figure(places["luquan"], "enterprises_attending", event=fair.event.code)
    assert compute_figure(attending) == 312


def test_problems_solved_by_closing_day_in_the_projects_scope(problem, staff, places):
    upto = [None, "2023-05-31"]
    assert compute_figure(figure(places["platform_a"], "problems_solved", period=upto)) == 0
    services.problem_close(actor=staff, problem=problem, on=datetime.date(2023, 6, 1), note="解决")
    assert compute_figure(figure(places["platform_a"], "problems_solved", period=upto)) == 0
    assert compute_figure(figure(places["platform_a"], "problems_solved")) == 1
    assert compute_figure(figure(places["platform_b"], "problems_solved")) == 0


def test_stocks_on_a_date(places, staff, target):
    on = "2023-03-31"
    county = {"level": "county"}
    city = {"level": "city"}
    assert (
        compute_figure(figure(places["province"], "target_enterprises", date=on, filters=county))
        == 1
    )
    assert (
        compute_figure(figure(places["province"], "target_enterprises", date=on, filters=city)) == 0
    )
    services.target_update(
        actor=staff,
        target=target,
        version=target.version,
        removed_on=datetime.date(2023, 3, 31),
        removal_reason="已落户",
    )
    # removed on the day: no longer on the list that day
    assert compute_figure(figure(places["province"], "target_enterprises", date=on)) == 0
    assert compute_figure(figure(places["province"], "target_enterprises", date="2023-03-30")) == 1

    Ambassador.objects.create(
        name="甲", region=places["cangzhou"], appointed_on=datetime.date(2022, 1, 1)
    )
    Ambassador.objects.create(
        name="乙",
        region=places["cangzhou"],
        appointed_on=datetime.date(2022, 1, 1),
        ended_on=datetime.date(2023, 1, 1),
    )
    ChainMap.objects.create(
        title="图", region=places["cangzhou"], drawn_on=datetime.date(2023, 4, 1)
    )
    assert compute_figure(figure(places["cangzhou"], "ambassadors", date=on)) == 1
    assert compute_figure(figure(places["cangzhou"], "chain_maps", date=on)) == 0
    assert compute_figure(figure(places["cangzhou"], "chain_maps", date="2023-04-01")) == 1


def test_outbound_offices_are_units_of_the_scope(places):
    for name, scope in [("驻京", places["cangzhou"]), ("驻沪", places["huanghua"])]:
        unit = Unit.objects.create(name=name, scope_region=scope)
        UnitProfile.objects.create(unit=unit, kind=UnitKind.OUTBOUND_OFFICE)
    bohai = Unit.objects.create(name="渤海驻外", scope_platform=places["platform_b"])
    UnitProfile.objects.create(
        unit=bohai, kind=UnitKind.OUTBOUND_OFFICE, established_on=datetime.date(2024, 1, 1)
    )
    on = "2023-03-31"

    assert compute_figure(figure(places["cangzhou"], "outbound_offices", date=on)) == 2
    assert compute_figure(figure(places["cangzhou"], "outbound_offices", date="2024-01-01")) == 3
    assert compute_figure(figure(places["sjz"], "outbound_offices", date=on)) == 0


def test_a_stock_without_a_date_is_uncomputable_not_an_error(places):
    check = figure_reconcile(_saved(figure(places["cangzhou"], "chain_maps", 12)))
    assert check.status == "uncomputable" and "date" in check.explanation


def test_an_edit_to_a_promotion_record_breaks_its_figure(places, staff):
    saved = _saved(figure(places["province"], "leads", 1, period=Q1))
    saved.qualifier = Qualifier.EXACT
    lead = make_lead(staff, places["luquan"], places["platform_a"])
    assert figure_reconcile(saved).status == "match"
    services.lead_update(
        actor=staff, lead=lead, version=lead.version, received_on=datetime.date(2023, 4, 2)
    )
    check = figure_reconcile(saved)
    assert check.status == "mismatch" and check.difference == -1


def _saved(row):
    row.save()
    return row


def test_problem_kinds_cover_the_issue():
    assert {"land", "approval", "staffing", "utilities"} <= set(ProblemKind.values)
