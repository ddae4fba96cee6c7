from django.apps import AppConfig
from django.db.models.signals import post_migrate
from django.utils.translation import gettext_lazy as _


class AccountsConfig(AppConfig):
    name = "accounts"
    verbose_name = _("账号与安全")

    def ready(self):
        from accounts import checks, receivers  # noqa: F401  (registers checks and receivers)

        # Permissions exist only once every app has migrated: the roles follow them.
        post_migrate.connect(_sync_roles, dispatch_uid="accounts_roles_sync")


def _sync_roles(sender, using="default", **kwargs):
    if sender.name == "accounts":
        from accounts.roles import roles_sync

        roles_sync(using=using)
