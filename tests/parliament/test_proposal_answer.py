"""The school body's answer to a proposal (SP-3.1): written by the director, the deputy or the adviser."""

import pytest
from django.urls import reverse
from django.utils import translation

from parliament.models import Proposal
from school_gov.models import AuditEvent
from tests.factories import ProposalFactory
from tests.steps import act

EN = {"HTTP_ACCEPT_LANGUAGE": "en"}


@pytest.fixture(autouse=True)
def _english():
    with translation.override("en"):
        yield


@pytest.fixture
def proposal(school):
    return ProposalFactory(school=school, body="administration", title="Ашканага суу куйгучтар")


def _answer(client, proposal, **data):
    data = {"status": "accepted", "answer": "Жаңы жылга чейин коюлат.", **data}
    return client.post(reverse("parliament:proposal_answer", args=[proposal.pk]), data, **EN)


@pytest.mark.parametrize("who", ["director", "deputy", "adviser"])
def test_the_director_the_deputy_and_the_adviser_answer_a_proposal(client, request, term, proposal, who):
    user = request.getfixturevalue(who)
    client.force_login(user)
    response = _answer(client, proposal)
    assert response.status_code == 302
    assert response["Location"] == proposal.get_absolute_url()
    proposal.refresh_from_db()
    assert proposal.status == "accepted"
    assert proposal.answer == "Жаңы жылга чейин коюлат."
    assert proposal.answered_by == user.staff
    assert proposal.answered_at is not None
    event = AuditEvent.objects.get(action="parliament.proposal.answered")
    assert event.actor == user
    assert event.data["status_from"] == "submitted"
    assert event.data["status_to"] == "accepted"


def test_everyone_at_school_reads_the_answer_and_the_status(client, director, student, proposal):
    client.force_login(director)
    _answer(client, proposal)
    client.force_login(student)
    response = client.get(proposal.get_absolute_url(), **EN)
    assert "Жаңы жылга чейин коюлат." in response.text
    assert "Accepted" in response.text
    assert 'id="answer-form"' not in response.text


def test_putting_a_proposal_under_review_needs_no_answer_yet(client, deputy, proposal):
    client.force_login(deputy)
    _answer(client, proposal, status="under_review", answer="")
    proposal.refresh_from_db()
    assert proposal.status == "under_review"


def test_a_decision_without_a_written_answer_is_refused(client, deputy, proposal):
    client.force_login(deputy)
    response = _answer(client, proposal, status="rejected", answer="  ")
    assert response.status_code == 200
    assert "Write the body's answer" in response.context["answer_form"].errors["answer"][0]
    proposal.refresh_from_db()
    assert proposal.status == "submitted"
    assert not AuditEvent.objects.exists()


def test_a_proposal_cannot_be_put_back_to_submitted(client, deputy, proposal):
    client.force_login(deputy)
    response = _answer(client, proposal, status="submitted")
    assert "status" in response.context["answer_form"].errors
    assert Proposal.objects.get().answer == ""


@pytest.mark.parametrize("who", ["teacher", "student", "president"])
def test_other_members_of_the_school_may_not_answer(client, request, term, proposal, who):
    client.force_login(request.getfixturevalue(who))
    assert _answer(client, proposal).status_code == 403
    assert Proposal.objects.get().status == "submitted"


def test_the_director_of_another_school_gets_not_found(client, outsider, proposal):
    client.force_login(outsider)
    assert _answer(client, proposal).status_code == 404


def test_answering_takes_a_post(client, director, proposal):
    client.force_login(director)
    assert client.get(reverse("parliament:proposal_answer", args=[proposal.pk])).status_code == 405


def test_an_anonymous_visitor_is_sent_to_sign_in(client, proposal):
    response = _answer(client, proposal)
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("login"))


def test_a_decision_without_an_answer_is_refused_outside_the_form_too(proposal, director):
    from parliament.actions.proposals import answer_proposal
    from school_gov.refusals import Refused

    with translation.override("en"), pytest.raises(Refused, match="Write the body's answer"):
        answer_proposal(proposal, by=act(director), status="accepted", answer="")
    proposal.refresh_from_db()
    assert proposal.answer == ""
