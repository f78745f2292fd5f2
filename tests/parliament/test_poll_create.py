"""Creating a poll (SP-3.1): the adviser, the parliament's office-holders and the school's leaders."""

import datetime

import pytest
from django.urls import reverse
from django.utils import timezone, translation

from parliament.models import Poll
from school_gov.models import AuditEvent
from tests.factories import MinistryFactory, OfficeFactory

EN = {"HTTP_ACCEPT_LANGUAGE": "en"}
URL = reverse("parliament:poll_create")


@pytest.fixture(autouse=True)
def _english():
    with translation.override("en"):
        yield


def _local(moment) -> str:
    return timezone.localtime(moment).strftime("%Y-%m-%dT%H:%M")


def _data(**overrides):
    now = timezone.now()
    data = {
        "question": "Мектепте кайсы ийримди ачуу керек?",
        "audience_from_grade": 5,
        "audience_to_grade": 11,
        "opens_at": _local(now),
        "closes_at": _local(now + datetime.timedelta(days=3)),
        "options": "Робототехника\nШахмат\n\nТеатр\n",
    }
    data.update(overrides)
    return data


def test_the_adviser_creates_a_poll_with_its_answers(client, adviser, term):
    client.force_login(adviser)
    response = client.post(URL, _data())
    poll = Poll.objects.get()
    assert response.status_code == 302
    assert response["Location"] == poll.get_absolute_url()
    assert poll.school == term.school
    assert poll.term == term
    assert poll.created_by == adviser.staff
    assert list(poll.options.values_list("position", "text", "votes")) == [
        (1, "Робототехника", 0),
        (2, "Шахмат", 0),
        (3, "Театр", 0),
    ]
    event = AuditEvent.objects.get(action="parliament.poll.created")
    assert event.actor == adviser
    assert event.data["options"] == 3


def test_the_president_creates_a_poll(client, president, term):
    OfficeFactory(term=term, kind="president", student=president.student)
    client.force_login(president)
    assert client.post(URL, _data()).status_code == 302
    assert Poll.objects.exists()


def test_a_minister_creates_a_poll(client, president, term):
    MinistryFactory(term=term, minister=president.student)
    client.force_login(president)
    assert client.post(URL, _data()).status_code == 302


def test_the_director_and_the_deputy_create_polls(client, director, deputy, term):
    for user in (director, deputy):
        client.force_login(user)
        assert client.get(URL).status_code == 200


def test_a_student_without_an_office_may_not_create_a_poll(client, student, term):
    client.force_login(student)
    assert client.get(URL).status_code == 403
    assert client.post(URL, _data()).status_code == 403
    assert not Poll.objects.exists()


def test_a_teacher_who_is_not_the_adviser_may_not_create_a_poll(client, teacher, term):
    client.force_login(teacher)
    assert client.get(URL).status_code == 403


def test_the_director_of_another_school_asks_only_their_own_students(client, outsider, term):
    client.force_login(outsider)
    client.post(URL, _data())
    assert Poll.objects.get().school == outsider.staff.school


def test_an_anonymous_visitor_is_sent_to_sign_in(client, db):
    response = client.get(URL)
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("login"))


@pytest.mark.parametrize(
    ("overrides", "field", "message"),
    [
        ({"options": "Жалгыз жооп"}, "options", "Give at least two answers, one a line."),
        ({"options": "Ооба\nооба"}, "options", "Each answer appears once."),
        ({"options": "\n".join(str(n) for n in range(13))}, "options", "A poll has at most 12 answers."),
        (
            {"audience_from_grade": 9, "audience_to_grade": 5},
            "audience_to_grade",
            "cannot be below the first",
        ),
        ({"audience_to_grade": 13}, "audience_to_grade", "Grades run from 1 to 12."),
        (
            {"closes_at": _local(timezone.now() - datetime.timedelta(days=1))},
            "closes_at",
            "close in the future",
        ),
    ],
)
def test_bad_input_is_refused_with_a_message_and_nothing_is_created(
    client, adviser, term, overrides, field, message
):
    client.force_login(adviser)
    response = client.post(URL, _data(**overrides), **EN)
    assert response.status_code == 200
    assert any(message in error for error in response.context["form"].errors[field])
    assert not Poll.objects.exists()
    assert not AuditEvent.objects.exists()


def test_a_poll_must_close_after_it_opens(client, adviser, term):
    now = timezone.now()
    client.force_login(adviser)
    data = _data(
        opens_at=_local(now + datetime.timedelta(days=3)), closes_at=_local(now + datetime.timedelta(days=2))
    )
    response = client.post(URL, data, **EN)
    assert "A poll must close after it opens." in response.context["form"].errors["closes_at"]
    assert not Poll.objects.exists()
