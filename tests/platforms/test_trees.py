"""The two place trees: materialised paths that follow every move, and the moves they refuse."""

import pytest
from django.core.exceptions import ValidationError

from platforms.models import Platform, Region
from tests.factories import PlatformFactory, RegionFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def tree():
    """河北 > (沧州 > 黄骅 > 港城), (保定): codes chosen for the test, not real divisions."""
    province = RegionFactory(code="T00000", name="省", level=Region.Level.PROVINCE)
    city = RegionFactory(code="T10000", name="市甲", level=Region.Level.CITY, parent=province)
    other = RegionFactory(code="T20000", name="市乙", level=Region.Level.CITY, parent=province)
    county = RegionFactory(code="T10100", name="县", parent=city)
    town = RegionFactory(code="T10101", name="镇", parent=county)
    return province, city, other, county, town


def _fresh(*nodes):
    return [type(n).objects.get(pk=n.pk) for n in nodes]


def test_paths_and_depths_follow_the_parents(tree):
    province, city, _other, county, town = tree
    assert town.path == "/T00000/T10000/T10100/T10101/"
    assert (province.depth, city.depth, county.depth, town.depth) == (0, 1, 2, 3)
    assert list(Region.objects.subtree(city)) == [city, county, town]
    assert list(Region.objects.ancestors_of(town)) == [province, city, county, town]


def test_a_move_re_paths_the_whole_subtree(tree):
    province, city, other, county, town = tree
    county.parent = other
    county.save()
    county, town, city = _fresh(county, town, city)
    assert county.path == "/T00000/T20000/T10100/"
    assert town.path == "/T00000/T20000/T10100/T10101/"
    assert town.depth == 3
    assert town.is_within(other) and not town.is_within(city)
    assert list(Region.objects.subtree(city)) == [city]


def test_a_move_up_a_level_changes_the_depths_below(tree):
    province, _city, _other, county, town = tree
    county.parent = province
    county.save()
    county, town = _fresh(county, town)
    assert (county.depth, town.depth) == (1, 2)
    assert town.path == "/T00000/T10100/T10101/"


@pytest.mark.parametrize("into", ["self", "child", "grandchild"])
def test_a_move_into_its_own_subtree_is_refused(tree, into):
    _province, city, _other, county, town = tree
    city.parent = {"self": city, "child": county, "grandchild": town}[into]
    with pytest.raises(ValidationError) as refused:
        city.full_clean()
    assert "上级不能是自身或其下级。" in refused.value.message_dict["parent"]


def test_a_platform_moves_with_its_children(tree):
    _province, city, other, county, _town = tree
    zone = PlatformFactory(code="zone", region=city, tier=Platform.Tier.DEVELOPMENT_ZONE)
    park = PlatformFactory(code="park", region=county, parent=zone)
    top = PlatformFactory(code="top", region=other, tier=Platform.Tier.CORE)
    zone.parent = top
    zone.save()
    (park,) = _fresh(park)
    assert park.path == "/top/zone/park/"
    assert park.is_within(top)


def test_a_platform_must_lie_in_its_parents_region(tree):
    _province, city, other, _county, _town = tree
    zone = PlatformFactory(code="zone", region=city)
    stray = Platform(
        code="stray", name="外地园区", tier=Platform.Tier.PARK, region=other, parent=zone
    )
    with pytest.raises(ValidationError) as refused:
        stray.full_clean()
    assert "region" in refused.value.message_dict
