"""Who sees and handles confidential appeals (SP-3.3): the author, the adviser, the social pedagogue
and the deputy director; everyone else, the president and the director included, gets 404."""

from __future__ import annotations

from django.http import Http404

from parliament.models import Appeal
from parliament.permissions import (
    current_term,
    is_adviser,
    is_school_member,
)
from school_gov import roles
from school_gov.models import School
from school_gov.people import Person

# Confidential appeals (SP-3.3; SP-4.2 honour and dignity)


def is_appeal_handler(person: Person, school: School) -> bool:
    """SP-3.3: the school's social pedagogue and deputy director (current appointments) and the adviser
    of its current parliament handle appeals. Not the director, not the president, not the superuser."""
    if not is_school_member(person, school) or person.staff is None:
        return False
    if person.roles & {roles.SOCIAL_PEDAGOGUE, roles.DEPUTY_DIRECTOR}:
        return True
    term = current_term(school)
    return term is not None and is_adviser(person, term)


def is_appeal_author(person: Person, appeal: Appeal) -> bool:
    student = person.student
    return student is not None and student.pk == appeal.author_id


def can_view_appeal(person: Person, appeal: Appeal) -> bool:
    """Only the author and the handlers ever see an appeal."""
    return is_appeal_handler(person, appeal.school) or is_appeal_author(person, appeal)


def can_handle_appeal(person: Person, appeal: Appeal) -> bool:
    """The handlers change an appeal's status and write its resolution."""
    return is_appeal_handler(person, appeal.school)


def can_file_appeal(person: Person) -> bool:
    """Any student with an account may file an appeal."""
    return person.student is not None


def get_appeal_for_user(person: Person, pk: int) -> Appeal:
    """An appeal for its author or a handler; 404 for everyone else, as if it did not exist."""
    if not person.is_authenticated:
        raise Http404
    appeal = Appeal.objects.select_related("school", "author", "handled_by").filter(pk=pk).first()
    if appeal is None or not can_view_appeal(person, appeal):
        raise Http404
    return appeal
