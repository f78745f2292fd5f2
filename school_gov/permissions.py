"""Shared predicates and the one own-school lookup: every query is scoped to the acting person's school.

The pattern each app follows: a predicate answers one question about a `Person`
(`can_view_staff(person, staff)`), a fetch helper loads the object for a view and answers 404 to anyone
outside its school (the same answer as for an object that does not exist) and 403 to a member of the
school without the right.
"""

from __future__ import annotations

from django.core.exceptions import PermissionDenied
from django.db.models import QuerySet
from django.http import Http404

from school_gov import roles
from school_gov.collation import Kyrgyz
from school_gov.models import School, Staff
from school_gov.people import Person


def readable_schools(person: Person) -> QuerySet[School]:
    """Schools whose records the person may read: their own; a district methodologist's whole district."""
    if not person.is_authenticated:
        return School.objects.none()
    if person.is_superuser:
        return School.objects.all()
    school = person.school
    if school is None:
        return School.objects.none()
    if reads_many_schools(person):  # the district methodologist
        return School.objects.filter(district=school.district_id)
    return School.objects.filter(pk=school.pk)


def reads_many_schools(person: Person) -> bool:
    """Whether the person reads the records of more than their own school (the district methodologist,
    the superuser): their lists then name each row's school and filter by it. No query."""
    if person.is_superuser:
        return True
    school = person.school
    return (
        school is not None and school.district_id is not None and person.holds(roles.DISTRICT_METHODOLOGIST)
    )


def schools_to_choose(person: Person, chosen: str) -> tuple[list[School], School | None]:
    """A list's school filter (`?school=<pk>`) for a viewer across several schools: the schools to choose
    from (by name) and the one chosen, if any; a school outside their reach, or not a school at all, is
    404. A viewer of one school gets no filter: `([], None)`."""
    if not reads_many_schools(person):
        return [], None
    schools = list(readable_schools(person).order_by(Kyrgyz("name"), "pk"))
    if len(schools) < 2:
        return [], None
    if not chosen:
        return schools, None
    for school in schools:
        if str(school.pk) == chosen:
            return schools, school
    raise Http404


def scope(queryset: QuerySet, person: Person, *, school_field: str = "school") -> QuerySet:
    """`queryset` limited to rows of the schools the person may read."""
    if person.is_superuser:
        return queryset
    return queryset.filter(**{f"{school_field}__in": readable_schools(person)})


def own_school(queryset: QuerySet, person: Person, *, school_field: str = "school") -> QuerySet:
    """`queryset` limited to rows of the person's own school (none for the superuser's or the district's
    reading of other schools): what the parliament and the school's own pages list."""
    school = person.school
    if school is None:
        return queryset.none()
    return queryset.filter(**{school_field: school})


def own_school_or_404(person: Person) -> School:
    """The person's own school, for the pages of their school's own bodies (the parliament); a person
    without a school record (the superuser, an unlinked account) is answered 404 like any outsider."""
    school = person.school
    if school is None:
        raise Http404
    return school


def get_in_school_or_404(queryset: QuerySet, person: Person, *, school_field: str = "school", **lookup):
    """Fetch one row of the person's readable schools; anything else is 404, as if it did not exist."""
    try:
        return scope(queryset, person, school_field=school_field).get(**lookup)
    except queryset.model.DoesNotExist:
        raise Http404 from None


def get_in_own_school_or_404(queryset: QuerySet, person: Person, *, school_field: str = "school", **lookup):
    """Fetch one row of the person's own school; anything else is 404, as if it did not exist."""
    try:
        return own_school(queryset, person, school_field=school_field).get(**lookup)
    except queryset.model.DoesNotExist:
        raise Http404 from None


def can_read_staff_records(person: Person) -> bool:
    """Staff records (education, service, category) are for the school's staff and the district."""
    return person.is_superuser or person.staff is not None


def can_manage_school(person: Person, school: School | None) -> bool:
    """The director and the deputy director manage the school's frame: its calendar, its records."""
    return person.is_superuser or person.manages(school)


def get_staff_for_user(person: Person, pk: int) -> Staff:
    """A staff record for a view: 404 outside the person's schools, 403 to students."""
    staff = get_in_school_or_404(Staff.objects.select_related("school"), person, pk=pk)
    if not can_read_staff_records(person):
        raise PermissionDenied
    return staff
