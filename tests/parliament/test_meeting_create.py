"""Writing a meeting's minutes (SP-4.2): header and items on one page, by the adviser or the secretary,
the speaker or the president."""

import datetime

import pytest
from django.urls import reverse
from django.utils import timezone, translation

from parliament.models import Meeting
from school_gov.models import AuditEvent, Minutes
from tests.factories import MeetingFactory, MinistryFactory, OfficeFactory, SchoolYearFactory, TermFactory

EN = {"HTTP_ACCEPT_LANGUAGE": "en"}
URL = reverse("parliament:meeting_create")


@pytest.fixture(autouse=True)
def _english():
    with translation.override("en"):
        yield


@pytest.fixture
def today():
    return timezone.localdate()


@pytest.fixture
def term(school, adviser, today):
    """The current parliament, its school year running around today (the date must be in it)."""
    year = SchoolYearFactory(
        school=school,
        start_date=today - datetime.timedelta(days=60),
        end_date=today + datetime.timedelta(days=200),
    )
    return TermFactory(school=school, school_year=year, adviser=adviser.staff)


def _office(term, user, kind, today):
    OfficeFactory(term=term, kind=kind, student=user.student, starts_on=today - datetime.timedelta(days=30))
    return user


def _data(today, items=None, **overrides):
    items = (
        items
        if items is not None
        else [{"heard": "Кезмет жөнүндө", "spoke": "Асанова А.", "resolved": "Бекитилсин"}]
    )
    data = {
        "number": "1",
        "held_on": today.isoformat(),
        "chair": "Асанова Айпери",
        "secretary": "Бакиев Нурлан",
        "present": "",
        "agenda": "1. Кезмет.",
        "items-TOTAL_FORMS": str(len(items)),
        "items-INITIAL_FORMS": "0",
        "items-MIN_NUM_FORMS": "1",
        "items-MAX_NUM_FORMS": "50",
    }
    for index, item in enumerate(items):
        for key, value in item.items():
            data[f"items-{index}-{key}"] = value
    data.update(overrides)
    return data


def test_the_adviser_writes_the_minutes_with_their_items_in_order(client, adviser, term, today):
    client.force_login(adviser)
    items = [
        {"heard": "Биринчи маселе", "spoke": "", "resolved": "Бекитилсин"},
        {"heard": "Экинчи маселе", "spoke": "Талкууланды", "resolved": ""},
    ]
    response = client.post(URL, _data(today, items, is_closed="on"))
    meeting = Meeting.objects.get()
    assert response.status_code == 302
    assert response["Location"] == reverse("parliament:meeting_detail", args=[meeting.pk])
    assert meeting.term == term
    assert meeting.is_closed
    assert meeting.minutes.school == term.school
    assert (meeting.minutes.number, meeting.minutes.held_on) == (1, today)
    assert list(meeting.minutes.items.order_by("position").values_list("position", "heard")) == [
        (1, "Биринчи маселе"),
        (2, "Экинчи маселе"),
    ]


def test_writing_the_minutes_is_recorded_in_the_audit_trail(client, adviser, term, today):
    client.force_login(adviser)
    client.post(URL, _data(today))
    meeting = Meeting.objects.get()
    event = AuditEvent.objects.get(action="parliament.meeting.created")
    assert event.actor == adviser
    assert event.school == term.school
    assert event.object_id == str(meeting.pk)
    assert event.data["number"] == 1
    assert event.data["is_closed"] is False


@pytest.mark.parametrize("kind", ["secretary", "speaker", "president"])
def test_the_secretary_the_speaker_and_the_president_write_minutes(client, president, term, today, kind):
    client.force_login(_office(term, president, kind, today))
    assert client.get(URL).status_code == 200
    assert client.post(URL, _data(today)).status_code == 302
    assert Meeting.objects.count() == 1


def test_the_members_present_are_ticked_and_written_into_the_minutes(client, adviser, student, term, today):
    MinistryFactory(term=term).members.add(student.student)
    client.force_login(adviser)
    client.post(URL, _data(today, attendees=[student.student.pk]))
    meeting = Meeting.objects.get()
    assert list(meeting.attendees.all()) == [student.student]
    assert meeting.minutes.present == student.student.full_name


def test_only_the_parliaments_members_can_be_ticked_as_present(client, adviser, student, pupil, term, today):
    MinistryFactory(term=term).members.add(student.student)
    client.force_login(adviser)
    response = client.post(URL, _data(today, attendees=[pupil.student.pk]), **EN)
    assert response.status_code == 200
    assert "attendees" in response.context["meeting_form"].errors
    assert "Select a valid choice" in response.text
    assert not Meeting.objects.exists()


def test_without_offices_or_ministries_those_present_are_written_by_name(client, adviser, term, today):
    client.force_login(adviser)
    assert "attendees" not in client.get(URL).context["meeting_form"].fields
    client.post(URL, _data(today, present="Асанова А., Бакиев Н."))
    assert Meeting.objects.get().minutes.present == "Асанова А., Бакиев Н."


def test_the_next_free_number_is_offered(client, adviser, term, today):
    MeetingFactory(term=term, minutes__number=7, minutes__held_on=today)
    client.force_login(adviser)
    response = client.get(URL)
    assert response.context["minutes_form"]["number"].value() == 8


def test_a_number_already_used_in_the_term_is_refused(client, adviser, term, today):
    MeetingFactory(term=term, minutes__number=1, minutes__held_on=today)
    client.force_login(adviser)
    response = client.post(URL, _data(today), **EN)
    assert response.status_code == 200
    assert "Minutes № 1 of this parliament already exist; the next free number is 2." in response.text
    assert Meeting.objects.count() == 1


def test_a_date_ahead_is_refused(client, adviser, term, today):
    client.force_login(adviser)
    tomorrow = today + datetime.timedelta(days=1)
    response = client.post(URL, _data(today, held_on=tomorrow.isoformat()), **EN)
    assert "the date is ahead" in response.text
    assert not Minutes.objects.exists()


def test_a_date_outside_the_school_year_is_refused(client, adviser, term, today):
    client.force_login(adviser)
    before = term.school_year.start_date - datetime.timedelta(days=1)
    response = client.post(URL, _data(today, held_on=before.isoformat()), **EN)
    assert "within the parliament&#x27;s school year" in response.text
    assert not Minutes.objects.exists()


def test_minutes_without_an_agenda_item_are_refused(client, adviser, term, today):
    client.force_login(adviser)
    response = client.post(URL, _data(today, items=[{"heard": "", "spoke": "", "resolved": ""}]), **EN)
    assert response.status_code == 200
    assert "The minutes were not saved" in response.text
    assert not Minutes.objects.exists()


def test_an_item_must_say_what_was_heard(client, adviser, term, today):
    client.force_login(adviser)
    items = [
        {"heard": "Маселе", "spoke": "", "resolved": ""},
        {"heard": "", "spoke": "Сүйлөдү", "resolved": ""},
    ]
    response = client.post(URL, _data(today, items=items), **EN)
    assert response.status_code == 200
    assert not Minutes.objects.exists()


@pytest.mark.parametrize("who", ["director", "deputy", "teacher", "student", "social_pedagogue"])
def test_others_at_the_school_may_not_write_minutes(request, client, term, today, who):
    client.force_login(request.getfixturevalue(who))
    assert client.get(URL).status_code == 403
    assert client.post(URL, _data(today)).status_code == 403
    assert not Minutes.objects.exists()


def test_a_minister_without_a_keeping_office_may_not_write_minutes(client, president, term, today):
    client.force_login(_office(term, president, "vice_president", today))
    assert client.get(URL).status_code == 403


def test_the_adviser_of_another_school_may_not_write_our_minutes(client, outsider, term, today):
    client.force_login(outsider)
    assert client.post(URL, _data(today)).status_code == 403
    assert not Minutes.objects.exists()


def test_without_a_current_parliament_nobody_writes_minutes(client, adviser, school, today):
    client.force_login(adviser)
    assert client.get(URL).status_code == 403


def test_an_anonymous_visitor_is_sent_to_sign_in(client, term):
    response = client.get(URL)
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("login"))
