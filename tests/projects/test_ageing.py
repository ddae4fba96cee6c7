"""Ageing: days in the current stage, and negotiations left without change (停滞)."""

import datetime

import pytest
from django.test import override_settings
from django.utils import timezone

from projects.models import Membership, Project, Unit
from tests.factories import ProjectFactory, RegionFactory


def _aged(days_in_stage, idle_days, **fields):
    today = timezone.localdate()
    project = ProjectFactory(
        negotiating_on=today - datetime.timedelta(days=days_in_stage), **fields
    )
    Project.objects.filter(pk=project.pk).update(
        updated_at=timezone.now() - datetime.timedelta(days=idle_days, minutes=1)
    )
    return Project.objects.get(pk=project.pk)


@pytest.mark.django_db
@override_settings(DASHBOARD_STALLED_NEGOTIATION_DAYS=90)
def test_a_negotiation_stalls_after_the_set_days_without_change():
    region = RegionFactory()
    stalled = _aged(90, 90, region=region)  # both on the boundary: stalled
    recent_stage = _aged(89, 200, region=region)  # entered the stage 89 days ago
    recent_edit = _aged(300, 89, region=region)  # edited 89 days ago
    signed = _aged(
        300, 300, region=region, signed_on=timezone.localdate() - datetime.timedelta(days=200)
    )
    assert stalled.days_in_stage() == 90 and stalled.is_stalled
    assert not recent_stage.is_stalled and not recent_edit.is_stalled
    assert signed.days_in_stage() == 200 and not signed.is_stalled
    assert list(Project.objects.stalled()) == [stalled]
    assert stalled.days_in_stage(today=stalled.negotiating_on) == 0


@pytest.mark.django_db
@override_settings(DASHBOARD_STALLED_NEGOTIATION_DAYS=30)
def test_the_list_shows_days_in_stage_and_lists_the_stalled(client, django_user_model):
    region = RegionFactory()
    user = django_user_model.objects.create_user(username="leader", password="x" * 20)
    unit = Unit.objects.create(name="某单位", scope_region=region)
    Membership.objects.create(user=user, unit=unit, role=Membership.Role.OFFICIAL)
    client.force_login(user)
    stalled = _aged(45, 45, region=region)
    fresh = _aged(10, 10, region=region)
    page = client.get("/projects/").content.decode()
    assert "本阶段 45 天" in page and "本阶段 10 天" in page
    assert page.count('class="badge stalled"') == 1
    listed = client.get("/projects/", {"stalled": "yes"}).context["page"].object_list
    assert [p.pk for p in listed] == [stalled.pk] and fresh.pk not in [p.pk for p in listed]
    detail = client.get(stalled.get_absolute_url()).content.decode()
    assert "本阶段 45 天" in detail and "停滞" in detail
    board = client.get("/projects/board/").content.decode()
    assert "本阶段 45 天" in board
