""" "Can I vote?" (SP-1.4): a student learns before the day whether they may vote, and why not."""

import datetime

import pytest
from django.urls import reverse
from django.utils import timezone, translation

from parliament.actions.elections import cast_vote, move_to_stage
from parliament.models import ElectionStage
from tests.factories import CandidateFactory, ElectionFactory
from tests.steps import act

EN = {"HTTP_ACCEPT_LANGUAGE": "en"}


@pytest.fixture(autouse=True)
def _english():
    with translation.override("en"):
        yield


@pytest.fixture
def election(term, adviser):
    """The campaign is on; voting opens in three days."""
    opens = timezone.now() + datetime.timedelta(days=3)
    election = ElectionFactory(
        term=term,
        supervisor=adviser.staff,
        stage=ElectionStage.CAMPAIGN,
        voting_opens_at=opens,
        voting_closes_at=opens + datetime.timedelta(hours=6),
    )
    CandidateFactory(election=election)
    return election


def _ask(client, user, election):
    client.force_login(user)
    return client.get(reverse("parliament:election_can_i_vote", args=[election.pk]), **EN)


def _open_now(election, adviser):
    election.voting_opens_at = timezone.now() - datetime.timedelta(hours=1)
    election.voting_closes_at = timezone.now() + datetime.timedelta(hours=1)
    election.save()
    move_to_stage(election=election, stage=ElectionStage.VOTING, by=act(adviser))


def test_an_eligible_student_learns_when_voting_opens(client, election, student):
    response = _ask(client, student, election)
    assert response.status_code == 200
    assert 'data-may-vote="no"' in response.text
    assert "Voting has not opened yet: it opens on" in response.text
    assert 'data-check="grade" data-ok="yes"' in response.text
    assert 'data-check="voted" data-ok="yes"' in response.text
    assert 'data-check="window" data-ok="no"' in response.text


def test_a_pupil_learns_that_students_vote_from_grade_five(client, election, pupil):
    response = _ask(client, pupil, election)
    assert 'data-may-vote="no"' in response.text
    assert "Students vote from grade 5; you are in grade 3." in response.text
    assert 'data-check="grade" data-ok="no"' in response.text


def test_a_student_may_vote_once_the_window_opens(client, election, student, adviser):
    _open_now(election, adviser)
    response = _ask(client, student, election)
    assert 'data-may-vote="yes"' in response.text
    assert reverse("parliament:election_vote", args=[election.pk]) in response.text


def test_a_student_who_voted_is_told_so(client, election, student, adviser):
    _open_now(election, adviser)
    cast_vote(
        election=election, student=student.student, candidate=election.candidates.get(), method="account"
    )
    response = _ask(client, student, election)
    assert "You have already voted in this election." in response.text
    assert 'data-check="voted" data-ok="no"' in response.text
    assert reverse("parliament:election_vote", args=[election.pk]) not in response.text


def test_a_student_learns_that_voting_has_closed(client, election, student, adviser):
    _open_now(election, adviser)
    election.voting_closes_at = timezone.now() - datetime.timedelta(minutes=5)
    election.voting_opens_at = election.voting_closes_at - datetime.timedelta(hours=5)
    election.save()
    assert "Voting has closed." in _ask(client, student, election).text


def test_staff_do_not_vote_and_get_no_answer(client, election, teacher):
    assert _ask(client, teacher, election).status_code == 403


def test_a_student_of_another_school_finds_nothing(client, election, outsider):
    assert _ask(client, outsider, election).status_code == 404


def test_an_anonymous_visitor_is_sent_to_sign_in(client, election):
    response = client.get(reverse("parliament:election_can_i_vote", args=[election.pk]))
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("login"))


def test_the_answer_costs_a_constant_number_of_queries(
    client, election, student, django_assert_max_num_queries
):
    client.force_login(student)
    # session, user, staff record, student record, the election (scoped), "has the student voted?"
    with django_assert_max_num_queries(7):
        client.get(reverse("parliament:election_can_i_vote", args=[election.pk]))
