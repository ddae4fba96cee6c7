"""The relocation services: validation, history, and the relocation totals they mark stale."""

import datetime

import pytest
from django.core.exceptions import ValidationError

from projects.models import MerchantRelocation, RelocatedUnit, ScopeKind, StaleMark
from projects.records import services
from tests.records.conftest import make_unit


def marks(source=StaleMark.Source.RELOCATION):
    return set(
        StaleMark.objects.filter(source=source).values_list("scope_kind", "scope_id", "month")
    )


def test_it_creates_a_unit_with_history_and_marks_its_place_and_month(places, staff):
    unit = make_unit(places, relocated_on=datetime.date(2023, 4, 10))

    assert unit.history.get().history_type == "+"
    april = datetime.date(2023, 4, 1)
    assert (ScopeKind.PLATFORM, places["platform_a"].pk, april) in marks()
    for region in ("luquan", "sjz", "province"):
        assert (ScopeKind.REGION, places[region].pk, april) in marks()
    assert not any(scope == places["cangzhou"].pk for _k, scope, _m in marks())


def test_a_move_marks_the_old_and_the_new_place_and_month(places, unit, staff):
    StaleMark.objects.all().delete()

    services.relocated_unit_update(
        actor=staff,
        unit=unit,
        region=places["huanghua"],
        platform=places["platform_b"],
        relocated_on=datetime.date(2023, 9, 1),
    )

    found = marks()
    assert (ScopeKind.PLATFORM, places["platform_a"].pk, datetime.date(2023, 4, 1)) in found
    assert (ScopeKind.PLATFORM, places["platform_b"].pk, datetime.date(2023, 9, 1)) in found
    latest = unit.history.latest("history_date")
    assert latest.history_type == "~" and latest.history_user == staff


def test_it_refuses_a_region_outside_the_platforms(places, unit):
    with pytest.raises(ValidationError) as e:
        services.relocated_unit_update(actor=None, unit=unit, region=places["huanghua"])

    assert "region" in e.value.error_dict
    unit.refresh_from_db()
    assert unit.region == places["luquan"]


def test_it_refuses_unknown_fields(unit):
    with pytest.raises(ValidationError):
        services.relocated_unit_update(actor=None, unit=unit, version=3)


def test_it_refuses_negative_people(places):
    with pytest.raises(ValidationError):
        make_unit(places, people=-1)
    assert not RelocatedUnit.objects.exists()


def test_delete_marks_the_month_and_keeps_history(places, unit, staff):
    StaleMark.objects.all().delete()

    services.relocated_unit_delete(actor=staff, unit=unit)

    assert not RelocatedUnit.objects.exists()
    assert (ScopeKind.PLATFORM, places["platform_a"].pk, datetime.date(2023, 4, 1)) in marks()
    assert RelocatedUnit.history.filter(history_type="-", history_user=staff).exists()


def test_the_recompute_counts_a_unit_added_in_the_browser(places, unit):
    from projects.totals.reads import relocated_units
    from projects.totals.recompute import aggregates_recompute_stale as recompute_stale

    recompute_stale()

    assert relocated_units(places["sjz"]) == 1
    services.relocated_unit_delete(actor=None, unit=unit)
    recompute_stale()
    assert relocated_units(places["sjz"]) == 0


def test_merchant_relocations_are_recorded_with_history_and_mark_nothing(merchant, staff):
    StaleMark.objects.all().delete()
    changed = services.merchant_relocation_update(actor=staff, relocation=merchant, merchants=301)

    assert changed.merchants == 301
    assert merchant.history.count() == 2
    services.merchant_relocation_delete(actor=staff, relocation=changed)
    assert not MerchantRelocation.objects.exists()
    assert not StaleMark.objects.exists()  # dashboards read merchants live
