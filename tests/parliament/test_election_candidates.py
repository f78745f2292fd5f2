"""Candidates (SP-1.4): students of the candidate grades register with a statement; the commission
(its students and the supervising teacher) checks them."""

import pytest
from django.urls import reverse
from django.utils import translation

from parliament.actions.elections import Refused, check_candidate, register_candidate
from parliament.models import Candidate, CandidateStatus, ElectionStage
from school_gov.models import AuditEvent
from tests.factories import CandidateFactory, ElectionFactory, StudentFactory, UserFactory
from tests.steps import act

EN = {"HTTP_ACCEPT_LANGUAGE": "en"}


@pytest.fixture(autouse=True)
def _english():
    with translation.override("en"):
        yield


@pytest.fixture
def election(term, adviser):
    return ElectionFactory(term=term, supervisor=adviser.staff)


@pytest.fixture
def senior(school):
    """A grade-10 student with an account: of the candidate grades (the school's office-holder band)."""
    user = UserFactory(username="senior")
    StudentFactory(school=school, user=user, grade=10, surname="Талапкерова")
    return user


def _register_url(election):
    return reverse("parliament:candidate_register", args=[election.pk])


# Registering


def test_a_student_of_the_candidate_grades_registers_with_a_statement(client, election, senior):
    client.force_login(senior)
    response = client.post(_register_url(election), {"statement": "Мектеп гезитин чыгарам."}, **EN)
    assert response.status_code == 302
    assert response["Location"] == election.get_absolute_url()
    candidate = Candidate.objects.get(election=election)
    assert (candidate.student, candidate.status) == (senior.student, CandidateStatus.REGISTERED)
    event = AuditEvent.objects.get(action="parliament.candidate.registered")
    assert event.actor == senior


def test_a_student_below_the_candidate_grades_is_refused_with_a_message(client, election, student):
    client.force_login(student)
    page = client.get(_register_url(election), **EN)
    assert "Candidates stand from grade 10; you are in grade 7." in page.text
    assert 'name="statement"' not in page.text
    response = client.post(_register_url(election), {"statement": "Мен да!"}, **EN)
    assert "Candidates stand from grade 10; you are in grade 7." in response.text
    assert not Candidate.objects.exists()


def test_the_candidate_grades_are_a_setting_of_the_election(term, adviser, senior, president):
    """Within the office-holder band the election may narrow the candidates further (here to grade 11)."""
    election = ElectionFactory(term=term, supervisor=adviser.staff, candidate_from_grade=11)
    with pytest.raises(Refused, match="Candidates stand from grade 11; you are in grade 10."):
        register_candidate(
            election=election, student=senior.student, statement="Мен даярмын.", by=act(senior)
        )
    register_candidate(
        election=election, student=president.student, statement="Мен даярмын.", by=act(president)
    )
    assert list(Candidate.objects.values_list("student", flat=True)) == [president.student.pk]


def test_registration_closes_with_the_campaign(client, term, adviser, senior):
    election = ElectionFactory(term=term, supervisor=adviser.staff, stage=ElectionStage.CAMPAIGN)
    client.force_login(senior)
    response = client.post(_register_url(election), {"statement": "Кечиктим."}, **EN)
    assert "Registration of candidates is closed." in response.text
    assert not Candidate.objects.exists()


def test_a_student_registers_only_once(election, senior):
    register_candidate(election=election, student=senior.student, statement="Биринчи.", by=act(senior))
    with pytest.raises(Refused, match="already a candidate"):
        register_candidate(election=election, student=senior.student, statement="Экинчи.", by=act(senior))
    assert Candidate.objects.count() == 1


def test_an_empty_statement_is_refused(election, senior):
    with pytest.raises(Refused, match="Write your statement"):
        register_candidate(election=election, student=senior.student, statement="   ", by=act(senior))


def test_nobody_registers_another_student_but_the_commission(election, senior, student, adviser):
    with pytest.raises(Refused, match="Only the student or the election commission"):
        register_candidate(election=election, student=senior.student, statement="Ал үчүн.", by=act(student))
    register_candidate(election=election, student=senior.student, statement="Кагаз арыз.", by=act(adviser))
    assert Candidate.objects.get().student == senior.student


def test_a_member_of_the_commission_does_not_stand(election, senior):
    election.commission.add(senior.student)
    with pytest.raises(Refused, match="Members of the election commission do not stand"):
        register_candidate(election=election, student=senior.student, statement="Мен.", by=act(senior))
    assert not Candidate.objects.exists()


def test_staff_do_not_stand(client, election, teacher):
    client.force_login(teacher)
    assert client.get(_register_url(election)).status_code == 403


def test_registration_of_another_school_is_not_found(client, election, outsider):
    client.force_login(outsider)
    assert client.get(_register_url(election)).status_code == 404


def test_an_anonymous_visitor_is_sent_to_sign_in_from_registration(client, election):
    response = client.get(_register_url(election))
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("login"))


# Checking


@pytest.fixture
def candidate(election, senior):
    return CandidateFactory(election=election, student=senior.student, status=CandidateStatus.REGISTERED)


def _check_url(candidate):
    return reverse("parliament:candidate_check", args=[candidate.pk])


def test_the_supervising_teacher_admits_a_candidate(client, candidate, adviser):
    client.force_login(adviser)
    response = client.post(_check_url(candidate), {"decision": "admit", "note": ""})
    assert response.status_code == 302
    candidate.refresh_from_db()
    assert candidate.status == CandidateStatus.APPROVED
    assert AuditEvent.objects.filter(action="parliament.candidate.admitted").count() == 1


def test_a_student_of_the_commission_refuses_a_candidate_with_a_reason(client, candidate, president):
    candidate.election.commission.add(president.student)
    client.force_login(president)
    client.post(_check_url(candidate), {"decision": "reject", "note": "Арыз толук эмес."})
    candidate.refresh_from_db()
    assert (candidate.status, candidate.check_note) == (CandidateStatus.REJECTED, "Арыз толук эмес.")
    assert AuditEvent.objects.get(action="parliament.candidate.rejected").data["note"] == "Арыз толук эмес."


def test_nobody_checks_their_own_candidacy(client, candidate, senior):
    """A candidate put on the commission afterwards (the commission is edited in the admin) still may
    not admit themselves: neither the buttons nor the address."""
    candidate.election.commission.add(senior.student)
    client.force_login(senior)
    page = client.get(candidate.election.get_absolute_url(), **EN)
    assert 'name="decision"' not in page.text
    with pytest.raises(Refused, match="Nobody checks their own candidacy"):
        check_candidate(candidate=candidate, admit=True, note="", by=act(senior))
    client.post(_check_url(candidate), {"decision": "admit", "note": ""})
    candidate.refresh_from_db()
    assert candidate.status == CandidateStatus.REGISTERED


def test_a_refusal_without_a_reason_is_not_taken(client, candidate, adviser):
    client.force_login(adviser)
    response = client.post(_check_url(candidate), {"decision": "reject", "note": ""}, follow=True, **EN)
    assert "Write why the candidate is not admitted." in response.text
    candidate.refresh_from_db()
    assert candidate.status == CandidateStatus.REGISTERED


def test_candidates_are_checked_only_during_registration(candidate, adviser):
    election = candidate.election
    election.stage = ElectionStage.CAMPAIGN
    election.save()
    with pytest.raises(Refused, match="while registration is open"):
        check_candidate(candidate=candidate, admit=True, note="", by=act(adviser))


def test_a_student_outside_the_commission_may_not_check(client, candidate, student):
    client.force_login(student)
    assert client.post(_check_url(candidate), {"decision": "admit"}).status_code == 403


def test_the_director_is_not_the_commission(client, candidate, director):
    client.force_login(director)
    assert client.post(_check_url(candidate), {"decision": "admit"}).status_code == 403


def test_a_candidate_of_another_school_is_not_found(client, candidate, outsider):
    client.force_login(outsider)
    assert client.post(_check_url(candidate), {"decision": "admit"}).status_code == 404


def test_a_check_is_only_posted(client, candidate, adviser):
    client.force_login(adviser)
    assert client.get(_check_url(candidate)).status_code == 405


def test_the_commission_sees_the_check_buttons_on_the_election(client, candidate, adviser, student):
    client.force_login(adviser)
    assert _check_url(candidate) in client.get(candidate.election.get_absolute_url()).text
    client.force_login(student)
    assert _check_url(candidate) not in client.get(candidate.election.get_absolute_url()).text
