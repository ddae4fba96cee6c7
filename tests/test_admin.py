"""The admin: every registry model is registered, and every changelist renders."""

import pytest
from django.apps import apps
from django.contrib import admin
from django.urls import reverse

from tests.factories import ProjectFactory

# Written only by the recompute or by simple-history; kept out of the admin on purpose.
INTERNAL = {
    "investmentmonthtotal",
    "planyeartotal",
    "eventtotal",
    "relocationmonthtotal",
    "figurecheck",
    "reviewscore",
}


def registry_models():
    for label in ("platforms", "projects"):
        for model in apps.get_app_config(label).get_models():
            if not model._meta.model_name.startswith("historical"):
                yield model


def test_every_model_has_an_admin():
    missing = [
        m._meta.label
        for m in registry_models()
        if m._meta.model_name not in INTERNAL and not admin.site.is_registered(m)
    ]
    assert missing == []


@pytest.mark.django_db
def test_every_changelist_renders_for_an_admin(admin_client):
    project = ProjectFactory()
    for model in registry_models():
        if not admin.site.is_registered(model):
            continue
        opts = model._meta
        url = reverse(f"admin:{opts.app_label}_{opts.model_name}_changelist")
        assert admin_client.get(url, {"q": "测试"}).status_code == 200, url
    change = reverse("admin:projects_project_change", args=[project.pk])
    assert admin_client.get(change).status_code == 200


@pytest.mark.django_db
def test_admin_edits_of_relocated_units_and_event_projects_are_recounted(
    admin_client, django_capture_on_commit_callbacks
):
    import datetime as dt

    from projects import totals
    from projects.models import Event, RelocatedUnit
    from tests.factories import RegionFactory

    county = RegionFactory()
    unit = RelocatedUnit.objects.create(
        name="某单位",
        kind="legal_entity",
        origin="beijing",
        region=county,
        relocated_on=dt.date(2022, 3, 5),
    )
    project = ProjectFactory(region=county, signed_on=dt.date(2023, 1, 2))
    event = Event.objects.create(
        code="e1",
        name="签约仪式",
        kind="signing_ceremony",
        held_on=dt.date(2023, 1, 2),
        region=county,
    )
    totals.aggregates_rebuild()
    assert totals.relocated_units(county, dt.date(2022, 3, 1), dt.date(2022, 3, 31)) == 1

    change = reverse("admin:projects_relocatedunit_change", args=[unit.pk])
    with django_capture_on_commit_callbacks(execute=True):
        response = admin_client.post(
            change,
            {
                "name": "某单位",
                "kind": "legal_entity",
                "origin": "beijing",
                "region": county.pk,
                "relocated_on": "2022-05-06",
                "people": "0",
                "provenance": "entered",
            },
        )
    assert response.status_code == 302
    assert totals.relocated_units(county, dt.date(2022, 3, 1), dt.date(2022, 3, 31)) == 0
    assert totals.relocated_units(county, dt.date(2022, 5, 1), dt.date(2022, 5, 31)) == 1

    change = reverse("admin:projects_event_change", args=[event.pk])
    with django_capture_on_commit_callbacks(execute=True):
        response = admin_client.post(
            change,
            {
                "code": "e1",
                "name": "签约仪式",
                "kind": "signing_ceremony",
                "held_on": "2023-01-02",
                "region": county.pk,
                "projects": [project.pk],
                "provenance": "entered",
            },
        )
    assert response.status_code == 302
    assert totals.event_total(event, county)[0].count == 1


@pytest.mark.django_db
def test_an_admin_delete_of_a_project_is_recounted_and_kept_in_history(
    admin_client, django_capture_on_commit_callbacks
):
    import datetime as dt

    from projects import totals
    from projects.models import Project, Stage
    from tests.factories import RegionFactory

    county = RegionFactory()
    project = ProjectFactory(
        region=county,
        signed_on=dt.date(2023, 1, 2),
        landed_on=dt.date(2023, 1, 20),
        started_on=dt.date(2023, 2, 1),
    )
    totals.aggregates_rebuild()
    assert totals.flow(county, Stage.SIGNED).count == 1

    delete = reverse("admin:projects_project_delete", args=[project.pk])
    with django_capture_on_commit_callbacks(execute=True):
        response = admin_client.post(delete, {"post": "yes"})

    assert response.status_code == 302 and not Project.objects.exists()
    assert totals.flow(county, Stage.SIGNED).count == 0
    assert totals.flow(county, Stage.UNDER_CONSTRUCTION).count == 0
    assert Project.history.filter(id=project.pk, history_type="-").exists()
