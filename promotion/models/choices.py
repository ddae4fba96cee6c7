"""Vocabularies of promotion work, and the queryset that places a record in a scope."""

from django.db import models
from django.utils.translation import gettext_lazy as _

from projects.access import filter_in_scope


class Actor(models.TextChoices):
    """Who did the work: the articles count promotion work by who did it."""

    BUREAU = "bureau", _("招商部门（招商局、管委会）")
    CITY_LEADERS = "city_leaders", _("市领导带队")
    COUNTY_LEADERS = "county_leaders", _("县（市、区）领导带队")
    PROFESSIONAL_BODIES = "professional_bodies", _("专职招商机构（招商投资促进中心、驻外招商局）")
    INVESTMENT_AMBASSADORS = "investment_ambassadors", _("招商大使")


class UnitKind(models.TextChoices):
    BUREAU = "bureau", _("招商局 / 管委会")
    PROMOTION_CENTRE = "promotion_centre", _("招商投资促进中心")
    OUTBOUND_OFFICE = "outbound_office", _("驻外招商局")
    OTHER = "other", _("其他")


class LeadSource(models.TextChoices):
    VISIT = "visit", _("外出拜访")
    FAIR = "fair", _("推介会 / 展会")
    AMBASSADOR = "ambassador", _("招商大使推荐")
    CHAMBER = "chamber", _("商会 / 协会")
    ONLINE = "online", _("线上")
    OTHER = "other", _("其他")


class LeadStatus(models.TextChoices):
    NEW = "new", _("新线索")
    FOLLOWING = "following", _("跟进中")
    CONVERTED = "converted", _("已转为项目")
    DROPPED = "dropped", _("已放弃")

    @classmethod
    def open(cls):
        """The statuses that still have a deadline."""
        return [cls.NEW, cls.FOLLOWING]


class ActivityKind(models.TextChoices):
    OUTBOUND = "outbound", _("外出招商")
    FAIR = "fair", _("推介会")
    EXPO = "expo", _("参加展会")
    DELEGATION = "delegation", _("接待考察团组")
    ASSOCIATION = "association", _("对接商协会")
    DIALOGUE = "dialogue", _("政企交流（早餐会、视频连线）")
    ONLINE = "online", _("线上洽谈")


class ProblemKind(models.TextChoices):
    LAND = "land", _("用地")
    APPROVAL = "approval", _("审批手续")
    STAFFING = "staffing", _("用工")
    UTILITIES = "utilities", _("水电气暖")
    FINANCING = "financing", _("融资")
    OTHER = "other", _("其他")


class ProblemStatus(models.TextChoices):
    OPEN = "open", _("督办中")
    CLOSED = "closed", _("已销号")


class PlacedQuerySet(models.QuerySet):
    """Records placed by a region and an optional platform, like projects."""

    def in_scope(self, scope):
        """The records in a region or platform and everything under it."""
        return filter_in_scope(self, scope)
