"""Background work on the task queue (django-tasks, its database backend; `manage.py db_worker` runs
it): e-mail leaves the request through the outbox (school_gov.mail), so a slow or failing mail server
never slows or fails a page, and a message waits and is tried again rather than lost."""

from __future__ import annotations

from django_tasks import task

from school_gov import mail


@task()
def deliver(pk: int) -> str:
    """Send one message of the outbox (tried again with backoff when the mail server fails)."""
    return mail.deliver(pk)


@task()
def send_mail(subject: str, body: str, to: list[str], html: str = "") -> None:
    """Kept for messages queued before the outbox existed: each goes into the outbox now."""
    for address in to:
        mail.post(address, subject, body, html=html)
