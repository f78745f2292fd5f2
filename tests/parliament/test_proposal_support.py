"""Supporting a proposal (SP-3.2): one support per student, while the school body has not decided."""

import pytest
from django.urls import reverse
from django.utils import translation

from parliament.models import ProposalSupport
from school_gov.models import AuditEvent
from tests.factories import ProposalFactory, StudentFactory, UserFactory

EN = {"HTTP_ACCEPT_LANGUAGE": "en"}


@pytest.fixture(autouse=True)
def _english():
    with translation.override("en"):
        yield


@pytest.fixture
def proposal(school):
    return ProposalFactory(school=school, title="Китепканага жаңы китептер")


def _support(client, proposal, **extra):
    return client.post(reverse("parliament:proposal_support", args=[proposal.pk]), **extra, **EN)


def _messages(response) -> list[str]:
    return [str(m) for m in response.wsgi_request._messages]


def test_a_student_supports_a_proposal(client, student, proposal):
    client.force_login(student)
    response = _support(client, proposal)
    assert response.status_code == 302
    assert response["Location"] == proposal.get_absolute_url()
    assert ProposalSupport.objects.filter(proposal=proposal, student=student.student).exists()
    event = AuditEvent.objects.get(action="parliament.proposal.supported")
    assert event.actor == student


def test_a_second_support_is_refused_and_not_counted(client, student, proposal):
    client.force_login(student)
    _support(client, proposal)
    response = _support(client, proposal, follow=True)
    assert "You already support this proposal." in _messages(response)
    assert proposal.supports.count() == 1
    assert AuditEvent.objects.filter(action="parliament.proposal.supported").count() == 1


@pytest.mark.parametrize("status", ["accepted", "rejected", "done"])
def test_a_decided_proposal_gathers_no_more_support(client, student, proposal, status):
    proposal.status = status
    proposal.save()
    client.force_login(student)
    response = _support(client, proposal, follow=True)
    assert "The proposal has been decided on; it no longer gathers support." in _messages(response)
    assert not proposal.supports.exists()


def test_staff_do_not_support_proposals(client, teacher, proposal):
    client.force_login(teacher)
    assert _support(client, proposal).status_code == 403
    assert not proposal.supports.exists()


def test_a_student_of_another_school_gets_not_found(client, proposal, other_school):
    user = UserFactory(username="stranger")
    StudentFactory(school=other_school, user=user)
    client.force_login(user)
    assert _support(client, proposal).status_code == 404
    assert not proposal.supports.exists()


def test_supporting_takes_a_post(client, student, proposal):
    client.force_login(student)
    assert client.get(reverse("parliament:proposal_support", args=[proposal.pk])).status_code == 405


def test_an_anonymous_visitor_is_sent_to_sign_in(client, proposal):
    response = _support(client, proposal)
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("login"))
