"""Vocabularies shared by the project models, services and pages."""

from django.db import models
from django.utils.translation import gettext_lazy as _


class Stage(models.TextChoices):
    NEGOTIATING = "negotiating", _("洽谈")
    SIGNED = "signed", _("签约")
    LANDED = "landed", _("落地")
    UNDER_CONSTRUCTION = "under_construction", _("开工")
    IN_PRODUCTION = "in_production", _("投产")
    TERMINATED = "terminated", _("终止")

    @classmethod
    def pipeline(cls):
        """The stages in pipeline order, termination excluded."""
        return [cls.NEGOTIATING, cls.SIGNED, cls.LANDED, cls.UNDER_CONSTRUCTION, cls.IN_PRODUCTION]

    @property
    def date_field(self):
        """The Project column holding the date this stage was entered."""
        return STAGE_DATE_FIELDS[self]

    @property
    def next(self):
        order = Stage.pipeline()
        if self not in order or self == order[-1]:
            return None
        return order[order.index(self) + 1]

    @property
    def previous(self):
        order = Stage.pipeline()
        if self not in order or self == order[0]:
            return None
        return order[order.index(self) - 1]


STAGE_DATE_FIELDS = {
    Stage.NEGOTIATING: "negotiating_on",
    Stage.SIGNED: "signed_on",
    Stage.LANDED: "landed_on",
    Stage.UNDER_CONSTRUCTION: "started_on",
    Stage.IN_PRODUCTION: "producing_on",
    Stage.TERMINATED: "terminated_on",
}

# The ProjectPlan column planning each stage (a project starts negotiating, unplanned).
PLANNED_STAGE_FIELDS = {
    Stage.SIGNED: "planned_signed_on",
    Stage.LANDED: "planned_landed_on",
    Stage.UNDER_CONSTRUCTION: "planned_started_on",
    Stage.IN_PRODUCTION: "planned_producing_on",
}


class Origin(models.TextChoices):
    BEIJING = "beijing", _("北京")
    TIANJIN = "tianjin", _("天津")
    HEBEI = "hebei", _("河北本地")
    OTHER_PROVINCE = "other_province", _("外省")
    ABROAD = "abroad", _("境外")

    @classmethod
    def jingjin(cls):
        return [cls.BEIJING, cls.TIANJIN]


class Category(models.TextChoices):
    INDUSTRIAL = "industrial", _("产业类")
    INFRASTRUCTURE = "infrastructure", _("基础设施")
    AGRICULTURAL = "agricultural", _("农业产业化")
    SERVICE = "service", _("服务业")
    SOCIAL = "social", _("社会事业")


class KeyLevel(models.TextChoices):
    NONE = "", _("一般项目")
    MUNICIPAL = "municipal", _("市重点")
    PROVINCIAL = "provincial", _("省重点")


class BuildType(models.TextChoices):
    UNSET = "", _("未开工")
    NEW = "new", _("新建")
    CONTINUING = "continuing", _("续建")


class Provenance(models.TextChoices):
    """Where a record came from; placeholders stand in for projects the articles only count."""

    ENTERED = "entered", _("录入")
    ARTICLE = "article", _("报道所载")
    PLACEHOLDER = "placeholder", _("占位（补足报道总数）")
    SYNTHETIC = "synthetic", _("合成（压力测试）")
    IMPORTED = "imported", _("台账导入")

    @classmethod
    def stand_ins(cls):
        return [cls.PLACEHOLDER, cls.SYNTHETIC]


def provenance_field():
    return models.CharField(
        _("数据来源"), max_length=12, choices=Provenance.choices, default=Provenance.ENTERED
    )
