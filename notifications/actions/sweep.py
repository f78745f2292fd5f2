"""The daily sweep (`manage.py send_reminders`, and the scheduled task): every reminder due today, once,
and every digest due; one run at a time, recorded (SweepRun) and in the audit trail."""

from __future__ import annotations

import datetime
import logging
from collections import Counter, defaultdict

from django.contrib.contenttypes.models import ContentType
from django.db import connection, transaction
from django.utils import timezone
from django.utils.translation import gettext

from notifications import emit
from notifications.delivery import address_of, digest_email, load, visible
from notifications.kinds import REMINDERS, Due
from notifications.models import Channel, Digest, Notification, Reminder, SweepRun
from school_gov import audit, mail, tasks
from school_gov.actions import action, allow
from school_gov.models import User
from school_gov.people import Person, person_of

logger = logging.getLogger(__name__)
_SWEEP_LOCK = 4_711_001  # the PostgreSQL advisory lock that keeps two sweeps from running at once


@action(machine=True)
def run(*, by: Person, today: datetime.date | None = None, digests: bool = True) -> SweepRun:
    """Send every reminder due on `today` that was not sent yet, then the digests."""
    allow(
        by.is_machine or by.is_superuser, gettext("Only the application or its administrator runs the sweep.")
    )
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute("SELECT pg_advisory_xact_lock(%s)", [_SWEEP_LOCK])
    today = today or timezone.localdate()
    sweep = SweepRun.objects.create()
    sent = remind(today, sweep)
    sweep.reminders_sent = sum(sent.values())
    sweep.by_kind = dict(sorted(sent.items()))
    sweep.digests_sent = send_digests() if digests else 0
    mail.recover()
    tasks.recover_stopped()
    sweep.finished_at = timezone.now()
    sweep.save(update_fields=["reminders_sent", "by_kind", "digests_sent", "finished_at"])
    audit.record(
        by,
        "notifications.sweep.ran",
        sweep,
        on=today.isoformat(),
        reminders=sweep.reminders_sent,
        digests=sweep.digests_sent,
    )
    return sweep


def remind(today: datetime.date, sweep: SweepRun | None = None) -> Counter[str]:
    """The reminders due on `today` not yet in the ledger: recorded and notified. A fixed number of
    queries whatever the number of plans (each source answers every school at once)."""
    dues: list[Due] = [due for source in REMINDERS for due in source(today)]
    wanted: dict[tuple[str, int, str, int, datetime.date], tuple[Due, User]] = {}
    for due in dues:
        content_type = ContentType.objects.get_for_model(due.record).pk
        for user in due.to:
            if user is not None and user.is_active:
                wanted[(due.kind, content_type, str(due.record.pk), user.pk, due.due_on)] = (due, user)
    if not wanted:
        return Counter()
    already = set(
        Reminder.objects.filter(
            kind__in={key[0] for key in wanted},
            due_on__in={key[4] for key in wanted},
            recipient_id__in={key[3] for key in wanted},
        ).values_list("kind", "content_type_id", "object_id", "recipient_id", "due_on")
    )
    new = {key: value for key, value in wanted.items() if key not in already}
    Reminder.objects.bulk_create(
        Reminder(kind=k, content_type_id=ct, object_id=oid, recipient_id=user, due_on=day, sweep=sweep)
        for (k, ct, oid, user, day) in new
    )
    grouped: dict[int, tuple[Due, list[User]]] = {}
    for due, user in new.values():
        grouped.setdefault(id(due), (due, []))[1].append(user)
    emit.notify_many(
        (due.kind, users, due.record, due.school_id, due.data) for due, users in grouped.values()
    )
    return Counter(key[0] for key in new)


def send_digests() -> int:
    """One e-mail to each person with digest notifications since their last digest: everything since,
    grouped by record, newest first, and nothing twice (the notifications point at their digest). Those
    the person may no longer see are left out of the e-mail."""
    pending = (
        Notification.objects.filter(channel=Channel.DIGEST, digest__isnull=True)
        .select_related("recipient", "school")
        .order_by("recipient_id", "-created_at", "-pk")
    )
    per_person: dict[int, list[Notification]] = defaultdict(list)
    for notification in load(list(pending)):
        per_person[notification.recipient_id].append(notification)
    sent = 0
    for rows in per_person.values():
        try:
            with transaction.atomic():  # one person's digest: a failure leaves theirs for the next run
                sent += _digest(rows)
        except Exception:  # noqa: BLE001 — logged; everyone else's digest and the reminders still go
            logger.exception("The digest of account %s could not be made.", rows[0].recipient_id)
    return sent


def _digest(rows: list[Notification]) -> int:
    user = rows[0].recipient
    digest = Digest.objects.create(recipient=user)
    Notification.objects.filter(pk__in=[row.pk for row in rows]).update(digest=digest)
    person = person_of(user)
    shown = [row for row in rows if visible(row, person)]
    address = address_of(user)
    if not shown or not address or not user.is_active:
        return 0  # in the app only: nothing to e-mail to, or nothing left they may see
    subject, text, html, headers = digest_email(user, shown)
    digest.email = mail.post(address, subject, text, html=html, headers=headers)
    digest.save(update_fields=["email"])
    return 1
