"""Keep a separated-duty role holder an admin-site user, so the second factor applies."""

from django.contrib.auth import get_user_model
from django.db.models.signals import m2m_changed
from django.dispatch import receiver

from accounts.roles import ROLE_NAMES


@receiver(m2m_changed, sender=get_user_model().groups.through, dispatch_uid="accounts_roles")
def _role_given(sender, instance, action, reverse, pk_set, **kwargs):
    if action != "post_add" or reverse or instance.is_staff:
        return
    if instance.groups.filter(pk__in=pk_set, name__in=ROLE_NAMES).exists():
        instance.is_staff = True
        instance.save(update_fields=["is_staff"])
