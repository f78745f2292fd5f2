"""A poll's page (SP-3.1): the answer form while it is open for the student, results only after it closes."""

import datetime

import pytest
from django.urls import reverse
from django.utils import timezone, translation

from parliament.models import PollResponse
from tests.factories import PollFactory, PollOptionFactory, StudentFactory, UserFactory

EN = {"HTTP_ACCEPT_LANGUAGE": "en"}


@pytest.fixture(autouse=True)
def _english():
    with translation.override("en"):
        yield


@pytest.fixture
def poll(school, adviser):
    poll = PollFactory(school=school, question="Кайсы ийрим керек?", created_by=adviser.staff)
    PollOptionFactory(poll=poll, text="Шахмат", position=1, votes=3)
    PollOptionFactory(poll=poll, text="Театр", position=2, votes=1)
    return poll


def _close(poll):
    poll.opens_at = timezone.now() - datetime.timedelta(days=3)
    poll.closes_at = timezone.now() - datetime.timedelta(minutes=1)
    poll.save()


def _get(client, poll):
    return client.get(reverse("parliament:poll_detail", args=[poll.pk]), **EN)


def test_a_student_of_the_audience_gets_the_answer_form_while_it_is_open(client, student, poll):
    client.force_login(student)
    response = _get(client, poll)
    assert response.status_code == 200
    assert reverse("parliament:poll_answer", args=[poll.pk]) in response.text
    assert 'name="option"' in response.text


def test_results_are_hidden_from_everyone_before_the_poll_closes(client, student, adviser, director, poll):
    for user in (student, adviser, director):
        client.force_login(user)
        response = _get(client, poll)
        assert 'id="results"' not in response.text
        assert "Results are shown when the poll closes" in response.text
        assert "75%" not in response.text


def test_after_the_poll_closes_results_show_counts_and_percentages(client, student, poll):
    _close(poll)
    client.force_login(student)
    response = _get(client, poll)
    assert 'id="results"' in response.text
    assert '<strong class="votes">3</strong> · <span class="percent">75%</span>' in response.text
    assert '<strong class="votes">1</strong> · <span class="percent">25%</span>' in response.text
    assert "4 answers in all" in response.text
    assert 'name="option"' not in response.text


def test_a_closed_poll_nobody_answered_shows_zero_percent(client, student, school, adviser):
    poll = PollFactory(school=school, created_by=adviser.staff)
    PollOptionFactory(poll=poll, text="Ооба")
    _close(poll)
    client.force_login(student)
    assert '<span class="percent">0%</span>' in _get(client, poll).text


def test_a_student_who_answered_sees_no_form_again(client, student, poll):
    PollResponse.objects.create(poll=poll, student=student.student)
    client.force_login(student)
    response = _get(client, poll)
    assert 'name="option"' not in response.text
    assert "You have answered this poll." in response.text


def test_a_student_outside_the_audience_is_told_why_and_gets_no_form(client, pupil, poll):
    client.force_login(pupil)
    response = _get(client, poll)
    assert response.status_code == 200
    assert 'name="option"' not in response.text
    assert "This poll is for grades 5–11; you are in grade 3." in response.text


def test_staff_read_the_poll_but_get_no_form(client, teacher, poll):
    client.force_login(teacher)
    response = _get(client, poll)
    assert response.status_code == 200
    assert 'name="option"' not in response.text


def test_a_poll_of_another_school_is_not_found(client, outsider, poll):
    client.force_login(outsider)
    assert _get(client, poll).status_code == 404


def test_an_anonymous_visitor_is_sent_to_sign_in(client, poll):
    response = _get(client, poll)
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("login"))


def test_an_account_without_a_school_record_may_not_open_polls(client, poll):
    client.force_login(UserFactory(username="nobody"))
    assert _get(client, poll).status_code == 403


@pytest.mark.parametrize("options", [2, 12])
def test_the_poll_page_costs_the_same_queries_whatever_the_options(
    client, student, school, adviser, django_assert_max_num_queries, options
):
    poll = PollFactory(school=school, created_by=adviser.staff)
    PollOptionFactory.create_batch(options, poll=poll, votes=2)
    _close(poll)
    StudentFactory.create_batch(3, school=school)
    client.force_login(student)
    # the session, the user, the staff and student records; the poll; the student's answer (twice: the
    # refusal and the "answered" flag); the respondents; the options
    with django_assert_max_num_queries(9):
        assert _get(client, poll).status_code == 200
