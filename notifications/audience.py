"""Who is told: the accounts behind school records and current appointments. The event rules ask for one
school at a time; the sweep asks for every school at once (one query, a map by school)."""

from __future__ import annotations

import datetime
from collections import defaultdict
from collections.abc import Iterable

from django.db.models import QuerySet
from django.utils import timezone

from school_gov.models import Appointment, Staff, Student, User


def active() -> QuerySet[User]:
    return User.objects.filter(is_active=True)


def of_staff(*staff: Staff | int | None) -> QuerySet[User]:
    """The accounts of these staff records (those that have one)."""
    ids = [s.pk if isinstance(s, Staff) else s for s in staff if s is not None]
    return active().filter(staff__pk__in=ids)


def of_students(students: QuerySet[Student] | Iterable[Student]) -> QuerySet[User]:
    if isinstance(students, QuerySet):
        return active().filter(student__in=students)
    return active().filter(student__pk__in=[s.pk for s in students])


def holding(school_id: int | None, *roles: str, on: datetime.date | None = None) -> QuerySet[User]:
    """The accounts of the staff of one school holding any of `roles` today."""
    if school_id is None:
        return active().none()
    appointments = Appointment.objects.current(on).filter(role__in=roles, staff__school_id=school_id)
    return active().filter(staff__appointments__in=appointments).distinct()


def holding_by_school(
    school_ids: Iterable[int], *roles: str, on: datetime.date | None = None
) -> dict[int, list[User]]:
    """{school id: accounts holding any of `roles` there today}, in one query."""
    appointments = (
        Appointment.objects.current(on or timezone.localdate())
        .filter(role__in=roles, staff__school_id__in=list(school_ids), staff__user__is_active=True)
        .select_related("staff__user")
    )
    found: dict[int, dict[int, User]] = defaultdict(dict)
    for appointment in appointments:
        user = appointment.staff.user
        if user is not None:
            found[appointment.staff.school_id][user.pk] = user
    return {school: list(users.values()) for school, users in found.items()}


def class_teachers(
    school_id: int, grade: int, letter: str, on: datetime.date | None = None
) -> QuerySet[User]:
    appointments = Appointment.objects.current(on).filter(
        role="class_teacher", staff__school_id=school_id, class_grade=grade, class_letter=letter
    )
    return active().filter(staff__appointments__in=appointments).distinct()
