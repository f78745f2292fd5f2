"""The appeals page (SP-3.3): a student sees their own appeals; the handlers the school's, by status."""

import pytest
from django.urls import reverse
from django.utils import translation

from tests.factories import AppealFactory, OfficeFactory, StudentFactory

EN = {"HTTP_ACCEPT_LANGUAGE": "en"}
URL = reverse("parliament:appeal_list")


@pytest.fixture(autouse=True)
def _english():
    with translation.override("en"):
        yield


@pytest.fixture
def appeals(school, student, other_school, term):
    mine = AppealFactory(school=school, author=student.student, subject="Менин арызым")
    someone_elses = AppealFactory(school=school, subject="Башка окуучунун арызы", status="in_progress")
    resolved = AppealFactory(school=school, subject="Чечилген арыз", status="resolved", resolution="Чечилди")
    foreign = AppealFactory(school=other_school, subject="Чет мектептин арызы")
    return mine, someone_elses, resolved, foreign


def _subjects(response) -> set[str]:
    return {appeal.subject for appeal in response.context["appeals"]}


def test_a_student_sees_only_their_own_appeals(client, student, appeals):
    client.force_login(student)
    response = client.get(URL, **EN)
    assert response.status_code == 200
    assert _subjects(response) == {"Менин арызым"}
    assert "Башка окуучунун" not in response.text
    assert reverse("parliament:appeal_create") in response.text


def test_the_president_sees_only_their_own_appeals_too(client, president, term, appeals):
    OfficeFactory(term=term, kind="president", student=president.student)
    client.force_login(president)
    assert _subjects(client.get(URL)) == set()


@pytest.mark.parametrize("who", ["adviser", "social_pedagogue", "deputy"])
def test_the_handlers_see_the_schools_open_appeals_first(request, client, appeals, who):
    client.force_login(request.getfixturevalue(who))
    response = client.get(URL, **EN)
    assert response.status_code == 200
    assert _subjects(response) == {"Менин арызым", "Башка окуучунун арызы"}
    assert response.context["status"] == "open"


def test_the_handlers_filter_by_status_and_see_the_counts(client, deputy, appeals):
    client.force_login(deputy)
    response = client.get(URL, {"status": "resolved"}, **EN)
    assert _subjects(response) == {"Чечилген арыз"}
    counts = {value: count for value, _label, count in response.context["tabs"]}
    assert counts == {"open": 2, "new": 1, "in_progress": 1, "resolved": 1, "closed": 0, "all": 3}
    all_response = client.get(URL, {"status": "all"})
    assert len(_subjects(all_response)) == 3


def test_an_unknown_status_shows_all_with_a_warning(client, deputy, appeals):
    client.force_login(deputy)
    response = client.get(URL, {"status": "lost"}, **EN)
    assert len(_subjects(response)) == 3
    assert "Unknown status filter" in response.text


@pytest.mark.parametrize("who", ["director", "teacher"])
def test_staff_who_do_not_handle_appeals_may_not_open_the_list(request, client, appeals, who):
    client.force_login(request.getfixturevalue(who))
    assert client.get(URL).status_code == 403


def test_an_account_without_a_school_finds_no_appeals(client, superuser, appeals):
    """The parliament is the school's own: an account of no school is an outsider, answered 404."""
    client.force_login(superuser)
    assert client.get(URL).status_code == 404


def test_a_handler_of_another_school_sees_none_of_ours(client, outsider, appeals, other_school):
    from school_gov.models import Role
    from tests.factories import AppointmentFactory

    AppointmentFactory(staff=outsider.staff, role=Role.DEPUTY_DIRECTOR)
    client.force_login(outsider)
    response = client.get(URL, {"status": "all"})
    assert _subjects(response) == {"Чет мектептин арызы"}


def test_an_anonymous_visitor_is_sent_to_sign_in(client, db):
    response = client.get(URL)
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("login"))


@pytest.mark.parametrize("count", [3, 60])
def test_the_handlers_list_query_budget_is_flat(
    client, deputy, school, term, count, django_assert_max_num_queries
):
    authors = [StudentFactory(school=school) for _ in range(5)]
    for index in range(count):
        AppealFactory(school=school, author=authors[index % 5], status="new" if index % 2 else "in_progress")
    client.force_login(deputy)
    # session, user, staff record, roles, counts by status, page count, page of appeals with authors
    # and handlers
    with django_assert_max_num_queries(8):
        response = client.get(URL)
    assert len(response.context["appeals"]) == min(count, 25)


@pytest.mark.parametrize("count", [1, 30])
def test_the_students_list_query_budget_is_flat(
    client, student, school, count, django_assert_max_num_queries
):
    for _ in range(count):
        AppealFactory(school=school, author=student.student)
    client.force_login(student)
    # session, user, staff record, student record, the student's appeals
    with django_assert_max_num_queries(6):
        assert client.get(URL).status_code == 200
