"""Who sees what on the parliament's public pages: the home page and a ministry's page.

Both are public (SP-1.1: the parliament's public face). An anonymous visitor, or anyone from another
school, sees students only as office-holders' `public_name`; signed-in members of the school see full
names and the ministries' members.
"""

from __future__ import annotations

from django.http import Http404
from django.shortcuts import get_object_or_404

from parliament.models import Ministry
from school_gov.models import School
from school_gov.people import Person


def get_home_school(person: Person, requested: str | None) -> School | None:
    """The school whose parliament the home page shows; None when a visitor must choose one.

    Signed-in people see their own school. Anyone else (an anonymous visitor, an account without a school
    record) names it with `?school=<pk>`, or gets the only school when the deployment holds just one.
    """
    own = person.school
    if own is not None:
        return own
    if requested:
        if not requested.isdigit():
            raise Http404
        return get_object_or_404(School, pk=int(requested))
    schools = list(School.objects.order_by("pk")[:2])
    return schools[0] if len(schools) == 1 else None


def sees_full_names(person: Person, school: School) -> bool:
    """Signed-in members of the school (its staff and students) see students' full names."""
    return person.is_authenticated and (person.is_superuser or person.school == school)


def can_see_ministry_members(person: Person, ministry: Ministry) -> bool:
    """Members' full names only for signed-in members of the ministry's school."""
    return sees_full_names(person, ministry.term.school)


def get_ministry_for_page(person: Person, pk: int) -> Ministry:
    """SP-1.5: a ministry's page is public (name, description, minister by public name); its members'
    names are for the school's own (can_see_ministry_members)."""
    return get_object_or_404(
        Ministry.objects.select_related("term__school", "term__school_year", "minister"), pk=pk
    )
