"""Lesson observations (MB-3.1, MB-4.1): the head of the association, the deputy director or the director
records the analysis of a lesson attended; the teacher reads it and confirms; nobody else's lessons are
any other teacher's business."""

import datetime

import pytest
from django.contrib.auth.models import AnonymousUser
from django.urls import reverse
from django.utils import timezone, translation

from methodology.models import LessonObservation
from school_gov.models import AuditEvent
from tests.factories import (
    AssociationFactory,
    LessonObservationFactory,
    MembershipFactory,
    SchoolFactory,
    StaffFactory,
    UserFactory,
)
from tests.steps import act

EN = {"HTTP_ACCEPT_LANGUAGE": "en"}


@pytest.fixture(autouse=True)
def _english():
    with translation.override("en"):
        yield


@pytest.fixture
def colleague(association):
    """Another member of the association: not the observed teacher, not the head."""
    user = UserFactory(username="colleague")
    MembershipFactory(association=association, staff=StaffFactory(school=association.school, user=user))
    return user


@pytest.fixture
def observation(association, head, teacher):
    return LessonObservationFactory(association=association, teacher=teacher.staff, observer=head.staff)


def _form(teacher, **changes) -> dict:
    yesterday = timezone.localdate() - datetime.timedelta(days=1)
    data = {
        "teacher": teacher.staff.pk,
        "observed_on": yesterday.isoformat(),
        "class_grade": 7,
        "class_letter": "Б",
        "subject": "Математика",
        "on_roll": 26,
        "present": 24,
        "topic": "Бөлчөктөрдү кошуу",
        "purpose": "Жаш мугалимге методикалык жардам.",
        "lesson_aims": "",
        "lesson_starts_at": "09:50",
        "lesson_ends_at": "10:35",
        "arrived_at": "09:45",
        "late_reason": "",
        "stages": "",
        "methods": "Топтук иш.",
        "aim_reached": "reached",
        "conclusions": "Максатка жетти.",
        "recommendations": "",
        "feedback_on": yesterday.isoformat(),
        "feedback_at": "10:40",
    }
    data.update(changes)
    return data


def _new(association):
    return reverse("methodology:observation_create", args=[association.pk])


# Recording


def test_the_head_records_an_observed_lesson_of_a_member(client, association, head, teacher):
    client.force_login(head)
    response = client.post(_new(association), _form(teacher), **EN)
    observation = LessonObservation.objects.get()
    assert response.status_code == 302
    assert response["Location"] == observation.get_absolute_url()
    assert (observation.teacher, observation.observer) == (teacher.staff, head.staff)
    assert observation.acknowledged_at is None
    event = AuditEvent.objects.get(action="methodology.observation.recorded")
    assert (event.data["teacher"], event.data["aim_reached"]) == (teacher.staff.pk, "reached")


@pytest.mark.parametrize("who", ["deputy", "director"])
def test_the_schools_leaders_observe_too(request, client, association, teacher, who):
    client.force_login(request.getfixturevalue(who))
    assert client.post(_new(association), _form(teacher)).status_code == 302
    assert LessonObservation.objects.get().observer == request.getfixturevalue(who).staff


@pytest.mark.parametrize(("who", "status"), [("teacher", 403), ("methodologist", 403), ("student", 403)])
def test_others_may_not_record_observations(request, client, association, teacher, who, status):
    client.force_login(request.getfixturevalue(who))
    assert client.get(_new(association)).status_code == status
    assert client.post(_new(association), _form(teacher)).status_code == status
    assert not LessonObservation.objects.exists()


def test_an_association_of_another_school_is_not_found(client, association, teacher, outsider):
    client.force_login(outsider)
    assert client.post(_new(association), _form(teacher)).status_code == 404


@pytest.mark.parametrize(
    ("changes", "field", "message"),
    [
        ({"arrived_at": "10:00"}, "late_reason", "say why it was necessary (MB-4.1)"),
        (
            {"feedback_at": "10:20"},
            "feedback_at",
            "Feedback is given after the lesson, not during it (MB-4.1)",
        ),
        ({"present": 27}, "present", "More students present than on the roll."),
        ({"arrived_at": "10:40", "late_reason": "Кечиктим."}, "arrived_at", "did not observe it"),
        (
            {"feedback_on": (timezone.localdate() - datetime.timedelta(days=2)).isoformat()},
            "feedback_on",
            "not before it",
        ),
        ({"lesson_ends_at": "09:40"}, "lesson_ends_at", "The lesson must end after it starts."),
        (
            {"observed_on": (timezone.localdate() + datetime.timedelta(days=3)).isoformat()},
            "observed_on",
            "a lesson that has taken place",
        ),
        ({"aim_reached": "perhaps"}, "aim_reached", "Select a valid choice."),
        ({"class_grade": 13}, "class_grade", "less than or equal to 12"),
    ],
)
def test_bad_input_is_refused_with_a_message_and_nothing_saved(
    client, association, head, teacher, changes, field, message
):
    client.force_login(head)
    response = client.post(_new(association), _form(teacher, **changes), **EN)
    assert response.status_code == 200
    assert message in " ".join(response.context["form"].errors[field])
    assert not LessonObservation.objects.exists()
    assert not AuditEvent.objects.filter(action__startswith="methodology.observation").exists()


def test_feedback_the_next_morning_is_after_the_lesson(client, association, head, teacher):
    client.force_login(head)
    response = client.post(
        _new(association), _form(teacher, feedback_on=timezone.localdate().isoformat(), feedback_at="08:30")
    )
    assert response.status_code == 302
    assert LessonObservation.objects.get().feedback_at == datetime.time(8, 30)


def test_a_late_arrival_with_its_reason_is_taken_and_shown(client, association, head, teacher):
    client.force_login(head)
    client.post(_new(association), _form(teacher, arrived_at="10:00", late_reason="Директордун тапшырмасы."))
    observation = LessonObservation.objects.get()
    page = client.get(observation.get_absolute_url(), **EN)
    assert "after the start" in page.text
    assert "Директордун тапшырмасы." in page.text


def test_only_members_of_the_association_are_observed_and_never_oneself(client, association, head, teacher):
    stranger = StaffFactory(school=association.school)
    client.force_login(head)
    for staff in (stranger, head.staff):
        response = client.post(_new(association), {**_form(teacher), "teacher": staff.pk}, **EN)
        assert (
            "Choose a teacher of the association other than yourself."
            in response.context["form"].errors["teacher"]
        )
    assert not LessonObservation.objects.exists()


def test_a_member_who_joined_after_the_lesson_date_is_refused(client, association, head, school):
    newcomer = UserFactory()
    staff = StaffFactory(school=school, user=newcomer)
    MembershipFactory(association=association, staff=staff, starts_on=timezone.localdate())
    client.force_login(head)
    response = client.post(_new(association), {**_form(head), "teacher": staff.pk}, **EN)
    assert "was not a member of the association on that date" in response.context["form"].errors["teacher"][0]


def test_the_database_refuses_feedback_during_the_lesson(association, head, teacher):
    from django.db import IntegrityError

    with pytest.raises(IntegrityError):
        LessonObservationFactory(
            association=association,
            teacher=teacher.staff,
            observer=head.staff,
            feedback_at=datetime.time(10, 0),
        )


# Reading


@pytest.mark.parametrize("who", ["head", "teacher", "deputy", "director", "methodologist"])
def test_the_observer_the_teacher_the_head_and_the_leaders_read_it(request, client, observation, who):
    client.force_login(request.getfixturevalue(who))
    response = client.get(observation.get_absolute_url(), **EN)
    assert response.status_code == 200
    assert "Максатка жетти." in response.text


@pytest.mark.parametrize(("who", "status"), [("colleague", 403), ("student", 403), ("outsider", 404)])
def test_other_teachers_students_and_other_schools_do_not(request, client, observation, who, status):
    client.force_login(request.getfixturevalue(who))
    assert client.get(observation.get_absolute_url()).status_code == status


def test_the_list_shows_each_person_what_they_may_read(client, association, observation, colleague, teacher):
    other = LessonObservationFactory(
        association=association, teacher=colleague.staff, observer=observation.observer, topic="Башка сабак"
    )
    client.force_login(teacher)
    rows = list(client.get(reverse("methodology:observation_list"), **EN).context["rows"])
    assert rows == [observation]
    client.force_login(colleague)
    rows = list(client.get(reverse("methodology:observation_list"), **EN).context["rows"])
    assert rows == [other]


def test_the_association_page_offers_recording_to_those_who_observe(client, association, head, teacher):
    client.force_login(head)
    assert (
        reverse("methodology:observation_create", args=[association.pk])
        in client.get(association.get_absolute_url()).text
    )
    client.force_login(teacher)
    page = client.get(association.get_absolute_url(), **EN)
    assert reverse("methodology:observation_create", args=[association.pk]) not in page.text
    assert "No lesson observations you may read." in page.text


@pytest.mark.parametrize("count", [5, 50])
def test_the_list_costs_the_same_queries_whatever_the_number(
    client, association, head, teacher, count, django_assert_max_num_queries
):
    for _ in range(count):
        LessonObservationFactory(association=association, teacher=teacher.staff, observer=head.staff)
    client.force_login(head)
    # session, user, staff record, roles, readable schools, the reviewer check, the associations headed
    # (a subquery), the count and the page with teachers, observers and associations
    with django_assert_max_num_queries(10):
        response = client.get(reverse("methodology:observation_list"))
    assert len(response.context["rows"]) == min(count, 25)


# Correcting and reading the analysis


def test_the_observer_corrects_it_until_the_teacher_has_read_it(client, observation, head, teacher):
    edit = reverse("methodology:observation_edit", args=[observation.pk])
    client.force_login(head)
    assert client.post(edit, _form(teacher, conclusions="Түзөтүлдү.")).status_code == 302
    observation.refresh_from_db()
    assert observation.conclusions == "Түзөтүлдү."
    assert "conclusions" in AuditEvent.objects.get(action="methodology.observation.changed").data["fields"]

    client.force_login(teacher)
    assert client.get(edit).status_code == 403  # the teacher reads, the observer writes
    client.post(reverse("methodology:observation_acknowledge", args=[observation.pk]), _version(observation))
    client.force_login(head)
    assert client.get(edit).status_code == 403
    assert client.post(edit, _form(teacher, conclusions="Кийин.")).status_code == 403
    observation.refresh_from_db()
    assert observation.conclusions == "Түзөтүлдү."


def _version(observation) -> dict:
    return {"version": LessonObservation.objects.get(pk=observation.pk).updated_at.isoformat()}


def test_the_teacher_confirms_reading_the_analysis_once(client, observation, teacher):
    read = reverse("methodology:observation_acknowledge", args=[observation.pk])
    client.force_login(teacher)
    page = client.get(observation.get_absolute_url(), **EN)
    assert "I have read the analysis" in page.text
    assert f'value="{observation.updated_at.isoformat()}"' in page.text
    assert client.get(read).status_code == 405
    client.post(read, _version(observation))
    observation.refresh_from_db()
    first = observation.acknowledged_at
    assert first is not None
    again = client.post(read, _version(observation), follow=True, **EN)
    assert "You have already confirmed reading this analysis." in again.text
    observation.refresh_from_db()
    assert observation.acknowledged_at == first
    assert AuditEvent.objects.filter(action="methodology.observation.acknowledged").count() == 1


@pytest.mark.parametrize("who", ["head", "deputy", "colleague"])
def test_only_the_teacher_confirms_reading(request, client, observation, who):
    client.force_login(request.getfixturevalue(who))
    response = client.post(reverse("methodology:observation_acknowledge", args=[observation.pk]))
    assert response.status_code == 403
    observation.refresh_from_db()
    assert observation.acknowledged_at is None


# The admin


def test_the_deputy_reads_the_schools_observations_in_the_admin_and_changes_nothing(
    client, observation, deputy, teacher
):
    elsewhere = SchoolFactory(name="Башка")
    LessonObservationFactory(association=AssociationFactory(school=elsewhere), topic="Чет сабак")
    client.force_login(deputy)
    listing = client.get(reverse("admin:methodology_lessonobservation_changelist"), **EN)
    assert listing.status_code == 200
    assert list(listing.context["cl"].result_list) == [observation]
    assert client.get(reverse("admin:methodology_lessonobservation_add")).status_code == 403
    page = client.get(reverse("admin:methodology_lessonobservation_change", args=[observation.pk]), **EN)
    assert page.status_code == 200
    assert 'name="conclusions"' not in page.text


def test_a_teacher_has_no_admin_for_observations(client, observation, teacher):
    client.force_login(teacher)
    response = client.get(reverse("admin:methodology_lessonobservation_changelist"))
    assert response.status_code == 302  # not staff of the admin: sent to the admin's sign-in


def test_the_teachers_dashboard_says_an_analysis_waits_to_be_read(client, observation, teacher):
    client.force_login(teacher)
    assert 'id="observations-to-read"' in client.get(reverse("dashboard"), **EN).text
    client.post(reverse("methodology:observation_acknowledge", args=[observation.pk]), _version(observation))
    assert 'id="observations-to-read"' not in client.get(reverse("dashboard"), **EN).text


def test_the_teacher_confirms_only_the_version_read(client, observation, head, teacher):
    """The observer corrects the analysis while the teacher has the page open: the confirmation of the
    old version is refused, and the new one can be read and confirmed."""
    shown = _version(observation)
    client.force_login(head)
    client.post(
        reverse("methodology:observation_edit", args=[observation.pk]),
        _form(teacher, conclusions="Жаңы текст."),
    )
    client.force_login(teacher)
    read = reverse("methodology:observation_acknowledge", args=[observation.pk])
    refused = client.post(read, shown, follow=True, **EN)
    assert "changed the analysis while you were reading it" in refused.text
    observation.refresh_from_db()
    assert observation.acknowledged_at is None
    client.post(read, _version(observation))
    observation.refresh_from_db()
    assert observation.acknowledged_at is not None


def test_a_teacher_who_has_left_the_association_can_still_be_the_observed_one(
    client, association, head, teacher
):
    lesson_day = timezone.localdate() - datetime.timedelta(days=10)
    membership = association.memberships.get(staff=teacher.staff)
    membership.ends_on = timezone.localdate() - datetime.timedelta(days=2)
    membership.save()
    client.force_login(head)
    response = client.post(
        _new(association),
        _form(teacher, observed_on=lesson_day.isoformat(), feedback_on=lesson_day.isoformat()),
    )
    assert response.status_code == 302
    assert LessonObservation.objects.get().teacher == teacher.staff


def test_the_history_names_no_one_for_an_event_without_an_account(client, observation, teacher):
    """Demo and imported events may have no actor (a staff record without an account): the page shows
    a dash, not a server error."""
    from school_gov import audit

    audit.record(act(AnonymousUser()), "methodology.observation.recorded", observation)
    client.force_login(teacher)
    response = client.get(observation.get_absolute_url(), **EN)
    assert response.status_code == 200
    assert "—:" in response.text
