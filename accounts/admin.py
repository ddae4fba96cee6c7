"""The user admin under 三员分立: a system administrator keeps ordinary users only.

Only a superuser (the break-glass account) gives or takes the three roles, the staff
and superuser flags and direct permissions; a system administrator sees and changes
neither superusers, nor role holders, nor their own account (their own password is
changed on the password page), so no administrator can raise their own rights.
"""

from django.contrib import admin
from django.contrib.auth import get_user_model
from django.contrib.auth.admin import UserAdmin

from accounts.roles import ROLE_NAMES

User = get_user_model()

PRIVILEGE_FIELDS = ("is_staff", "is_superuser", "groups", "user_permissions")

admin.site.unregister(User)


@admin.register(User)
class RegistryUserAdmin(UserAdmin):
    def get_queryset(self, request):
        queryset = super().get_queryset(request)
        if request.user.is_superuser:
            return queryset
        return (
            queryset.filter(is_superuser=False, is_staff=False)
            .exclude(groups__name__in=ROLE_NAMES)
            .exclude(pk=request.user.pk)
        )

    def get_readonly_fields(self, request, obj=None):
        fields = super().get_readonly_fields(request, obj)
        if request.user.is_superuser:
            return fields
        return (*fields, *PRIVILEGE_FIELDS, "last_login", "date_joined")
