"""Meetings of an association with their minutes (MB-2.1; GLOSSARY "Minutes"): the head writes them,
numbered through the school year; the members and the school's leaders read them."""

import datetime

import pytest
from django.urls import reverse
from django.utils import timezone, translation

from methodology.models import AssociationMeeting
from school_gov.models import AuditEvent, Minutes, MinutesItem
from tests import steps
from tests.factories import MinutesFactory, StaffFactory, UserFactory

EN = {"HTTP_ACCEPT_LANGUAGE": "en"}


@pytest.fixture(autouse=True)
def _english():
    with translation.override("en"):
        yield


@pytest.fixture
def year(school):
    from tests.factories import SchoolYearFactory

    today = timezone.localdate()
    return SchoolYearFactory(
        school=school,
        start_date=today - datetime.timedelta(days=60),
        end_date=today + datetime.timedelta(days=200),
        is_current=True,
    )


def _new(association):
    return reverse("methodology:meeting_create", args=[association.pk])


def _form(**changes) -> dict:
    data = {
        "number": 1,
        "held_on": (timezone.localdate() - datetime.timedelta(days=1)).isoformat(),
        "chair": "Асанова А.",
        "secretary": "Бекова Б.",
        "present": "",
        "agenda": "1. Олимпиадага даярдык.",
        "items-TOTAL_FORMS": 2,
        "items-INITIAL_FORMS": 0,
        "items-MIN_NUM_FORMS": 1,
        "items-MAX_NUM_FORMS": 50,
        "items-0-heard": "Олимпиадага даярдык.",
        "items-0-spoke": "Мугалимдер.",
        "items-0-resolved": "Графикке ылайык өткөрүлсүн.",
        "items-1-heard": "Ачык сабактар.",
        "items-1-spoke": "",
        "items-1-resolved": "",
    }
    data.update(changes)
    return data


def _meeting(association, year, number=1):
    minutes = MinutesFactory(school=association.school, number=number, held_on=timezone.localdate())
    MinutesItem.objects.create(minutes=minutes, position=1, heard="Угулду.", resolved="Токтом.")
    return AssociationMeeting.objects.create(association=association, school_year=year, minutes=minutes)


def test_the_head_writes_the_minutes_with_their_items(client, association, year, head, teacher):
    client.force_login(head)
    response = client.post(_new(association), {**_form(), "attendees": [teacher.staff.pk]}, **EN)
    meeting = AssociationMeeting.objects.get()
    assert response.status_code == 302
    assert response["Location"] == meeting.get_absolute_url()
    assert (meeting.minutes.number, meeting.school_year) == (1, year)
    assert list(meeting.minutes.items.order_by("position").values_list("heard", flat=True)) == [
        "Олимпиадага даярдык.",
        "Ачык сабактар.",
    ]
    assert meeting.minutes.present == teacher.staff.full_name  # filled from those ticked
    event = AuditEvent.objects.get(action="methodology.meeting.created")
    assert (event.data["number"], event.data["items"]) == (1, 2)


def test_the_next_number_is_offered(client, association, year, head):
    _meeting(association, year, number=1)
    client.force_login(head)
    assert client.get(_new(association)).context["minutes_form"].initial["number"] == 2


@pytest.mark.parametrize(
    ("changes", "message"),
    [
        ({"number": 1}, "Minutes № 1 already exist; the next free number is 2."),
        ({"number": 0}, "Minutes are numbered from 1."),
        ({"held_on": (timezone.localdate() + datetime.timedelta(days=2)).isoformat()}, "has taken place"),
        ({"held_on": "2020-01-10"}, "must fall within the school year"),
        ({"items-0-heard": "", "items-1-heard": "", "items-0-resolved": "", "items-0-spoke": ""}, None),
    ],
)
def test_bad_minutes_are_refused_and_nothing_is_saved(client, association, year, head, changes, message):
    existing = _meeting(association, year, number=1)
    client.force_login(head)
    response = client.post(_new(association), _form(**{"number": 2, **changes}), **EN)
    assert response.status_code == 200
    assert "The minutes were not saved: correct the marked fields." in response.text
    if message:
        assert message in response.text
    assert list(AssociationMeeting.objects.all()) == [existing]
    assert Minutes.objects.count() == 1


@pytest.mark.parametrize(
    ("who", "status"), [("teacher", 403), ("deputy", 403), ("student", 403), ("outsider", 404)]
)
def test_only_the_head_writes_minutes(request, client, association, year, who, status):
    client.force_login(request.getfixturevalue(who))
    assert client.post(_new(association), _form()).status_code == status
    assert not AssociationMeeting.objects.exists()


@pytest.mark.parametrize("who", ["head", "teacher", "deputy", "director", "methodologist"])
def test_members_and_leaders_read_the_minutes(request, client, association, year, who):
    meeting = _meeting(association, year)
    client.force_login(request.getfixturevalue(who))
    response = client.get(meeting.get_absolute_url(), **EN)
    assert response.status_code == 200
    assert "Токтом." in response.text


def test_other_staff_and_other_schools_do_not(client, association, year, school, outsider):
    meeting = _meeting(association, year)
    stranger = UserFactory(username="stranger")
    StaffFactory(school=school, user=stranger)
    client.force_login(stranger)
    assert client.get(meeting.get_absolute_url()).status_code == 403
    page = client.get(association.get_absolute_url(), **EN)
    assert 'id="meetings"' not in page.text
    client.force_login(outsider)
    assert client.get(meeting.get_absolute_url()).status_code == 404


def test_without_a_current_school_year_the_head_is_told(client, association, head):
    client.force_login(head)
    response = client.get(_new(association), follow=True, **EN)
    assert "The school has no current school year" in response.text


@pytest.mark.parametrize("count", [2, 20])
def test_the_association_page_costs_the_same_queries_whatever_the_meetings(
    client, association, year, head, count, django_assert_max_num_queries
):
    for number in range(1, count + 1):
        _meeting(association, year, number=number)
    client.force_login(head)
    # the whole page with its head, members, plans, reports, observations, projects, proposals and the
    # meetings with their minutes (one query for the meetings, whatever their number): 17 for 2 meetings
    # as for 20, each "is head / is member" asked once per page; the ended quarters without a meeting (one
    # query here, three when a quarter has ended)
    with django_assert_max_num_queries(19):
        response = client.get(association.get_absolute_url())
    assert len(response.context["meetings"]) == count


def test_the_year_end_report_lists_the_years_meetings(client, association, year, head, deputy):
    from tests.factories import YearEndReportFactory

    _meeting(association, year, number=1)
    report = YearEndReportFactory(association=association, school_year=year)
    facts = report.current_facts()
    assert [(m["number"], m["agenda"]) for m in facts["meetings"]] == [(1, "")]
    client.force_login(head)
    page = client.get(reverse("methodology:report_detail", args=[report.pk]), **EN)
    assert "Meetings held" in page.text
    assert "Minutes № 1 of" in page.text


def test_those_ticked_present_were_members_on_the_meeting_date(
    client, association, year, head, teacher, school
):
    ten_days_ago = timezone.localdate() - datetime.timedelta(days=10)
    membership = association.memberships.get(staff=teacher.staff)
    membership.ends_on = timezone.localdate() - datetime.timedelta(days=2)
    membership.save()
    newcomer = StaffFactory(school=school)
    from tests.factories import MembershipFactory

    MembershipFactory(association=association, staff=newcomer, starts_on=timezone.localdate())
    client.force_login(head)
    refused = client.post(
        _new(association), {**_form(held_on=ten_days_ago.isoformat()), "attendees": [newcomer.pk]}, **EN
    )
    assert (
        "Not members of the association on the meeting's date"
        in refused.context["attendance"].errors["attendees"][0]
    )
    assert not AssociationMeeting.objects.exists()
    client.post(
        _new(association), {**_form(held_on=ten_days_ago.isoformat()), "attendees": [teacher.staff.pk]}
    )
    assert list(AssociationMeeting.objects.get().attendees.all()) == [teacher.staff]


def test_a_head_whose_appointment_ended_after_the_page_loaded_cannot_write_minutes(association, year, head):
    from methodology.actions import meetings
    from methodology.permissions import can_record_meeting
    from school_gov.refusals import Refused

    assert can_record_meeting(steps.act(head), association)
    association.head_appointments.update(ends_on=datetime.date(2021, 1, 1))
    with pytest.raises(Refused):
        meetings.record_meeting(
            association,
            school_year=year,
            minutes=Minutes(number=1, held_on=timezone.localdate()),
            items=[{"heard": "Т."}],
            attendees=[],
            by=steps.act(head),
        )
    assert not AssociationMeeting.objects.exists()


def test_a_quarter_that_ended_without_a_meeting_is_flagged_on_the_association_and_the_dashboard(
    client, association, school, school_year, head, deputy
):
    """MB-5.2: one flag per ended quarter of the current year without a meeting, on the association's page
    and in the deputy's card; a meeting in the quarter clears it."""
    from methodology import waiting

    today = timezone.localdate()
    ended = [q.number for q in school_year.quarters.order_by("number") if q.end_date < today]
    gaps = waiting.quarters_without_meeting(today, schools=[school.pk])
    assert [(g.association, g.quarter.number) for g in gaps] == [(association, n) for n in ended]

    client.force_login(deputy)
    card = client.get(reverse("dashboard"), HTTP_ACCEPT_LANGUAGE="en").text
    assert card.count('class="text-warning-emphasis quarter-without-meeting"') == len(ended)
    client.force_login(head)
    page = client.get(association.get_absolute_url(), HTTP_ACCEPT_LANGUAGE="en").text
    assert page.count("quarter-without-meeting") == len(ended)

    first = school_year.quarters.get(number=1)
    minutes = MinutesFactory(school=school, number=50, held_on=first.start_date)
    AssociationMeeting.objects.create(association=association, school_year=school_year, minutes=minutes)
    still = waiting.quarters_without_meeting(today, associations=[association.pk])
    assert [g.quarter.number for g in still] == [n for n in ended if n != 1]


# Editing until signed (MB-5.2)


def _edit_form(meeting, **changes) -> dict:
    item = meeting.minutes.items.get()
    data = {
        "number": meeting.minutes.number,
        "held_on": meeting.minutes.held_on.isoformat(),
        "chair": "Асанова А.",
        "secretary": "Бекова Б.",
        "present": "",
        "agenda": "1. Түзөтүлгөн күн тартиби.",
        "items-TOTAL_FORMS": 1,
        "items-INITIAL_FORMS": 1,
        "items-MIN_NUM_FORMS": 1,
        "items-MAX_NUM_FORMS": 50,
        "items-0-id": item.pk,
        "items-0-heard": "Түзөтүлгөн маселе.",
        "items-0-spoke": "",
        "items-0-resolved": "Кабыл алынсын.",
    }
    data.update(changes)
    return data


def test_the_head_corrects_the_minutes_until_signing_them(client, association, year, head):
    meeting = _meeting(association, year)
    client.force_login(head)
    url = reverse("methodology:meeting_edit", args=[meeting.pk])
    assert client.get(url).status_code == 200
    response = client.post(url, _edit_form(meeting))
    assert response.status_code == 302
    meeting.minutes.refresh_from_db()
    assert meeting.minutes.agenda == "1. Түзөтүлгөн күн тартиби."
    assert list(meeting.minutes.items.values_list("heard", flat=True)) == ["Түзөтүлгөн маселе."]
    assert AuditEvent.objects.filter(action="methodology.meeting.edited").count() == 1

    client.post(reverse("methodology:meeting_sign", args=[meeting.pk]))
    meeting.refresh_from_db()
    assert meeting.signed_at is not None and meeting.signed_by == head.staff
    assert client.get(url).status_code == 403
    assert client.post(url, _edit_form(meeting, agenda="Кийин.")).status_code == 403
    meeting.minutes.refresh_from_db()
    assert meeting.minutes.agenda == "1. Түзөтүлгөн күн тартиби."
    page = client.get(meeting.get_absolute_url(), **EN).text
    assert "Signed by" in page and reverse("methodology:meeting_edit", args=[meeting.pk]) not in page


def test_signed_minutes_are_refused_by_the_action_too(association, year, head):
    from methodology.actions import meetings
    from school_gov.refusals import Refused

    meeting = _meeting(association, year)
    meetings.sign_meeting(meeting, by=steps.act(head))
    with pytest.raises(Refused, match="signed"):
        meetings.sign_meeting(meeting, by=steps.act(head))


def test_a_number_already_used_is_refused_when_editing_and_nothing_changes(client, association, year, head):
    _meeting(association, year, number=1)
    second = _meeting(association, year, number=2)
    client.force_login(head)
    page = client.post(
        reverse("methodology:meeting_edit", args=[second.pk]), _edit_form(second, number=1), **EN
    )
    assert page.status_code == 200 and "Minutes № 1 already exist" in page.text
    second.minutes.refresh_from_db()
    assert second.minutes.number == 2 and second.minutes.agenda != "1. Түзөтүлгөн күн тартиби."


@pytest.mark.parametrize(("who", "status"), [("teacher", 403), ("deputy", 403), ("outsider", 404)])
def test_only_the_head_edits_and_signs(client, request, association, year, who, status):
    meeting = _meeting(association, year)
    client.force_login(request.getfixturevalue(who))
    assert client.get(reverse("methodology:meeting_edit", args=[meeting.pk])).status_code == status
    assert client.post(reverse("methodology:meeting_sign", args=[meeting.pk])).status_code == status
    meeting.refresh_from_db()
    assert meeting.signed_at is None
