"""Answering a poll (SP-3.1): one answer per student, in the window, for the audience, of this poll only."""

import datetime

import pytest
from django.urls import reverse
from django.utils import timezone, translation

from parliament.models import PollOption, PollResponse
from school_gov.models import AuditEvent
from tests.factories import PollFactory, PollOptionFactory, StudentFactory, UserFactory

EN = {"HTTP_ACCEPT_LANGUAGE": "en"}


@pytest.fixture(autouse=True)
def _english():
    with translation.override("en"):
        yield


@pytest.fixture
def poll(school, adviser):
    poll = PollFactory(school=school, question="Кайсы ийрим керек?", created_by=adviser.staff)
    PollOptionFactory(poll=poll, text="Шахмат", position=1)
    PollOptionFactory(poll=poll, text="Театр", position=2)
    return poll


def _answer(client, poll, option, **extra):
    return client.post(
        reverse("parliament:poll_answer", args=[poll.pk]), {"option": option.pk}, **extra, **EN
    )


def _messages(response) -> list[str]:
    return [str(m) for m in response.wsgi_request._messages]


def _votes(poll) -> list[int]:
    return list(poll.options.order_by("position").values_list("votes", flat=True))


def test_a_student_answers_once_and_the_answer_is_counted(client, student, poll):
    client.force_login(student)
    response = _answer(client, poll, poll.options.get(text="Театр"))
    assert response.status_code == 302
    assert response["Location"] == poll.get_absolute_url()
    assert _votes(poll) == [0, 1]
    assert PollResponse.objects.filter(poll=poll, student=student.student).exists()


def test_a_poll_answer_never_reaches_the_audit_trail(client, student, poll):
    client.force_login(student)
    _answer(client, poll, poll.options.first())
    assert not AuditEvent.objects.exists()


def test_the_thank_you_message_does_not_repeat_the_answer(client, student, poll):
    client.force_login(student)
    response = _answer(client, poll, poll.options.get(text="Театр"), follow=True)
    assert all("Театр" not in message for message in _messages(response))


def test_a_second_answer_is_refused_and_not_counted(client, student, poll):
    client.force_login(student)
    _answer(client, poll, poll.options.first())
    response = _answer(client, poll, poll.options.last(), follow=True)
    assert "You have already answered this poll." in _messages(response)
    assert _votes(poll) == [1, 0]
    assert PollResponse.objects.filter(poll=poll).count() == 1


def test_an_option_of_another_poll_is_refused_with_a_message_and_nothing_is_counted(
    client, student, poll, school
):
    other = PollFactory(school=school)
    foreign = PollOptionFactory(poll=other, text="Бөтөн жооп")
    client.force_login(student)
    response = _answer(client, poll, foreign, follow=True)
    assert "This answer is not one of this poll's options; nothing was counted." in _messages(response)
    assert _votes(poll) == [0, 0]
    assert PollOption.objects.get(pk=foreign.pk).votes == 0
    assert not PollResponse.objects.exists()


def test_an_answer_without_a_choice_is_refused(client, student, poll):
    client.force_login(student)
    response = client.post(reverse("parliament:poll_answer", args=[poll.pk]), {}, follow=True, **EN)
    assert "Choose an answer." in _messages(response)
    assert not PollResponse.objects.exists()


@pytest.mark.parametrize(
    ("opens", "closes", "message"),
    [
        (1, 2, "This poll is not open yet."),
        (-3, -1, "This poll has closed; answers are no longer taken."),
    ],
)
def test_an_answer_outside_the_open_window_is_refused(client, student, poll, opens, closes, message):
    now = timezone.now()
    poll.opens_at = now + datetime.timedelta(days=opens)
    poll.closes_at = now + datetime.timedelta(days=closes)
    poll.save()
    client.force_login(student)
    response = _answer(client, poll, poll.options.first(), follow=True)
    assert message in _messages(response)
    assert _votes(poll) == [0, 0]
    assert not PollResponse.objects.exists()


def test_a_student_outside_the_audience_grades_is_refused(client, pupil, poll):
    client.force_login(pupil)  # grade 3; the poll asks grades 5–11
    response = _answer(client, poll, poll.options.first(), follow=True)
    assert "This poll is for grades 5–11; you are in grade 3." in _messages(response)
    assert _votes(poll) == [0, 0]


def test_staff_may_not_answer_a_poll(client, director, poll):
    client.force_login(director)
    assert _answer(client, poll, poll.options.first()).status_code == 403
    assert _votes(poll) == [0, 0]


def test_a_student_of_another_school_gets_not_found(client, poll, other_school):
    user = UserFactory(username="stranger")
    StudentFactory(school=other_school, user=user, grade=7)
    client.force_login(user)
    assert _answer(client, poll, poll.options.first()).status_code == 404
    assert _votes(poll) == [0, 0]


def test_an_anonymous_visitor_is_sent_to_sign_in(client, poll):
    response = _answer(client, poll, poll.options.first())
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("login"))


def test_answering_takes_a_post(client, student, poll):
    client.force_login(student)
    assert client.get(reverse("parliament:poll_answer", args=[poll.pk])).status_code == 405
