"""A proposal's page (SP-3.1, SP-3.2): its text, status, support and the body's answer."""

import pytest
from django.urls import reverse
from django.utils import translation

from parliament.models import ProposalSupport
from tests.factories import ProposalFactory, StudentFactory

EN = {"HTTP_ACCEPT_LANGUAGE": "en"}


@pytest.fixture(autouse=True)
def _english():
    with translation.override("en"):
        yield


@pytest.fixture
def proposal(school):
    return ProposalFactory(school=school, title="Китепканага жаңы китептер", text="Заманбап китептер керек.")


def _get(client, proposal):
    return client.get(reverse("parliament:proposal_detail", args=[proposal.pk]), **EN)


def test_a_student_reads_a_proposal_and_is_offered_to_support_it(client, student, proposal):
    client.force_login(student)
    response = _get(client, proposal)
    assert response.status_code == 200
    assert "Заманбап китептер керек." in response.text
    assert reverse("parliament:proposal_support", args=[proposal.pk]) in response.text
    assert 'id="answer-form"' not in response.text


def test_a_supporter_sees_they_support_it(client, student, proposal):
    ProposalSupport.objects.create(proposal=proposal, student=student.student)
    client.force_login(student)
    response = _get(client, proposal)
    assert "you support it" in response.text
    assert reverse("parliament:proposal_support", args=[proposal.pk]) not in response.text


def test_the_director_gets_the_answer_form(client, director, proposal):
    client.force_login(director)
    response = _get(client, proposal)
    assert 'id="answer-form"' in response.text
    assert reverse("parliament:proposal_support", args=[proposal.pk]) not in response.text


def test_a_proposal_of_another_school_is_not_found(client, outsider, proposal):
    client.force_login(outsider)
    assert _get(client, proposal).status_code == 404


def test_an_anonymous_visitor_is_sent_to_sign_in(client, proposal):
    response = _get(client, proposal)
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("login"))


@pytest.mark.parametrize("supporters", [2, 20])
def test_the_proposal_page_costs_the_same_queries_whatever_the_support(
    client, student, proposal, django_assert_max_num_queries, supporters
):
    for supporter in StudentFactory.create_batch(supporters, school=proposal.school):
        ProposalSupport.objects.create(proposal=proposal, student=supporter)
    client.force_login(student)
    # the session, the user, the staff and student records; the proposal; the answer predicate's
    # roles; the support count; the student's own support (for the badge and the refusal)
    with django_assert_max_num_queries(10):
        assert _get(client, proposal).status_code == 200
