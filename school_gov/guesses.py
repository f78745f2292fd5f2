"""Guessing a secret is limited as guessing a password is (django-axes): GUESS_LIMIT wrong vote codes or
invitation codes within GUESS_WINDOW from one address, or by one account, and that address or account
waits until the oldest of them is GUESS_WINDOW old. With 32⁸ possible codes and a few hundred in use,
ten guesses a quarter of an hour find none in a lifetime; a class's typos (the alphabet has no 0/O or
1/I, and case and spaces do not count) stay below the limit.

The wrong guesses are security bookkeeping, not governance state: no audit line. An action counts one
through `Refused(keep=…)`, which the action's decorator runs after the rollback; a page that only checks
a secret counts it itself."""

from __future__ import annotations

import datetime

from django.conf import settings
from django.db.models import Q
from django.utils import timezone

from school_gov.models import User, WrongGuess
from school_gov.people import Person

VOTE_CODE = "vote_code"
INVITATION = "invitation"


def _window() -> datetime.timedelta:
    return datetime.timedelta(minutes=settings.GUESS_WINDOW_MINUTES)


def _account(person: Person) -> User | None:
    return person.user if isinstance(person.user, User) and person.is_authenticated else None


def _counted_by(person: Person) -> list[Q]:
    """What the guesses are counted by: the address, the account (each on its own)."""
    parts = []
    if person.address:
        parts.append(Q(address=person.address))
    account = _account(person)
    if account is not None:
        parts.append(Q(user=account))
    return parts


def blocked_until(kind: str, scope: str, person: Person) -> datetime.datetime | None:
    """When `person` may guess again, if their address or their account has run out of guesses: when
    the GUESS_LIMIT-th newest wrong guess is GUESS_WINDOW old."""
    recent = WrongGuess.objects.filter(kind=kind, scope=scope, at__gte=timezone.now() - _window())
    ends = []
    for part in _counted_by(person):
        times = list(recent.filter(part).order_by("-at").values_list("at", flat=True)[: settings.GUESS_LIMIT])
        if len(times) >= settings.GUESS_LIMIT:
            ends.append(times[-1] + _window())
    return max(ends) if ends else None


def note_wrong(kind: str, scope: str, person: Person) -> None:
    """Count one wrong guess (and forget those older than a day)."""
    WrongGuess.objects.create(kind=kind, scope=scope, address=person.address, user=_account(person))
    WrongGuess.objects.filter(at__lt=timezone.now() - datetime.timedelta(days=1)).delete()
