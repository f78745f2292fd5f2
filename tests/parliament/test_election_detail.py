"""The election's page (SP-1.4): stage, dates and candidates for the school's students and staff; the
results only once counted and published."""

import pytest
from django.urls import reverse
from django.utils import translation

from parliament.actions.elections import cast_vote, move_to_stage
from parliament.models import CandidateStatus, ElectionStage, PaperCount, Tally
from tests.factories import CandidateFactory, ElectionFactory, StudentFactory, UserFactory
from tests.steps import act

EN = {"HTTP_ACCEPT_LANGUAGE": "en"}


@pytest.fixture(autouse=True)
def _english():
    with translation.override("en"):
        yield


@pytest.fixture
def election(term, adviser):
    election = ElectionFactory(term=term, supervisor=adviser.staff, stage=ElectionStage.CAMPAIGN)
    CandidateFactory(election=election, student__surname="Асанова", statement="Ашкананы жакшыртам.")
    CandidateFactory(election=election, student__surname="Бекова", statement="Спорт секциялары.")
    return election


def _url(election) -> str:
    return reverse("parliament:election_detail", args=[election.pk])


def _published(election, term, adviser, *, candidates: int = 0):
    """The election taken through voting, count and results, with one vote per candidate's index."""
    for _ in range(candidates):
        CandidateFactory(election=election)
    move_to_stage(election=election, stage=ElectionStage.VOTING, by=act(adviser))
    school = term.school
    for index, candidate in enumerate(election.candidates.order_by("pk")[:3]):
        for grade in range(5, 5 + index + 1):
            cast_vote(
                election=election,
                student=StudentFactory(school=school, grade=grade),
                candidate=candidate,
                method="account",
            )
    PaperCount.objects.bulk_create(
        PaperCount(election=election, candidate=c, ballots=2) for c in election.candidates.all()
    )
    winner = election.candidates.order_by("pk")[2] if election.candidates.count() > 2 else None
    election.stage = ElectionStage.RESULTS
    election.winner = winner
    election.invalid_paper_ballots = 3
    election.save()
    return election


def test_a_student_sees_the_candidates_and_their_statements(client, election, student):
    client.force_login(student)
    response = client.get(_url(election), **EN)
    assert response.status_code == 200
    assert "Асанова" in response.text
    assert "Ашкананы жакшыртам." in response.text
    assert 'data-stage="campaign"' in response.text
    assert 'aria-current="step"' in response.text


def test_candidates_awaiting_the_commission_are_hidden_from_students(client, election, student, adviser):
    CandidateFactory(election=election, status=CandidateStatus.REGISTERED, student__surname="Күтүүдөгү")
    client.force_login(student)
    assert "Күтүүдөгү" not in client.get(_url(election)).text
    client.force_login(adviser)
    assert "Күтүүдөгү" in client.get(_url(election)).text


def test_staff_of_the_school_see_the_election(client, election, teacher):
    client.force_login(teacher)
    assert client.get(_url(election)).status_code == 200


def test_an_election_of_another_school_is_not_found(client, election, outsider):
    client.force_login(outsider)
    assert client.get(_url(election)).status_code == 404


def test_an_account_without_a_school_record_finds_nothing(client, election):
    client.force_login(UserFactory(username="nobody"))
    assert client.get(_url(election)).status_code == 404


def test_an_anonymous_visitor_is_sent_to_sign_in(client, election):
    response = client.get(_url(election))
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("login"))


def test_results_are_hidden_from_everyone_before_the_count(client, election, adviser, student, director):
    move_to_stage(election=election, stage=ElectionStage.VOTING, by=act(adviser))
    first = election.candidates.order_by("pk").first()
    cast_vote(election=election, student=student.student, candidate=first, method="account")
    count = reverse("parliament:election_count", args=[election.pk])
    for user, count_status in ((student, 403), (director, 302), (adviser, 302)):
        client.force_login(user)
        response = client.get(_url(election), **EN)
        assert 'id="results"' not in response.text
        assert "electronic" not in response.text
        assert client.get(count).status_code == count_status
    assert Tally.objects.get(candidate=first).votes == 1


def test_the_results_show_votes_turnout_by_grade_invalid_ballots_and_the_winner(
    client, election, term, adviser, student
):
    _published(election, term, adviser, candidates=1)
    winner = election.winner
    client.force_login(student)
    response = client.get(_url(election), **EN)
    assert 'id="results"' in response.text
    assert f'id="winner" data-candidate="{winner.pk}"' in response.text
    assert f"{winner.student.full_name} is elected president." in response.text
    # The third candidate: 3 electronic votes + 2 paper ballots.
    assert "3 electronic, 2 on paper" in response.text
    results = response.context["results"]
    assert [r.total for r, _percent in results] == [5, 4, 3]
    # Grade 7: the voter and the cast's `student`; grade 10: the three candidates, who did not vote.
    assert response.context["turnout"] == [(5, 3, 3), (6, 2, 2), (7, 1, 2), (10, 0, 3)]
    assert 'id="invalid-ballots"' in response.text
    assert response.context["election"].invalid_paper_ballots == 3


def test_the_supervisor_is_offered_the_next_stage(client, election, adviser):
    client.force_login(adviser)
    response = client.get(_url(election))
    assert reverse("parliament:election_stage", args=[election.pk]) in response.text
    assert 'value="voting"' in response.text


def test_a_student_is_offered_no_stage_move(client, election, student):
    client.force_login(student)
    assert reverse("parliament:election_stage", args=[election.pk]) not in client.get(_url(election)).text


@pytest.mark.parametrize("candidates", [2, 10])
def test_the_results_page_needs_the_same_queries_for_any_number_of_candidates(
    client, election, term, adviser, student, django_assert_max_num_queries, candidates
):
    _published(election, term, adviser, candidates=candidates - 2)
    client.force_login(student)
    # session, user, staff record, student record, the election (scoped), commission membership,
    # the candidates, "has the student voted?", the counters, the paper counts, voters per grade,
    # students per grade, the count's class lines, a run-off of it
    with django_assert_max_num_queries(15):
        response = client.get(_url(election))
    assert response.status_code == 200
    assert len(response.context["results"]) == candidates
