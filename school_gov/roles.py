"""Roles in one table: who a person is at the school, and what each role may do in the admin.

A person's roles come from their records (a staff or student record linked to the account) and their
current appointments (rows with dates), never from flags on the account. Each role maps to a Django group
holding model permissions, created by a migration (school_gov 0002) so every fresh database has them; the
authentication backend grants a user the permissions of the groups of the roles they hold *today*, so an
appointment that ends takes its rights with it without anyone editing group membership.

Who holds which role today is resolved once per request into a `school_gov.people.Person`.
Object-level decisions (may this person agree this plan?) are predicates in each app's permissions.py.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING

from django.utils.translation import gettext_lazy as _

from school_gov.models import Role

if TYPE_CHECKING:
    from django_stubs_ext import StrOrPromise

ADMINISTRATOR = "administrator"
DIRECTOR = Role.DIRECTOR.value
DEPUTY_DIRECTOR = Role.DEPUTY_DIRECTOR.value
TEACHER = "teacher"
CLASS_TEACHER = Role.CLASS_TEACHER.value
SOCIAL_PEDAGOGUE = Role.SOCIAL_PEDAGOGUE.value
DISTRICT_METHODOLOGIST = Role.DISTRICT_METHODOLOGIST.value
STUDENT = "student"

_READ_CORE = [
    "school_gov.view_school",
    "school_gov.view_schoolyear",
    "school_gov.view_quarter",
    "school_gov.view_holiday",
    "school_gov.view_staff",
    "school_gov.view_appointment",
]


@dataclass(frozen=True)
class RoleSpec:
    name: str
    label: StrOrPromise
    group: str
    permissions: tuple[str, ...]  # the core's own (school_gov); each app adds its own, see granted()
    uses_admin: bool = False


ROLES: dict[str, RoleSpec] = {
    spec.name: spec
    for spec in [
        RoleSpec(
            ADMINISTRATOR,
            _("administrator"),
            "Administrators",
            (
                *_READ_CORE,
                "school_gov.add_school",
                "school_gov.change_school",
                "school_gov.view_district",
                "school_gov.add_district",
                "school_gov.change_district",
                "school_gov.view_user",
                "school_gov.add_user",
                "school_gov.change_user",
                "school_gov.view_auditevent",
            ),
            uses_admin=True,
        ),
        RoleSpec(
            DIRECTOR,
            _("director"),
            "Directors",
            (
                *_READ_CORE,
                "school_gov.change_school",
                "school_gov.add_schoolyear",
                "school_gov.change_schoolyear",
                "school_gov.add_quarter",
                "school_gov.change_quarter",
                "school_gov.add_holiday",
                "school_gov.change_holiday",
                "school_gov.delete_holiday",
                "school_gov.add_staff",
                "school_gov.change_staff",
                "school_gov.view_student",
                "school_gov.add_student",
                "school_gov.change_student",
                "school_gov.add_appointment",
                "school_gov.change_appointment",
                "school_gov.view_auditevent",
                "school_gov.view_minutes",
            ),
            uses_admin=True,
        ),
        RoleSpec(
            DEPUTY_DIRECTOR,
            _("deputy director for educational work"),
            "Deputy directors",
            (
                *_READ_CORE,
                "school_gov.add_schoolyear",
                "school_gov.change_schoolyear",
                "school_gov.add_quarter",
                "school_gov.change_quarter",
                "school_gov.add_holiday",
                "school_gov.change_holiday",
                "school_gov.delete_holiday",
                "school_gov.add_staff",
                "school_gov.change_staff",
                "school_gov.view_student",
                "school_gov.add_student",
                "school_gov.change_student",
                "school_gov.view_auditevent",
                "school_gov.view_minutes",
            ),
            uses_admin=True,
        ),
        RoleSpec(
            DISTRICT_METHODOLOGIST,
            _("district methodologist"),
            "District methodologists",
            tuple(_READ_CORE),  # MB-5.2: reads the district's schools, never writes
            uses_admin=True,
        ),
        RoleSpec(TEACHER, _("teacher"), "Teachers", ()),
        RoleSpec(CLASS_TEACHER, _("class teacher"), "Class teachers", ()),
        RoleSpec(SOCIAL_PEDAGOGUE, _("social pedagogue"), "Social pedagogues", ()),
        RoleSpec(STUDENT, _("student"), "Students", ()),
    ]
}


def app_grants(app_config) -> dict[str, tuple[str, ...]]:
    """What an app's records grant each role: its AppConfig's `role_permissions` (role → permissions)."""
    return dict(getattr(app_config, "role_permissions", {}))


def granted(name: str) -> tuple[str, ...]:
    """Every model permission role `name` grants: the core's and each installed app's."""
    from django.apps import apps

    permissions = list(ROLES[name].permissions)
    for config in apps.get_app_configs():
        permissions.extend(app_grants(config).get(name, ()))
    return tuple(permissions)


def _permission(Permission, dotted: str, *, strict: bool):
    app_label, codename = dotted.split(".")
    perm = Permission.objects.filter(content_type__app_label=app_label, codename=codename).first()
    if perm is None and strict:
        raise LookupError(f"Permission {dotted} does not exist.")
    return perm


def sync_groups(apps=None, *, strict: bool = True) -> None:
    """Create or update one group per role with exactly the permissions it grants (`granted`).

    Called by `manage.py sync_roles` (strict: a name in the tables that matches no permission is a
    mistake) and by the core's first data migration (with its historical `apps`, `strict=False`).
    """
    from django.apps import apps as global_apps

    apps = apps or global_apps
    Group = apps.get_model("auth", "Group")
    Permission = apps.get_model("auth", "Permission")
    for spec in ROLES.values():
        group, _created = Group.objects.get_or_create(name=spec.group)
        perms = [_permission(Permission, dotted, strict=strict) for dotted in granted(spec.name)]
        group.permissions.set([perm for perm in perms if perm is not None])


def grant_app(apps, app_label: str) -> None:
    """An app's data migration: give each role's group this app's permissions (its AppConfig's
    `role_permissions`), leaving the other apps' alone, so no app's migration depends on another's."""
    from django.apps import apps as global_apps

    Group = apps.get_model("auth", "Group")
    Permission = apps.get_model("auth", "Permission")
    if app_label == "school_gov":
        grants = {spec.name: spec.permissions for spec in ROLES.values()}
    else:
        grants = app_grants(global_apps.get_app_config(app_label))
    for name, dotted_names in grants.items():
        group, _created = Group.objects.get_or_create(name=ROLES[name].group)
        perms = [_permission(Permission, dotted, strict=False) for dotted in dotted_names]
        group.permissions.add(*[perm for perm in perms if perm is not None])


def uses_admin(person) -> bool:
    """Whether the person works in the Django admin (the director, the deputy, the district, admins)."""
    user = person.user
    return (
        person.is_authenticated
        and user.is_active
        and (user.is_staff or any(ROLES[name].uses_admin for name in person.roles))
    )
