"""A project's source district in Beijing or Tianjin: checked, filtered, and broken down."""

import datetime
from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError

from platforms.models import Region
from projects import services, totals
from projects.filters import ProjectFilter
from projects.models import Origin, Project
from tests.dashboards.conftest import client_for
from tests.factories import EnterpriseFactory, ProjectFactory

D = datetime.date


@pytest.fixture
def districts(world):
    tianjin = Region.objects.create(code="120000", name="天津市", level="origin")
    return {
        "haidian": Region.objects.create(
            code="110108", name="海淀区", level="origin", parent=world.beijing
        ),
        "daxing": Region.objects.create(
            code="110115", name="大兴区", level="origin", parent=world.beijing
        ),
        "binhai": Region.objects.create(
            code="120116", name="滨海新区", level="origin", parent=tianjin
        ),
    }


def _create(world, user, **fields):
    return services.project_create(
        actor=user,
        name="来源区测试项目",
        investor=EnterpriseFactory(),
        region=world.huanghua,
        category="industrial",
        total_investment=Decimal("20000.00"),
        entered_on=D(2023, 3, 1),
        stage="signed",
        **fields,
    )


@pytest.mark.django_db
def test_a_district_of_the_origin_is_recorded(world, districts, admin):
    project = _create(world, admin, origin=Origin.BEIJING, source_district=districts["haidian"])
    assert Project.objects.get(pk=project.pk).source_district == districts["haidian"]


@pytest.mark.parametrize(
    ("origin", "district"),
    [(Origin.TIANJIN, "haidian"), (Origin.HEBEI, "binhai"), (Origin.BEIJING, "binhai")],
)
@pytest.mark.django_db
def test_a_district_of_another_origin_is_refused(world, districts, admin, origin, district):
    with pytest.raises(ValidationError) as error:
        _create(world, admin, origin=origin, source_district=districts[district])
    assert "source_district" in error.value.message_dict


@pytest.mark.django_db
def test_a_hebei_region_is_not_a_source_district(world, admin):
    with pytest.raises(ValidationError) as error:
        _create(world, admin, origin=Origin.BEIJING, source_district=world.suning)
    assert "source_district" in error.value.message_dict


@pytest.mark.django_db
def test_the_list_filters_by_source_district(world, districts, rf, admin):
    mine = ProjectFactory(region=world.suning, source_district=districts["daxing"])
    request = rf.get("/projects/", {"source_district": districts["daxing"].pk})
    request.user = admin
    filterset = ProjectFilter(request.GET, queryset=Project.objects.all(), request=request)
    assert list(filterset.qs) == [mine]
    choices = [label for _value, label in filterset.form.fields["source_district"].choices]
    assert "北京市·大兴区" in choices and "天津市·滨海新区" in choices


@pytest.mark.django_db
def test_the_dashboard_breaks_beijing_down_by_district(world, districts, official):
    for district in ("haidian", "haidian", "daxing"):
        ProjectFactory(
            region=world.suning,
            origin=Origin.BEIJING,
            source_district=districts[district],
            negotiating_on=D(2023, 1, 5),
            signed_on=D(2023, 2, 1),
            total_investment=Decimal("15000.00"),
        )
    totals.aggregates_rebuild()
    page = client_for(official).get("/dashboards/region/130000/?kind=year&year=2023")
    chart = page.context["charts"]["districts"]
    counts = dict(zip(chart.categories, chart.series[0].values, strict=True))
    assert counts["海淀区"] == 2 and counts["大兴区"] == 1
    signed_beijing = Project.objects.filter(
        origin=Origin.BEIJING, signed_on__range=(D(2023, 1, 1), D(2023, 12, 31))
    )
    assert counts["未填来源区"] == signed_beijing.filter(source_district=None).count()
    assert sum(counts.values()) == signed_beijing.count()
    csv = client_for(official).get(
        "/dashboards/region/130000/?kind=year&year=2023&format=csv&chart=districts"
    )
    assert "海淀区,2,3.00" in csv.content.decode("utf-8-sig")
