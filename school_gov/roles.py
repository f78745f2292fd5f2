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

from django.utils.translation import gettext_lazy as _

from school_gov.models import Role

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
    "school_gov.view_staff",
    "school_gov.view_appointment",
]
_READ_METHODOLOGY = [
    "methodology.view_association",
    "methodology.view_membership",
    "methodology.view_headappointment",
    "methodology.view_workplan",
    "methodology.view_planitem",
    "methodology.view_plancomment",
    "methodology.view_yearendreport",
    "methodology.view_lessonobservation",
]
_READ_PARLIAMENT = [
    "parliament.view_term",
    "parliament.view_office",
    "parliament.view_ministry",
    "parliament.view_election",
    "parliament.view_candidate",
    "parliament.view_event",
    "parliament.view_dutyassignment",
    "parliament.view_meeting",
    "parliament.view_poll",
    "parliament.view_proposal",
    "parliament.view_club",
    "school_gov.view_minutes",
]
# The school's leaders set up the parliament's frame: its term and adviser, offices after an election,
# ministries, the election's dates and grades, events, the duty roster and clubs.
_KEEP_PARLIAMENT = [
    "parliament.add_term",
    "parliament.change_term",
    "parliament.add_office",
    "parliament.change_office",
    "parliament.add_ministry",
    "parliament.change_ministry",
    "parliament.add_election",
    "parliament.change_election",
    "parliament.add_event",
    "parliament.change_event",
    "parliament.add_dutyassignment",
    "parliament.change_dutyassignment",
    "parliament.add_club",
    "parliament.change_club",
]
# Keeping associations, their heads (MB-1.1) and members. Plans and reports are only viewed in the admin:
# the workflow buttons post to their own URLs, guarded by the transitions' predicates.
_KEEP_ASSOCIATIONS = [
    "methodology.add_association",
    "methodology.change_association",
    "methodology.add_membership",
    "methodology.change_membership",
    "methodology.delete_membership",
    "methodology.add_headappointment",
    "methodology.change_headappointment",
]


@dataclass(frozen=True)
class RoleSpec:
    name: str
    label: str
    group: str
    permissions: tuple[str, ...]
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
                *_READ_METHODOLOGY,
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
                "school_gov.add_staff",
                "school_gov.change_staff",
                "school_gov.view_student",
                "school_gov.add_student",
                "school_gov.change_student",
                "school_gov.add_appointment",
                "school_gov.change_appointment",
                "school_gov.view_auditevent",
                *_READ_METHODOLOGY,
                *_KEEP_ASSOCIATIONS,
                *_READ_PARLIAMENT,
                *_KEEP_PARLIAMENT,
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
                "school_gov.add_staff",
                "school_gov.change_staff",
                "school_gov.view_student",
                "school_gov.add_student",
                "school_gov.change_student",
                "school_gov.view_auditevent",
                *_READ_METHODOLOGY,
                *_KEEP_ASSOCIATIONS,
                *_READ_PARLIAMENT,
                *_KEEP_PARLIAMENT,
            ),
            uses_admin=True,
        ),
        RoleSpec(
            DISTRICT_METHODOLOGIST,
            _("district methodologist"),
            "District methodologists",
            (*_READ_CORE, *_READ_METHODOLOGY),  # MB-5.2: reads the district's schools, never writes
            uses_admin=True,
        ),
        RoleSpec(TEACHER, _("teacher"), "Teachers", ()),
        RoleSpec(CLASS_TEACHER, _("class teacher"), "Class teachers", ()),
        RoleSpec(SOCIAL_PEDAGOGUE, _("social pedagogue"), "Social pedagogues", ()),
        RoleSpec(STUDENT, _("student"), "Students", ()),
    ]
}


def sync_groups(apps=None, *, strict: bool = True) -> None:
    """Create or update one group per role with exactly the permissions of the table above.

    Called by data migrations (with their historical `apps`, `strict=False`: an app migrated later adds
    its permissions in its own migration) and by `manage.py sync_roles` (strict: a name in the table
    that matches no permission is a mistake).
    """
    from django.apps import apps as global_apps

    apps = apps or global_apps
    Group = apps.get_model("auth", "Group")
    Permission = apps.get_model("auth", "Permission")
    for spec in ROLES.values():
        group, _created = Group.objects.get_or_create(name=spec.group)
        perms = []
        for dotted in spec.permissions:
            app_label, codename = dotted.split(".")
            perm = Permission.objects.filter(content_type__app_label=app_label, codename=codename).first()
            if perm is None:
                if not strict:
                    continue
                raise LookupError(f"Permission {dotted} for role {spec.name} does not exist.")
            perms.append(perm)
        group.permissions.set(perms)


def uses_admin(person) -> bool:
    """Whether the person works in the Django admin (the director, the deputy, the district, admins)."""
    user = person.user
    return (
        person.is_authenticated
        and user.is_active
        and (user.is_staff or any(ROLES[name].uses_admin for name in person.roles))
    )
