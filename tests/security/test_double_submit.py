"""Issue 16, found by an attacker's walk: a double submit (two clicks, two requests at once) made two
appeals and two proposals. The actions refuse the same create by the same student within a minute; the
student's row is locked first, so of two requests at once the second waits for the first and finds its
row. The appeal keeps its confidentiality: the refusal is said only to its author, on their own form,
and writes nothing to the audit trail."""

import datetime
import threading

import pytest
from django.db import connection, connections
from django.test import Client
from django.urls import reverse
from django.utils import timezone, translation

from parliament.actions.appeals import file_appeal
from parliament.actions.proposals import create_proposal
from parliament.models import Appeal, Proposal
from school_gov.models import AuditEvent
from school_gov.refusals import Refused
from tests.factories import MinistryFactory
from tests.steps import act

EN = {"HTTP_ACCEPT_LANGUAGE": "en"}
APPEAL_URL = reverse("parliament:appeal_create")
PROPOSAL_URL = reverse("parliament:proposal_create")
APPEAL = {"subject": "Класста чыр-чатак", "text": "Мени тыныгууда түртүшөт."}
PROPOSAL = {
    "body": "administration",
    "title": "Ашканага суу куйгучтар",
    "text": "Ар бир кабатка суу куйгуч коюуну сунуштайбыз.",
}
APPEAL_ONCE = "You have just filed this same appeal; it was filed once."
PROPOSAL_ONCE = "You have just submitted this same proposal; it was submitted once."


@pytest.fixture(autouse=True)
def _english():
    with translation.override("en"):
        yield


def _appeal(**fields) -> Appeal:
    return Appeal(**{**APPEAL, **fields})


def _proposal(student, **fields) -> Proposal:
    return Proposal(school=student.school, author=student, **{**PROPOSAL, **fields})


# One after the other


@pytest.mark.django_db
def test_an_appeal_posted_twice_is_filed_once_and_the_second_post_is_told_so(client, student):
    client.force_login(student)
    assert client.post(APPEAL_URL, APPEAL, **EN).status_code == 302
    again = client.post(APPEAL_URL, APPEAL, **EN)
    assert again.status_code == 200
    assert APPEAL_ONCE in again.text
    assert Appeal.objects.count() == 1
    assert AuditEvent.objects.filter(action="parliament.appeal.created").count() == 1


@pytest.mark.django_db
def test_a_proposal_posted_twice_is_submitted_once_and_the_second_post_is_told_so(client, student):
    client.force_login(student)
    assert client.post(PROPOSAL_URL, PROPOSAL, **EN).status_code == 302
    again = client.post(PROPOSAL_URL, PROPOSAL, **EN)
    assert again.status_code == 200
    assert PROPOSAL_ONCE in again.text
    assert Proposal.objects.count() == 1
    assert AuditEvent.objects.filter(action="parliament.proposal.created").count() == 1


@pytest.mark.django_db
def test_a_ministrys_proposal_sent_twice_by_its_minister_is_submitted_once(client, president, term):
    ministry = MinistryFactory(term=term, minister=president.student)
    client.force_login(president)
    assert client.post(PROPOSAL_URL, {**PROPOSAL, "ministry": ministry.pk}, **EN).status_code == 302
    again = client.post(PROPOSAL_URL, {**PROPOSAL, "ministry": ministry.pk}, **EN)
    assert PROPOSAL_ONCE in again.text
    assert Proposal.objects.get().ministry == ministry


@pytest.mark.django_db
def test_the_same_text_from_another_student_or_a_different_one_is_filed(student, president):
    file_appeal(_appeal(), by=act(student))
    file_appeal(_appeal(), by=act(president))
    file_appeal(_appeal(text="Дагы бир жолу түртүштү."), by=act(student))
    create_proposal(_proposal(student.student), by=act(student))
    create_proposal(_proposal(student.student, body="pedagogical_council"), by=act(student))
    create_proposal(_proposal(president.student), by=act(president))
    assert Appeal.objects.count() == 3
    assert Proposal.objects.count() == 3


@pytest.mark.django_db
def test_the_same_appeal_and_proposal_after_a_minute_are_filed_again(student):
    file_appeal(_appeal(), by=act(student))
    create_proposal(_proposal(student.student), by=act(student))
    earlier = timezone.now() - datetime.timedelta(minutes=1, seconds=1)
    Appeal.objects.update(created_at=earlier)
    Proposal.objects.update(created_at=earlier)
    file_appeal(_appeal(), by=act(student))
    create_proposal(_proposal(student.student), by=act(student))
    assert Appeal.objects.count() == 2
    assert Proposal.objects.count() == 2


@pytest.mark.django_db
def test_the_action_refuses_the_repeat_as_a_rule_of_the_form(student):
    file_appeal(_appeal(), by=act(student))
    with pytest.raises(Refused) as refused:
        file_appeal(_appeal(), by=act(student))
    assert (refused.value.reason, refused.value.field) == (Refused.RULE, "__all__")
    assert refused.value.message == APPEAL_ONCE


# At the same moment (PostgreSQL's row locks; SQLite takes one writer at a time)


def _at_once(*calls) -> list[str]:
    """Each call in its own thread (its own connection), released together; what each came to."""
    barrier = threading.Barrier(len(calls))
    outcomes: list[str] = []

    def run(call) -> None:
        try:
            barrier.wait()
            with translation.override("en"):
                outcomes.append(call())
        except Refused as error:
            outcomes.append(error.message)
        finally:
            connections.close_all()

    threads = [threading.Thread(target=run, args=(call,)) for call in calls]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=30)
    return outcomes


@pytest.fixture
def _postgresql():
    if connection.vendor != "postgresql":
        pytest.skip("row locks need PostgreSQL (CI runs this on PostgreSQL)")


@pytest.mark.django_db(transaction=True)
def test_two_appeals_filed_at_once_are_filed_once(_postgresql, student):
    def filed() -> str:
        file_appeal(_appeal(), by=act(student))
        return "filed"

    assert sorted(_at_once(filed, filed)) == [APPEAL_ONCE, "filed"]
    assert Appeal.objects.count() == 1
    assert AuditEvent.objects.filter(action="parliament.appeal.created").count() == 1


@pytest.mark.django_db(transaction=True)
def test_two_proposals_submitted_at_once_are_submitted_once(_postgresql, student):
    def submitted() -> str:
        create_proposal(_proposal(student.student), by=act(student))
        return "submitted"

    assert sorted(_at_once(submitted, submitted)) == [PROPOSAL_ONCE, "submitted"]
    assert Proposal.objects.count() == 1
    assert AuditEvent.objects.filter(action="parliament.proposal.created").count() == 1


@pytest.mark.django_db(transaction=True)
def test_two_posts_of_the_forms_at_once_keep_one_appeal_and_one_proposal(_postgresql, student):
    """The double click itself: two requests of one signed-in student, through the pages."""
    clients = [Client(), Client()]
    for each in clients:
        each.force_login(student)

    def post(each: Client, url: str, data: dict):
        return lambda: str(each.post(url, data, **EN).status_code)

    assert sorted(_at_once(*(post(each, APPEAL_URL, APPEAL) for each in clients))) == ["200", "302"]
    assert sorted(_at_once(*(post(each, PROPOSAL_URL, PROPOSAL) for each in clients))) == ["200", "302"]
    assert Appeal.objects.count() == 1
    assert Proposal.objects.count() == 1
