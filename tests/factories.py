"""factory_boy factories for the registry's records."""

import datetime
from decimal import Decimal

import factory

from platforms.models import IndustryChain, Platform, Region
from projects.models import Category, Enterprise, Origin, Project


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

    code = factory.Sequence(lambda n: f"T-{n:07d}")
    name = factory.Sequence(lambda n: f"测试项目{n}")
    investor = factory.SubFactory(EnterpriseFactory)
    origin = Origin.BEIJING
    region = factory.SubFactory(RegionFactory)
    category = Category.INDUSTRIAL
    total_investment = Decimal("10000.00")
    negotiating_on = datetime.date(2022, 11, 1)
