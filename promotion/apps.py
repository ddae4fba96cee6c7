from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class PromotionConfig(AppConfig):
    """Promotion work (招商工作): leads, target lists, visits and fairs, problems under supervision."""

    name = "promotion"
    label = "promotion"
    verbose_name = _("招商工作")

    def ready(self):
        from projects.figures import register_measures
        from promotion import figures

        register_measures(figures.PROMOTION_MEASURES, figures.compute)
