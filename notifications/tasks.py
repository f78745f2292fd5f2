"""The notifications' background work on the task queue (django-tasks; `manage.py db_worker` runs it)."""

from __future__ import annotations

import datetime

from django.utils import timezone
from django_tasks import task

from notifications.delivery import address_of, load, notification_email, visible
from notifications.models import Channel, Notification
from school_gov import mail
from school_gov.people import person_of


@task()
def email_notifications(ids: list[int]) -> int:
    """E-mail the notifications their recipients want at once (each once; none the recipient may no
    longer see). Returns how many were put in the outbox."""
    sent = 0
    pending = (
        Notification.objects.filter(pk__in=ids, channel=Channel.EMAIL, emailed_at__isnull=True)
        .select_related("recipient", "school")
        .order_by("pk")
    )
    for notification in load(list(pending)):
        recipient = notification.recipient
        address = address_of(recipient)
        if not address or not recipient.is_active or not visible(notification, person_of(recipient)):
            continue
        composed = notification_email(notification)
        if composed is None:
            continue
        subject, text, html, headers = composed
        mail.post(address, subject, text, html=html, headers=headers)
        Notification.objects.filter(pk=notification.pk).update(emailed_at=timezone.now())
        sent += 1
    return sent


SWEEP_HOUR = 7  # the daily sweep runs at 07:00 in the school's time zone


def next_sweep_at(now: datetime.datetime | None = None) -> datetime.datetime:
    local = timezone.localtime(now)
    run = local.replace(hour=SWEEP_HOUR, minute=0, second=0, microsecond=0)
    return run if run > local else run + datetime.timedelta(days=1)


@task()
def daily_sweep() -> dict[str, int]:
    """The scheduled sweep: reminders and digests now, and the next run queued for tomorrow morning."""
    from notifications import sweep

    try:
        return sweep.run_now()
    finally:  # one failed run does not end the daily sweep
        sweep.schedule()
