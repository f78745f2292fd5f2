"""A person's secret calendar feed link: made anew (the old one stops working) or revoked."""

from __future__ import annotations

import hashlib
import secrets

from notifications.models import CalendarLink
from notifications.permissions import has_calendar
from school_gov import audit
from school_gov.actions import action, allow, lock
from school_gov.models import User
from school_gov.people import Person


def digest_of(secret: str) -> str:
    return hashlib.sha256(secret.encode()).hexdigest()


@action
def new_link(*, by: Person) -> str:
    """A new secret link for the person's feed; any earlier one answers 404 from now on. Returns the
    secret (shown once; only its hash is kept)."""
    allow(has_calendar(by))
    user = lock(User.objects, pk=by.user.pk)
    secret = secrets.token_urlsafe(32)
    CalendarLink.objects.filter(user=user).delete()
    link = CalendarLink.objects.create(user=user, secret_hash=digest_of(secret))
    audit.record(by, "notifications.calendar.link_made", link, school=by.school)
    return secret


@action
def revoke(*, by: Person) -> bool:
    """No feed link any more: the old one answers 404. False when there was none."""
    allow(has_calendar(by))
    user = lock(User.objects, pk=by.user.pk)
    deleted, _ = CalendarLink.objects.filter(user=user).delete()
    if deleted:
        audit.record(by, "notifications.calendar.link_revoked", user, school=by.school)
    return bool(deleted)
