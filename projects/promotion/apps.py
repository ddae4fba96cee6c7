from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class PromotionConfig(AppConfig):
    """Promotion work (招商工作): leads, target lists, visits and fairs, problems under supervision."""

    name = "projects.promotion"
    label = "promotion"
    verbose_name = _("招商工作")
