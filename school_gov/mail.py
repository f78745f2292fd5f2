"""Every e-mail the application sends leaves through the outbox (invitations, password resets,
notifications, digests): `post` keeps the message as a row and queues its delivery
after the commit; `deliver` (a background task) sends it, and when the mail server is down or refuses,
keeps the error, waits (1, 2, 4 … minutes, at most 6 hours) and tries again, up to MAX_ATTEMPTS; the
admin's outbox shows what waits and what failed, and sends again on request. Nothing is lost: a message
is marked sent only once the server took it."""

from __future__ import annotations

import datetime
import functools
from typing import Any

from django.core.mail import EmailMultiAlternatives
from django.db import transaction
from django.db.models import Q
from django.utils import timezone

from school_gov.models import Email, EmailStatus, backoff
from school_gov.sites import site_host
from school_gov.text import one_line

MAX_ATTEMPTS = 12  # about a day and a half of trying, with the backoff


def post(to: str, subject: str, body: str, *, html: str = "", headers: dict[str, str] | None = None) -> Email:
    """Keep one message in the outbox and queue its delivery once the current transaction commits."""
    subject = one_line(subject)
    if len(subject) > 300:
        subject = subject[:299] + "…"
    email = Email.objects.create(to=to, subject=subject, body=body, html=html, headers=headers or {})
    transaction.on_commit(functools.partial(_queue, email.pk))
    return email


def _queue(pk: int, *, after: Any = None) -> None:
    from school_gov.tasks import deliver

    (deliver.using(run_after=after) if after is not None else deliver).enqueue(pk)


def deliver(pk: int) -> str:
    """Send one message of the outbox; returns its status afterwards."""
    now = timezone.now()
    # Claim the message: only one worker sends it, and a message already sent is not sent again.
    claimed = Email.objects.filter(pk=pk, status=EmailStatus.QUEUED).update(
        status=EmailStatus.SENDING, claimed_at=now
    )
    email = Email.objects.filter(pk=pk).first()
    if email is None:
        return "missing"
    if not claimed:
        return email.status
    # Only the worker holding the claim writes the result (a stale claim taken over is not overwritten).
    mine = Email.objects.filter(pk=pk, status=EmailStatus.SENDING, claimed_at=now)
    try:
        # One Message-ID per message of the outbox, the same on every try: a message sent again after a
        # worker stopped between the server's acceptance and the "sent" mark is the same message, which
        # mail systems keep once.
        headers = {"Message-ID": f"<outbox.{email.pk}.{int(email.created_at.timestamp())}@{site_host()}>"}
        message = EmailMultiAlternatives(
            one_line(email.subject), email.body, to=[email.to], headers={**headers, **(email.headers or {})}
        )
        if email.html:
            message.attach_alternative(email.html, "text/html")
        message.send()
    except Exception as error:  # noqa: BLE001 — any failure of the mail server is kept and retried
        attempts = email.attempts + 1
        failed = attempts >= MAX_ATTEMPTS
        retry_at = None if failed else now + backoff(attempts)
        mine.update(
            attempts=attempts,
            last_error=f"{type(error).__name__}: {error}"[:2000],
            status=EmailStatus.FAILED if failed else EmailStatus.QUEUED,
            next_attempt_at=retry_at,
        )
        if retry_at is not None:
            _queue(pk, after=retry_at)
        return EmailStatus.FAILED if failed else EmailStatus.QUEUED
    # Sent: the text goes (it may hold a single-use link); who, what subject and when stay.
    mine.update(
        status=EmailStatus.SENT,
        sent_at=timezone.now(),
        attempts=email.attempts + 1,
        body="",
        html="",
        last_error="",
    )
    return EmailStatus.SENT


def send_again(pks: list[int]) -> int:
    """The admin's "send again": failed or waiting messages (not one a worker is sending) are queued now,
    their attempts counted anew."""
    pks = list(
        Email.objects.filter(pk__in=pks, status__in=[EmailStatus.FAILED, EmailStatus.QUEUED]).values_list(
            "pk", flat=True
        )
    )
    Email.objects.filter(pk__in=pks).update(status=EmailStatus.QUEUED, attempts=0, next_attempt_at=None)
    for pk in pks:
        transaction.on_commit(functools.partial(_queue, pk))
    return len(pks)


STALE = datetime.timedelta(hours=1)


def recover(now: datetime.datetime | None = None) -> int:
    """Messages no worker will send by itself, queued again (the daily sweep calls it): one taken to send
    by a worker that stopped (still "being sent" an hour after it was taken), and one waiting for more than
    an hour past its time (its task was lost: the process stopped between the commit and the queueing).
    Returns how many; a message a worker holds now is left alone, and a second queueing sends nothing
    twice (the claim)."""
    now = now or timezone.now()
    stale = Q(status=EmailStatus.SENDING, claimed_at__lt=now - STALE)
    lost = Q(status=EmailStatus.QUEUED) & (
        Q(next_attempt_at__lt=now - STALE) | Q(next_attempt_at__isnull=True, created_at__lt=now - STALE)
    )
    pks = list(Email.objects.filter(stale | lost).values_list("pk", flat=True))
    Email.objects.filter(stale, pk__in=pks).update(status=EmailStatus.QUEUED)
    for pk in pks:
        transaction.on_commit(functools.partial(_queue, pk))
    return len(pks)
