from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ProjectsConfig(AppConfig):
    name = "projects"
    verbose_name = _("项目库")

    def ready(self):
        from projects import audit_hooks

        audit_hooks.connect()
