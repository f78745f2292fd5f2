"""The parliament's frame in the admin (SP-1.3–1.5): terms with their offices, ministries; polls and
proposals to read."""

import datetime

import pytest
from django.conf import settings
from django.urls import reverse
from django.utils import timezone

from parliament.demo import MINISTRIES
from parliament.models import Ministry, Office, Term
from school_gov.models import AuditEvent
from tests.factories import (
    MinistryFactory,
    OfficeFactory,
    PollFactory,
    PollOptionFactory,
    ProposalFactory,
    SchoolYearFactory,
    StudentFactory,
    TermFactory,
)


@pytest.fixture(autouse=True)
def _english(client):
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"


def _offices(*rows) -> dict:
    data = {"offices-TOTAL_FORMS": str(len(rows)), "offices-INITIAL_FORMS": "0"}
    for index, (kind, student, starts_on) in enumerate(rows):
        data.update(
            {
                f"offices-{index}-kind": kind,
                f"offices-{index}-student": student.pk,
                f"offices-{index}-starts_on": starts_on,
                f"offices-{index}-ends_on": "",
            }
        )
    return data


@pytest.fixture
def next_year(school):
    return SchoolYearFactory(
        school=school,
        start_date=datetime.date(2027, 9, 1),
        end_date=datetime.date(2028, 5, 25),
        is_current=False,
    )


def test_the_director_sets_up_a_term_with_its_president(client, director, adviser, school, next_year):
    president = StudentFactory(school=school, grade=11)
    client.force_login(director)
    response = client.post(
        reverse("admin:parliament_term_add"),
        {
            "school": school.pk,
            "school_year": next_year.pk,
            "adviser": adviser.staff.pk,
            **_offices(("president", president, "2027-09-01")),
        },
    )
    assert response.status_code == 302
    term = Term.objects.get(school_year=next_year)
    assert term.offices.get().student == president
    assert AuditEvent.objects.filter(action="parliament.term.added").exists()
    event = AuditEvent.objects.get(action="parliament.office.added")
    assert event.data["kind"] == "president"
    assert event.data["student"] == president.pk


def test_an_office_below_the_office_holder_band_is_refused(client, director, term):
    young = StudentFactory(school=term.school, grade=7, surname="Кичинеков")
    client.force_login(director)
    response = client.post(
        reverse("admin:parliament_term_change", args=[term.pk]),
        {
            "school": term.school.pk,
            "school_year": term.school_year.pk,
            "adviser": term.adviser.pk,
            **_offices(("speaker", young, "2026-10-01")),
        },
    )
    assert response.status_code == 200
    assert "offices in the parliament are held from grade 10" in response.text
    assert not Office.objects.exists()


def test_two_rows_holding_one_office_over_the_same_dates_are_refused(client, director, term):
    first = StudentFactory(school=term.school, grade=11)
    second = StudentFactory(school=term.school, grade=10)
    client.force_login(director)
    response = client.post(
        reverse("admin:parliament_term_change", args=[term.pk]),
        {
            "school": term.school.pk,
            "school_year": term.school_year.pk,
            "adviser": term.adviser.pk,
            **_offices(("president", first, "2026-09-01"), ("president", second, "2026-10-01")),
        },
    )
    assert response.status_code == 200
    assert "Two rows hold the office of president over the same dates." in response.text
    assert not Office.objects.exists()


def test_a_student_of_another_school_cannot_hold_an_office(client, director, term, other_school):
    stranger = StudentFactory(school=other_school, grade=11, surname="Бөтөнов")
    client.force_login(director)
    response = client.post(
        reverse("admin:parliament_term_change", args=[term.pk]),
        {
            "school": term.school.pk,
            "school_year": term.school_year.pk,
            "adviser": term.adviser.pk,
            **_offices(("president", stranger, "2026-09-01")),
        },
    )
    assert response.status_code == 200
    assert not Office.objects.exists()


def test_the_term_list_shows_the_president_and_only_the_schools_terms(
    client, director, outsider, term, other_school
):
    OfficeFactory(term=term, student=StudentFactory(school=term.school, grade=11, surname="Президентова"))
    TermFactory(school=other_school)
    client.force_login(director)
    response = client.get(reverse("admin:parliament_term_changelist"))
    assert list(response.context["cl"].result_list) == [term]
    assert "Президентова" in response.text


def test_the_common_ministries_are_added_to_a_term_once(client, director, term):
    MinistryFactory(term=term, name=MINISTRIES[0][0])
    client.force_login(director)
    url = reverse("admin:parliament_term_changelist")
    client.post(url, {"action": "add_common_ministries", "_selected_action": [term.pk]})
    client.post(url, {"action": "add_common_ministries", "_selected_action": [term.pk]})
    names = set(term.ministries.values_list("name", flat=True))
    assert names == {name for name, _description in MINISTRIES}
    assert AuditEvent.objects.filter(action="parliament.ministry.added").count() == len(MINISTRIES) - 1


def _ministry_data(term, **overrides):
    data = {"term": term.pk, "name": "Спорт министрлиги", "description": "", "minister": "", "members": []}
    data.update(overrides)
    return data


def test_the_director_adds_a_ministry_with_its_minister_and_members(client, director, term):
    minister = StudentFactory(school=term.school, grade=10)
    members = StudentFactory.create_batch(2, school=term.school, grade=6)
    client.force_login(director)
    response = client.post(
        reverse("admin:parliament_ministry_add"),
        _ministry_data(term, minister=minister.pk, members=[m.pk for m in members]),
    )
    assert response.status_code == 302
    ministry = Ministry.objects.get()
    assert ministry.minister == minister
    assert set(ministry.members.all()) == set(members)
    assert AuditEvent.objects.get(action="parliament.ministry.added").school == term.school


def test_a_minister_below_the_office_holder_band_is_refused(client, director, term):
    young = StudentFactory(school=term.school, grade=8)
    client.force_login(director)
    response = client.post(reverse("admin:parliament_ministry_add"), _ministry_data(term, minister=young.pk))
    assert response.status_code == 200
    assert "offices in the parliament are held from grade 10" in response.text
    assert not Ministry.objects.exists()


def test_primary_grades_are_not_made_ministry_members(client, director, term):
    small = StudentFactory(school=term.school, grade=3, surname="Кичинекей")
    client.force_login(director)
    response = client.post(reverse("admin:parliament_ministry_add"), _ministry_data(term, members=[small.pk]))
    assert response.status_code == 200
    assert "ministries take members from grade 5" in response.text
    assert not Ministry.objects.exists()


def test_a_teacher_may_not_keep_ministries(client, teacher, term):
    client.force_login(teacher)
    assert client.get(reverse("admin:parliament_ministry_add")).status_code in (302, 403)


def test_poll_counts_stay_hidden_in_the_admin_until_the_poll_closes(client, director, school):
    poll = PollFactory(school=school)
    PollOptionFactory(poll=poll, text="Ооба", votes=7)
    client.force_login(director)
    url = reverse("admin:parliament_poll_change", args=[poll.pk])
    response = client.get(url)
    assert response.status_code == 200
    assert "shown when the poll closes" in response.text
    assert "<p>7</p>" not in response.text
    poll.opens_at = timezone.now() - datetime.timedelta(days=2)
    poll.closes_at = timezone.now() - datetime.timedelta(days=1)
    poll.save()
    response = client.get(url)
    assert "shown when the poll closes" not in response.text
    assert "<p>7</p>" in response.text


@pytest.mark.parametrize("options", [2, 12])
def test_the_admin_poll_page_costs_the_same_queries_whatever_its_options(
    client, director, school, options, django_assert_max_num_queries
):
    poll = PollFactory(school=school)
    for n in range(options):
        PollOptionFactory(poll=poll, text=f"Жооп {n}", position=n + 1)
    client.force_login(director)
    # session, user, staff record and roles, the poll, its options with the poll, the permission and
    # admin-log lookups of the change page
    with django_assert_max_num_queries(11):
        assert client.get(reverse("admin:parliament_poll_change", args=[poll.pk])).status_code == 200


def test_polls_and_proposals_are_read_only_in_the_admin(client, director, school):
    proposal = ProposalFactory(school=school, title="Суу куйгучтар")
    client.force_login(director)
    response = client.get(reverse("admin:parliament_proposal_change", args=[proposal.pk]))
    assert response.status_code == 200
    assert 'name="_save"' not in response.text
    response = client.post(
        reverse("admin:parliament_proposal_change", args=[proposal.pk]), {"status": "done", "title": "x"}
    )
    assert response.status_code == 403
