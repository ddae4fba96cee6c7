"""The region tree from the division package, and `manage.py load_divisions`."""

import datetime
from collections import Counter
from decimal import Decimal

import pytest
from django.core.management import CommandError, call_command

from platforms import divisions
from platforms.models import Platform, Region
from platforms.services import DivisionConflict, regions_load_divisions
from projects import totals
from projects.models import Cut, Project, Stage, StageMonthTotal
from projects.totals.reads import scope_key
from tests.factories import ProjectFactory

PACKAGE_CODES = [code for code, _name in divisions.read_package()]
HEBEI_COUNTIES = [c for c in PACKAGE_CODES if c.startswith("13") and not c.endswith("00")]


def _load():
    call_command("load_divisions", verbosity=0)


def test_the_package_extract_holds_every_hebei_unit_once():
    assert len(PACKAGE_CODES) == len(set(PACKAGE_CODES))
    cities = [c for c in PACKAGE_CODES if c.startswith("13") and c.endswith("00") and c != "130000"]
    assert len(cities) == 11
    assert len(HEBEI_COUNTIES) == 167


def test_divisions_put_parents_first_and_xiongan_apart():
    rows = divisions.divisions()
    seen = set()
    for d in rows:
        assert d.parent is None or d.parent in seen, d
        seen.add(d.code)
    by_code = {d.code: d for d in rows}
    assert by_code["133100"].parent == "130000"
    assert by_code["133100"].level == "new_area"
    for code in divisions.XIONGAN_COUNTIES:
        assert by_code[code].parent == "133100"
        assert by_code[code].administrative_parent == "130600"
    assert by_code["130682"].parent == "130600" and by_code["130682"].province_administered
    assert by_code["130181"].parent == "130100" and by_code["130181"].province_administered
    assert by_code["110108"].parent == "110000" and by_code["110108"].level == "origin"


@pytest.mark.django_db
def test_the_tree_has_11_cities_and_every_county_once():
    _load()
    hebei = Region.objects.get(code="130000")
    cities = Region.objects.filter(parent=hebei, level=Region.Level.CITY)
    assert cities.count() == 11
    assert {"130400", "130800", "131100"} <= set(cities.values_list("code", flat=True))
    assert list(
        Region.objects.filter(parent=hebei, level="new_area").values_list("name", flat=True)
    ) == ["雄安新区"]
    counties = Region.objects.filter(level=Region.Level.COUNTY)
    assert sorted(counties.values_list("code", flat=True)) == sorted(HEBEI_COUNTIES)
    assert not [
        c for c, n in Counter(Region.objects.values_list("code", flat=True)).items() if n > 1
    ]
    for county in counties.select_related("parent"):
        expected = "133100" if county.code in divisions.XIONGAN_COUNTIES else county.code[:4] + "00"
        assert county.parent.code == expected, county
        assert county.path == f"/130000/{expected}/{county.code}/"
    assert Region.objects.get(code="130638").administrative_parent.code == "130600"
    assert Region.objects.filter(parent__code="110000").count() == 16
    assert Region.objects.filter(parent__code="120000").count() == 16


@pytest.mark.django_db
def test_loading_twice_changes_nothing():
    _load()
    before = list(Region.objects.values_list("pk", "code", "name", "path", "parent_id"))
    assert not regions_load_divisions().changed
    assert list(Region.objects.values_list("pk", "code", "name", "path", "parent_id")) == before


@pytest.mark.django_db
def test_it_keeps_existing_codes_and_ids_and_moves_xiongan():
    hebei = Region.objects.create(code="130000", name="河北省", level="province")
    baoding = Region.objects.create(code="130600", name="保定市", level="city", parent=hebei)
    xiongxian = Region.objects.create(code="130638", name="雄县", level="county", parent=baoding)
    platform = Platform.objects.create(code="xiongan", name="雄安新区", tier="core", region=baoding)
    park = Platform.objects.create(
        code="xiongan-zgc-park", name="中关村科技园", tier="park", region=baoding, parent=platform
    )
    project = ProjectFactory(region=baoding, platform=park)
    call_command("load_divisions", verbosity=0)
    xiongan = Region.objects.get(code="133100")
    xiongxian.refresh_from_db()
    assert (xiongxian.pk, xiongxian.parent, xiongxian.administrative_parent) == (
        xiongxian.pk,
        xiongan,
        baoding,
    )
    assert Region.objects.get(code="130600").pk == baoding.pk
    park.refresh_from_db()
    assert park.region == xiongan
    project.refresh_from_db()
    assert project.region == xiongan


@pytest.mark.django_db
def test_a_conflicting_code_stops_the_load_naming_both():
    Region.objects.create(code="130000", name="河北省", level="province")
    Region.objects.create(code="130400", name="邯郸地区", level="city")
    with pytest.raises(CommandError) as error:
        call_command("load_divisions", verbosity=0)
    assert "130400" in str(error.value)
    assert "邯郸市" in str(error.value) and "邯郸地区" in str(error.value)
    assert Region.objects.count() == 2


@pytest.mark.django_db
def test_a_place_held_under_another_code_is_a_conflict():
    hebei = Region.objects.create(code="130000", name="河北省", level="province")
    Region.objects.create(code="139999", name="衡水市", level="city", parent=hebei)
    with pytest.raises(DivisionConflict) as error:
        regions_load_divisions()
    assert "131100" in str(error.value) and "139999" in str(error.value)
    assert Region.objects.count() == 2


@pytest.mark.django_db
def test_a_project_in_xiongxian_counts_once_in_hebei():
    _load()
    xiongxian = Region.objects.get(code="130638")
    ProjectFactory(
        region=xiongxian,
        total_investment=Decimal("50000.00"),
        signed_on=datetime.date(2023, 2, 1),
        negotiating_on=datetime.date(2023, 1, 1),
    )
    totals.aggregates_rebuild()
    signed = {}
    for code in ("130000", "133100", "130600", "130638"):
        region = Region.objects.get(code=code)
        kind, pk = scope_key(region)
        signed[code] = sum(
            StageMonthTotal.objects.filter(
                scope_kind=kind, scope_id=pk, stage=Stage.SIGNED.value, cut=Cut.ALL
            ).values_list("entered_count", flat=True)
        )
        assert Project.objects.in_scope(region).count() == signed[code]
    assert signed == {"130000": 1, "133100": 1, "130600": 0, "130638": 1}


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("city", "county"), [("130400", "130481"), ("130800", "130881"), ("131100", "131182")]
)
def test_staff_of_the_new_cities_can_enter_projects(city, county, django_user_model):
    from django.test import Client

    from projects.models import Membership, Unit

    _load()
    unit = Unit.objects.create(name="招商局", scope_region=Region.objects.get(code=city))
    user = django_user_model.objects.create_user(username="staff", password="a-long-pw-123456")
    Membership.objects.create(user=user, unit=unit, role=Membership.Role.STAFF)
    client = Client()
    client.force_login(user)
    region = Region.objects.get(code=county)
    response = client.post(
        "/projects/new/",
        {
            "name": "新城市录入项目",
            "investor_name": "北京新企业有限公司",
            "origin": "beijing",
            "category": "industrial",
            "region": region.pk,
            "key_level": "",
            "total_investment_0": "1.5",
            "total_investment_1": "yi",
            "stage": "negotiating",
            "entered_on": "2024-01-05",
        },
    )
    assert response.status_code == 302, response.content.decode()[:2000]
    assert Project.objects.get(name="新城市录入项目").region == region


@pytest.mark.django_db
def test_the_fixtures_hold_the_package_tree_and_xiongans_platforms():
    from pathlib import Path

    from django.conf import settings

    call_command(
        "loaddata", str(Path(settings.BASE_DIR) / "fixtures" / "01_places.json"), verbosity=0
    )
    assert not regions_load_divisions().changed
    xiongan = Region.objects.get(code="133100")
    platforms = Platform.objects.subtree(Platform.objects.get(code="xiongan"))
    assert platforms.count() >= 4
    assert all(p.region == xiongan for p in platforms)
    assert not Platform.objects.filter(region__code="130600", name__contains="雄安").exists()
