"""三员分立: the system administrator, the security administrator and the auditor.

Each is a group with just the permissions of its job, so none needs the superuser
flag day to day (GB/T 22239-2019 8.1.4.2, 8.1.4.3):

- 系统管理员 keeps users, units and memberships, and the places (regions, platforms,
  chains) in the admin; it cannot touch the three roles or superusers.
- 安全管理员 sees and clears login lockouts, resets users' second factors, and reads
  the security policy; it cannot change users or data.
- 审计员 reads and exports the security audit log, and nothing else.

`roles_sync` runs after every migrate and is idempotent.
"""

from django.contrib.auth.models import Group, Permission

SYSTEM_ADMIN = "系统管理员"
SECURITY_ADMIN = "安全管理员"
AUDITOR = "审计员"
ROLE_NAMES = (SYSTEM_ADMIN, SECURITY_ADMIN, AUDITOR)

# role → (app_label, codenames)
PERMISSIONS = {
    SYSTEM_ADMIN: [
        ("auth", ["add_user", "change_user", "view_user"]),
        ("projects", ["add_unit", "change_unit", "view_unit", "delete_unit"]),
        ("projects", ["add_membership", "change_membership", "view_membership"]),
        ("projects", ["delete_membership"]),
        ("platforms", ["add_region", "change_region", "view_region"]),
        ("platforms", ["add_platform", "change_platform", "view_platform"]),
        ("platforms", ["add_chain", "change_chain", "view_chain"]),
    ],
    SECURITY_ADMIN: [
        ("axes", ["view_accessattempt", "delete_accessattempt"]),
        ("axes", ["view_accessfailurelog", "view_accesslog"]),
        ("otp_totp", ["view_totpdevice", "delete_totpdevice"]),
        ("accounts", ["view_security_policy"]),
    ],
    AUDITOR: [("audit", ["view_auditevent"])],
}
# Roles that work in the Django admin (the auditor works on the audit pages).
ADMIN_SITE_ROLES = (SYSTEM_ADMIN, SECURITY_ADMIN)


def roles_sync(*, using="default"):
    """Create the three groups and give each exactly its permissions."""
    for name, grants in PERMISSIONS.items():
        group, _created = Group.objects.using(using).get_or_create(name=name)
        wanted = []
        for app_label, codenames in grants:
            wanted += Permission.objects.using(using).filter(
                content_type__app_label=app_label, codename__in=codenames
            )
        group.permissions.set(wanted)


def roles_of(user):
    """The separated-duty roles the user holds (a set of group names)."""
    if not user.is_authenticated:
        return set()
    cached = getattr(user, "_registry_roles", None)
    if cached is None:
        cached = set(user.groups.filter(name__in=ROLE_NAMES).values_list("name", flat=True))
        user._registry_roles = cached
    return cached
