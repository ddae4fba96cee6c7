from django.db import models
from django.utils.translation import gettext_lazy as _


class SecurityPolicy(models.Model):
    """No table: the owner of the security administrator's permission to read the policy."""

    class Meta:
        managed = False
        default_permissions = ()
        permissions = [("view_security_policy", _("查看安全策略"))]
        verbose_name = _("安全策略")

    def __str__(self):
        return str(self._meta.verbose_name)
