"""factory_boy factories for the registry's records."""

import datetime
from decimal import Decimal

import factory

from platforms.models import IndustryChain, Platform, Region
from projects.models import Category, Enterprise, Origin, Project
from projects.search import search_refresh


class RegionFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Region
        django_get_or_create = ["code"]

    code = factory.Sequence(lambda n: f"9{n:05d}")
    name = factory.Sequence(lambda n: f"地区{n}")
    level = Region.Level.COUNTY


class PlatformFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Platform
        django_get_or_create = ["code"]

    code = factory.Sequence(lambda n: f"platform-{n}")
    name = factory.Sequence(lambda n: f"平台{n}")
    tier = Platform.Tier.PARK
    region = factory.SubFactory(RegionFactory)


class ChainFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = IndustryChain
        django_get_or_create = ["code"]

    code = factory.Sequence(lambda n: f"chain-{n}")
    name = factory.Sequence(lambda n: f"产业链{n}")
    kind = IndustryChain.Kind.SIX_CHAINS


class EnterpriseFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Enterprise
        django_get_or_create = ["name"]

    name = factory.Sequence(lambda n: f"北京测试企业{n}有限公司")
    origin = Origin.BEIJING


class ProjectFactory(factory.django.DjangoModelFactory):
    """A project written directly (tests of reads); services are tested through their own calls."""

    class Meta:
        model = Project
        skip_postgeneration_save = True

    code = factory.Sequence(lambda n: f"T-{n:07d}")
    name = factory.Sequence(lambda n: f"测试项目{n}")
    investor = factory.SubFactory(EnterpriseFactory)
    origin = Origin.BEIJING
    region = factory.SubFactory(RegionFactory)
    category = Category.INDUSTRIAL
    total_investment = Decimal("10000.00")
    negotiating_on = datetime.date(2022, 11, 1)

    @factory.post_generation
    def search_text(obj, create, extracted, **kwargs):
        # What the services and the ledger write beside the row: projects/search.py.
        if create:
            search_refresh(project_ids=[obj.pk])
            obj.refresh_from_db(fields=["search_text"])


class Places:
    """河北省 → 沧州市 → 黄骅市 / 肃宁县, 石家庄市 → 赵县; 渤海新区黄骅市 ⊃ 港城产业园."""

    def __init__(self):
        self.hebei = Region.objects.create(code="130000", name="河北省", level="province")
        self.cangzhou = Region.objects.create(
            code="130900", name="沧州市", level="city", parent=self.hebei
        )
        self.huanghua = Region.objects.create(
            code="130983", name="黄骅市", level="county", parent=self.cangzhou
        )
        self.suning = Region.objects.create(
            code="130926", name="肃宁县", level="county", parent=self.cangzhou
        )
        self.shijiazhuang = Region.objects.create(
            code="130100", name="石家庄市", level="city", parent=self.hebei
        )
        self.zhaoxian = Region.objects.create(
            code="130133", name="赵县", level="county", parent=self.shijiazhuang
        )
        self.beijing = Region.objects.create(code="110000", name="北京市", level="origin")
        self.bohai = Platform.objects.create(
            code="bohai-huanghua",
            name="渤海新区黄骅市",
            tier="key_cooperation",
            region=self.huanghua,
        )
        self.gangcheng = Platform.objects.create(
            code="gangcheng-park",
            name="港城产业园",
            tier="park",
            region=self.huanghua,
            parent=self.bohai,
        )

    @property
    def regions(self):
        return [
            self.hebei,
            self.cangzhou,
            self.huanghua,
            self.suning,
            self.shijiazhuang,
            self.zhaoxian,
        ]

    @property
    def platforms(self):
        return [self.bohai, self.gangcheng]
