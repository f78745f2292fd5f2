"""Shared predicates and fetch helpers: every query is scoped to the signed-in person's school.

The pattern each app follows: a predicate answers one question (`can_view_staff(user, staff)`), a fetch
helper loads the object for a view and answers 404 to anyone outside its school (the same answer as for
an object that does not exist) and 403 to a member of the school without the right.
"""

from __future__ import annotations

from django.core.exceptions import PermissionDenied
from django.db.models import QuerySet
from django.http import Http404

from school_gov import roles
from school_gov.models import School, Staff
from school_gov.roles import roles_of, staff_of, student_of


def school_of(user) -> School | None:
    """The school the user belongs to through their staff or student record."""
    if not user.is_authenticated:
        return None
    staff = staff_of(user)
    if staff is not None:
        return staff.school
    student = student_of(user)
    return student.school if student is not None else None


def readable_schools(user) -> QuerySet[School]:
    """Schools whose records the user may read: their own; a district methodologist's whole district."""
    if not user.is_authenticated:
        return School.objects.none()
    if user.is_superuser:
        return School.objects.all()
    school = school_of(user)
    if school is None:
        return School.objects.none()
    if roles.DISTRICT_METHODOLOGIST in roles_of(user) and school.district_id:
        return School.objects.filter(district_id=school.district_id)
    return School.objects.filter(pk=school.pk)


def scope(queryset: QuerySet, user, *, school_field: str = "school") -> QuerySet:
    """`queryset` limited to rows of the schools the user may read."""
    if user.is_authenticated and user.is_superuser:
        return queryset
    return queryset.filter(**{f"{school_field}__in": readable_schools(user)})


def get_in_school_or_404(queryset: QuerySet, user, *, school_field: str = "school", **lookup):
    """Fetch one row of the user's readable schools; anything else is 404, as if it did not exist."""
    try:
        return scope(queryset, user, school_field=school_field).get(**lookup)
    except queryset.model.DoesNotExist:
        raise Http404 from None


def is_staff_member(user) -> bool:
    return staff_of(user) is not None


def can_read_staff_records(user) -> bool:
    """Staff records (education, service, category) are for the school's staff and the district."""
    return user.is_authenticated and (user.is_superuser or is_staff_member(user))


def can_edit_school_calendar(user, school: School) -> bool:
    """The director and the deputy director keep the school year and quarter dates."""
    if user.is_superuser:
        return True
    return school_of(user) == school and bool(roles_of(user) & {roles.DIRECTOR, roles.DEPUTY_DIRECTOR})


def get_staff_for_user(user, pk: int) -> Staff:
    """A staff record for a view: 404 outside the user's schools, 403 to students."""
    staff = get_in_school_or_404(Staff.objects.select_related("school"), user, pk=pk)
    if not can_read_staff_records(user):
        raise PermissionDenied
    return staff
