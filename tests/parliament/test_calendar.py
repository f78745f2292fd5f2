"""The public calendar of events (SP-2.3–2.6): by month, by school, no student names but office-holders'
public names; signed-in students see what they take part in."""

import datetime
from zoneinfo import ZoneInfo

import pytest
from django.urls import reverse
from django.utils import timezone, translation

from parliament.models import Event
from parliament.permissions import public_name
from school_gov.models import School
from tests.factories import EventFactory, MinistryFactory, StudentFactory

URL = reverse("parliament:calendar")
EN = {"HTTP_ACCEPT_LANGUAGE": "en"}


@pytest.fixture(autouse=True)
def _english():
    with translation.override("en"):
        yield


def _at(*parts: int) -> datetime.datetime:
    return datetime.datetime(*parts, tzinfo=ZoneInfo("Asia/Bishkek"))


def _month(moment: datetime.datetime) -> str:
    return timezone.localtime(moment).strftime("%Y-%m")


@pytest.fixture
def soon():
    """Noon, four days from now: an upcoming event's start."""
    return timezone.localtime().replace(hour=12, minute=0, second=0, microsecond=0) + datetime.timedelta(
        days=4
    )


@pytest.fixture
def ministry(term, president, student):
    ministry = MinistryFactory(term=term, name="Спорт министрлиги", minister=president.student)
    ministry.members.add(student.student)
    return ministry


def test_an_anonymous_visitor_sees_the_only_schools_events_of_the_month(client, school, soon):
    EventFactory(school=school, title="Волейбол мелдеши", starts_at=soon, place="Спорт зал")
    response = client.get(URL, {"month": _month(soon)}, **EN)
    assert response.status_code == 200
    assert "Волейбол мелдеши" in response.text
    assert "Спорт зал" in response.text
    assert school.name in response.text


def test_an_anonymous_visitor_chooses_the_school_when_there_are_several(client, school, other_school, soon):
    EventFactory(school=school, title="Биздин кече", starts_at=soon)
    EventFactory(school=other_school, title="Башка кече", starts_at=soon)
    chooser = client.get(URL, **EN)
    assert chooser.status_code == 200
    assert f"?school={other_school.pk}" in chooser.text
    response = client.get(URL, {"school": other_school.pk, "month": _month(soon)}, **EN)
    assert "Башка кече" in response.text
    assert "Биздин кече" not in response.text


@pytest.mark.parametrize("value", ["999999", "abc", "²", "99999999999999999999"])
def test_an_unknown_school_is_not_found(client, school, value):
    assert client.get(URL, {"school": value}).status_code == 404


def test_a_signed_in_person_sees_their_own_school_whatever_the_address_says(
    client, outsider, school, other_school, soon
):
    EventFactory(school=school, title="Биздин кече", starts_at=soon)
    EventFactory(school=other_school, title="Башка кече", starts_at=soon)
    client.force_login(outsider)
    response = client.get(URL, {"school": school.pk, "month": _month(soon)}, **EN)
    assert "Башка кече" in response.text
    assert "Биздин кече" not in response.text


def test_the_month_navigation_moves_between_months(client, school):
    october = _at(2026, 10, 15, 14)
    november = _at(2026, 11, 2, 14)
    EventFactory(school=school, title="Октябрдагы олимпиада", starts_at=october)
    EventFactory(school=school, title="Ноябрдагы кече", starts_at=november)
    response = client.get(URL, {"month": "2026-10"}, **EN)
    assert "Октябрдагы олимпиада" in response.text
    assert "Ноябрдагы кече" not in response.text
    assert "?month=2026-09" in response.text
    assert "?month=2026-11" in response.text
    december = client.get(URL, {"month": "2026-12"}, **EN)
    assert "?month=2026-11" in december.text
    assert "?month=2027-01" in december.text


def test_an_event_that_began_last_month_shows_in_the_month_it_ends(client, school):
    EventFactory(
        school=school,
        title="Кыргыз тили апталыгы",
        kind="subject_week",
        starts_at=_at(2026, 9, 28, 9),
        ends_at=_at(2026, 10, 3, 15),
    )
    assert "Кыргыз тили апталыгы" in client.get(URL, {"month": "2026-10"}).text


def test_an_event_late_in_the_evening_belongs_to_its_day_in_bishkek(client, school):
    # 23:30 in Bishkek on 31 October is 17:30 UTC: still October.
    EventFactory(
        school=school,
        title="Күзгү кече",
        starts_at=_at(2026, 10, 31, 23, 30),
    )
    assert "Күзгү кече" in client.get(URL, {"month": "2026-10"}).text
    assert "Күзгү кече" not in client.get(URL, {"month": "2026-11"}).text


@pytest.mark.parametrize("value", ["2026-13", "October", "1-2-3", "0001-01", "9999-12", "2026-W40"])
def test_an_unknown_month_shows_this_month_with_a_warning(client, school, value):
    response = client.get(URL, {"month": value}, **EN)
    assert response.status_code == 200
    assert "Unknown month; showing this month." in response.text
    assert response.context["month"] == timezone.localdate().replace(day=1)


def test_the_calendar_never_names_students_but_office_holders_public_names(
    client, school, ministry, president, student, soon
):
    event = EventFactory(school=school, title="Футбол", starts_at=soon, ministry=ministry)
    event.organisers.add(student.student)
    event.participants.add(StudentFactory(school=school, surname="Жумабаева", name="Нурай"))
    for user in (None, student):
        if user:
            client.force_login(user)
        text = client.get(URL, {"month": _month(soon)}, **EN).text
        assert public_name(president.student) in text
        assert president.student.surname not in text
        assert student.student.surname not in text
        assert "Жумабаева" not in text


def test_a_signed_in_student_sees_what_they_take_part_in_and_organise(
    client, school, ministry, student, soon
):
    joined = EventFactory(school=school, title="Кечеге барам", starts_at=soon)
    joined.participants.add(student.student)
    organised = EventFactory(
        school=school, title="Мен уюштурам", starts_at=soon + datetime.timedelta(hours=1)
    )
    organised.organisers.add(student.student)
    for_me = EventFactory(school=school, title="Мага ылайык", starts_at=soon, audience_to_grade=9)
    too_young = EventFactory(school=school, title="Кичүүлөргө", starts_at=soon, audience_to_grade=4)
    client.force_login(student)
    response = client.get(URL, {"month": _month(soon)}, **EN)
    assert response.status_code == 200
    html = response.text
    assert html.count("you take part") == 1
    assert html.count("you organise") == 1
    rows = {row["event"].pk: row for _day, day_rows in response.context["days"] for row in day_rows}
    assert rows[joined.pk]["event"].joined
    assert rows[organised.pk]["event"].organising
    assert rows[for_me.pk]["for_me"]
    assert not rows[too_young.pk]["for_me"]
    assert joined.get_absolute_url() in html


def test_an_anonymous_visitor_gets_no_links_to_the_members_pages(client, school, soon):
    event = EventFactory(school=school, starts_at=soon)
    html = client.get(URL, {"month": _month(soon)}).text
    assert event.get_absolute_url() not in html
    assert reverse("parliament:event_create") not in html


def test_an_organiser_is_offered_a_new_event_and_a_pupil_is_not(
    client, school, term, ministry, student, pupil
):
    client.force_login(student)
    assert reverse("parliament:event_create") in client.get(URL).text
    client.force_login(pupil)
    assert reverse("parliament:event_create") not in client.get(URL).text


def test_past_events_are_marked_over(client, school):
    past = timezone.localtime() - datetime.timedelta(days=1)
    EventFactory(school=school, starts_at=past, results="Биринчи орун 9-А классына")
    response = client.get(URL, {"month": _month(past)}, **EN)
    assert "over" in response.text
    assert "results written" in response.text


def test_the_page_links_to_the_ical_feed_of_its_school(client, school):
    assert f"{reverse('parliament:calendar_ics')}?school={school.pk}" in client.get(URL).text


def test_a_month_without_events_says_so(client, school):
    assert "No events this month." in client.get(URL, {"month": "2030-01"}, **EN).text


@pytest.mark.parametrize("count", [5, 100])
def test_the_calendar_query_budget_is_the_same_for_5_and_100_events(
    client, school, term, ministry, student, count, django_assert_max_num_queries
):
    month = _at(2027, 3, 1, 9)
    Event.objects.bulk_create(
        Event(
            school=school,
            kind="sport",
            title=f"Мелдеш {n}",
            starts_at=month + datetime.timedelta(hours=7 * n),
            ministry=ministry,
        )
        for n in range(count)
    )
    client.force_login(student)
    # session, user, staff record, student record, the events with their ministries, ministers and the
    # student's "you take part"/"you organise" marks, then "may they organise?": the current term, an
    # office, a ministry headed, a ministry's membership
    with django_assert_max_num_queries(10):
        response = client.get(URL, {"month": "2027-03"})
    assert sum(len(rows) for _day, rows in response.context["days"]) == count


@pytest.mark.parametrize("count", [5, 100])
def test_the_anonymous_calendar_query_budget_is_the_same_for_5_and_100_events(
    client, school, count, django_assert_max_num_queries
):
    month = _at(2027, 3, 1, 9)
    Event.objects.bulk_create(
        Event(
            school=school,
            kind="sport",
            title=f"Мелдеш {n}",
            starts_at=month + datetime.timedelta(hours=7 * n),
        )
        for n in range(count)
    )
    # the schools (is there only one?), the events with their ministries and ministers
    with django_assert_max_num_queries(2):
        client.get(URL, {"month": "2027-03"})
    assert School.objects.count() == 1
