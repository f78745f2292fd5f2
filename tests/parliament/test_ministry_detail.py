"""A ministry's public page (SP-1.5): name, description and minister for anyone; members for the school."""

import datetime

import pytest
from django.urls import reverse
from django.utils import timezone, translation

from tests.factories import EventFactory, MinistryFactory, ProposalFactory, StudentFactory

EN = {"HTTP_ACCEPT_LANGUAGE": "en"}


@pytest.fixture(autouse=True)
def _english():
    with translation.override("en"):
        yield


@pytest.fixture
def ministry(term):
    minister = StudentFactory(school=term.school, grade=10, name="Улан", surname="Жумабеков")
    ministry = MinistryFactory(
        term=term, name="Маданият министрлиги", description="Кечелер жана майрамдар.", minister=minister
    )
    ministry.members.set(
        [
            StudentFactory(school=term.school, grade=8, name="Тилек", surname="Мамытов"),
            StudentFactory(school=term.school, grade=9, name="Бермет", surname="Сыдыкова"),
        ]
    )
    return ministry


def _url(ministry):
    return reverse("parliament:ministry_detail", args=[ministry.pk])


def test_an_anonymous_visitor_sees_the_ministry_and_its_minister_by_public_name(client, ministry):
    response = client.get(_url(ministry), **EN)
    assert response.status_code == 200
    assert "Маданият министрлиги" in response.text
    assert "Кечелер жана майрамдар." in response.text
    assert "Улан Ж." in response.text
    assert "Жумабеков" not in response.text


def test_an_anonymous_visitor_sees_how_many_members_but_not_who(client, ministry):
    response = client.get(_url(ministry), **EN)
    assert "2 members" in response.text
    for name in ("Тилек", "Мамытов", "Бермет", "Сыдыкова"):
        assert name not in response.text


def test_a_student_of_the_school_sees_the_members_full_names(client, student, ministry):
    client.force_login(student)
    response = client.get(_url(ministry), **EN)
    assert "Мамытов Тилек" in response.text
    assert "Сыдыкова Бермет" in response.text


def test_a_teacher_of_the_school_sees_the_members(client, teacher, ministry):
    client.force_login(teacher)
    assert "Мамытов Тилек" in client.get(_url(ministry), **EN).text


def test_someone_from_another_school_sees_only_the_public_page(client, outsider, ministry):
    client.force_login(outsider)
    response = client.get(_url(ministry), **EN)
    assert response.status_code == 200
    assert "Улан Ж." in response.text
    assert "Мамытов" not in response.text


def test_an_unknown_ministry_is_not_found(client, db):
    assert client.get(reverse("parliament:ministry_detail", args=[999999])).status_code == 404


def test_the_ministry_page_lists_its_upcoming_events(client, ministry):
    now = timezone.now()
    EventFactory(school=ministry.term.school, ministry=ministry, title="Жаңы жылдык кече")
    EventFactory(
        school=ministry.term.school,
        ministry=ministry,
        title="Өткөн кече",
        starts_at=now - datetime.timedelta(days=5),
    )
    EventFactory(school=ministry.term.school, title="Башка министрликтин иши")
    text = client.get(_url(ministry), **EN).text
    assert "Жаңы жылдык кече" in text
    assert "Өткөн кече" not in text
    assert "Башка министрликтин" not in text


def test_the_ministrys_proposals_are_shown_to_the_school_only(client, student, ministry):
    ProposalFactory(school=ministry.term.school, author=None, ministry=ministry, title="Кечеге музыка")
    assert "Кечеге музыка" not in client.get(_url(ministry), **EN).text
    client.force_login(student)
    assert "Кечеге музыка" in client.get(_url(ministry), **EN).text


@pytest.mark.parametrize("members", [2, 20])
def test_the_ministry_page_costs_the_same_queries_whatever_the_size(
    client, student, ministry, django_assert_max_num_queries, members
):
    ministry.members.add(*StudentFactory.create_batch(members, school=ministry.term.school, grade=8))
    for _ in range(members):
        EventFactory(school=ministry.term.school, ministry=ministry)
        ProposalFactory(school=ministry.term.school, author=None, ministry=ministry)
    # the ministry with its term, school, year and minister; the member count; the upcoming events
    with django_assert_max_num_queries(3):
        assert client.get(_url(ministry)).status_code == 200
    client.force_login(student)
    # the session, the user, the staff and student records; the ministry; the members; the events;
    # the ministry's proposals with their support counts
    with django_assert_max_num_queries(9):
        assert client.get(_url(ministry)).status_code == 200
