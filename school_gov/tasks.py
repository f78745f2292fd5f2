"""Background work on the task queue (django-tasks, its database backend; `manage.py db_worker` runs
it): e-mail leaves the request, so a slow or failing mail server never slows or fails a page, and a
password reset answers in the same time whether the address is known or not."""

from __future__ import annotations

from django.core.mail import EmailMultiAlternatives
from django_tasks import task


@task()
def send_mail(subject: str, body: str, to: list[str], html: str = "") -> None:
    """Send one message (plain text, with an HTML part when given) from DEFAULT_FROM_EMAIL."""
    message = EmailMultiAlternatives(subject, body, to=to)
    if html:
        message.attach_alternative(html, "text/html")
    message.send()
