"""The OC4IDS export: what it maps, that libcoveoc4ids finds no error, that it keeps to scope."""

import datetime
from decimal import Decimal
from pathlib import Path

import pytest
from django.conf import settings
from django.urls import reverse

from api.oc4ids import package_projects, project_package
from platforms.models import Region
from projects import services
from projects.models import Project
from tests.api.conftest import api_client
from tests.api.oc4ids_offline import problems, review
from tests.pages.conftest import client_for
from tests.seed import load_seed

pytestmark = pytest.mark.django_db
FIXTURES = sorted((Path(settings.BASE_DIR) / "fixtures").glob("*.json"))


def _no_problems(package):
    found = problems(review(package))
    assert found == {
        "validation_errors": [],
        "closed_codelist_values": {},
        "conformance_checks": [],
        "additional_checks": [],
    }


def test_it_maps_a_project(world, admin):
    project = world["project"]
    project.investor.credit_code = "91110000MA01ABCD2X"
    project.investor.save()
    services.project_advance_stage(
        actor=admin, project=project, on=datetime.date(2023, 9, 1), version=project.version
    )

    package = api_client(admin).get("/api/v1/oc4ids", {"platform": "luquan-edz"}).json()

    assert package["version"] == "0.9"
    [item] = package["projects"]
    assert item["id"] == f"oc4ids-jjjreg-{project.code}"
    assert item["title"] == project.name
    assert item["status"] == "maintenance"  # 投产: in operation
    assert item["budget"]["amount"] == {"amount": 520_000_000, "currency": "CNY"}
    assert item["locations"][0]["gazetteer"] == {"scheme": "CN-GB/T2260", "identifiers": ["130110"]}
    assert item["locations"][0]["address"]["region"] == "河北省石家庄市鹿泉区"
    assert item["sector"] == [world["project"].chains.get().code]
    assert item["parties"] == [
        {
            "id": f"investor-{project.investor.pk}",
            "name": "北京某医药有限公司",
            "roles": ["funder"],
            "identifier": {"scheme": "CN-USCC", "id": "91110000MA01ABCD2X"},
        }
    ]
    [milestone] = item["milestones"]  # the factory wrote dates only; the advance an entry
    assert milestone["code"] == "commissioning" and milestone["dateMet"].startswith("2023-09-01")
    _no_problems(package)


def test_it_keeps_to_the_callers_scope(world, other_project, places):
    staff = world["users"]["staff_in_scope"]

    mine = api_client(staff).get("/api/v1/oc4ids").json()
    outside = api_client(staff).get("/api/v1/oc4ids", {"region": "130900"})

    assert [p["title"] for p in mine["projects"]] == [world["project"].name]
    assert outside.status_code == 404


def test_the_dashboard_offers_the_download(world):
    official = world["users"]["official"]

    page = client_for(official).get(reverse("dashboards:region", args=["130100"]))
    download = client_for(official).get(reverse("api:oc4ids_download", args=["region", "130100"]))

    url = reverse("api:oc4ids_download", args=["region", "130100"])
    assert url in page.content.decode()
    assert download["Content-Disposition"] == 'attachment; filename="oc4ids-130100.json"'
    assert [p["title"] for p in download.json()["projects"]] == [world["project"].name]


def test_amounts_are_exact_yuan(places):
    from tests.factories import ProjectFactory

    ProjectFactory(region=places["luquan"], total_investment=Decimal("54575.01"))
    projects = package_projects(Project.objects.all())

    package = project_package(places["province"], list(projects), uri="https://example.org/p")

    assert package["projects"][0]["budget"]["amount"]["amount"] == 545_750_100


@pytest.mark.skipif(not FIXTURES, reason="no fixtures/*.json")
def test_the_package_of_cangzhou_passes_libcoveoc4ids(admin):
    load_seed(rebuild=False)
    cangzhou = Region.objects.get(name="沧州市")

    response = api_client(admin).get("/api/v1/oc4ids", {"region": cangzhou.code})

    assert response.status_code == 200
    package = response.json()
    expected = Project.objects.in_scope(cangzhou).count()
    assert len(package["projects"]) == expected > 0
    _no_problems(package)


def test_the_export_runs_a_fixed_number_of_queries(world, places, admin):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    from tests.factories import ProjectFactory

    client = api_client(admin)
    client.get("/api/v1/regions")  # the token's last use is written once a minute

    def queries():
        with CaptureQueriesContext(connection) as captured:
            assert client.get("/api/v1/oc4ids", {"region": "130000"}).status_code == 200
        return len(captured)

    few = queries()
    for _ in range(5):
        ProjectFactory(region=places["huanghua"], platform=places["platform_b"])
    assert queries() == few
