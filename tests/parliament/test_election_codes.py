"""One-time codes (SP-1.4): the commission prints them per class from the roll for students without an
account; only a hash is kept, and each code votes once."""

import pytest
from django.urls import reverse
from django.utils import translation

from parliament.actions.elections import (
    Refused,
    hash_code,
    issue_codes,
    move_to_stage,
    vote_with_code,
)
from parliament.models import ElectionStage, Turnout, VoteCode
from school_gov.codes import CODE_ALPHABET
from school_gov.models import AuditEvent
from tests.factories import CandidateFactory, ElectionFactory, StudentFactory, UserFactory
from tests.steps import act, operator

EN = {"HTTP_ACCEPT_LANGUAGE": "en"}


@pytest.fixture(autouse=True)
def _english():
    with translation.override("en"):
        yield


@pytest.fixture
def election(term, adviser):
    election = ElectionFactory(term=term, supervisor=adviser.staff, stage=ElectionStage.CAMPAIGN)
    CandidateFactory(election=election)
    return election


@pytest.fixture
def class_6b(school):
    """Class 6-Б: two students without an account, one with one."""
    return [
        StudentFactory(school=school, grade=6, class_letter="Б", surname="Абдыраева"),
        StudentFactory(school=school, grade=6, class_letter="Б", surname="Жумабаев"),
        StudentFactory(school=school, grade=6, class_letter="Б", surname="Кадырова", user=UserFactory()),
    ]


def _url(election, grade=6, letter="Б"):
    return reverse("parliament:election_codes", args=[election.pk, grade, letter])


def test_codes_go_to_the_students_without_an_account_and_only_their_hashes_are_kept(
    election, class_6b, adviser
):
    issued = issue_codes(election=election, grade=6, class_letter="Б", by=act(adviser))
    assert [student for student, _code in issued] == class_6b[:2]
    for student, code in issued:
        assert len(code) == 8
        assert set(code) <= set(CODE_ALPHABET)
        stored = VoteCode.objects.get(election=election, student=student)
        assert stored.code_hash == hash_code(election, code)
        assert code not in stored.code_hash
    event = AuditEvent.objects.get(action="parliament.election.codes_issued")
    assert event.data == {"grade": 6, "class_letter": "Б", "count": 2}
    assert not any(code in str(event.data) for _student, code in issued)


def test_a_class_gets_its_codes_once(election, class_6b, adviser):
    issue_codes(election=election, grade=6, class_letter="Б", by=act(adviser))
    assert issue_codes(election=election, grade=6, class_letter="Б", by=act(adviser)) == []
    assert VoteCode.objects.count() == 2


def test_a_class_below_the_voter_grades_gets_no_codes(election, school, adviser):
    StudentFactory(school=school, grade=4, class_letter="А")
    with pytest.raises(Refused, match="grade 4 gets no codes"):
        issue_codes(election=election, grade=4, class_letter="А", by=act(adviser))
    assert not VoteCode.objects.exists()


def test_a_printed_code_votes_once(election, class_6b, adviser):
    issued = dict(issue_codes(election=election, grade=6, class_letter="Б", by=act(adviser)))
    move_to_stage(election=election, stage=ElectionStage.VOTING, by=act(adviser))
    code = issued[class_6b[0]]
    vote_with_code(election=election, code=code, candidate=election.candidates.get(), by=operator(election))
    assert Turnout.objects.get().student == class_6b[0]
    with pytest.raises(Refused):
        vote_with_code(
            election=election, code=code, candidate=election.candidates.get(), by=operator(election)
        )


def test_the_commission_sees_the_class_roll(client, election, class_6b, adviser):
    client.force_login(adviser)
    response = client.get(_url(election), **EN)
    assert response.status_code == 200
    states = {student.pk: state for student, state in response.context["roll"]}
    assert states == {class_6b[0].pk: "needs_code", class_6b[1].pk: "needs_code", class_6b[2].pk: "account"}
    assert 'id="issue-codes"' in response.text


def test_the_commission_prints_the_slips_once(client, election, class_6b, president):
    election.commission.add(president.student)
    client.force_login(president)
    response = client.post(_url(election), **EN)
    assert response.status_code == 200
    assert "no-store" in response["Cache-Control"]
    slips = response.context["slips"]
    assert [student for student, _code in slips] == class_6b[:2]
    for _student, code in slips:
        assert code in response.text
    again = client.post(_url(election), follow=True, **EN)
    assert "has one already" in again.text
    assert VoteCode.objects.count() == 2


def test_a_student_outside_the_commission_may_not_print_codes(client, election, class_6b, student):
    client.force_login(student)
    assert client.get(_url(election)).status_code == 403
    assert client.post(_url(election)).status_code == 403
    assert not VoteCode.objects.exists()


def test_a_teacher_outside_the_commission_may_not_print_codes(client, election, teacher):
    client.force_login(teacher)
    assert client.post(_url(election)).status_code == 403


def test_codes_of_another_school_are_not_found(client, election, outsider):
    client.force_login(outsider)
    assert client.get(_url(election)).status_code == 404


def test_an_anonymous_visitor_is_sent_to_sign_in_from_the_codes(client, election):
    response = client.get(_url(election))
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("login"))


def test_no_codes_after_the_voting(client, election, class_6b, adviser):
    Election = election.__class__
    Election.objects.filter(pk=election.pk).update(stage=ElectionStage.COUNTING)
    client.force_login(adviser)
    response = client.post(_url(election), follow=True, **EN)
    assert "Only the election commission prints codes, before the count." in response.text
    assert not VoteCode.objects.exists()


def test_the_election_page_lists_the_classes_for_the_commission(client, election, class_6b, adviser, student):
    client.force_login(adviser)
    assert _url(election) in client.get(election.get_absolute_url()).text
    client.force_login(student)
    assert _url(election) not in client.get(election.get_absolute_url()).text


def test_the_class_roll_costs_a_constant_number_of_queries(
    client, election, class_6b, adviser, django_assert_max_num_queries
):
    for _ in range(10):
        StudentFactory(school=election.term.school, grade=6, class_letter="Б")
    client.force_login(adviser)
    # session, user, staff record, student record, the election (scoped), the class, who voted, who has
    # a code
    with django_assert_max_num_queries(9):
        client.get(_url(election))


# A lost slip


def _reissue_url(election, student):
    return reverse("parliament:election_code_reissue", args=[election.pk, student.pk])


def test_a_lost_slip_is_replaced_and_the_old_code_stops_working(client, election, class_6b, adviser):
    old = dict(issue_codes(election=election, grade=6, class_letter="Б", by=act(adviser)))[class_6b[0]]
    client.force_login(adviser)
    roll = client.get(_url(election), **EN)
    assert roll.text.count('class="d-inline reissue"') == 2  # on each printed code, not on the account

    response = client.post(_reissue_url(election, class_6b[0]), **EN)
    assert response.status_code == 200
    assert "no-store" in response["Cache-Control"]
    ((student, shown),) = response.context["slips"]
    assert student == class_6b[0] and shown in response.text
    new = shown.replace("-", "")
    assert VoteCode.objects.get(student=class_6b[0]).code_hash == hash_code(election, new)
    event = AuditEvent.objects.get(action="parliament.election.code_reissued")
    assert (event.data["student"], event.data["grade"]) == (class_6b[0].pk, 6)

    move_to_stage(election=election, stage=ElectionStage.VOTING, by=act(adviser))
    with pytest.raises(Refused, match="unknown or has already been used"):
        vote_with_code(
            election=election, code=old, candidate=election.candidates.get(), by=operator(election)
        )
    vote_with_code(election=election, code=new, candidate=election.candidates.get(), by=operator(election))
    assert Turnout.objects.get().student == class_6b[0]


def test_no_new_code_for_a_student_who_has_voted_or_never_had_one(client, election, class_6b, adviser):
    code = dict(issue_codes(election=election, grade=6, class_letter="Б", by=act(adviser)))[class_6b[0]]
    move_to_stage(election=election, stage=ElectionStage.VOTING, by=act(adviser))
    vote_with_code(election=election, code=code, candidate=election.candidates.get(), by=operator(election))
    client.force_login(adviser)
    voted = client.post(_reissue_url(election, class_6b[0]), follow=True, **EN)
    assert "This student has voted; no new code is needed." in voted.text
    never = client.post(_reissue_url(election, class_6b[2]), follow=True, **EN)
    assert "This student has no code yet" in never.text
    assert not AuditEvent.objects.filter(action="parliament.election.code_reissued").exists()


def test_only_the_commission_replaces_a_slip(client, election, class_6b, adviser, student, outsider):
    issue_codes(election=election, grade=6, class_letter="Б", by=act(adviser))
    before = VoteCode.objects.get(student=class_6b[0]).code_hash
    client.force_login(student)
    assert client.post(_reissue_url(election, class_6b[0])).status_code == 403
    client.force_login(outsider)
    assert client.post(_reissue_url(election, class_6b[0])).status_code == 404
    client.force_login(adviser)
    assert client.get(_reissue_url(election, class_6b[0])).status_code == 405
    assert VoteCode.objects.get(student=class_6b[0]).code_hash == before
