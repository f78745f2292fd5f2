"""The election in the admin (SP-1.4): the school's leaders set it up; the ballot's tables are not
there, and the votes appear only with the published results."""

import datetime

import pytest
from django.contrib import admin
from django.urls import reverse
from django.utils import timezone, translation

from parliament.actions.elections import cast_vote, move_to_stage
from parliament.models import Election, ElectionStage, PaperCount, Tally, Turnout, VoteCode
from school_gov.models import AuditEvent
from tests.factories import CandidateFactory, ElectionFactory, StaffFactory, TermFactory
from tests.steps import act

EN = {"HTTP_ACCEPT_LANGUAGE": "en"}


@pytest.fixture(autouse=True)
def _english():
    with translation.override("en"):
        yield


@pytest.fixture
def election(term, adviser):
    election = ElectionFactory(
        term=term, supervisor=adviser.staff, stage=ElectionStage.CAMPAIGN, title="Шайлоо 2026"
    )
    CandidateFactory(election=election, student__surname="Асанова")
    CandidateFactory(election=election, student__surname="Бекова")
    return election


def _change(election):
    return reverse("admin:parliament_election_change", args=[election.pk])


def test_the_ballots_tables_are_not_in_the_admin():
    for model in (Tally, Turnout, VoteCode, PaperCount):
        assert model not in admin.site._registry, model


def test_the_director_sees_the_elections_of_the_school_only(client, election, director, other_school):
    other_term = TermFactory(school=other_school)
    ElectionFactory(term=other_term, title="Башка мектептин шайлоосу")
    client.force_login(director)
    response = client.get(reverse("admin:parliament_election_changelist"), **EN)
    assert response.status_code == 200
    assert "Шайлоо 2026" in response.text
    assert "Башка мектептин" not in response.text


def test_an_election_of_another_school_is_not_found_in_the_admin(client, election, outsider):
    client.force_login(outsider)
    response = client.get(_change(election))
    assert response.status_code in (302, 404)
    assert "Шайлоо" not in response.text


def test_the_votes_are_hidden_in_the_admin_until_the_results(client, election, director, adviser, student):
    move_to_stage(election=election, stage=ElectionStage.VOTING, by=act(adviser))
    cast_vote(
        election=election, student=student.student, candidate=election.candidates.first(), method="account"
    )
    client.force_login(director)
    response = client.get(_change(election), **EN)
    assert response.status_code == 200
    assert "Hidden until the results are published." in response.text
    # Once voting has started, who may vote and when is fixed.
    assert 'name="voter_from_grade"' not in response.text
    assert 'name="voting_closes_at_0"' not in response.text


def test_the_votes_appear_with_the_results(client, election, director, adviser):
    move_to_stage(election=election, stage=ElectionStage.VOTING, by=act(adviser))
    Tally.objects.filter(election=election, candidate__student__surname="Асанова").update(votes=7)
    Election.objects.filter(pk=election.pk).update(stage=ElectionStage.RESULTS)
    client.force_login(director)
    response = client.get(_change(election), **EN)
    assert "Hidden until the results" not in response.text
    assert "Асанова" in response.text
    assert ": 7 (7 + 0)" in response.text


def test_the_frame_can_be_changed_before_voting(client, election, director):
    client.force_login(director)
    response = client.get(_change(election))
    assert 'name="voter_from_grade"' in response.text
    assert 'name="stage"' not in response.text


def test_the_director_sets_up_an_election_and_the_trail_records_it(client, director, term, adviser):
    client.force_login(director)
    opens = timezone.localtime() + datetime.timedelta(days=14)
    data = {
        "term": term.pk,
        "title": "Президентти шайлоо",
        "candidate_from_grade": 10,
        "voter_from_grade": 5,
        "voting_opens_at_0": opens.strftime("%Y-%m-%d"),
        "voting_opens_at_1": "08:00:00",
        "voting_closes_at_0": opens.strftime("%Y-%m-%d"),
        "voting_closes_at_1": "15:00:00",
        "supervisor": adviser.staff.pk,
        "candidates-TOTAL_FORMS": 0,
        "candidates-INITIAL_FORMS": 0,
    }
    response = client.post(reverse("admin:parliament_election_add"), data)
    assert response.status_code == 302, response.context["adminform"].form.errors
    election = Election.objects.get(title="Президентти шайлоо")
    assert election.stage == ElectionStage.REGISTRATION
    assert AuditEvent.objects.filter(action="parliament.election.added", object_id=str(election.pk)).exists()


def test_a_supervisor_of_another_school_is_refused(client, director, term, other_school):
    stranger = StaffFactory(school=other_school)
    client.force_login(director)
    opens = timezone.localtime() + datetime.timedelta(days=14)
    data = {
        "term": term.pk,
        "title": "Президентти шайлоо",
        "candidate_from_grade": 10,
        "voter_from_grade": 5,
        "voting_opens_at_0": opens.strftime("%Y-%m-%d"),
        "voting_opens_at_1": "08:00:00",
        "voting_closes_at_0": opens.strftime("%Y-%m-%d"),
        "voting_closes_at_1": "15:00:00",
        "supervisor": stranger.pk,
        "candidates-TOTAL_FORMS": 0,
        "candidates-INITIAL_FORMS": 0,
    }
    response = client.post(reverse("admin:parliament_election_add"), data)
    assert response.status_code == 200
    assert not Election.objects.exists()


def test_elections_are_never_deleted_in_the_admin(client, election, director):
    client.force_login(director)
    assert client.get(reverse("admin:parliament_election_delete", args=[election.pk])).status_code == 403


def test_a_candidate_is_not_put_on_the_commission(client, director, term, adviser):
    election = ElectionFactory(term=term, supervisor=adviser.staff)
    standing = CandidateFactory(election=election, student__surname="Талапкеров").student
    client.force_login(director)
    opens = timezone.localtime(election.voting_opens_at)
    closes = timezone.localtime(election.voting_closes_at)
    data = {
        "term": term.pk,
        "title": election.title,
        "candidate_from_grade": 10,
        "voter_from_grade": 5,
        "voting_opens_at_0": opens.strftime("%Y-%m-%d"),
        "voting_opens_at_1": opens.strftime("%H:%M:%S"),
        "voting_closes_at_0": closes.strftime("%Y-%m-%d"),
        "voting_closes_at_1": closes.strftime("%H:%M:%S"),
        "supervisor": adviser.staff.pk,
        "commission": [standing.pk],
        "candidates-TOTAL_FORMS": 1,
        "candidates-INITIAL_FORMS": 1,
    }
    response = client.post(_change(election), data, HTTP_ACCEPT_LANGUAGE="en")
    assert response.status_code == 200
    assert "Candidates may not sit on the commission that checks them: Талапкеров" in response.text
    assert not election.commission.exists()
