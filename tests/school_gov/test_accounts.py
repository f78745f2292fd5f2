"""Getting back in: a forgotten password is reset by a single-use link sent by e-mail (the same answer for
an address no account has), the reset lifts the sign-in lock-out, and people sign in by username or by
e-mail address."""

import re

import pytest
from axes.models import AccessAttempt
from django.core import mail
from django.urls import reverse

from tests.factories import UserFactory
from tests.steps import deliver

PASSWORD = "Жаңы-сыр-сөз-2026"


@pytest.fixture(autouse=True)
def _mail(settings):
    settings.EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"


def _ask_reset(client, address: str):
    response = client.post(reverse("password_reset"), {"email": address})
    deliver()  # the e-mail goes through the task queue
    return response


def _link() -> str:
    assert len(mail.outbox) == 1
    return re.search(r"https?://[^/]+(/\S+)", mail.outbox[0].body).group(1)


def _sign_in(client, username: str, password: str):
    return client.post(reverse("login"), {"username": username, "password": password})


def test_the_sign_in_page_links_to_the_reset(client, db):
    assert reverse("password_reset") in client.get(reverse("login")).text


def test_a_known_and_an_unknown_address_get_the_same_answer(client, teacher):
    teacher.email = "teacher@mektep.kg"
    teacher.save()
    known = _ask_reset(client, "teacher@mektep.kg")
    unknown = _ask_reset(client, "nobody@mektep.kg")
    assert known.status_code == unknown.status_code == 302
    assert known["Location"] == unknown["Location"] == reverse("password_reset_done")
    assert len(mail.outbox) == 1  # only the account's own address gets a link
    assert mail.outbox[0].to == ["teacher@mektep.kg"]


def test_the_link_sets_a_new_password_once(client, teacher):
    teacher.email = "teacher@mektep.kg"
    teacher.save()
    _ask_reset(client, "teacher@mektep.kg")
    link = _link()
    form = client.get(link, follow=True)  # Django moves the token into the session, then shows the form
    assert form.context["validlink"]
    response = client.post(form.redirect_chain[-1][0], {"new_password1": PASSWORD, "new_password2": PASSWORD})
    assert response["Location"] == reverse("password_reset_complete")
    teacher.refresh_from_db()
    assert teacher.check_password(PASSWORD)
    again = client.get(link, follow=True)
    assert not again.context["validlink"]
    assert "Бул шилтеме мындан ары иштебейт" in again.text  # Kyrgyz first
    assert "_auth_user_id" not in client.session  # nobody is signed in by the link


def test_a_tampered_link_shows_the_clear_page(client, teacher):
    teacher.email = "teacher@mektep.kg"
    teacher.save()
    _ask_reset(client, "teacher@mektep.kg")
    response = client.get(_link()[:-3] + "zzz/", follow=True)
    assert not response.context["validlink"]


def test_a_reset_lifts_the_lock_out(client, settings, teacher):
    teacher.email = "teacher@mektep.kg"
    teacher.set_password("old-password-1")
    teacher.save()
    for _ in range(settings.AXES_FAILURE_LIMIT):
        _sign_in(client, "teacher", "wrong")
    assert AccessAttempt.objects.filter(username="teacher").exists()
    locked = _sign_in(client, "teacher", "old-password-1")
    assert "_auth_user_id" not in client.session, locked.status_code
    _ask_reset(client, "teacher@mektep.kg")
    form = client.get(_link(), follow=True)
    client.post(form.redirect_chain[-1][0], {"new_password1": PASSWORD, "new_password2": PASSWORD})
    assert not AccessAttempt.objects.filter(username="teacher").exists()
    response = _sign_in(client, "teacher", PASSWORD)
    assert response.status_code == 302 and client.session["_auth_user_id"] == str(teacher.pk)


def test_people_sign_in_by_username_or_by_e_mail(client, teacher):
    teacher.email = "Teacher@Mektep.kg"
    teacher.set_password(PASSWORD)
    teacher.save()
    assert _sign_in(client, "teacher@mektep.kg", PASSWORD).status_code == 302
    assert client.session["_auth_user_id"] == str(teacher.pk)
    client.logout()
    assert _sign_in(client, "teacher", PASSWORD).status_code == 302


def test_an_address_two_accounts_share_signs_in_nobody(client, teacher, db):
    teacher.email = "shared@mektep.kg"
    teacher.set_password(PASSWORD)
    teacher.save()
    other = UserFactory(username="other", email="shared@mektep.kg")
    other.set_password(PASSWORD)
    other.save()
    response = _sign_in(client, "shared@mektep.kg", PASSWORD)
    assert response.status_code == 200  # the form again, with its error
    assert "_auth_user_id" not in client.session


def test_the_reset_answers_before_the_e_mail_is_sent_and_a_dead_mail_server_fails_no_page(
    client, settings, teacher
):
    """The page's work is the same for a known and an unknown address (the e-mail waits in the outbox),
    and a mail server that is down fails the worker's try, never the person's page: the message waits
    to be tried again."""
    from school_gov.models import Email, EmailStatus
    from tests.steps import deliver

    teacher.email = "teacher@mektep.kg"
    teacher.save()
    settings.EMAIL_BACKEND = "django.core.mail.backends.smtp.EmailBackend"
    settings.EMAIL_HOST, settings.EMAIL_PORT, settings.EMAIL_TIMEOUT = "127.0.0.1", 1, 2  # nothing listens
    response = client.post(reverse("password_reset"), {"email": "teacher@mektep.kg"})
    assert response.status_code == 302
    assert Email.objects.count() == 1 and mail.outbox == []
    client.post(reverse("password_reset"), {"email": "nobody@mektep.kg"})
    assert Email.objects.count() == 1  # nothing to send for an unknown address
    deliver()
    waiting = Email.objects.get()
    assert waiting.status == EmailStatus.QUEUED and waiting.attempts == 1
    assert waiting.last_error and waiting.next_attempt_at is not None and waiting.body  # kept to try again


def test_the_reset_pages_speak_kyrgyz(client, db):
    response = client.get(reverse("password_reset"), HTTP_ACCEPT_LANGUAGE="ky")
    assert "Сырсөзүңүздү унуттуңузбу?" in response.text


def test_the_reset_pages_ask_the_database_nothing_but_the_address(client, db, django_assert_max_num_queries):
    with django_assert_max_num_queries(0):
        assert client.get(reverse("password_reset")).status_code == 200
    with django_assert_max_num_queries(1):  # the accounts with this address; no e-mail is queued
        assert client.post(reverse("password_reset"), {"email": "nobody@mektep.kg"}).status_code == 302
