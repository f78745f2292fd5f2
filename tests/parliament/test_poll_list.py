"""The school's polls (SP-3.1): newest first, each with its window, a student's answered ones marked."""

import datetime

import pytest
from django.urls import reverse
from django.utils import timezone, translation

from parliament.models import PollResponse
from tests.factories import PollFactory, UserFactory

EN = {"HTTP_ACCEPT_LANGUAGE": "en"}
URL = reverse("parliament:poll_list")


@pytest.fixture(autouse=True)
def _english():
    with translation.override("en"):
        yield


def test_a_student_sees_the_schools_polls_and_which_they_answered(client, student, school, other_school):
    answered = PollFactory(school=school, question="Жооп берилген")
    PollFactory(school=school, question="Жаңы сурамжылоо")
    PollFactory(school=other_school, question="Башка мектептики")
    PollResponse.objects.create(poll=answered, student=student.student)
    client.force_login(student)
    response = client.get(URL, **EN)
    assert response.status_code == 200
    assert "Жооп берилген" in response.text
    assert "Жаңы сурамжылоо" in response.text
    assert "Башка мектептики" not in response.text
    assert response.text.count(">answered<") == 1


def test_the_list_shows_each_polls_window(client, teacher, school):
    now = timezone.now()
    PollFactory(
        school=school, opens_at=now + datetime.timedelta(days=1), closes_at=now + datetime.timedelta(days=2)
    )
    PollFactory(
        school=school, opens_at=now - datetime.timedelta(days=2), closes_at=now - datetime.timedelta(days=1)
    )
    PollFactory(school=school)
    client.force_login(teacher)
    text = client.get(URL, **EN).text
    assert ">not open yet<" in text
    assert ">closed<" in text
    assert ">open<" in text


def test_the_new_poll_button_is_for_those_who_may_create_polls(client, student, adviser, term):
    client.force_login(student)
    assert reverse("parliament:poll_create") not in client.get(URL).text
    client.force_login(adviser)
    assert reverse("parliament:poll_create") in client.get(URL).text


def test_an_account_without_a_school_record_may_not_see_polls(client, db):
    client.force_login(UserFactory(username="nobody"))
    assert client.get(URL).status_code == 403


def test_an_anonymous_visitor_is_sent_to_sign_in(client, db):
    response = client.get(URL)
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("login"))


@pytest.mark.parametrize("polls", [3, 30])
def test_the_poll_list_costs_the_same_queries_whatever_the_size(
    client, student, term, django_assert_max_num_queries, polls
):
    PollFactory.create_batch(polls, school=term.school)
    client.force_login(student)
    # the session, the user, the staff and student records; the count and the page of polls (with the
    # student's answers); the new-poll predicate: the current term, an office held, a ministry headed
    with django_assert_max_num_queries(10):
        assert client.get(URL).status_code == 200
