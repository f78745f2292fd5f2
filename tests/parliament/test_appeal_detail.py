"""A confidential appeal's page (SP-3.3; SP-4.2 honour and dignity): who sees it, and every opening
recorded. Anyone who may not see an appeal gets 404, as if it did not exist: never a 403 that would
confirm there is one."""

import datetime

import pytest
from django.contrib import admin
from django.urls import reverse
from django.utils import timezone, translation

from parliament.models import Appeal
from school_gov.models import AuditEvent, Role
from tests.factories import AppealFactory, OfficeFactory, StudentFactory, UserFactory

EN = {"HTTP_ACCEPT_LANGUAGE": "en"}
SUBJECT = "Класста мени шылдыңдашат"


@pytest.fixture(autouse=True)
def _english():
    with translation.override("en"):
        yield


@pytest.fixture
def classmate(school):
    user = UserFactory(username="classmate")
    StudentFactory(school=school, user=user, grade=7)
    return user


@pytest.fixture
def president_in_office(president, term):
    OfficeFactory(
        term=term,
        kind="president",
        student=president.student,
        starts_on=timezone.localdate() - datetime.timedelta(days=30),
    )
    return president


@pytest.fixture
def appeal(student, school, term):
    return AppealFactory(school=school, author=student.student, subject=SUBJECT, text="Тыныгууда түртүшөт.")


def _url(appeal) -> str:
    return reverse("parliament:appeal_detail", args=[appeal.pk])


SEES = ["student", "adviser", "social_pedagogue", "deputy"]
DOES_NOT_SEE = ["classmate", "pupil", "president_in_office", "director", "teacher", "outsider", "superuser"]


@pytest.mark.parametrize("who", SEES)
def test_the_author_and_the_handlers_see_the_appeal(request, client, appeal, who):
    client.force_login(request.getfixturevalue(who))
    response = client.get(_url(appeal), **EN)
    assert response.status_code == 200
    assert SUBJECT in response.text
    assert "Тыныгууда түртүшөт." in response.text


@pytest.mark.parametrize("who", DOES_NOT_SEE)
def test_nobody_else_even_learns_that_the_appeal_exists(request, client, appeal, who):
    client.force_login(request.getfixturevalue(who))
    response = client.get(_url(appeal), **EN)
    assert response.status_code == 404
    assert SUBJECT not in response.text
    assert response.status_code == client.get(reverse("parliament:appeal_detail", args=[999])).status_code


def test_an_anonymous_visitor_is_sent_to_sign_in(client, appeal):
    response = client.get(_url(appeal))
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("login"))


def test_a_teacher_who_no_longer_advises_the_parliament_is_no_handler(client, appeal, term, teacher):
    term.adviser = teacher.staff  # the cast's `adviser` no longer advises the current parliament
    term.save()
    client.force_login(UserFactory(username="adviser"))
    assert client.get(_url(appeal)).status_code == 404
    client.force_login(teacher)
    assert client.get(_url(appeal)).status_code == 200


def test_a_social_pedagogue_whose_appointment_ended_no_longer_sees_it(client, appeal, social_pedagogue):
    social_pedagogue.staff.appointments.filter(role=Role.SOCIAL_PEDAGOGUE).update(
        ends_on=timezone.localdate() - datetime.timedelta(days=1)
    )
    client.force_login(social_pedagogue)
    assert client.get(_url(appeal)).status_code == 404


@pytest.mark.parametrize(("who", "opened_as"), [("student", "author"), ("deputy", "handler")])
def test_every_opening_is_recorded_with_who_opened_it(request, client, appeal, who, opened_as):
    user = request.getfixturevalue(who)
    client.force_login(user)
    client.get(_url(appeal))
    client.get(_url(appeal))
    events = AuditEvent.objects.for_object(appeal).filter(action="parliament.appeal.opened")
    assert events.count() == 2
    assert {(e.actor, e.school, e.data["opened_as"]) for e in events} == {(user, appeal.school, opened_as)}


def test_a_refused_look_is_not_recorded_as_an_opening(client, appeal, director):
    client.force_login(director)
    client.get(_url(appeal))
    assert not AuditEvent.objects.filter(action="parliament.appeal.opened").exists()


def test_the_audit_trail_names_the_appeal_by_number_not_by_its_subject(client, appeal, deputy):
    # The director reads the audit trail in the admin but may not read appeals.
    client.force_login(deputy)
    client.get(_url(appeal), HTTP_ACCEPT_LANGUAGE="en")
    event = AuditEvent.objects.get(action="parliament.appeal.opened")
    assert event.object_repr == f"Appeal № {appeal.pk}"
    assert SUBJECT not in str(event.data)


def test_handlers_see_who_opened_the_appeal_and_the_author_does_not(client, appeal, student, deputy):
    client.force_login(student)
    assert "Who opened and changed it" not in client.get(_url(appeal), **EN).text
    client.force_login(deputy)
    response = client.get(_url(appeal), **EN)
    assert "Who opened and changed it" in response.text
    assert deputy.staff.short_name in response.text
    assert [event.actor for event, _name, _label in response.context["history"]] == [deputy, student]


def test_only_handlers_get_the_status_form(client, appeal, student, social_pedagogue):
    client.force_login(student)
    assert client.get(_url(appeal)).context["form"] is None
    client.force_login(social_pedagogue)
    assert client.get(_url(appeal)).context["form"] is not None


def test_the_appeals_page_is_never_cached(client, appeal, student):
    client.force_login(student)
    assert "no-store" in client.get(_url(appeal))["Cache-Control"]


def test_the_appeal_is_not_in_the_admin():
    # The superuser is a technical administrator, not a handler (SP-3.3).
    assert Appeal not in admin.site._registry


def test_the_appeal_page_query_budget(client, appeal, deputy, django_assert_max_num_queries):
    client.force_login(deputy)
    # session, user, appeal with school, author and handler, staff record, roles, the appeal's content
    # type (when not cached yet), the opening's insert in its own transaction (a savepoint here, two
    # queries) with its place in the school's audit chain (a lock and the chain's head), history with
    # actors
    with django_assert_max_num_queries(12):
        assert client.get(_url(appeal)).status_code == 200


@pytest.mark.parametrize("who", ["director", "superuser"])
def test_the_admin_audit_trail_does_not_tell_who_filed_or_opened_an_appeal(
    request, client, student, deputy, who
):
    """The director reads the audit trail but handles no appeals: filing and opening an appeal stay on
    the appeal's own page, which only its handlers read (SP-3.3)."""
    client.force_login(student)
    client.post(
        reverse("parliament:appeal_create"), {"subject": SUBJECT, "text": "Мени сабакта шылдыңдашат."}
    )
    appeal = Appeal.objects.get()
    client.force_login(deputy)
    client.get(_url(appeal))
    assert AuditEvent.objects.filter(action__startswith="parliament.appeal.").count() == 2
    client.force_login(request.getfixturevalue(who))
    changelist = client.get(reverse("admin:school_gov_auditevent_changelist"), HTTP_ACCEPT_LANGUAGE="en")
    assert changelist.status_code == 200
    assert "parliament.appeal" not in changelist.text
    event = AuditEvent.objects.get(action="parliament.appeal.created")
    page = client.get(reverse("admin:school_gov_auditevent_change", args=[event.pk]))
    assert page.status_code == 302  # the admin's answer to a row it does not list: back to the index
