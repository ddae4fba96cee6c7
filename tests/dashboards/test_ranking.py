"""Rankings and annual targets: hand-computed ranks, completion against 时序进度, who sets."""

import datetime
from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from dashboards.rankings import BY_FIELD, Entry, competition_ranks, read_ranking
from dashboards.targets import annual_target_set, can_set_targets
from projects.models import AnnualTarget, Membership, Project, Stage
from tests.dashboards.conftest import client_for, member

D = datetime.date


def test_competition_ranks_share_ties():
    assert competition_ranks([5, 9, 9, 1]) == [3, 1, 1, 4]
    assert competition_ranks([]) == []
    assert competition_ranks([Decimal("2.5"), Decimal("2.50")]) == [1, 1]


def test_an_entry_against_its_target_and_time_progress():
    # 9 of a target of 12 by the end of June: 75 %, 25 points ahead of 50 %.
    entry = Entry(None, 9, 12, Decimal(50))
    assert entry.pct == Decimal("75.0")
    assert entry.gap == Decimal("25.0")
    assert entry.pace == "ahead"
    behind = Entry(None, 2, 12, Decimal(75))  # 16.7 % at the end of September
    assert behind.gap == Decimal("-58.3") and behind.pace == "behind"
    assert Entry(None, 2, None, Decimal(50)).pace == "none"
    assert Entry(None, 2, 0, Decimal(50)).pct is None


@pytest.mark.django_db
def test_cities_ranked_by_signings_and_by_completion(world, admin):
    province = read_ranking(world.province, 2023, 6)
    signed = BY_FIELD["signed_count"]
    [(title, cities)] = province.groups
    assert cities == [world.sjz, world.cangzhou]
    live = {
        c: Project.objects.in_scope(c).reached(Stage.SIGNED, D(2023, 1, 1), D(2023, 6, 30)).count()
        for c in cities
    }
    annual_target_set(actor=admin, scope=world.cangzhou, year=2023, values={"signed_count": 4})
    annual_target_set(actor=admin, scope=world.sjz, year=2023, values={"signed_count": 100})
    ranking = read_ranking(world.province, 2023, 6)
    table = ranking.table(signed, cities)
    assert {e.place: e.value for e in table} == live
    assert [e.rank for e in table] == sorted(e.rank for e in table)
    by_value = sorted(live.values(), reverse=True)
    assert [e.value for e in table] == by_value
    cangzhou = next(e for e in table if e.place == world.cangzhou)
    assert cangzhou.target == 4 and ranking.elapsed == Decimal(50)
    assert cangzhou.pct == (Decimal(live[world.cangzhou] * 100) / 4).quantize(Decimal("0.1"))
    completion = ranking.table(signed, cities, by="completion")
    assert completion[0].place == world.cangzhou and completion[0].completion_rank == 1


@pytest.mark.django_db
def test_a_city_ranks_counties_and_platforms_apart(world):
    ranking = read_ranking(world.cangzhou, 2023, 12)
    assert [(str(t), places) for t, places in ranking.groups] == [
        ("地区", [world.suning, world.huanghua]),
        ("承接平台", [world.bohai]),
    ]


@pytest.mark.django_db
def test_only_the_level_above_sets_targets(world, django_user_model, admin):
    province_staff = member(
        django_user_model, "hb_staff", Membership.Role.STAFF, scope_region=world.province
    )
    city_staff = member(
        django_user_model, "cz_staff", Membership.Role.STAFF, scope_region=world.cangzhou
    )
    official = member(
        django_user_model, "hb_leader", Membership.Role.OFFICIAL, scope_region=world.province
    )
    assert can_set_targets(province_staff, world.cangzhou)
    assert not can_set_targets(city_staff, world.cangzhou)  # its own: set from above
    assert can_set_targets(city_staff, world.huanghua) and can_set_targets(city_staff, world.bohai)
    assert not can_set_targets(city_staff, world.sjz)
    assert not can_set_targets(official, world.cangzhou)  # read-only
    assert can_set_targets(admin, world.province)
    with pytest.raises(ValidationError):
        annual_target_set(actor=city_staff, scope=world.cangzhou, year=2023, values={})


@pytest.mark.django_db
def test_the_targets_form_and_import(world, django_user_model):
    staff = member(
        django_user_model, "hb_staff", Membership.Role.STAFF, scope_region=world.province
    )
    client = client_for(staff)
    url = reverse("dashboards:targets", args=["region", world.province.code]) + "?year=2023"
    assert client.get(url).status_code == 200
    prefix = f"r{world.cangzhou.pk}"
    response = client.post(
        url, {f"{prefix}-signed_count": "12", f"{prefix}-signed_investment": "35.5"}
    )
    assert response.status_code == 302
    target = AnnualTarget.objects.get(scope_region=world.cangzhou, year=2023)
    assert target.signed_count == 12 and target.signed_investment == Decimal("355000.00")
    assert target.history.first().history_user == staff

    sheet = (
        "代码,签约个数,签约金额（亿元）,落地个数,落地金额（亿元）,开工个数,开工金额（亿元）,完成投资（亿元）\n"
        f"{world.sjz.code},8,1.25,,,3,,40\n"
    ).encode()
    upload = SimpleUploadedFile("targets.csv", sheet, content_type="text/csv")
    importer = reverse("dashboards:targets_import", args=["region", world.province.code])
    assert client.post(importer, {"year": 2023, "file": upload}).status_code == 302
    sjz = AnnualTarget.objects.get(scope_region=world.sjz, year=2023)
    assert (sjz.signed_count, sjz.signed_investment, sjz.landed_count) == (
        8,
        Decimal("12500.00"),
        None,
    )
    assert sjz.completed_investment == Decimal("400000.00")

    bad = SimpleUploadedFile(
        "targets.csv",
        sheet.replace(world.sjz.code.encode(), b"999999").replace(b",8,", b",x,"),
        content_type="text/csv",
    )
    client.post(importer, {"year": 2024, "file": bad})
    assert not AnnualTarget.objects.filter(year=2024).exists()  # all or nothing


@pytest.mark.django_db
def test_the_ranking_page_links_its_numbers(world, official):
    client = client_for(official)
    url = reverse("dashboards:ranking", args=["region", world.cangzhou.code])
    response = client.get(url, {"year": 2023, "month": 12, "measure": "signed_count"})
    assert response.status_code == 200
    for _title, rows in response.context["tables"]:
        for entry, list_url, _place_url in rows:
            listed = client.get(list_url).context["totals"]["count"]
            assert listed == entry.value, entry.place
    page = client.get(url, {"year": 2023, "measure": "completed_investment", "by": "completion"})
    assert page.status_code == 200


@pytest.mark.django_db
def test_ranking_and_targets_access(world, official, city_official, platform_staff):
    ranking = reverse("dashboards:ranking", args=["region", world.province.code])
    targets = reverse("dashboards:targets", args=["region", world.province.code])
    importer = reverse("dashboards:targets_import", args=["region", world.province.code])
    anonymous = client_for(None)
    for url in (ranking, targets):
        assert anonymous.get(url).status_code == 302
    assert anonymous.post(importer).status_code == 302
    assert client_for(official).get(ranking).status_code == 200
    assert client_for(official).get(targets).status_code == 200
    assert client_for(official).post(targets, {}).status_code == 403  # read-only
    assert client_for(official).post(importer, {}).status_code == 403
    assert client_for(city_official).get(ranking).status_code == 404  # outside its scope
    assert client_for(platform_staff).get(targets).status_code == 404
    assert client_for(platform_staff).post(importer, {}).status_code == 404
    assert client_for(official).get(importer).status_code == 405
    bad_kind = reverse("dashboards:ranking", args=["nowhere", world.province.code])
    assert client_for(official).get(bad_kind).status_code == 404


@pytest.mark.django_db
def test_a_city_dashboard_shows_its_completion_against_target(world, official, admin):
    annual_target_set(actor=admin, scope=world.cangzhou, year=2023, values={"signed_count": 40})
    client = client_for(official)
    url = reverse("dashboards:region", args=[world.cangzhou.code])
    response = client.get(url, {"kind": "ytd", "year": 2023, "month": 9})
    signed = Project.objects.in_scope(world.cangzhou).reached(
        Stage.SIGNED, D(2023, 1, 1), D(2023, 9, 30)
    )
    measure, entry, list_url = response.context["target_rows"][0]
    assert measure.field == "signed_count"
    assert (entry.value, entry.target, entry.elapsed) == (signed.count(), 40, Decimal(75))
    expected_gap = (Decimal(signed.count() * 100) / 40).quantize(Decimal("0.1")) - 75
    assert entry.gap == expected_gap
    assert client.get(list_url).context["totals"]["count"] == signed.count()
    word = "超" if expected_gap > 0 else "落后"
    assert f"{word} {abs(expected_gap)} 个百分点" in response.content.decode()
