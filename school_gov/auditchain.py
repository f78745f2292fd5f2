"""The audit trail as a hash chain, one per school (and one for events of no school).

Each event carries its number in its school's chain (`seq`, 1, 2, 3, …) and a SHA-256 `digest` of its
own content and of the previous event's digest. Changing an event changes its digest; removing one leaves
a gap in the numbers and breaks the link of the next; so `manage.py verify_audit` proves that nothing
was changed or removed, and says where the chain breaks. On PostgreSQL the table itself refuses UPDATE
and DELETE (a trigger, migration 0009), so a change needs someone who can switch the trigger off; the
chain is what shows it afterwards.

What a chain cannot show is its own end cut off (the last events deleted with the trigger off): the
command prints each chain's head (number and digest), which a school can write down or send to its
district, and `--head` checks against it.

Events are chained when saved (`AuditEvent.save`, `bulk_create`): a transaction-scoped lock per chain
(PostgreSQL's advisory lock) makes two schools' writes run side by side and one school's wait for the
previous to commit, so the numbers follow the order of commits.
"""

from __future__ import annotations

import datetime
import hashlib
import json
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from django.core.serializers.json import DjangoJSONEncoder
from django.db import connection

if TYPE_CHECKING:
    from django.db.models import QuerySet

    from school_gov.models import AuditEvent

# The first argument of PostgreSQL's two-key advisory lock, naming this lock among the app's own; the
# second is the school's id (0 for events of no school).
LOCK_CLASS = 0x5A0D17
# The digest before the first event of a chain.
GENESIS = "0" * 64
# Bumped if ever the content hashed changes; part of every digest.
VERSION = 1


def lock(school_id: int | None) -> None:
    """Hold the chain of a school until the transaction ends (the caller is inside one)."""
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute("SELECT pg_advisory_xact_lock(%s, %s)", [LOCK_CLASS, school_id or 0])


def stored_json(value: Any) -> Any:
    """The value as the JSON column gives it back (dates as text, tuples as lists)."""
    return json.loads(json.dumps(value, cls=DjangoJSONEncoder))


def _moment(value: datetime.datetime) -> str:
    if value.tzinfo is not None:
        value = value.astimezone(datetime.UTC)
    return value.replace(tzinfo=None).isoformat(timespec="microseconds")


def digest(event: AuditEvent, previous: str) -> str:
    """The event's digest, from what it records and the previous event's digest."""
    content = [
        VERSION,
        event.school_id,
        event.seq,
        previous,
        _moment(event.created_at),
        event.actor_id,
        event.action,
        event.content_type_id,
        event.object_id,
        event.object_repr,
        stored_json(event.data),
    ]
    text = json.dumps(content, sort_keys=True, ensure_ascii=False, separators=(",", ":"))
    return hashlib.sha256(text.encode()).hexdigest()


def events_of(school_id: int | None) -> QuerySet[AuditEvent]:
    """A school's chain (None: the events of no school)."""
    from school_gov.models import AuditEvent

    if school_id is None:
        return AuditEvent.objects.filter(school__isnull=True)
    return AuditEvent.objects.filter(school_id=school_id)


def head(school_id: int | None) -> tuple[int, str]:
    """The last number and digest of a school's chain ((0, GENESIS) before its first event)."""
    last = events_of(school_id).order_by("-seq").values_list("seq", "digest").first()
    return last if last is not None else (0, GENESIS)


def chain(events: Iterable[AuditEvent]) -> None:
    """Number and digest new events, in the order given, after their chains' heads. Inside the
    transaction that saves them: the chains stay locked until it ends."""
    events = list(events)
    heads: dict[int | None, tuple[int, str]] = {}
    for school_id in sorted({e.school_id for e in events}, key=lambda s: s or 0):
        lock(school_id)
        heads[school_id] = head(school_id)
    for event in events:
        seq, previous = heads[event.school_id]
        event.seq = seq + 1
        event.digest = digest(event, previous)
        heads[event.school_id] = (event.seq, event.digest)


@dataclass(frozen=True)
class Break:
    """Where a chain stops proving itself."""

    school_id: int | None
    seq: int  # the event changed, or the first missing
    last: int  # the same, or the last missing
    event_id: int  # the event changed, or the one after the gap
    problem: str  # "changed" or "missing"


@dataclass(frozen=True)
class Verdict:
    school_id: int | None
    events: int
    head_seq: int
    head_digest: str
    breaks: tuple[Break, ...]


def verify(school_id: int | None, events: Iterator[AuditEvent]) -> Verdict:
    """Walk one chain in its order and recompute every link. `events` are the chain's events ordered
    by `seq`."""
    breaks: list[Break] = []
    expected_seq, previous = 0, GENESIS
    count = 0
    for event in events:
        count += 1
        if event.seq != expected_seq + 1:
            # Numbers skipped: events removed. The next one's link cannot be checked (what it pointed
            # to is gone); renumbering to hide the gap would change the digests from there on.
            breaks.append(Break(school_id, expected_seq + 1, event.seq - 1, event.id, "missing"))
        elif digest(event, previous) != event.digest:
            # Its content, or its link to the one before, is not what was written.
            breaks.append(Break(school_id, event.seq, event.seq, event.id, "changed"))
        expected_seq, previous = event.seq, event.digest
    return Verdict(school_id, count, expected_seq, previous, tuple(breaks))
