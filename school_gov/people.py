"""Who acts: one `Person` for every action, predicate and page, resolved once per request.

A person is an account seen through the school's records: the staff or student record linked to it, the
school that record belongs to, and the roles held today (school_gov.roles: appointments with dates, plus
what the records say). `person_of(user)` builds it with two queries at most and keeps it on the user
object, so the authentication backend, the views and the actions of one request share it;
`PersonMiddleware` puts it on the request as `request.person`.

Predicates ask the person (`person.staff`, `person.holds(...)`, `person.manages(school)`), never the
database again for who somebody is.
"""

from __future__ import annotations

import datetime
from collections.abc import Callable
from dataclasses import dataclass, field, replace
from typing import cast

from django.contrib.auth.models import AnonymousUser
from django.http import HttpRequest, HttpResponse
from django.utils import timezone
from django.utils.functional import SimpleLazyObject

from school_gov.addresses import client_address
from school_gov.models import School, Staff, Student, User
from school_gov.roles import (
    ADMINISTRATOR,
    DEPUTY_DIRECTOR,
    DIRECTOR,
    DISTRICT_METHODOLOGIST,
    STUDENT,
    TEACHER,
)

LEADERS = frozenset({DIRECTOR, DEPUTY_DIRECTOR})  # who may manage a school


@dataclass(frozen=True, eq=False)
class Person:
    """The acting person: `user` (the account), `staff` or `student` (their record, never both), the
    `school` of that record, and the role names held on `today`."""

    user: User | AnonymousUser
    staff: Staff | None = None
    student: Student | None = None
    roles: frozenset[str] = frozenset()
    today: datetime.date = field(default_factory=timezone.localdate)
    # The application itself acting on its schedule (the daily reminder sweep): no account, no school.
    is_machine: bool = False
    # The network address the request came from (school_gov.addresses), where a limit counts per address.
    address: str | None = None

    @property
    def is_authenticated(self) -> bool:
        return bool(getattr(self.user, "is_authenticated", False))

    @property
    def is_superuser(self) -> bool:
        return self.is_authenticated and bool(getattr(self.user, "is_superuser", False))

    @property
    def record(self) -> Staff | Student | None:
        """The person's school record: what who-did-it fields keep (never the account)."""
        return self.staff or self.student

    @property
    def school(self) -> School | None:
        record = self.staff or self.student
        return record.school if record is not None else None

    @property
    def district_id(self) -> int | None:
        school = self.school
        return school.district_id if school is not None else None

    def holds(self, *names: str) -> bool:
        """Whether the person holds any of the roles named, today."""
        return not self.roles.isdisjoint(names)

    def belongs_to(self, school: School | None) -> bool:
        """The person's own school is `school` (a staff member or a student of it)."""
        own = self.school
        return own is not None and school is not None and own.pk == school.pk

    def leads(self, school: School | None, role: str) -> bool:
        """The person holds `role` (director, deputy director, …) at `school`, today."""
        return role in self.roles and self.belongs_to(school)

    def manages(self, school: School | None) -> bool:
        """May manage the school: its director or its deputy director for educational work, today."""
        return self.holds(*LEADERS) and self.belongs_to(school)

    def reads_district_of(self, school: School | None) -> bool:
        """A district methodologist whose district the school is in (or whose own school it is)."""
        if school is None or not self.holds(DISTRICT_METHODOLOGIST):
            return False
        return self.belongs_to(school) or (
            self.district_id is not None and self.district_id == school.district_id
        )

    def is_staff_member_of(self, staff_pk: int | None) -> bool:
        """The person is the staff member with this id (the observer, the teacher, the author…)."""
        return self.staff is not None and staff_pk is not None and self.staff.pk == staff_pk

    def __str__(self) -> str:
        record = self.staff or self.student
        if record is not None:
            return str(record)
        return str(getattr(self.user, "get_username", lambda: "—")())


def machine() -> Person:
    """The application acting on its own schedule (the daily sweep): only actions declared
    `@action(machine=True)` take it."""
    return Person(user=AnonymousUser(), is_machine=True)


def person_of(user: User | AnonymousUser) -> Person:
    """The person behind `user` (an account, a lazy request.user, or an anonymous user), built once and kept
    on the user object: two queries at most, none for an anonymous visitor."""
    if isinstance(user, Person):
        raise TypeError("person_of() takes an account; this is already a Person.")
    cached: Person | None = getattr(user, "_person", None)
    if cached is not None:
        return cached
    person = _resolve(user)
    if getattr(user, "is_authenticated", False):
        # setattr, not __dict__: request.user is a lazy proxy; the attribute reaches the real user.
        user._person = person  # type: ignore[union-attr]  # a cache, not a field of the model
    return person


def _resolve(user: User | AnonymousUser) -> Person:
    today = timezone.localdate()
    if isinstance(user, AnonymousUser) or not user.is_authenticated or not user.is_active:
        return Person(user=user, today=today)
    staff = Staff.objects.select_related("school", "school__district").filter(user=user).first()
    student = (
        None if staff is not None else Student.objects.select_related("school").filter(user=user).first()
    )
    roles: set[str] = set()
    if user.is_superuser:
        roles.add(ADMINISTRATOR)
    if staff is not None:
        roles.add(TEACHER)
        roles.update(staff.appointments.current(today).values_list("role", flat=True))
    elif student is not None:
        roles.add(STUDENT)
    return Person(user=user, staff=staff, student=student, roles=frozenset(roles), today=today)


class PersonRequest(HttpRequest):
    """The request a view receives once PersonMiddleware has run: an annotation, never instantiated."""

    person: Person


class PersonMiddleware:
    """`request.person`: who acts in this request, resolved on first use (never for a public page that
    does not ask)."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: PersonRequest) -> HttpResponse:
        # The lazy object stands in for the Person it resolves to, with the request's address.
        request.person = cast(
            Person,
            SimpleLazyObject(lambda: replace(person_of(request.user), address=client_address(request))),
        )
        return self.get_response(request)
