"""A small world for the page tests: two platforms in two cities, and one user per role.

    河北省 (official's scope)
    ├── 石家庄市 ── 鹿泉区 ── 鹿泉经开区 (platform A: staff) ── 鹿泉产业园 (A1)
    └── 沧州市 ── 黄骅市 ── 渤海新区 (platform B: outsider)

`project` sits on A; `other_project` on B; `event` is held by 石家庄市 and includes `project`.
"""

import datetime
from decimal import Decimal

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client

from platforms.models import Region
from projects.models import Event, Leader, Membership, Milestone, Project, ProjectLeader, Unit
from projects.records.documents import document_attach
from tests.factories import ChainFactory, EnterpriseFactory, PlatformFactory, ProjectFactory

PASSWORD = "correct horse battery staple"


@pytest.fixture(autouse=True)
def fast_password_hashing(settings):
    # The default PBKDF2 costs ~0.3 s per user; these tests create several users each.
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]


@pytest.fixture
def places(db):
    province = Region.objects.create(code="130000", name="河北省", level=Region.Level.PROVINCE)
    sjz = Region.objects.create(code="130100", name="石家庄市", level="city", parent=province)
    luquan = Region.objects.create(code="130110", name="鹿泉区", level="county", parent=sjz)
    cangzhou = Region.objects.create(code="130900", name="沧州市", level="city", parent=province)
    huanghua = Region.objects.create(code="130983", name="黄骅市", level="county", parent=cangzhou)
    beijing = Region.objects.create(code="110000", name="北京市", level=Region.Level.ORIGIN)
    platform_a = PlatformFactory(
        code="luquan-edz", name="河北鹿泉经济开发区", tier="development_zone", region=luquan
    )
    park_a1 = PlatformFactory(
        code="luquan-park", name="鹿泉产业园", region=luquan, parent=platform_a
    )
    platform_b = PlatformFactory(
        code="bohai", name="渤海新区黄骅市", tier="key_cooperation", region=huanghua
    )
    return {
        "province": province,
        "sjz": sjz,
        "luquan": luquan,
        "cangzhou": cangzhou,
        "huanghua": huanghua,
        "beijing": beijing,
        "platform_a": platform_a,
        "park_a1": park_a1,
        "platform_b": platform_b,
    }


def _member(django_user_model, username, role, **scope):
    user = django_user_model.objects.create_user(username=username, password=PASSWORD)
    unit = Unit.objects.create(name=f"{username}单位", **scope)
    Membership.objects.create(user=user, unit=unit, role=role)
    return user


@pytest.fixture
def staff(places, django_user_model):
    """Staff of platform A."""
    return _member(
        django_user_model, "staff_a", Membership.Role.STAFF, scope_platform=places["platform_a"]
    )


@pytest.fixture
def outsider(places, django_user_model):
    """Staff of platform B: sees nothing of A."""
    return _member(
        django_user_model, "staff_b", Membership.Role.STAFF, scope_platform=places["platform_b"]
    )


@pytest.fixture
def region_staff(places, django_user_model):
    """Staff of 石家庄市 (a region scope)."""
    return _member(
        django_user_model, "staff_sjz", Membership.Role.STAFF, scope_region=places["sjz"]
    )


@pytest.fixture
def official(places, django_user_model):
    """A provincial official: reads everything in 河北省, changes nothing."""
    return _member(
        django_user_model, "official", Membership.Role.OFFICIAL, scope_region=places["province"]
    )


@pytest.fixture
def reviewer(places, django_user_model):
    """A provincial reviewer: reads like an official; reviews and closes the reporting months."""
    return _member(
        django_user_model, "reviewer", Membership.Role.REVIEWER, scope_region=places["province"]
    )


@pytest.fixture
def admin(db, django_user_model):
    return django_user_model.objects.create_superuser(username="root", password=PASSWORD)


@pytest.fixture
def nobody(db, django_user_model):
    """Signed in but belonging to no unit."""
    return django_user_model.objects.create_user(username="nobody", password=PASSWORD)


@pytest.fixture
def chain(db):
    return ChainFactory(code="biomed", name="生物医药")


@pytest.fixture
def project(places, chain):
    project = ProjectFactory(
        name="鹿泉生物医药基地",
        investor=EnterpriseFactory(name="北京某医药有限公司"),
        region=places["luquan"],
        platform=places["platform_a"],
        total_investment=Decimal("52000.00"),
        negotiating_on=datetime.date(2023, 2, 1),
    )
    project.chains.add(chain)
    return project


@pytest.fixture
def other_project(places):
    return ProjectFactory(
        name="渤海新区化工项目",
        region=places["huanghua"],
        platform=places["platform_b"],
        negotiating_on=datetime.date(2023, 3, 1),
    )


@pytest.fixture
def event(places, project):
    event = Event.objects.create(
        code="sjz-2023-08-06",
        name="石家庄市2023年第三季度集中开工",
        kind=Event.Kind.GROUNDBREAKING,
        held_on=datetime.date(2023, 8, 6),
        region=places["sjz"],
    )
    event.projects.add(project)
    return event


@pytest.fixture
def other_event(places, other_project):
    return Event.objects.create(
        code="cz-fair",
        name="沧州推介会",
        kind=Event.Kind.FAIR,
        held_on=datetime.date(2023, 5, 1),
        region=places["cangzhou"],
    )


def client_for(user, **kwargs):
    client = Client(**kwargs)
    if user is not None:
        client.force_login(user)
    return client


@pytest.fixture
def staff_client(staff):
    return client_for(staff)


@pytest.fixture
def official_client(official):
    return client_for(official)


@pytest.fixture
def outsider_client(outsider):
    return client_for(outsider)


@pytest.fixture
def world(places, project, event, staff, outsider, official, reviewer, admin, nobody):
    """`project` has started (so every action can succeed); `spare_event` is attachable."""
    Project.objects.filter(pk=project.pk).update(
        signed_on=datetime.date(2023, 3, 1),
        landed_on=datetime.date(2023, 4, 1),
        started_on=datetime.date(2023, 5, 1),
        build_type="new",
    )
    project.refresh_from_db()
    spare_event = Event.objects.create(
        code="luquan-signing",
        name="鹿泉区签约仪式",
        kind=Event.Kind.SIGNING,
        held_on=datetime.date(2023, 9, 1),
        region=places["luquan"],
    )
    users = {
        "anonymous": None,
        "nobody": nobody,
        "staff_in_scope": staff,
        "staff_out_of_scope": outsider,
        "official": official,
        "reviewer": reviewer,
        "admin": admin,
    }
    milestone = Milestone.objects.create(
        project=project, kind=Milestone.Kind.APPROVED, reached_on=datetime.date(2023, 2, 15)
    )
    county_leader = Leader.objects.create(name="赵县长", title="副县长", level="county")
    leadership = ProjectLeader.objects.create(project=project, leader=county_leader, role="lead")
    spare_leader = Leader.objects.create(name="钱市长", title="副市长", level="city")
    document = document_attach(
        actor=None,
        project=project,
        kind="photo",
        upload=SimpleUploadedFile("现场照片.png", b"\x89PNG\r\n\x1a\n" + bytes(16)),
    )
    return {
        "project": project,
        "event": event,
        "spare_event": spare_event,
        "milestone": milestone,
        "leadership": leadership,
        "spare_leader": spare_leader,
        "document": document,
        "users": users,
    }
