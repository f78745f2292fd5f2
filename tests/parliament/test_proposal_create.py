"""Making a proposal (SP-3.1): a student, or a minister on behalf of their ministry, to a school body."""

import pytest
from django.urls import reverse
from django.utils import translation

from parliament.models import Proposal
from school_gov.models import AuditEvent
from tests.factories import MinistryFactory

EN = {"HTTP_ACCEPT_LANGUAGE": "en"}
URL = reverse("parliament:proposal_create")


@pytest.fixture(autouse=True)
def _english():
    with translation.override("en"):
        yield


def _data(**overrides):
    data = {
        "body": "administration",
        "title": "Ашканага суу куйгучтар",
        "text": "Ар бир кабатка суу куйгуч коюуну сунуштайбыз.",
    }
    data.update(overrides)
    return data


def test_a_student_makes_a_proposal(client, student, school):
    client.force_login(student)
    response = client.post(URL, _data())
    proposal = Proposal.objects.get()
    assert response.status_code == 302
    assert response["Location"] == proposal.get_absolute_url()
    assert proposal.school == school
    assert proposal.author == student.student
    assert proposal.ministry is None
    assert proposal.status == "submitted"
    event = AuditEvent.objects.get(action="parliament.proposal.created")
    assert event.actor == student
    assert event.data["body"] == "administration"


def test_a_minister_proposes_on_behalf_of_the_ministry(client, president, term):
    ministry = MinistryFactory(term=term, minister=president.student)
    client.force_login(president)
    assert 'name="ministry"' in client.get(URL).text
    client.post(URL, _data(ministry=ministry.pk))
    proposal = Proposal.objects.get()
    assert proposal.ministry == ministry
    assert proposal.author is None
    assert AuditEvent.objects.get(action="parliament.proposal.created").actor == president


def test_a_minister_may_still_propose_as_themself(client, president, term):
    MinistryFactory(term=term, minister=president.student)
    client.force_login(president)
    client.post(URL, _data(ministry=""))
    proposal = Proposal.objects.get()
    assert proposal.author == president.student
    assert proposal.ministry is None


def test_a_student_may_not_propose_for_a_ministry_they_do_not_head(client, student, president, term):
    ministry = MinistryFactory(term=term, minister=president.student)
    client.force_login(student)
    assert 'name="ministry"' not in client.get(URL).text
    client.post(URL, _data(ministry=ministry.pk))
    assert Proposal.objects.get().ministry is None  # the field is not theirs: ignored


def test_a_missing_title_is_refused_and_nothing_is_saved(client, student, school):
    client.force_login(student)
    response = client.post(URL, _data(title=""), **EN)
    assert response.status_code == 200
    assert "title" in response.context["form"].errors
    assert not Proposal.objects.exists()
    assert not AuditEvent.objects.exists()


def test_an_unknown_body_is_refused(client, student, school):
    client.force_login(student)
    response = client.post(URL, _data(body="parliament"), **EN)
    assert "body" in response.context["form"].errors
    assert not Proposal.objects.exists()


def test_staff_do_not_make_student_proposals(client, teacher, director):
    for user in (teacher, director):
        client.force_login(user)
        assert client.get(URL).status_code == 403
        assert client.post(URL, _data()).status_code == 403
    assert not Proposal.objects.exists()


def test_an_anonymous_visitor_is_sent_to_sign_in(client, db):
    response = client.get(URL)
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("login"))
