"""The school's proposals (SP-3.1, SP-3.2): their public status and support, for the school's members."""

import pytest
from django.urls import reverse
from django.utils import translation

from parliament.models import ProposalSupport
from tests.factories import MinistryFactory, ProposalFactory, StudentFactory, UserFactory

EN = {"HTTP_ACCEPT_LANGUAGE": "en"}
URL = reverse("parliament:proposal_list")


@pytest.fixture(autouse=True)
def _english():
    with translation.override("en"):
        yield


def test_members_see_the_schools_proposals_with_status_and_support(client, student, school, other_school):
    proposal = ProposalFactory(school=school, title="Суу куйгучтар", status="under_review")
    for supporter in StudentFactory.create_batch(3, school=school):
        ProposalSupport.objects.create(proposal=proposal, student=supporter)
    ProposalFactory(school=other_school, title="Башка мектептики")
    client.force_login(student)
    response = client.get(URL, **EN)
    assert response.status_code == 200
    assert "Суу куйгучтар" in response.text
    assert "Under review" in response.text
    assert "3 supporters" in response.text
    assert "Башка мектептики" not in response.text


def test_a_ministrys_proposal_is_shown_as_from_the_ministry(client, teacher, term):
    ministry = MinistryFactory(term=term, name="Спорт министрлиги")
    ProposalFactory(school=term.school, author=None, ministry=ministry)
    client.force_login(teacher)
    assert "from the Спорт министрлиги" in client.get(URL, **EN).text


def test_the_list_filters_by_status(client, teacher, school):
    ProposalFactory(school=school, title="Кабыл алынган", status="accepted")
    ProposalFactory(school=school, title="Жаңы сунуш")
    client.force_login(teacher)
    text = client.get(URL, {"status": "accepted"}, **EN).text
    assert "Кабыл алынган" in text
    assert "Жаңы сунуш" not in text


def test_an_unknown_status_filter_shows_everything_with_a_warning(client, teacher, school):
    ProposalFactory(school=school, title="Жаңы сунуш")
    client.force_login(teacher)
    response = client.get(URL, {"status": "lost"}, **EN)
    assert "Жаңы сунуш" in response.text
    assert "Unknown status filter" in response.text


def test_an_account_without_a_school_record_may_not_see_proposals(client, db):
    client.force_login(UserFactory(username="nobody"))
    assert client.get(URL).status_code == 403


def test_an_anonymous_visitor_is_sent_to_sign_in(client, db):
    response = client.get(URL)
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("login"))


@pytest.mark.parametrize("proposals", [3, 30])
def test_the_proposal_list_costs_the_same_queries_whatever_the_size(
    client, student, school, django_assert_max_num_queries, proposals
):
    for proposal in ProposalFactory.create_batch(proposals, school=school):
        ProposalSupport.objects.create(proposal=proposal, student=student.student)
    client.force_login(student)
    # the session, the user, the staff and student records; the count and the page of proposals with
    # their authors, ministries and support counts
    with django_assert_max_num_queries(7):
        assert client.get(URL).status_code == 200
