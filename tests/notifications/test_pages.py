"""The inbox, the notification settings, the unsubscribe link and the personal calendar feed, as the
people who use them see them."""

from __future__ import annotations

import datetime

import pytest
from django.urls import reverse
from django.utils import timezone
from icalendar import Calendar

from methodology.actions import plans as plan_actions
from notifications.delivery import EVERY_KIND, unsubscribe_token
from notifications.models import CalendarLink, Channel, Notification, Preference
from notifications.tasks import next_sweep_at
from school_gov.models import AuditEvent
from tests import steps
from tests.factories import DutyAssignmentFactory

EN = {"HTTP_ACCEPT_LANGUAGE": "en"}


def _comments(plan, teacher, count):
    for number in range(count):
        plan_actions.comment(plan, by=steps.act(teacher), text=f"Пикир {number}.")


@pytest.mark.django_db
def test_the_inbox_shows_the_newest_first_grouped_by_record_and_counts_the_unread(
    client, plan, head, teacher
):
    _comments(plan, teacher, 2)
    client.force_login(head)
    page = client.get(reverse("notifications:inbox"), **EN).text
    assert page.index("Пикир 1.") < page.index("Пикир 0.")
    assert page.count('class="card mb-3"') == 1  # one group: the plan
    assert 'rounded-pill">2<' in page  # the unread count in the navigation


@pytest.mark.django_db
def test_marking_read_one_group_or_all(client, plan, head, teacher):
    _comments(plan, teacher, 3)
    client.force_login(head)
    first = Notification.objects.filter(recipient=head).order_by("pk").first()
    client.post(reverse("notifications:mark_read"), {"id": [first.pk]})
    assert Notification.objects.filter(recipient=head, read_at__isnull=True).count() == 2
    client.post(reverse("notifications:mark_read"), {"all": "1"})
    assert not Notification.objects.filter(recipient=head, read_at__isnull=True).exists()
    assert "Nothing unread." in client.get(reverse("notifications:inbox") + "?show=unread", **EN).text


@pytest.mark.django_db
def test_following_a_notification_marks_it_read_and_opens_the_record(client, plan, head, teacher):
    _comments(plan, teacher, 1)
    client.force_login(head)
    notification = Notification.objects.get(recipient=head)
    response = client.get(reverse("notifications:open", args=[notification.pk]))
    assert response.status_code == 302 and response["Location"] == plan.get_absolute_url()
    notification.refresh_from_db()
    assert notification.read_at is not None


@pytest.mark.django_db
def test_someone_elses_notification_is_not_found(client, plan, head, teacher, deputy):
    _comments(plan, teacher, 1)
    client.force_login(deputy)
    notification = Notification.objects.get(recipient=head)
    assert client.get(reverse("notifications:open", args=[notification.pk])).status_code == 404
    client.post(reverse("notifications:mark_read"), {"id": [notification.pk]})
    notification.refresh_from_db()
    assert notification.read_at is None


@pytest.mark.django_db
def test_a_notification_from_a_school_the_person_left_is_not_shown(client, plan, head, teacher, other_school):
    _comments(plan, teacher, 1)
    head.staff.school = other_school
    head.staff.save()
    client.force_login(head)
    assert "Пикир 0." not in client.get(reverse("notifications:inbox"), **EN).text


@pytest.mark.django_db
@pytest.mark.parametrize("count", [2, 20])
def test_the_inbox_costs_the_same_queries_for_2_notifications_and_20(
    client, plan, head, teacher, count, django_assert_max_num_queries
):
    _comments(plan, teacher, count)
    client.force_login(head)
    # session, user, staff record, roles, the page of notifications, their count for the pager, the
    # records they are about (one per kind of record), the plan's association for the view predicate
    # (members and heads: asked once per record), the unread count twice (page and navigation)
    with django_assert_max_num_queries(13):
        assert client.get(reverse("notifications:inbox")).status_code == 200


@pytest.mark.django_db
def test_the_settings_keep_a_choice_per_kind_and_refuse_a_made_up_channel(client, head):
    client.force_login(head)
    page = client.get(reverse("notifications:preferences"), **EN).text
    assert "A member commented on my draft plan" in page
    assert "An election I have not voted in closes tomorrow" not in page  # a student's kind
    client.post(reverse("notifications:preferences"), {"kind-plan_commented": "digest"})
    assert Preference.objects.get(user=head, kind="plan_commented").channel == Channel.DIGEST
    response = client.post(reverse("notifications:preferences"), {"kind-plan_commented": "pigeon"}, **EN)
    assert "Choose in the app only" in response.text
    assert Preference.objects.get(user=head, kind="plan_commented").channel == Channel.DIGEST


@pytest.mark.django_db
def test_a_student_is_offered_the_students_kinds_in_the_app_by_default(client, student):
    client.force_login(student)
    page = client.get(reverse("notifications:preferences"), **EN).text
    assert "An election I have not voted in closes tomorrow" in page
    assert "A plan was submitted for my agreement" not in page
    assert page.count('value="app" selected') >= 4


@pytest.mark.django_db
def test_the_unsubscribe_link_works_in_one_click_once_and_a_forged_one_changes_nothing(client, head):
    token = unsubscribe_token(head, "plan_returned")
    url = reverse("notifications:unsubscribe", args=[token])
    assert "Stop e-mails about" in client.get(url, **EN).text  # a GET only asks
    assert not Preference.objects.exists()
    done = client.post(url, **EN)  # no session, no CSRF token: the mail client's own button (RFC 8058)
    assert "no longer come by e-mail" in done.text
    assert Preference.objects.get(user=head, kind="plan_returned").channel == Channel.APP
    again = client.post(url, **EN)
    assert "already not coming by e-mail" in again.text
    events = AuditEvent.objects.filter(action="notifications.preferences.unsubscribed").count()
    forged = reverse("notifications:unsubscribe", args=[token[:-3] + "abc"])
    answer = client.post(forged, **EN)
    assert answer.status_code == 400 and "not valid" in answer.text
    assert AuditEvent.objects.filter(action="notifications.preferences.unsubscribed").count() == events == 1


@pytest.mark.django_db
def test_the_digests_link_stops_every_email(client, head):
    client.post(reverse("notifications:unsubscribe", args=[unsubscribe_token(head, EVERY_KIND)]))
    assert set(Preference.objects.filter(user=head).values_list("channel", flat=True)) == {Channel.APP}
    assert Preference.objects.filter(user=head).count() > 10


def _feed(client, url):
    response = client.get(url)
    assert response.status_code == 200 and response["Content-Type"].startswith("text/calendar")
    return Calendar.from_ical(response.content)


def _new_link(client):
    page = client.post(reverse("notifications:calendar"), {"do": "new"}).content.decode()
    from django.conf import settings

    start = page.index(f"{settings.SITE_URL}/notifications/calendar/")  # the address people open it at
    return page[start : page.index('"', start)].removeprefix(settings.SITE_URL)


@pytest.mark.django_db
def test_the_calendar_feed_holds_the_persons_deadlines_in_bishkek_time_and_dies_when_revoked(
    client, plan, head, teacher
):
    client.force_login(head)
    url = _new_link(client)
    client.logout()
    calendar = _feed(client, url)  # no sign-in: the secret is the right to read it
    assert calendar["X-WR-TIMEZONE"] == "Asia/Bishkek"
    summaries = [str(event["SUMMARY"]) for event in calendar.walk("VEVENT")]
    assert any(plan.title in summary for summary in summaries)
    due = next(e for e in calendar.walk("VEVENT") if plan.title in str(e["SUMMARY"]))
    assert due["DTSTART"].dt == plan.approval_due
    client.force_login(head)
    newer = _new_link(client)
    assert client.get(url).status_code == 404  # the old address stops working
    assert client.get(newer).status_code == 200
    client.post(reverse("notifications:calendar"), {"do": "revoke"})
    assert client.get(newer).status_code == 404
    assert not CalendarLink.objects.exists()


@pytest.mark.django_db
def test_a_students_feed_has_their_classs_duty_at_its_time(client, school, student):
    DutyAssignmentFactory(school=school, grade=7, class_letter="А", date=timezone.localdate())
    client.force_login(student)
    url = _new_link(client)
    calendar = _feed(client, url)
    [duty] = [e for e in calendar.walk("VEVENT") if str(e["UID"]).startswith("duty-")]
    assert duty["DTSTART"].dt == timezone.localdate()


@pytest.mark.django_db
def test_a_deactivated_accounts_feed_is_not_found(client, head, plan):
    client.force_login(head)
    url = _new_link(client)
    head.is_active = False
    head.save()
    assert client.get(url).status_code == 404


@pytest.mark.django_db
def test_the_director_is_warned_when_the_sweep_has_not_run_for_36_hours(client, director):
    from notifications.models import SweepRun

    client.force_login(director)
    assert 'id="sweep-overdue"' in client.get(reverse("dashboard")).text
    SweepRun.objects.create(finished_at=timezone.now() - datetime.timedelta(hours=30))
    assert 'id="sweep-overdue"' not in client.get(reverse("dashboard")).text
    SweepRun.objects.update(finished_at=timezone.now() - datetime.timedelta(hours=37))
    assert 'id="sweep-overdue"' in client.get(reverse("dashboard")).text


def test_the_next_sweep_is_at_seven_in_the_morning_in_bishkek():
    from zoneinfo import ZoneInfo

    evening = datetime.datetime(2026, 12, 2, 20, 0, tzinfo=ZoneInfo("Asia/Bishkek"))
    assert next_sweep_at(evening) == datetime.datetime(2026, 12, 3, 7, 0, tzinfo=ZoneInfo("Asia/Bishkek"))
    dawn = datetime.datetime(2026, 12, 2, 5, 0, tzinfo=ZoneInfo("Asia/Bishkek"))
    assert next_sweep_at(dawn) == datetime.datetime(2026, 12, 2, 7, 0, tzinfo=ZoneInfo("Asia/Bishkek"))


@pytest.mark.django_db
def test_the_sweep_schedules_itself_once(db):
    from django_tasks_db.models import DBTaskResult

    from notifications import sweep

    assert sweep.schedule() is True
    assert sweep.schedule() is False
    assert DBTaskResult.objects.filter(task_path="notifications.tasks.daily_sweep").count() == 1


@pytest.mark.django_db
def test_the_admin_shows_the_sweeps_runs_and_warns_when_it_stopped(client, superuser, plan, head):
    from notifications.actions.sweep import run
    from notifications.models import SweepRun
    from school_gov.people import machine

    client.force_login(superuser)
    url = reverse("admin:notifications_sweeprun_changelist")
    assert "has not run for 36 hours" in client.get(url, **EN).text  # never ran: the warning
    run(by=machine(), today=plan.approval_due - datetime.timedelta(days=1))
    page = client.get(url, **EN).text
    assert "has not run for 36 hours" not in page
    sweep = SweepRun.objects.get()
    detail = client.get(reverse("admin:notifications_sweeprun_change", args=[sweep.pk]), **EN).text
    assert "plan_due_soon" in detail  # what it sent, by kind and to whom


@pytest.mark.django_db
def test_the_outbox_is_the_superusers_alone(client, superuser, deputy):
    url = reverse("admin:school_gov_email_changelist")
    client.force_login(superuser)
    assert client.get(url).status_code == 200
    client.force_login(deputy)
    assert client.get(url).status_code == 403


@pytest.mark.django_db
@pytest.mark.parametrize("count", [2, 20])
def test_the_settings_page_costs_the_same_queries_whatever_was_chosen(
    client, head, count, django_assert_max_num_queries
):
    from notifications.kinds import KINDS

    for code in sorted(KINDS)[:count]:
        Preference.objects.create(user=head, kind=code, channel=Channel.DIGEST)
    client.force_login(head)
    # session, user, staff record, roles, the choices, whether the defaults are a student's, the unread
    # count
    with django_assert_max_num_queries(7):
        assert client.get(reverse("notifications:preferences")).status_code == 200


@pytest.mark.django_db
def test_the_calendar_page_and_the_unsubscribe_page_answer_within_their_budgets(
    client, head, django_assert_max_num_queries
):
    client.force_login(head)
    # session, user, staff record, roles, the link, the unread count
    with django_assert_max_num_queries(6):
        assert client.get(reverse("notifications:calendar")).status_code == 200
    client.logout()
    with django_assert_max_num_queries(0):  # a signed link: nothing is asked before the button
        url = reverse("notifications:unsubscribe", args=[unsubscribe_token(head, "plan_returned")])
        assert client.get(url).status_code == 200


@pytest.mark.django_db
@pytest.mark.parametrize("count", [2, 20])
def test_the_feed_costs_the_same_queries_for_2_duties_and_20(
    client, school, student, count, django_assert_max_num_queries
):
    for day in range(count):
        DutyAssignmentFactory(
            school=school, grade=7, class_letter="А", date=timezone.localdate() + datetime.timedelta(days=day)
        )
    client.force_login(student)
    url = _new_link(client)
    client.logout()
    # the link and its account, the account's staff and student records, the events, the duties, the
    # elections
    with django_assert_max_num_queries(6):
        calendar = _feed(client, url)
    assert len([e for e in calendar.walk("VEVENT") if str(e["UID"]).startswith("duty-")]) == count


@pytest.mark.django_db
def test_the_calendar_is_offered_to_a_person_with_a_school_record_only(client, head, superuser):
    link = f'href="{reverse("notifications:calendar")}"'
    client.force_login(head)
    assert link in client.get(reverse("dashboard")).text
    client.force_login(superuser)
    assert link not in client.get(reverse("dashboard")).text
    assert client.get(reverse("notifications:calendar")).status_code == 404


@pytest.mark.django_db
def test_the_class_teacher_sees_how_many_of_the_class_have_voted(client, school, term, student):
    from parliament.models import Turnout
    from school_gov.models import Role
    from tests.factories import AppointmentFactory, ElectionFactory, StaffFactory, StudentFactory, UserFactory

    teacher = UserFactory(username="class_teacher")
    AppointmentFactory(
        staff=StaffFactory(school=school, user=teacher),
        role=Role.CLASS_TEACHER,
        class_grade=7,
        class_letter="А",
    )
    StudentFactory(school=school, grade=7, class_letter="А")
    election = ElectionFactory(term=term, stage="voting", voter_from_grade=5)
    Turnout.objects.create(election=election, student=student.student, grade=7, method="online")
    client.force_login(teacher)
    page = client.get(reverse("dashboard"), **EN).text
    assert "Class 7-А: 1 of 2 have voted" in page
