"""Who may have what of the notifications: the predicates the views, the actions and the navigation ask."""

from __future__ import annotations

from school_gov.people import Person


def has_calendar(person: Person) -> bool:
    """A calendar feed is for a person with a school record (its entries are that record's)."""
    return person.is_authenticated and person.record is not None
