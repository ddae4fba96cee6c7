"""A small registry for the dashboard tests, with its totals computed.

河北省
├── 沧州市 ── 黄骅市 ── 渤海新区 ⊃ 港城产业园
│          └─ 肃宁县
└── 石家庄市 ── 赵县
"""

import datetime
from decimal import Decimal

import pytest
from django.test import Client
from django.utils import timezone

from platforms.models import IndustryChain
from projects import totals
from projects.models import (
    AnnualPlan,
    Category,
    FigureCheck,
    InvestmentReport,
    KeyLevel,
    Measure,
    Membership,
    MerchantRelocation,
    Origin,
    PublishedFigure,
    RelocatedUnit,
    Stage,
    Unit,
)
from tests.factories import ChainFactory, Places, ProjectFactory

PASSWORD = "correct horse battery staple"
D = datetime.date


class World(Places):
    """The shared test places, plus chains and projects for the dashboards."""

    def __init__(self):
        super().__init__()
        self.biomed = ChainFactory(
            code="biomed", name="生物医药", kind=IndustryChain.Kind.SIX_CHAINS
        )
        self.chips = ChainFactory(code="ic", name="集成电路", kind=IndustryChain.Kind.FIVE_CLUSTERS)
        self.steel = ChainFactory(
            code="steel", name="钢铁", kind=IndustryChain.Kind.LOCAL, region=self.cangzhou
        )
        self.projects = []

    @property
    def province(self):
        return self.hebei

    @property
    def sjz(self):
        return self.shijiazhuang

    @property
    def places(self):
        return [
            (self.huanghua, self.gangcheng),
            (self.huanghua, self.bohai),
            (self.huanghua, None),
            (self.suning, None),
            (self.zhaoxian, None),
        ]

    @property
    def scopes(self):
        return [
            self.province,
            self.cangzhou,
            self.huanghua,
            self.suning,
            self.sjz,
            self.zhaoxian,
            self.bohai,
            self.gangcheng,
        ]

    def add_projects(self, n, offset=0, places=None):
        places = places or self.places
        origins = [
            Origin.BEIJING,
            Origin.TIANJIN,
            Origin.HEBEI,
            Origin.OTHER_PROVINCE,
            Origin.BEIJING,
        ]
        categories = list(Category)
        key_levels = [KeyLevel.NONE, KeyLevel.PROVINCIAL, KeyLevel.MUNICIPAL, KeyLevel.NONE]
        stage_fields = [s.date_field for s in Stage.pipeline()]
        made = []
        for j in range(n):
            i = j + offset
            region, platform = places[i % len(places)]
            day = D(2021, 11, 1) + datetime.timedelta(days=(i * 37) % 800)
            dates = {}
            for k, field in enumerate(stage_fields[: 1 + i % 5]):
                if k:
                    day += datetime.timedelta(days=20 + (i * 13 + k * 29) % 100)
                dates[field] = day
            if i % 7 == 3:
                dates["terminated_on"] = day + datetime.timedelta(days=25)
            project = ProjectFactory(
                region=region,
                platform=platform,
                origin=origins[i % len(origins)],
                category=categories[i % len(categories)],
                key_level=key_levels[i % len(key_levels)],
                strategic_emerging=i % 2 == 0,
                total_investment=Decimal(3000) + Decimal("1700.55") * i,
                termination_reason="企业经营调整" if i % 7 == 3 else "",
                **dates,
            )
            chains = [[self.biomed], [self.steel], [self.chips, self.steel]][i % 3]
            project.chains.add(*chains)
            if project.key_level:
                self._money(project, i)
            made.append(project)
        self.projects += made
        return made

    def _money(self, project, i):
        for year in (2022, 2023):
            AnnualPlan.objects.create(
                project=project, year=year, planned_investment=Decimal(12000 + 100 * i)
            )
        if project.started_on:
            month = project.started_on.replace(day=1)
            while month <= D(2023, 12, 1):
                InvestmentReport.objects.create(
                    project=project, month=month, completed_investment=Decimal(600 + 10 * i)
                )
                month = (month + datetime.timedelta(days=32)).replace(day=1)

    def add_records(self):
        kinds = list(RelocatedUnit.Kind)
        for i in range(12):
            region, platform = self.places[i % len(self.places)]
            RelocatedUnit.objects.create(
                name=f"转入单位{i}",
                kind=kinds[i % 2],
                origin=Origin.jingjin()[i % 3 % 2],
                region=region,
                platform=platform,
                relocated_on=D(2022, 1, 15) + datetime.timedelta(days=61 * i),
            )
        MerchantRelocation.objects.create(
            source_market="大红门",
            origin=Origin.BEIJING,
            region=self.huanghua,
            platform=self.gangcheng,
            merchants=1200,
            people=3000,
            recorded_on=D(2023, 6, 30),
        )
        MerchantRelocation.objects.create(
            source_market="动物园",
            origin=Origin.BEIJING,
            region=self.zhaoxian,
            merchants=300,
            people=0,
            recorded_on=D(2022, 12, 31),
        )
        for code, scope, status in [
            ("hebei-signed-2023", {"scope_region": self.province}, FigureCheck.Status.MATCH),
            ("bohai-signed-2023", {"scope_platform": self.bohai}, FigureCheck.Status.MISMATCH),
        ]:
            figure = PublishedFigure.objects.create(
                code=code,
                group="test",
                label=f"{code} 签约项目",
                measure=Measure.COUNT,
                definition={"reached": "signed", "period": ["2023-01-01", "2023-12-31"]},
                value=Decimal(12),
                source="seed-001",
                quote="签约项目12个",
                **scope,
            )
            FigureCheck.objects.create(
                figure=figure,
                computed_value=Decimal(12 if status == FigureCheck.Status.MATCH else 10),
                difference=Decimal(0 if status == FigureCheck.Status.MATCH else -2),
                status=status,
                computed_at=timezone.now(),
            )


@pytest.fixture
def world(db):
    world = World()
    world.add_projects(40)
    world.add_records()
    totals.aggregates_rebuild()
    return world


def member(django_user_model, username, role, **scope):
    user = django_user_model.objects.create_user(username=username, password=PASSWORD)
    unit = Unit.objects.create(name=f"{username}单位", **scope)
    Membership.objects.create(user=user, unit=unit, role=role)
    return user


@pytest.fixture
def official(world, django_user_model):
    return member(
        django_user_model, "official", Membership.Role.OFFICIAL, scope_region=world.province
    )


@pytest.fixture
def city_official(world, django_user_model):
    return member(
        django_user_model, "cz_official", Membership.Role.OFFICIAL, scope_region=world.cangzhou
    )


@pytest.fixture
def platform_staff(world, django_user_model):
    return member(
        django_user_model, "bohai_staff", Membership.Role.STAFF, scope_platform=world.bohai
    )


@pytest.fixture
def admin(db, django_user_model):
    return django_user_model.objects.create_superuser(username="root", password=PASSWORD)


def client_for(user):
    client = Client()
    if user is not None:
        client.force_login(user)
    return client
