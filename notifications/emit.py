"""Notifications hang on the one write path: every action writes one audit event, and `from_event` (the
audit trail's hook) turns the events the apps declared (notices modules) into notifications, in the
action's own transaction; e-mail to those who want it at once leaves after the commit, on the task queue.
The sweep's reminders come in through `notify` too."""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from django.contrib.contenttypes.models import ContentType
from django.db import models, transaction

from notifications.kinds import KINDS, RULES
from notifications.models import Channel, Notification, Preference
from school_gov.models import AuditEvent, School, Student, User
from school_gov.people import Person


def from_event(event: AuditEvent, record: models.Model | None, by: Person) -> None:
    """The audit trail's hook: the notifications the event makes (none for most events)."""
    if record is None:
        return
    for rule in RULES.get(event.action, ()):
        if not isinstance(record, rule.model) or (rule.when is not None and not rule.when(record, event)):
            continue
        data = rule.data(record, event) if rule.data is not None else {}
        notify(rule.kind, rule.to(record, event), record, by=by, school=event.school, event=event, data=data)


def channels(entries: Iterable[tuple[str, int]]) -> dict[tuple[str, int], str]:
    """How each person gets each kind, for (kind, account id) pairs: their choice, else the kind's
    default for a student or the staff (two queries, whatever the number of people)."""
    pairs = set(entries)
    ids = {pk for _kind, pk in pairs}
    kinds = {code for code, _pk in pairs}
    chosen = {
        (code, pk): channel
        for pk, code, channel in Preference.objects.filter(kind__in=kinds, user_id__in=ids).values_list(
            "user_id", "kind", "channel"
        )
    }
    students = set(Student.everyone.filter(user_id__in=ids).values_list("user_id", flat=True))
    return {pair: chosen.get(pair) or KINDS[pair[0]].default_for(pair[1] in students) for pair in pairs}


Entry = tuple[str, Iterable[User], models.Model, int | None, dict[str, Any]]


def notify(
    kind: str,
    recipients: Iterable[User],
    record: models.Model,
    *,
    by: Person | None = None,
    school: School | None = None,
    event: AuditEvent | None = None,
    data: dict[str, Any] | None = None,
) -> list[Notification]:
    """Make one notification of `kind` about `record` for each recipient (active accounts; never the
    person who acted); e-mail those who want it at once after the transaction commits."""
    entry: Entry = (kind, recipients, record, school.pk if school is not None else None, data or {})
    return notify_many([entry], by=by, event=event)


def notify_many(
    entries: Iterable[Entry], *, by: Person | None = None, event: AuditEvent | None = None
) -> list[Notification]:
    """`notify` for many records at once (the sweep): three queries and one insert in all."""
    planned: list[tuple[str, User, models.Model, int | None, dict[str, Any]]] = []
    acting = by.user.pk if by is not None and by.is_authenticated else None
    for kind, recipients, record, school_id, data in entries:
        if kind not in KINDS:
            raise ValueError(f"Unknown notification kind {kind!r}.")
        people = {user.pk: user for user in recipients if user is not None and user.is_active}
        if acting is not None:
            people.pop(acting, None)  # nobody is told of their own action
        planned += [(kind, user, record, school_id, data) for _pk, user in sorted(people.items())]
    if not planned:
        return []
    chosen = channels((kind, user.pk) for kind, user, *_rest in planned)
    rows = Notification.objects.bulk_create(
        Notification(
            recipient=user,
            kind=kind,
            channel=chosen[(kind, user.pk)],
            school_id=school_id,
            content_type=ContentType.objects.get_for_model(record),
            object_id=str(record.pk),
            event=event,
            data=data,
        )
        for kind, user, record, school_id, data in planned
    )
    at_once = [row.pk for row in rows if row.channel == Channel.EMAIL]
    if at_once:
        from notifications.tasks import email_notifications

        transaction.on_commit(lambda: email_notifications.enqueue(at_once))
    return rows
