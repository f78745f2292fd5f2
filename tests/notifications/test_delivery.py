"""How notifications reach people: e-mail at once through the outbox (a mail server that is down loses
nothing), the daily digest (everything since the last one, nothing twice), the reader's language, and
nobody told about what they may no longer see."""

from __future__ import annotations

import pytest
from django.core import mail
from django.utils import timezone

from notifications.actions.sweep import send_digests
from notifications.models import Channel, Digest, Notification, Preference
from school_gov import mail as outbox
from school_gov.models import Email, EmailStatus
from tests import steps


@pytest.fixture(autouse=True)
def _locmem(settings):
    settings.EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"


def _addresses(*users):
    for user in users:
        user.email = f"{user.username}@mektep.kg"
        user.save()


@pytest.mark.django_db
def test_a_mail_server_that_is_down_delays_the_message_and_loses_nothing(settings, plan, head, deputy):
    _addresses(deputy)
    settings.EMAIL_BACKEND = "django.core.mail.backends.smtp.EmailBackend"
    settings.EMAIL_HOST, settings.EMAIL_PORT, settings.EMAIL_TIMEOUT = "127.0.0.1", 1, 2  # nothing listens
    steps.submit(plan, head)  # the head's page answers: the e-mail waits in the outbox
    steps.deliver()
    email = Email.objects.get()
    assert email.status == EmailStatus.QUEUED and email.attempts == 1 and "Error" in email.last_error
    assert email.next_attempt_at > timezone.now()
    # The server is back; the retry the worker waits for now sends it, once.
    settings.EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
    assert outbox.deliver(email.pk) == EmailStatus.SENT
    assert outbox.deliver(email.pk) == EmailStatus.SENT  # a second worker's try sends nothing again
    assert [m.to for m in mail.outbox] == [["deputy@mektep.kg"]]
    email.refresh_from_db()
    assert email.attempts == 2 and email.body == "" and email.sent_at is not None


@pytest.mark.django_db
def test_after_the_last_attempt_the_message_is_marked_failed_and_can_be_sent_again(
    settings, plan, head, deputy
):
    _addresses(deputy)
    settings.EMAIL_BACKEND = "django.core.mail.backends.smtp.EmailBackend"
    settings.EMAIL_HOST, settings.EMAIL_PORT, settings.EMAIL_TIMEOUT = "127.0.0.1", 1, 2
    steps.submit(plan, head)
    steps.deliver()
    email = Email.objects.get()
    Email.objects.filter(pk=email.pk).update(attempts=outbox.MAX_ATTEMPTS - 1)
    assert outbox.deliver(email.pk) == EmailStatus.FAILED
    settings.EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
    assert outbox.send_again([email.pk]) == 1
    steps.deliver()
    assert [m.to for m in mail.outbox] == [["deputy@mektep.kg"]]


@pytest.mark.django_db
def test_the_email_is_in_the_recipients_language_with_a_link_and_an_unsubscribe(plan, head, deputy):
    _addresses(deputy)
    deputy.language = "ru"
    deputy.save()
    steps.submit(plan, head)
    steps.deliver()
    [message] = mail.outbox
    assert "согласован" in message.subject
    assert f"/methodology/plans/{plan.pk}/" in message.body
    assert "/notifications/unsubscribe/" in message.body
    assert message.extra_headers["List-Unsubscribe-Post"] == "List-Unsubscribe=One-Click"
    html, mime = message.alternatives[0]
    assert mime == "text/html" and f"/methodology/plans/{plan.pk}/" in html


@pytest.mark.django_db
def test_someone_who_lost_the_role_before_the_email_left_is_not_told(plan, head, deputy):
    _addresses(deputy)
    steps.submit(plan, head)
    appointment = deputy.staff.appointments.get()
    appointment.ends_on = appointment.starts_on
    appointment.save()
    steps.deliver()
    assert mail.outbox == []
    assert Notification.objects.get(recipient=deputy).emailed_at is None


def _sweep():
    """The digests of the sweep (its reminders are the reminders' tests)."""
    return send_digests()


@pytest.mark.django_db
def test_the_digest_carries_everything_since_the_last_one_and_nothing_twice(plan, head, teacher, deputy):
    _addresses(head)
    Preference.objects.create(user=head, kind="plan_commented", channel=Channel.DIGEST)
    from methodology.actions import plans as plan_actions

    plan_actions.comment(plan, by=steps.act(teacher), text="Биринчи пикир.")
    plan_actions.comment(plan, by=steps.act(teacher), text="Экинчи пикир.")
    steps.deliver()
    assert mail.outbox == []  # the digest, not e-mail at once
    assert _sweep() == 1
    steps.deliver()
    [first] = mail.outbox
    assert "Биринчи пикир." in first.body and "Экинчи пикир." in first.body
    assert first.body.index("Экинчи пикир.") < first.body.index("Биринчи пикир.")  # newest first
    assert first.body.count("== ") == 1  # one group: the plan
    plan_actions.comment(plan, by=steps.act(teacher), text="Үчүнчү пикир.")
    assert _sweep() == 1
    steps.deliver()
    second = mail.outbox[1]
    assert "Үчүнчү пикир." in second.body
    assert "Биринчи пикир." not in second.body and "Экинчи пикир." not in second.body
    assert _sweep() == 0  # nothing new: no digest
    assert Digest.objects.filter(recipient=head).count() == 2
    assert not Notification.objects.filter(recipient=head, digest__isnull=True).exists()


@pytest.mark.django_db
def test_a_digest_kind_is_in_the_digest_only_and_an_app_kind_in_no_email(plan, head, teacher, deputy):
    _addresses(head, deputy)
    Preference.objects.create(user=head, kind="plan_commented", channel=Channel.APP)
    from methodology.actions import plans as plan_actions

    plan_actions.comment(plan, by=steps.act(teacher), text="Пикир.")
    _sweep()
    steps.deliver()
    assert mail.outbox == []
    assert Notification.objects.filter(recipient=head).count() == 1  # still in the app


@pytest.mark.django_db
def test_a_return_comment_of_several_lines_is_emailed_with_a_one_line_subject(plan, head, deputy):
    _addresses(head)
    steps.submit(plan, head)
    steps.return_for_revision(plan, deputy, "Биринчи сап.\nЭкинчи сап.")
    steps.deliver()
    [message] = [m for m in mail.outbox if m.to == ["head@mektep.kg"]]
    assert "\n" not in message.subject and "Биринчи сап. Экинчи сап." in message.subject
    assert "Биринчи сап.\nЭкинчи сап." in message.body


@pytest.mark.django_db
def test_a_message_whose_worker_stopped_or_whose_task_was_lost_is_queued_again_once(db):
    import datetime

    email = outbox.post("deputy@mektep.kg", "Тема", "Текст")
    long_ago = timezone.now() - datetime.timedelta(hours=2)
    Email.objects.filter(pk=email.pk).update(status=EmailStatus.SENDING, claimed_at=long_ago)
    fresh = outbox.post("director@mektep.kg", "Тема", "Текст")  # its task is queued: left alone
    assert outbox.recover() == 1
    steps.deliver()
    assert sorted(m.to[0] for m in mail.outbox) == ["deputy@mektep.kg", "director@mektep.kg"]
    assert outbox.recover() == 0
    assert Email.objects.get(pk=fresh.pk).status == EmailStatus.SENT


@pytest.mark.django_db
def test_unsubscribing_stops_the_emails_already_waiting(client, plan, head, teacher):
    from django.urls import reverse

    from methodology.actions import plans as plan_actions
    from notifications.delivery import EVERY_KIND, unsubscribe_token

    _addresses(head)
    Preference.objects.create(user=head, kind="plan_commented", channel=Channel.DIGEST)
    plan_actions.comment(plan, by=steps.act(teacher), text="Пикир.")
    client.post(reverse("notifications:unsubscribe", args=[unsubscribe_token(head, EVERY_KIND)]))
    assert _sweep() == 0
    steps.deliver()
    assert mail.outbox == []
    assert Notification.objects.get(recipient=head, kind="plan_commented").channel == Channel.APP
