"""Events and the duty roster in the admin: scoped to the school, with the site's tier rule (SP-1.7)."""

import datetime

import pytest
from django.conf import settings
from django.urls import reverse
from django.utils import timezone

from parliament.models import DutyAssignment, Event
from school_gov.models import AuditEvent
from tests.factories import DutyAssignmentFactory, EventFactory, MinistryFactory, StudentFactory

ADD = reverse("admin:parliament_event_add")


@pytest.fixture(autouse=True)
def _english(client):
    # The admin speaks Kyrgyz by default; these tests read the English source strings.
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"


def _data(school, **overrides) -> dict:
    day = timezone.localdate() + datetime.timedelta(days=10)
    data = {
        "school": school.pk,
        "term": "",
        "title": "Көчөт отургузуу",
        "kind": "landscaping",
        "olympiad_stage": "",
        "starts_at_0": day.isoformat(),
        "starts_at_1": "10:00",
        "ends_at_0": "",
        "ends_at_1": "",
        "place": "Мектептин бакчасы",
        "ministry": "",
        "organisers": [],
        "responsible_teacher": "",
        "audience_from_grade": 3,
        "audience_to_grade": 11,
        "participants": [],
        "description": "",
        "results": "",
    }
    data.update(overrides)
    return data


def test_the_director_adds_an_event_with_organisers_and_it_is_recorded(client, director, school, student):
    client.force_login(director)
    response = client.post(ADD, _data(school, organisers=[student.student.pk]))
    assert response.status_code == 302
    event = Event.objects.get()
    assert list(event.organisers.all()) == [student.student]
    assert AuditEvent.objects.filter(action="parliament.event.added", object_id=str(event.pk)).exists()


def test_a_grade_3_organiser_is_refused_in_the_admin_with_the_reason(client, director, school, pupil):
    client.force_login(director)
    response = client.post(ADD, _data(school, organisers=[pupil.student.pk]))
    assert response.status_code == 200
    assert (
        f"{pupil.student.full_name} is in grade 3; students organise events from grade 5 "
        "and take part in them before that."
    ) in response.context["adminform"].form.errors["organisers"]
    assert not Event.objects.exists()


def test_a_grade_3_pupil_may_take_part_through_the_admin(client, director, school, pupil):
    client.force_login(director)
    assert client.post(ADD, _data(school, participants=[pupil.student.pk])).status_code == 302
    assert list(Event.objects.get().participants.all()) == [pupil.student]


def test_the_superuser_may_not_mix_schools(client, superuser, school, other_school, term):
    stranger = StudentFactory(school=other_school, grade=9)
    ministry = MinistryFactory(term=term)
    client.force_login(superuser)
    response = client.post(ADD, _data(other_school, organisers=[stranger.pk], ministry=ministry.pk))
    assert response.status_code == 200
    errors = response.context["adminform"].form.errors
    assert "ministry" in errors
    response = client.post(ADD, _data(school, organisers=[stranger.pk]))
    assert (
        f"{stranger.full_name} studies at another school."
        in response.context["adminform"].form.errors["organisers"]
    )
    assert not Event.objects.exists()


def test_the_director_sees_only_their_schools_events(client, director, school, other_school):
    EventFactory(school=school, title="Биздики")
    EventFactory(school=other_school, title="Башканыкы")
    client.force_login(director)
    response = client.get(reverse("admin:parliament_event_changelist"))
    assert [e.title for e in response.context["cl"].result_list] == ["Биздики"]


def test_another_schools_event_is_not_found_in_the_admin(client, outsider, school):
    event = EventFactory(school=school)
    client.force_login(outsider)
    response = client.get(reverse("admin:parliament_event_change", args=[event.pk]))
    # The admin's answer to a row that does not exist (for this person): back to its index.
    assert response.status_code == 302
    assert response["Location"] == reverse("admin:index")


def test_the_choices_are_the_schools_own(client, director, school, other_school, term):
    foreign_ministry = MinistryFactory(term__school=other_school)
    own_ministry = MinistryFactory(term=term)
    client.force_login(director)
    form = client.get(ADD).context["adminform"].form
    assert list(form.fields["ministry"].queryset) == [own_ministry]
    assert foreign_ministry not in form.fields["ministry"].queryset
    assert not form.fields["organisers"].queryset.exclude(school=school).exists()


def test_students_and_teachers_have_no_admin(client, student, teacher):
    for user in (student, teacher):
        client.force_login(user)
        assert client.get(ADD).status_code in (302, 403)


@pytest.mark.parametrize("count", [5, 50])
def test_the_event_list_query_budget_is_flat(
    client, director, school, term, count, django_assert_max_num_queries
):
    ministry = MinistryFactory(term=term)
    for _ in range(count):
        EventFactory(school=school, ministry=ministry)
    client.force_login(director)
    # session, user, staff record, current roles, user permissions, group permissions, filtered count,
    # total count, the page of events with school and ministry joined, the date hierarchy's range and
    # its days
    with django_assert_max_num_queries(11):
        response = client.get(reverse("admin:parliament_event_changelist"))
    assert response.context["cl"].result_count == count


# The duty roster


def test_marking_duty_done_in_the_admin_stamps_who_and_when(client, director, school):
    row = DutyAssignmentFactory(school=school, date=datetime.date(2026, 10, 7))
    client.force_login(director)
    response = client.post(
        reverse("admin:parliament_dutyassignment_change", args=[row.pk]),
        {
            "school": school.pk,
            "date": "2026-10-07",
            "area_kind": row.area_kind,
            "area": row.area,
            "grade": row.grade,
            "class_letter": row.class_letter,
            "done": "on",
        },
    )
    assert response.status_code == 302
    row.refresh_from_db()
    assert row.done
    assert row.marked_by == director.staff
    assert row.marked_at is not None
    # One line for the one change: the mark's own, not a second "changed" for the same field.
    assert AuditEvent.objects.filter(action="parliament.duty.marked").count() == 1
    assert not AuditEvent.objects.filter(action="parliament.dutyassignment.changed").exists()


def test_the_director_sees_only_their_schools_roster(client, director, school, other_school):
    DutyAssignmentFactory(school=school, area="Биздин короо")
    DutyAssignmentFactory(school=other_school, area="Башка короо")
    client.force_login(director)
    response = client.get(reverse("admin:parliament_dutyassignment_changelist"))
    assert [r.area for r in response.context["cl"].result_list] == ["Биздин короо"]


def test_the_same_duty_twice_is_refused_in_the_admin(client, director, school):
    DutyAssignmentFactory(school=school, date=datetime.date(2026, 10, 7), area="12-кабинет", class_letter="А")
    client.force_login(director)
    response = client.post(
        reverse("admin:parliament_dutyassignment_add"),
        {
            "school": school.pk,
            "date": "2026-10-07",
            "area_kind": "classroom",
            "area": "12-кабинет",
            "grade": 7,
            "class_letter": "А",
        },
    )
    assert response.status_code == 200
    assert DutyAssignment.objects.count() == 1


def test_an_unmarked_duty_shows_a_dash_for_who_marked_it(client, director, school):
    row = DutyAssignmentFactory(school=school, date=datetime.date(2026, 10, 7))
    client.force_login(director)
    page = client.get(reverse("admin:parliament_dutyassignment_change", args=[row.pk])).text
    assert ">None<" not in page and "None</div>" not in page
