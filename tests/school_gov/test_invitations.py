"""Coming in for the first time (issue "People in", accounts): the director or the deputy invites people
who have no account — a link by e-mail, or a code on a printed slip — and the invited person chooses a
username and a password once; an expired or used invitation signs nobody in. An account of someone who
left is closed; the record stays."""

from __future__ import annotations

import datetime
import re

import pytest
from django.contrib.auth import get_user_model
from django.contrib.auth.models import AnonymousUser
from django.core import mail
from django.urls import reverse
from django.utils import timezone, translation

from school_gov.actions.accounts import accept_invitation, deactivate_account, invite
from school_gov.invitations import latin, propose_username
from school_gov.models import AuditEvent, Invitation, WrongGuess
from school_gov.people import person_of
from school_gov.refusals import Refused
from tests.factories import StaffFactory, StudentFactory, UserFactory
from tests.steps import act, deliver

PASSWORD = "Жаңы-сыр-сөз-2026"
SITE = "http://testserver/"


@pytest.fixture(autouse=True)
def _mail_and_english(settings):
    settings.EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
    with translation.override("en"):
        yield


@pytest.fixture
def newcomer(school):
    return StaffFactory(school=school, surname="Өмүрбекова", name="Гүлнара", email="gulnara@mektep.kg")


@pytest.fixture
def pupil_without_email(school):
    return StudentFactory(school=school, surname="Асанов", name="Бакыт", grade=3, class_letter="А")


def _link() -> str:
    return re.search(r"https?://[^/]+(/\S+)", mail.outbox[-1].body).group(1)


def test_names_become_latin_usernames_and_a_taken_one_gets_a_number(db, newcomer):
    assert latin("Өмүрбекова Гүлнара Ңңү") == "omurbekovagulnarangngu"
    assert propose_username(newcomer) == "g.omurbekova"
    UserFactory(username="g.omurbekova")
    assert propose_username(newcomer) == "g.omurbekova2"


def test_a_link_by_e_mail_sets_the_account_once_and_signs_the_person_in(
    django_capture_on_commit_callbacks, client, director, newcomer
):
    with django_capture_on_commit_callbacks(execute=True):
        invited = invite([newcomer], by=act(director), school=newcomer.school, site=SITE)
    deliver()
    assert [(i.record, i.sent_to, i.code) for i in invited] == [(newcomer, "gulnara@mektep.kg", "")]
    assert mail.outbox[-1].to == ["gulnara@mektep.kg"]
    link = _link()
    page = client.get(link)
    assert page.context["form"].initial["username"] == "g.omurbekova"
    response = client.post(link, {"username": "gulnara", "password1": PASSWORD, "password2": PASSWORD})
    assert response["Location"] == reverse("dashboard")
    newcomer.refresh_from_db()
    assert newcomer.user.username == "gulnara" and newcomer.user.check_password(PASSWORD)
    assert client.session["_auth_user_id"] == str(newcomer.user.pk)
    client.logout()
    again = client.get(link)
    assert again.status_code == 410
    assert AuditEvent.objects.filter(action="school_gov.invitation.accepted").count() == 1


def test_an_expired_invitation_shows_a_clear_page_and_signs_nobody_in(
    django_capture_on_commit_callbacks, client, director, newcomer
):
    with django_capture_on_commit_callbacks(execute=True):
        invite([newcomer], by=act(director), school=newcomer.school, site=SITE)
    deliver()
    Invitation.objects.update(expires_at=timezone.now() - datetime.timedelta(minutes=1))
    response = client.post(_link(), {"username": "gulnara", "password1": PASSWORD, "password2": PASSWORD})
    assert response.status_code == 410
    assert "Бул чакыруу мындан ары иштебейт" in response.text  # the page speaks Kyrgyz
    assert "_auth_user_id" not in client.session
    newcomer.refresh_from_db()
    assert newcomer.user is None


def test_a_student_without_e_mail_gets_a_code_for_a_slip_typed_as_printed(
    client, director, pupil_without_email
):
    [invited] = invite([pupil_without_email], by=act(director), school=pupil_without_email.school, site=SITE)
    assert invited.sent_to == "" and len(invited.code) == 8 and mail.outbox == []
    typed = invited.code.lower()[:4] + " - " + invited.code[4:].replace("A", "А")  # Cyrillic А, spaces
    response = client.post(reverse("invitation_code"), {"code": typed})
    assert response.status_code == 302
    client.post(response["Location"], {"username": "bakyt", "password1": PASSWORD, "password2": PASSWORD})
    pupil_without_email.refresh_from_db()
    assert pupil_without_email.user.username == "bakyt"


def test_a_new_invitation_ends_the_earlier_one_and_an_account_is_not_invited(director, newcomer, teacher):
    first = invite([newcomer], by=act(director), school=newcomer.school, site=SITE)
    invite([newcomer], by=act(director), school=newcomer.school, site=SITE)
    assert Invitation.objects.filter(staff=newcomer, expires_at__gt=timezone.now()).count() == 1
    assert invite([teacher.staff], by=act(director), school=newcomer.school, site=SITE) == []
    assert first  # the first was made, then ended


def test_a_taken_username_and_a_weak_password_are_refused_on_the_form(
    django_capture_on_commit_callbacks, client, director, newcomer, teacher
):
    with django_capture_on_commit_callbacks(execute=True):
        invite([newcomer], by=act(director), school=newcomer.school, site=SITE)
    deliver()
    taken = client.post(_link(), {"username": "TEACHER", "password1": PASSWORD, "password2": PASSWORD})
    assert "Бул колдонуучунун аты бош эмес" in taken.text
    weak = client.post(_link(), {"username": "gulnara", "password1": "12345", "password2": "12345"})
    assert weak.status_code == 200 and "_auth_user_id" not in client.session
    newcomer.refresh_from_db()
    assert newcomer.user is None


def test_only_the_schools_leaders_invite(teacher, outsider, newcomer):
    for who in (teacher, outsider):
        with pytest.raises(Refused) as refusal:
            invite([newcomer], by=act(who), school=newcomer.school, site=SITE)
        assert refusal.value.reason in (Refused.NOT_ALLOWED, Refused.NOT_FOUND)
    assert not Invitation.objects.exists()


def test_a_forged_secret_is_refused(db):
    with pytest.raises(Refused, match="no longer works"):
        accept_invitation("x" * 43, by=person_of(AnonymousUser()), username="a", password=PASSWORD)


def test_the_director_closes_the_account_of_someone_who_left(client, director, teacher):
    deactivate_account(teacher.staff, by=act(director))
    teacher.refresh_from_db()
    assert not teacher.is_active
    assert teacher.staff.pk  # the record stays
    assert AuditEvent.objects.get(action="school_gov.user.deactivated").actor == director
    with pytest.raises(Refused, match="closed already"):
        deactivate_account(teacher.staff, by=act(director))


def test_a_teacher_cannot_close_an_account_and_nobody_closes_their_own(director, teacher, head):
    with pytest.raises(Refused) as refusal:
        deactivate_account(head.staff, by=act(teacher))
    assert refusal.value.reason == Refused.NOT_ALLOWED
    with pytest.raises(Refused, match="your own account"):
        deactivate_account(director.staff, by=act(director))
    assert get_user_model().objects.filter(is_active=False).count() == 0


def test_the_admin_action_prints_the_slips(client, director, pupil_without_email):
    client.force_login(director)
    response = client.post(
        reverse("admin:school_gov_student_changelist"),
        {"action": "send_invitations", "_selected_action": [pupil_without_email.pk]},
    )
    assert response.status_code == 200
    [(record, code)] = response.context["slips"]
    assert record == pupil_without_email and re.fullmatch(r"[A-Z0-9]{4}-[A-Z0-9]{4}", code)


def test_the_invitation_pages_answer_within_their_query_budgets(
    client, director, pupil_without_email, django_assert_max_num_queries
):
    [invited] = invite([pupil_without_email], by=act(director), school=pupil_without_email.school, site=SITE)
    # The address's wrong guesses (school_gov.guesses), the invitation with its record and school, and
    # the proposed username's look-up; the code's page asks nothing (no session for a visitor).
    with django_assert_max_num_queries(3):
        assert client.get(reverse("invitation_accept", args=[invited.code])).status_code == 200
    with django_assert_max_num_queries(0):
        assert client.get(reverse("invitation_code")).status_code == 200


def test_the_invitations_page_takes_the_same_queries_for_two_people_and_ten(
    client, director, school, django_assert_max_num_queries
):
    """Slips for 2 students or for 10: one update ends earlier invitations, one insert makes the new, and
    the audit line takes its place in the school's chain (a lock and its head: two queries)."""
    client.force_login(director)
    for count in (2, 10):
        pupils = [StudentFactory(school=school, grade=5, class_letter="Б") for _ in range(count)]
        with django_assert_max_num_queries(20):
            client.post(
                reverse("admin:school_gov_student_changelist"),
                {"action": "send_invitations", "_selected_action": [p.pk for p in pupils]},
            )


# Guessing codes (issue 16): ten codes that do not work from one address within a quarter of an hour, and
# the address tries no more until the oldest of them is a quarter of an hour old, by slip or by link.


def _typed_from(client, code: str, address: str):
    return client.post(
        reverse("invitation_code"), {"code": code}, REMOTE_ADDR=address, HTTP_ACCEPT_LANGUAGE="en"
    )


def test_ten_wrong_invitation_codes_stop_the_address(client, director, pupil_without_email):
    [invited] = invite([pupil_without_email], by=act(director), school=pupil_without_email.school, site=SITE)
    for n in range(10):
        assert "This code does not work" in _typed_from(client, f"WRNG{n:04d}", "192.0.2.50").text
    stopped = _typed_from(client, invited.code, "192.0.2.50")
    assert stopped.status_code == 429
    assert "Too many codes that do not work were typed from this address." in stopped.text
    # The link's secret is guessed the same way: stopped too.
    link = client.get(reverse("invitation_accept", args=[invited.code]), REMOTE_ADDR="192.0.2.50")
    assert link.status_code == 429
    # Another address (the pupil at home) goes on.
    assert _typed_from(client, invited.code, "192.0.2.51").status_code == 302
    WrongGuess.objects.update(at=timezone.now() - datetime.timedelta(minutes=16))
    assert _typed_from(client, invited.code, "192.0.2.50").status_code == 302


def test_wrong_links_count_as_wrong_codes(client, db):
    for n in range(10):
        response = client.get(reverse("invitation_accept", args=[f"guess-{n}"]), REMOTE_ADDR="192.0.2.60")
        assert response.status_code == 410
    assert _typed_from(client, "ABCD2345", "192.0.2.60").status_code == 429
