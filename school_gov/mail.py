"""Every e-mail the application sends leaves through the outbox (invitations, password resets,
notifications, digests): `post` keeps the message as a row and queues its delivery
after the commit; `deliver` (a background task) sends it, and when the mail server is down or refuses,
keeps the error, waits (1, 2, 4 … minutes, at most 6 hours) and tries again, up to MAX_ATTEMPTS; the
admin's outbox shows what waits and what failed, and sends again on request. Nothing is lost: a message
is marked sent only once the server took it."""

from __future__ import annotations

import functools
from typing import Any

from django.core.mail import EmailMultiAlternatives
from django.db import transaction
from django.utils import timezone

from school_gov.models import Email, EmailStatus, backoff

MAX_ATTEMPTS = 12  # about a day and a half of trying, with the backoff


def post(to: str, subject: str, body: str, *, html: str = "", headers: dict[str, str] | None = None) -> Email:
    """Keep one message in the outbox and queue its delivery once the current transaction commits."""
    email = Email.objects.create(to=to, subject=subject[:300], body=body, html=html, headers=headers or {})
    transaction.on_commit(lambda: _queue(email.pk))
    return email


def _queue(pk: int, *, after: Any = None) -> None:
    from school_gov.tasks import deliver

    (deliver.using(run_after=after) if after is not None else deliver).enqueue(pk)


def deliver(pk: int) -> str:
    """Send one message of the outbox; returns its status afterwards."""
    now = timezone.now()
    # Claim the message: only one worker sends it, and a message already sent is not sent again.
    claimed = Email.objects.filter(pk=pk, status=EmailStatus.QUEUED).update(status=EmailStatus.SENDING)
    email = Email.objects.filter(pk=pk).first()
    if email is None:
        return "missing"
    if not claimed:
        return email.status
    message = EmailMultiAlternatives(email.subject, email.body, to=[email.to], headers=email.headers or None)
    if email.html:
        message.attach_alternative(email.html, "text/html")
    try:
        message.send()
    except Exception as error:  # noqa: BLE001 — any failure of the mail server is kept and retried
        attempts = email.attempts + 1
        failed = attempts >= MAX_ATTEMPTS
        retry_at = None if failed else now + backoff(attempts)
        Email.objects.filter(pk=pk).update(
            attempts=attempts,
            last_error=f"{type(error).__name__}: {error}"[:2000],
            status=EmailStatus.FAILED if failed else EmailStatus.QUEUED,
            next_attempt_at=retry_at,
        )
        if retry_at is not None:
            _queue(pk, after=retry_at)
        return EmailStatus.FAILED if failed else EmailStatus.QUEUED
    # Sent: the text goes (it may hold a single-use link); who, what subject and when stay.
    Email.objects.filter(pk=pk).update(
        status=EmailStatus.SENT,
        sent_at=timezone.now(),
        attempts=email.attempts + 1,
        body="",
        html="",
        last_error="",
    )
    return EmailStatus.SENT


def send_again(pks: list[int]) -> int:
    """The admin's "send again": failed or waiting messages are queued now, their attempts counted anew."""
    pks = list(Email.objects.filter(pk__in=pks).exclude(status=EmailStatus.SENT).values_list("pk", flat=True))
    Email.objects.filter(pk__in=pks).update(status=EmailStatus.QUEUED, attempts=0, next_attempt_at=None)
    for pk in pks:
        transaction.on_commit(functools.partial(_queue, pk))
    return len(pks)
