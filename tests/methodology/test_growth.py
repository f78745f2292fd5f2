"""Professional development (MB-3.3, MB-4.7) and attestation (MB-4.2): the category's date and the next
attestation, courses with certificates, self-education by year, the head's opinion and the commission's
decision, the deputy's forecast with the documents not yet read, and who may see and write each."""

from __future__ import annotations

import datetime
from pathlib import Path

import pytest
from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone, translation

from methodology.actions import documents, growth
from methodology.demo import demo_pdf
from methodology.forecast import forecast
from methodology.models import Attestation, Certificate, Circular, Course, SelfEducation
from methodology.models.reports import collect_facts
from school_gov.models import SchoolYear, Staff
from school_gov.refusals import Refused
from tests.factories import SchoolYearFactory, StaffFactory, UserFactory
from tests.steps import act

pytestmark = pytest.mark.django_db
EN = {"HTTP_ACCEPT_LANGUAGE": "en"}
TODAY = timezone.localdate


@pytest.fixture(autouse=True)
def _in_english():
    with translation.override("en"):
        yield


@pytest.fixture
def year(school) -> SchoolYear:
    """The current school year around today: begun two months ago, ending in about seven."""
    today = TODAY()
    return SchoolYearFactory(
        school=school,
        start_date=today - datetime.timedelta(days=60),
        end_date=today + datetime.timedelta(days=200),
    )


@pytest.fixture
def colleague(school):
    """A teacher of the school in none of the head's associations."""
    return _user("colleague", school)


def _user(username, school):
    user = UserFactory(username=username)
    StaffFactory(school=school, user=user)
    return user


def _stored() -> set[str]:
    root = Path(settings.MEDIA_ROOT) / "uploads"
    return {str(path) for path in root.rglob("*") if path.is_file()} if root.exists() else set()


def _course(staff: Staff, *, ended_on: datetime.date, hours: int = 36, topic: str = "Баалоо") -> Course:
    return Course.objects.create(
        staff=staff,
        topic=topic,
        provider="Кыргыз билим берүү академиясы",
        hours=hours,
        started_on=ended_on - datetime.timedelta(days=5),
        ended_on=ended_on,
        recorded_by=staff,
    )


def _given(staff: Staff, category: str, on: datetime.date) -> Staff:
    Staff.objects.filter(pk=staff.pk).update(qualification_category=category, category_given_on=on)
    staff.refresh_from_db()
    return staff


def _years_ago(day: datetime.date, years: int) -> datetime.date:
    return day.replace(year=day.year - years)


# The dates


def test_the_next_attestation_is_due_five_years_after_the_category_was_given(teacher):
    staff = _given(teacher.staff, "first", datetime.date(2022, 3, 14))
    assert staff.next_attestation_on == datetime.date(2027, 3, 14)
    assert _given(teacher.staff, "highest", datetime.date(2024, 2, 29)).next_attestation_on == datetime.date(
        2029, 2, 28
    )
    assert _given(teacher.staff, "none", None).next_attestation_on is None


def test_the_period_is_a_setting(teacher, settings):
    settings.ATTESTATION_YEARS = 4
    assert _given(teacher.staff, "first", datetime.date(2022, 3, 14)).next_attestation_on == datetime.date(
        2026, 3, 14
    )


def test_the_forecast_sorts_teachers_into_overdue_this_year_next_year_and_later(school, year):
    today = TODAY()

    def given(days_from_today_due: int) -> Staff:
        staff = StaffFactory(school=school)
        return _given(staff, "first", _years_ago(today + datetime.timedelta(days=days_from_today_due), 5))

    overdue, this_year, next_year, later = given(-10), given(100), given(300), given(600)
    never = StaffFactory(school=school)
    rows = {row.teacher.pk: row for row in forecast(Staff.objects.filter(school=school), year, today)}
    assert rows[overdue.pk].due == "overdue"
    assert rows[this_year.pk].due == "this_year"
    assert rows[next_year.pk].due == "next_year"
    assert rows[later.pk].due == ""
    assert rows[never.pk].due == "" and rows[never.pk].next_attestation is None


def test_the_forecast_counts_this_years_hours_and_finds_who_had_no_course_in_three_years(school, year):
    today = TODAY()
    recent, stale, none = (
        StaffFactory(school=school),
        StaffFactory(school=school),
        StaffFactory(school=school),
    )
    _course(recent, ended_on=today - datetime.timedelta(days=10), hours=36)
    _course(recent, ended_on=today - datetime.timedelta(days=20), hours=18)
    _course(recent, ended_on=year.start_date - datetime.timedelta(days=30), hours=72)  # last year's
    _course(stale, ended_on=_years_ago(today, 3) - datetime.timedelta(days=1), hours=72)
    rows = {row.teacher.pk: row for row in forecast(Staff.objects.filter(school=school), year, today)}
    assert rows[recent.pk].hours_this_year == 54
    assert not rows[recent.pk].no_recent_course
    assert rows[stale.pk].hours_this_year == 0 and rows[stale.pk].no_recent_course
    assert rows[none.pk].last_course is None and rows[none.pk].no_recent_course


# Courses


def test_a_teacher_records_a_course_with_its_certificate_and_the_head_downloads_it(
    client, teacher, head, association, outsider, colleague
):
    today = TODAY()
    client.force_login(teacher)
    response = client.post(
        reverse("methodology:course_create", args=[teacher.staff.pk]),
        {
            "topic": "Функционалдык сабаттуулук",
            "provider": "КББА",
            "hours": "72",
            "started_on": (today - datetime.timedelta(days=20)).isoformat(),
            "ended_on": (today - datetime.timedelta(days=10)).isoformat(),
            "certificate": SimpleUploadedFile(
                "Сертификат.pdf", demo_pdf("c"), content_type="application/pdf"
            ),
        },
    )
    assert response.status_code == 302
    course = Course.objects.get(staff=teacher.staff)
    assert (course.hours, course.recorded_by) == (72, teacher.staff)
    certificate = course.certificate
    url = reverse("methodology:certificate_file", args=[certificate.pk])

    client.force_login(head)
    download = client.get(url)
    assert download.status_code == 200
    assert download["Content-Disposition"].startswith("attachment")
    assert download["X-Content-Type-Options"] == "nosniff"
    assert b"".join(download.streaming_content) == demo_pdf("c")
    client.force_login(colleague)
    assert client.get(url).status_code == 403
    client.force_login(outsider)
    assert client.get(url).status_code == 404


@pytest.mark.parametrize(
    ("fields", "message"),
    [
        ({"started_on": 10, "ended_on": 20}, "cannot end before it starts"),
        ({"hours": "-4"}, "at least one hour"),
        ({"hours": "0"}, "at least one hour"),
        ({"ended_on": -5, "started_on": -1}, "once it has ended"),
        ({"topic": ""}, "This field is required"),
    ],
    ids=["ends-before-start", "negative-hours", "no-hours", "not-ended", "no-topic"],
)
def test_a_course_with_bad_dates_or_hours_is_refused_and_nothing_is_saved(client, teacher, fields, message):
    today = TODAY()
    data = {"topic": "Баалоо", "provider": "КББА", "hours": "36", "started_on": 20, "ended_on": 10, **fields}
    for key in ("started_on", "ended_on"):
        data[key] = (today - datetime.timedelta(days=data[key])).isoformat()
    data["certificate"] = SimpleUploadedFile("c.pdf", demo_pdf("c"), content_type="application/pdf")
    client.force_login(teacher)
    before = _stored()
    page = client.post(reverse("methodology:course_create", args=[teacher.staff.pk]), data, **EN)
    assert page.status_code == 200
    assert message in page.text
    assert not Course.objects.exists() and not Certificate.objects.exists()
    assert _stored() == before


def test_a_certificate_that_is_not_what_its_name_says_is_refused_and_nothing_is_stored(client, teacher):
    today = TODAY()
    client.force_login(teacher)
    before = _stored()
    page = client.post(
        reverse("methodology:course_create", args=[teacher.staff.pk]),
        {
            "topic": "Баалоо",
            "provider": "КББА",
            "hours": "36",
            "started_on": (today - datetime.timedelta(days=20)).isoformat(),
            "ended_on": (today - datetime.timedelta(days=10)).isoformat(),
            "certificate": SimpleUploadedFile("c.pdf", b"<html><script>alert(1)</script></html>"),
        },
        **EN,
    )
    assert page.status_code == 200
    assert not Course.objects.exists()
    assert _stored() == before


def test_a_course_removed_takes_its_certificate_file_with_it(teacher, django_capture_on_commit_callbacks):
    today = TODAY()
    course = Course(
        staff=teacher.staff,
        topic="Баалоо",
        provider="КББА",
        hours=18,
        started_on=today - datetime.timedelta(days=3),
        ended_on=today - datetime.timedelta(days=1),
    )
    upload = SimpleUploadedFile("c.pdf", demo_pdf("c"), content_type="application/pdf")
    with django_capture_on_commit_callbacks(execute=True):
        growth.record_course(course, upload=upload, by=act(teacher))
    name = Certificate.objects.get(course=course).file.name
    assert (Path(settings.MEDIA_ROOT) / name).exists()
    with django_capture_on_commit_callbacks(execute=True):
        growth.remove_course(course, by=act(teacher))
    assert not Course.objects.exists() and not Certificate.objects.exists()
    assert not (Path(settings.MEDIA_ROOT) / name).exists()


def test_only_the_teacher_their_head_and_the_leaders_record_courses(
    teacher, head, deputy, colleague, association
):
    today = TODAY()

    def new() -> Course:
        day = today - datetime.timedelta(days=3)
        return Course(staff=teacher.staff, topic="Т.", provider="П.", hours=6, started_on=day, ended_on=day)

    for allowed in (teacher, head, deputy):
        growth.record_course(new(), by=act(allowed))
    with pytest.raises(Refused, match="record courses"):
        growth.record_course(new(), by=act(colleague))
    assert Course.objects.count() == 3


# Self-education


def test_the_self_education_topic_is_one_a_year_and_the_report_comes_at_its_end(teacher, year):
    record = growth.write_self_education(
        teacher.staff, school_year=year, topic="Долбоордук ыкма", by=act(teacher)
    )
    assert record.reported_at is None
    again = growth.write_self_education(
        teacher.staff, school_year=year, topic="Долбоордук ыкма", report="Эки ачык сабак.", by=act(teacher)
    )
    assert again.pk == record.pk and again.reported_at is not None
    assert SelfEducation.objects.filter(staff=teacher.staff).count() == 1
    with pytest.raises(Refused, match="This field cannot be blank"):
        growth.write_self_education(teacher.staff, school_year=year, topic="  ", by=act(teacher))
    assert SelfEducation.objects.get().topic == "Долбоордук ыкма"


def test_self_education_page_saves_and_shows_the_topic(client, teacher, year):
    client.force_login(teacher)
    url = reverse("methodology:self_education_edit", args=[teacher.staff.pk])
    assert client.get(url, **EN).status_code == 200
    response = client.post(url, {"school_year": year.pk, "topic": "Формативдик баалоо", "report": ""})
    assert response.status_code == 302
    page = client.get(reverse("methodology:teacher_growth", args=[teacher.staff.pk]), **EN)
    assert "Формативдик баалоо" in page.text


# Attestation


def test_attestation_the_head_writes_the_opinion_and_the_decision_gives_the_category(
    teacher, head, deputy, association
):
    today = TODAY()
    attestation = growth.open_attestation(
        Attestation(staff=teacher.staff, category="first", held_on=today), by=act(deputy)
    )
    with pytest.raises(Refused, match="open already"):
        growth.open_attestation(
            Attestation(staff=teacher.staff, category="first", held_on=today), by=act(deputy)
        )
    with pytest.raises(Refused, match="head of an association"):
        growth.give_attestation_opinion(attestation, opinion="Өзүм жөнүндө.", by=act(teacher))
    growth.give_attestation_opinion(attestation, opinion="Сабактары жогорку деңгээлде.", by=act(head))
    with pytest.raises(Refused, match="director or deputy"):
        growth.decide_attestation(attestation, decision="assigned", decided_on=today, by=act(head))
    growth.decide_attestation(
        attestation, decision="assigned", decided_on=today, note="Токтом №3", by=act(deputy)
    )

    staff = Staff.objects.get(pk=teacher.staff.pk)
    assert (staff.qualification_category, staff.category_given_on) == ("first", today)
    assert staff.next_attestation_on == today.replace(year=today.year + 5)
    attestation.refresh_from_db()
    assert (attestation.opinion_by, attestation.decided_by) == (head.staff, deputy.staff)
    with pytest.raises(Refused, match="recorded already"):
        growth.decide_attestation(attestation, decision="not_assigned", decided_on=today, by=act(deputy))
    with pytest.raises(Refused, match="cannot be changed now"):
        growth.give_attestation_opinion(attestation, opinion="Башка.", by=act(head))


def test_a_category_not_given_leaves_the_record_as_it_was(teacher, deputy):
    given = datetime.date(2020, 5, 1)
    _given(teacher.staff, "second", given)
    attestation = growth.open_attestation(
        Attestation(staff=teacher.staff, category="first", held_on=TODAY()), by=act(deputy)
    )
    growth.decide_attestation(attestation, decision="not_assigned", decided_on=TODAY(), by=act(deputy))
    staff = Staff.objects.get(pk=teacher.staff.pk)
    assert (staff.qualification_category, staff.category_given_on) == ("second", given)


def test_a_decision_dated_in_the_future_is_refused_and_nothing_changes(teacher, deputy):
    attestation = growth.open_attestation(
        Attestation(staff=teacher.staff, category="first", held_on=TODAY()), by=act(deputy)
    )
    tomorrow = TODAY() + datetime.timedelta(days=1)
    with pytest.raises(Refused, match="once it is taken"):
        growth.decide_attestation(attestation, decision="assigned", decided_on=tomorrow, by=act(deputy))
    attestation.refresh_from_db()
    staff = Staff.objects.get(pk=teacher.staff.pk)
    assert attestation.decision == "" and staff.qualification_category == "none"


def test_a_category_date_in_the_future_is_refused_on_the_staff_record(teacher):
    staff = teacher.staff
    staff.qualification_category = "first"
    staff.category_given_on = TODAY() + datetime.timedelta(days=1)
    with pytest.raises(ValidationError) as raised:
        staff.full_clean()
    assert "future" in str(raised.value)
    staff.qualification_category, staff.category_given_on = "none", datetime.date(2020, 1, 1)
    with pytest.raises(ValidationError, match="no date it was given"):
        staff.full_clean()


# Who sees what


@pytest.mark.parametrize(
    ("who", "status"),
    [("teacher", 200), ("head", 200), ("deputy", 200), ("director", 200), ("colleague", 403),
     ("student", 403), ("outsider", 404)],
)  # fmt: skip
def test_a_teachers_record_is_seen_by_the_teacher_the_head_and_the_leaders(
    client, request, association, who, status
):
    teacher = request.getfixturevalue("teacher")
    client.force_login(request.getfixturevalue(who))
    urls = [
        reverse("methodology:teacher_growth", args=[teacher.staff.pk]),
        reverse("methodology:course_create", args=[teacher.staff.pk]),
        reverse("methodology:self_education_edit", args=[teacher.staff.pk]),
    ]
    assert [client.get(url).status_code for url in urls] == [status] * 3


@pytest.mark.parametrize(
    ("who", "opinion", "decision", "open_new"),
    [("head", 200, 403, 403), ("deputy", 403, 200, 200), ("teacher", 403, 403, 403),
     ("colleague", 403, 403, 403), ("outsider", 404, 404, 404)],
)  # fmt: skip
def test_the_attestation_pages_answer_each_role(
    client, request, association, deputy, who, opinion, decision, open_new
):
    teacher = request.getfixturevalue("teacher")
    attestation = growth.open_attestation(
        Attestation(staff=teacher.staff, category="first", held_on=TODAY()), by=act(deputy)
    )
    client.force_login(request.getfixturevalue(who))
    assert (
        client.get(reverse("methodology:attestation_opinion", args=[attestation.pk])).status_code == opinion
    )
    assert (
        client.get(reverse("methodology:attestation_decision", args=[attestation.pk])).status_code == decision
    )
    # A second attestation cannot be opened while one is open; the page answers who may try.
    new = client.get(reverse("methodology:attestation_create", args=[teacher.staff.pk]))
    assert new.status_code == open_new


def test_the_decision_page_records_it_and_the_teachers_page_shows_it(
    client, teacher, deputy, head, association
):
    attestation = growth.open_attestation(
        Attestation(staff=teacher.staff, category="highest", held_on=TODAY()), by=act(deputy)
    )
    client.force_login(head)
    client.post(
        reverse("methodology:attestation_opinion", args=[attestation.pk]), {"head_opinion": "Сунуштайм."}
    )
    client.force_login(deputy)
    bad = client.post(
        reverse("methodology:attestation_decision", args=[attestation.pk]),
        {"decision": "assigned", "decided_on": (TODAY() + datetime.timedelta(days=3)).isoformat()},
        **EN,
    )
    assert bad.status_code == 200 and "once it is taken" in bad.text
    client.post(
        reverse("methodology:attestation_decision", args=[attestation.pk]),
        {"decision": "assigned", "decided_on": TODAY().isoformat(), "note": "Токтом №7"},
    )
    client.force_login(teacher)
    page = client.get(reverse("methodology:teacher_growth", args=[teacher.staff.pk]), **EN).text
    assert "Сунуштайм." in page and "Токтом №7" in page and "Highest category" in page


@pytest.mark.parametrize(
    ("who", "status"), [("deputy", 200), ("director", 200), ("head", 200), ("teacher", 403)]
)
def test_the_forecast_is_the_leaders_and_the_heads(client, request, association, who, status):
    client.force_login(request.getfixturevalue(who))
    assert client.get(reverse("methodology:growth_overview")).status_code == status


def test_the_menu_entry_leads_a_teacher_to_their_own_record(client, teacher, deputy):
    client.force_login(teacher)
    assert client.get(reverse("methodology:growth_home"))["Location"] == reverse(
        "methodology:teacher_growth", args=[teacher.staff.pk]
    )
    client.force_login(deputy)
    assert client.get(reverse("methodology:growth_home"))["Location"] == reverse(
        "methodology:growth_overview"
    )


def test_a_head_sees_only_their_members_in_the_forecast(
    client, school, head, teacher, colleague, association, year
):
    client.force_login(head)
    page = client.get(reverse("methodology:growth_overview"), **EN).text
    assert teacher.staff.full_name in page and colleague.staff.full_name not in page


def test_the_deputy_sees_on_one_page_who_has_not_read_the_order_and_who_is_due(
    client, school, deputy, head, teacher, association, year
):
    today = TODAY()
    _given(teacher.staff, "first", _years_ago(today + datetime.timedelta(days=40), 5))
    circular = documents.publish_circular(
        Circular(
            school=school, kind="order", title="Текшерүү жөнүндө буйрук", text="Т.", audience="teachers"
        ),
        by=act(deputy),
    )
    documents.acknowledge_circular(circular, by=act(head))
    client.force_login(deputy)
    page = client.get(reverse("methodology:growth_overview"), **EN).text
    due = page[page.index('id="due-this-year"') : page.index('id="due-next-year"')]
    assert teacher.staff.full_name in due
    unread = page[page.index('id="not-read"') : page.index('id="teachers"')]
    assert "Текшерүү жөнүндө буйрук" in unread
    assert teacher.staff.short_name in unread and head.staff.short_name not in unread


def test_the_forecast_page_costs_the_same_for_three_teachers_or_thirty(client, school, deputy, year):
    today = TODAY()

    def add(count):
        for _ in range(count):
            staff = _given(
                StaffFactory(school=school), "first", _years_ago(today + datetime.timedelta(days=50), 5)
            )
            _course(staff, ended_on=today - datetime.timedelta(days=9))

    client.force_login(deputy)
    url = reverse("methodology:growth_overview")
    add(3)
    client.get(url)
    with CaptureQueriesContext(connection) as few:
        client.get(url)
    add(27)
    with CaptureQueriesContext(connection) as many:
        assert client.get(url).status_code == 200
    assert len(many) == len(few) <= 14


def test_the_teachers_page_costs_the_same_for_two_courses_or_twenty(client, teacher, year):
    client.force_login(teacher)
    url = reverse("methodology:teacher_growth", args=[teacher.staff.pk])
    for day in (10, 20):
        _course(teacher.staff, ended_on=TODAY() - datetime.timedelta(days=day))
    client.get(url)
    with CaptureQueriesContext(connection) as few:
        client.get(url)
    for day in range(30, 48):
        _course(teacher.staff, ended_on=TODAY() - datetime.timedelta(days=day))
    with CaptureQueriesContext(connection) as many:
        client.get(url)
    assert len(many) == len(few) <= 16


# The year-end report


def test_the_reports_staff_section_is_filled_from_the_records(teacher, head, deputy, association, year):
    today = TODAY()
    _course(
        teacher.staff, ended_on=today - datetime.timedelta(days=5), hours=72, topic="Санариптик ресурстар"
    )
    _course(teacher.staff, ended_on=year.start_date - datetime.timedelta(days=5), hours=18, topic="Мурунку")
    growth.write_self_education(teacher.staff, school_year=year, topic="Долбоордук ыкма", by=act(teacher))
    attestation = growth.open_attestation(
        Attestation(staff=teacher.staff, category="first", held_on=today), by=act(deputy)
    )
    growth.decide_attestation(attestation, decision="assigned", decided_on=today, by=act(deputy))
    facts = collect_facts(association, year)
    member = next(m for m in facts["members"] if m["name"] == teacher.staff.full_name)
    assert member["category"] == "first" and member["category_given_on"] == today.isoformat()
    assert [c["topic"] for c in member["courses"]] == ["Санариптик ресурстар"] and member[
        "course_hours"
    ] == 72
    assert member["self_education"] == "Долбоордук ыкма" and not member["self_education_reported"]
    assert member["attestations"] == [
        {"category": "first", "decision": "assigned", "decided_on": today.isoformat()}
    ]


def test_the_plan_shows_the_records_made_against_its_items(client, plan, teacher, head):
    from methodology.models import PlanItem

    item = PlanItem.objects.create(
        plan=plan, section="professional_development", activity="Курстар", starts_on=plan.period_start
    )
    course = _course(
        teacher.staff, ended_on=TODAY() - datetime.timedelta(days=2), topic="Санариптик ресурстар"
    )
    Course.objects.filter(pk=course.pk).update(plan_item=item)
    client.force_login(head)
    page = client.get(reverse("methodology:plan_detail", args=[plan.pk]), **EN).text
    row = page[page.index(f'id="item-{item.pk}"') :]
    assert "Санариптик ресурстар" in row[: row.index("</tr>")]


def test_a_course_cannot_point_to_an_item_of_another_section(plan, teacher):
    from methodology.models import PlanItem

    item = PlanItem.objects.create(
        plan=plan, section="meetings", activity="Отурум", starts_on=plan.period_start
    )
    day = TODAY() - datetime.timedelta(days=2)
    course = Course(
        staff=teacher.staff, topic="Т.", provider="П.", hours=6, started_on=day, ended_on=day, plan_item=item
    )
    with pytest.raises(Refused, match="professional development"):
        growth.record_course(course, by=act(teacher))
    assert not Course.objects.exists()


@pytest.mark.parametrize(
    ("who", "status", "kept"),
    [("colleague", 403, True), ("student", 403, True), ("outsider", 404, True), ("head", 302, False)],
)
def test_a_course_is_removed_only_by_who_may_record_it(
    client, request, association, teacher, who, status, kept
):
    course = _course(teacher.staff, ended_on=TODAY() - datetime.timedelta(days=3))
    client.force_login(request.getfixturevalue(who))
    assert client.post(reverse("methodology:course_remove", args=[course.pk])).status_code == status
    assert Course.objects.filter(pk=course.pk).exists() == kept
    assert client.get(reverse("methodology:course_remove", args=[course.pk])).status_code == 405  # POST only


def test_the_deputys_dashboard_counts_who_is_due_for_attestation_this_year(
    client, school, deputy, teacher, year
):
    today = TODAY()
    _given(teacher.staff, "first", _years_ago(today - datetime.timedelta(days=5), 5))  # overdue
    _given(StaffFactory(school=school), "highest", _years_ago(today + datetime.timedelta(days=100), 5))
    _given(
        StaffFactory(school=school), "second", _years_ago(today + datetime.timedelta(days=400), 5)
    )  # later
    client.force_login(deputy)
    page = client.get(reverse("dashboard"), **EN).text
    assert "2 teachers are due for attestation this school year" in page
    client.force_login(teacher)
    assert "due for attestation" not in client.get(reverse("dashboard"), **EN).text
