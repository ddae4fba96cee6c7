from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class AuditConfig(AppConfig):
    name = "audit"
    verbose_name = _("安全审计")

    def ready(self):
        from audit import receivers  # connects the signal receivers

        receivers.install_bulk_admin_log_hook()
