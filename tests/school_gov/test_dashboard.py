import datetime

import pytest
from django.urls import reverse
from django.utils import timezone

from tests.factories import QuarterFactory, SchoolYearFactory


def _current_year(school):
    today = timezone.localdate()
    year = SchoolYearFactory(
        school=school,
        start_date=today - datetime.timedelta(days=30),
        end_date=today + datetime.timedelta(days=200),
    )
    QuarterFactory(
        school_year=year,
        number=2,
        start_date=today - datetime.timedelta(days=10),
        end_date=today + datetime.timedelta(days=12),
    )
    return year


def test_anonymous_visitor_is_sent_to_sign_in(client, db):
    response = client.get(reverse("dashboard"))
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("login"))


def test_the_director_sees_their_role_the_quarter_and_the_way_to_the_admin(client, director, school):
    _current_year(school)
    client.force_login(director)
    with_lang = {"HTTP_ACCEPT_LANGUAGE": "en"}
    response = client.get(reverse("dashboard"), **with_lang)
    assert response.status_code == 200
    assert "director" in response.text
    assert "Quarter 2 ends on" in response.text
    assert "12 days left" in response.text
    assert reverse("admin:index") in response.text


def test_a_teacher_sees_their_record_but_no_administration(client, teacher, school):
    client.force_login(teacher)
    response = client.get(reverse("dashboard"), HTTP_ACCEPT_LANGUAGE="en")
    assert "Years in education" in response.text
    assert reverse("admin:index") not in response.text
    assert "has not entered its current school year" in response.text


def test_a_pupil_learns_what_their_tier_allows(client, pupil, student):
    client.force_login(pupil)
    response = client.get(reverse("dashboard"), HTTP_ACCEPT_LANGUAGE="en")
    assert "You may take part in the parliament's events." in response.text
    client.force_login(student)
    response = client.get(reverse("dashboard"), HTTP_ACCEPT_LANGUAGE="en")
    assert "You may take part in events and organise them." in response.text


def test_an_account_without_a_record_is_told_to_get_it_linked(client, db):
    from tests.factories import UserFactory

    client.force_login(UserFactory(username="loose"))
    response = client.get(reverse("dashboard"), HTTP_ACCEPT_LANGUAGE="en")
    assert response.status_code == 200
    assert "not linked to a staff or student record" in response.text


def test_dashboard_query_budget(client, director, school, django_assert_max_num_queries):
    _current_year(school)
    client.force_login(director)
    # session, user, staff record (+school), appointments for roles, current appointments shown,
    # current year, its quarters, permission lookups for the nav (3); the methodology card: plans
    # awaiting approval, overdue plans, the head's proposals waiting for a decision, associations headed,
    # plans to work on, memberships, lessons observed waiting to be read, the quarters and associations
    # without a plan, the activities to mark, the documents to send and to review, the documents to read
    # (12), the ended quarters without a meeting (1 here: none has ended), the current year and the
    # staff due for attestation this year (2); the latest unread notifications, the sweep's last run (the
    # director is warned when it stopped), the unread count in the navigation (3): 25 in all
    with django_assert_max_num_queries(25):
        client.get(reverse("dashboard"))


def test_the_superuser_is_not_shown_the_staffs_methodology_pages(client, superuser):
    """They answer 403 to an account without a staff record: the menu does not lead there."""
    from django.urls import reverse

    client.force_login(superuser)
    page = client.get(reverse("dashboard")).text
    assert reverse("methodology:association_list") not in page
    assert client.get(reverse("methodology:association_list")).status_code == 403


@pytest.mark.parametrize("count", [2, 20])
def test_my_tasks_cost_the_same_queries_for_2_plans_and_20(
    client, association, school_year, head, teacher, count, django_assert_max_num_queries
):
    """The head's and the teacher's "my tasks" (drafts, returned plans, comments, activities to mark,
    reports due) read the same definitions as the reminders, in queries that do not grow with the data."""
    from methodology.actions import plans as plan_actions
    from methodology.models import PlanStatus
    from tests import steps
    from tests.factories import PlanItemFactory, WorkPlanFactory

    for number in range(count):
        start = school_year.start_date + datetime.timedelta(days=number)
        plan = WorkPlanFactory(
            association=association,
            school_year=school_year,
            period_start=start,
            period_end=start,
            created_by=head.staff,
        )
        plan_actions.comment(plan, by=steps.act(teacher), text="Пикир.")
        done = WorkPlanFactory(
            association=association,
            school_year=school_year,
            status=PlanStatus.APPROVED,
            period_start=start,
            period_end=start + datetime.timedelta(days=1),
            created_by=head.staff,
        )
        PlanItemFactory(plan=done, starts_on=start).responsible.set([teacher.staff])
    for user, budget in ((head, 24), (teacher, 19)):
        client.force_login(user)
        with django_assert_max_num_queries(budget):
            assert client.get(reverse("dashboard")).status_code == 200
