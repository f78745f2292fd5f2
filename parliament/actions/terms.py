"""Writes of the parliament's frame (SP-1.3–1.5) that are more than a record kept in the admin: the
common ministries added to a term at once. (Terms, offices and ministries themselves are kept through
school_gov.actions.records, with the models' rules, the office band among them.)"""

from __future__ import annotations

from django.utils.translation import gettext

from parliament.models import Ministry, Term
from school_gov import audit
from school_gov.actions import action, allow, lock
from school_gov.actions.records import may_keep
from school_gov.people import Person
from school_gov.refusals import check


@action
def add_ministries(term: Term, *, by: Person, ministries: list[tuple[str, str]]) -> int:
    """Add the named ministries (name, description) the term does not have yet, without ministers: a
    term's own names are data the school then edits, so existing names are left alone. Returns how many
    were added."""
    term = lock(Term.objects.select_related("school"), by=by, within="school", pk=term.pk)
    allow(
        may_keep(by, Ministry, "add", term.school),
        gettext("The director and the deputy director keep the parliament's ministries."),
    )
    existing = set(term.ministries.values_list("name", flat=True))
    added = 0
    for name, description in ministries:
        if name in existing:
            continue
        ministry = Ministry(term=term, name=name, description=description)
        check(ministry)
        ministry.save()
        audit.record(by, "parliament.ministry.added", ministry, school=term.school)
        added += 1
    return added
