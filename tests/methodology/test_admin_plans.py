"""The work plan admin: where the deputy agrees and the director approves (MB-5.1)."""

import datetime

import pytest
from django.conf import settings
from django.contrib.messages import get_messages
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from methodology.models import PlanStatus, WorkPlan
from school_gov.deadlines import due_after
from school_gov.models import AuditEvent
from tests import steps
from tests.factories import AssociationFactory, PlanItemFactory, WorkPlanFactory

CHANGELIST = "admin:methodology_workplan_changelist"


@pytest.fixture(autouse=True)
def _english(client):
    # The admin speaks Kyrgyz by default; these tests read the English source strings.
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"


@pytest.fixture
def submitted(plan, head):
    steps.submit(plan, head)
    return plan


@pytest.fixture
def agreed(submitted, deputy):
    steps.agree(submitted, deputy)
    return submitted


def _messages(response) -> list[str]:
    return [str(message) for message in get_messages(response.wsgi_request)]


def _change_url(plan) -> str:
    return reverse("admin:methodology_workplan_change", args=[plan.pk])


def _step_url(plan, step: str) -> str:
    return reverse(f"admin:methodology_workplan_{step}", args=[plan.pk])


def _buttons(client, plan) -> list[str]:
    response = client.get(_change_url(plan))
    assert response.status_code == 200
    return [button["name"] for button in response.context["workflow_buttons"]]


def _offered_actions(client) -> list[str]:
    response = client.get(reverse(CHANGELIST))
    action_form = response.context["action_form"]
    return [] if action_form is None else [name for name, _label in action_form.fields["action"].choices]


def _act(client, action: str, plans, query: str = "", **data):
    url = reverse(CHANGELIST) + query
    return client.post(url, {"action": action, "_selected_action": [p.pk for p in plans], "index": 0, **data})


def _listed(client, query: str = "") -> list[WorkPlan]:
    response = client.get(reverse(CHANGELIST) + query)
    assert response.status_code == 200
    return list(response.context["cl"].result_list)


def _plan(association, school_year, head, *, start: datetime.date, title: str) -> WorkPlan:
    plan = WorkPlanFactory(
        association=association,
        school_year=school_year,
        period_start=start,
        period_end=start + datetime.timedelta(days=30),
        title=title,
        created_by=head.staff,
    )
    PlanItemFactory(plan=plan)
    return plan


# Agree (the deputy)


def test_deputy_agrees_a_submitted_plan_with_the_list_action(client, deputy, submitted):
    client.force_login(deputy)
    response = _act(client, "agree_selected", [submitted])
    assert response.status_code == 302
    submitted.refresh_from_db()
    assert submitted.status == PlanStatus.AGREED
    assert submitted.agreed_by == deputy.staff
    event = AuditEvent.objects.for_object(submitted).get(action="methodology.plan.agreed")
    assert event.actor == deputy
    assert event.data["from_status"] == PlanStatus.SUBMITTED
    assert "1 plan was agreed." in _messages(response)


def test_deputy_agrees_a_submitted_plan_with_the_button(client, deputy, submitted):
    client.force_login(deputy)
    assert _buttons(client, submitted) == ["agree", "return"]
    response = client.post(_step_url(submitted, "agree"))
    assert response.status_code == 302
    assert response["Location"] == _change_url(submitted)
    submitted.refresh_from_db()
    assert submitted.status == PlanStatus.AGREED
    assert AuditEvent.objects.for_object(submitted).filter(action="methodology.plan.agreed").exists()


def test_a_second_agree_names_the_plan_and_says_it_was_already_agreed(client, deputy, agreed):
    client.force_login(deputy)
    response = _act(client, "agree_selected", [agreed], query="?waiting=all")
    (message,) = _messages(response)
    assert str(agreed) in message
    assert "already agreed" in message


# Approve (the director)


def test_director_approves_an_agreed_plan_with_the_button(client, director, agreed):
    client.force_login(director)
    assert _buttons(client, agreed) == ["approve", "return"]
    response = client.post(_step_url(agreed, "approve"))
    assert response.status_code == 302
    agreed.refresh_from_db()
    assert agreed.status == PlanStatus.APPROVED
    assert agreed.approved_by == director.staff
    assert AuditEvent.objects.for_object(agreed).get(action="methodology.plan.approved").actor == director


def test_director_approves_an_agreed_plan_with_the_list_action(client, director, agreed):
    client.force_login(director)
    response = _act(client, "approve_selected", [agreed])
    agreed.refresh_from_db()
    assert agreed.status == PlanStatus.APPROVED
    assert "1 plan was approved." in _messages(response)


def test_deputy_cannot_approve(client, deputy, agreed):
    client.force_login(deputy)
    assert _buttons(client, agreed) == []
    assert "approve_selected" not in _offered_actions(client)

    response = client.post(_step_url(agreed, "approve"))
    assert response.status_code == 302
    assert any("Only the director may approve" in message for message in _messages(response))

    _act(client, "approve_selected", [agreed], query="?waiting=all")
    agreed.refresh_from_db()
    assert agreed.status == PlanStatus.AGREED
    assert not AuditEvent.objects.for_object(agreed).filter(action="methodology.plan.approved").exists()


def test_director_cannot_approve_a_plan_not_yet_agreed(client, director, submitted):
    client.force_login(director)
    assert _buttons(client, submitted) == []
    response = client.post(_step_url(submitted, "approve"))
    assert any("has not agreed the plan yet" in message for message in _messages(response))

    response = _act(client, "approve_selected", [submitted], query="?waiting=all")
    assert f"{submitted}: The deputy director has not agreed the plan yet; it cannot be approved." in (
        _messages(response)
    )
    submitted.refresh_from_db()
    assert submitted.status == PlanStatus.SUBMITTED


def test_director_is_offered_approve_and_return_the_deputy_agree_and_return(client, director, deputy):
    client.force_login(director)
    assert sorted(_offered_actions(client)) == ["", "approve_selected", "return_selected"]
    client.force_login(deputy)
    assert sorted(_offered_actions(client)) == ["", "agree_selected", "return_selected"]


@pytest.mark.parametrize("person", ["superuser", "methodologist"])
def test_the_superuser_and_the_district_are_offered_no_steps(client, request, person, agreed):
    client.force_login(request.getfixturevalue(person))
    assert _offered_actions(client) == []
    assert _buttons(client, agreed) == []


def test_a_step_is_taken_only_by_post(client, deputy, submitted):
    client.force_login(deputy)
    assert client.get(_step_url(submitted, "agree")).status_code == 405
    submitted.refresh_from_db()
    assert submitted.status == PlanStatus.SUBMITTED


# Return for revision (with a comment)


def test_the_return_action_asks_for_the_comment_first(client, deputy, submitted):
    client.force_login(deputy)
    response = _act(client, "return_selected", [submitted])
    assert response.status_code == 200
    assert "admin/methodology/return_for_revision.html" in [t.name for t in response.templates]
    submitted.refresh_from_db()
    assert submitted.status == PlanStatus.SUBMITTED


def test_return_without_a_comment_is_refused_and_changes_nothing(client, deputy, submitted):
    client.force_login(deputy)
    url = reverse(CHANGELIST)
    response = client.post(
        url,
        {"action": "return_selected", "_selected_action": [submitted.pk], "apply": "yes", "comment": "  "},
    )
    assert response.status_code == 200
    assert response.context["error"]
    response = client.post(_step_url(submitted, "return"), {"comment": ""})
    assert any("Say in a comment" in message for message in _messages(response))
    submitted.refresh_from_db()
    assert submitted.status == PlanStatus.SUBMITTED
    assert not AuditEvent.objects.for_object(submitted).filter(action="methodology.plan.returned").exists()


def test_deputy_returns_a_submitted_plan_with_a_comment(client, deputy, submitted):
    client.force_login(deputy)
    response = client.post(
        reverse(CHANGELIST),
        {
            "action": "return_selected",
            "_selected_action": [submitted.pk],
            "apply": "yes",
            "comment": "Олимпиаданы кошуңуз.",
        },
    )
    assert response.status_code == 302
    submitted.refresh_from_db()
    assert submitted.status == PlanStatus.RETURNED
    assert submitted.return_comment == "Олимпиаданы кошуңуз."
    event = AuditEvent.objects.for_object(submitted).get(action="methodology.plan.returned")
    assert event.data["comment"] == "Олимпиаданы кошуңуз."
    assert "1 plan was returned for revision." in _messages(response)


def test_director_returns_an_agreed_plan_with_the_button(client, director, agreed):
    client.force_login(director)
    response = client.post(_step_url(agreed, "return"), {"comment": "Мөөнөттөрдү тактаңыз."})
    assert response.status_code == 302
    agreed.refresh_from_db()
    assert agreed.status == PlanStatus.RETURNED
    assert agreed.return_comment == "Мөөнөттөрдү тактаңыз."


# Who reaches what


@pytest.mark.parametrize("person", ["teacher", "head", "student"])
def test_teachers_heads_and_students_cannot_reach_the_admin(client, request, person, submitted):
    client.force_login(request.getfixturevalue(person))
    for url in (reverse(CHANGELIST), _change_url(submitted)):
        response = client.get(url)
        assert response.status_code == 302
        assert response["Location"].startswith(reverse("admin:login"))
    # A step's address answers like the site: 403 to a member of the school, not the admin's sign-in.
    assert client.post(_step_url(submitted, "agree")).status_code == 403
    submitted.refresh_from_db()
    assert submitted.status == PlanStatus.SUBMITTED


def test_anonymous_is_sent_to_sign_in(client, submitted):
    response = client.get(reverse(CHANGELIST))
    assert response.status_code == 302


def test_an_outsider_director_sees_none_of_this_schools_plans(client, outsider, agreed):
    client.force_login(outsider)
    assert _listed(client, "?waiting=all") == []
    response = client.get(_change_url(agreed))
    assert response.status_code == 302  # the admin's "not found": back to its index with a message
    assert response["Location"] == reverse("admin:index")
    # A step's address of another school's plan is not found, as on the site.
    assert client.post(_step_url(agreed, "approve")).status_code == 404
    agreed.refresh_from_db()
    assert agreed.status == PlanStatus.AGREED


# The list: waiting for me, deadlines, order


def test_the_default_list_shows_only_plans_waiting_for_the_signed_in_person(
    client, deputy, director, association, school_year, head
):
    waiting_deputy = _plan(association, school_year, head, start=datetime.date(2026, 9, 1), title="A")
    waiting_director = _plan(association, school_year, head, start=datetime.date(2026, 10, 1), title="B")
    draft = _plan(association, school_year, head, start=datetime.date(2026, 11, 1), title="C")
    for plan in (waiting_deputy, waiting_director):
        steps.submit(plan, head)
    steps.agree(waiting_director, deputy)

    client.force_login(deputy)
    assert _listed(client) == [waiting_deputy]
    client.force_login(director)
    assert _listed(client) == [waiting_director]
    everything = _listed(client, "?waiting=all")
    assert set(everything) == {waiting_deputy, waiting_director}
    assert draft not in everything  # a draft is the association's until it is submitted


def test_the_list_is_sorted_by_due_date_most_urgent_first(client, deputy, association, school_year, head):
    later = _plan(association, school_year, head, start=datetime.date(2026, 11, 1), title="later")
    sooner = _plan(association, school_year, head, start=datetime.date(2026, 9, 1), title="sooner")
    for plan in (later, sooner):
        steps.submit(plan, head)
    client.force_login(deputy)
    assert _listed(client) == [sooner, later]
    assert _listed(client, "?o=5") == [sooner, later]  # the due column, ascending
    assert _listed(client, "?o=-5") == [later, sooner]


def test_the_list_shows_approved_late_by_n_days(client, deputy, director, association, school_year, head):
    today = timezone.localdate()
    late = _plan(association, school_year, head, start=today - datetime.timedelta(days=10), title="late")
    steps.submit(late, head)
    steps.agree(late, deputy)
    steps.approve(late, director)  # due five days ago (MB-5.1)
    client.force_login(director)
    response = client.get(reverse(CHANGELIST), {"waiting": "all"})
    assert "approved late by 5 days" in response.text
    assert _listed(client, "?waiting=all&deadline=late") == [late]
    assert _listed(client, "?waiting=all&deadline=overdue") == []


def test_the_list_shows_days_left_and_overdue(client, deputy, association, school_year, head):
    today = timezone.localdate()
    open_plan = _plan(association, school_year, head, start=today - datetime.timedelta(days=2), title="open")
    overdue = _plan(association, school_year, head, start=today - datetime.timedelta(days=9), title="old")
    for plan in (open_plan, overdue):
        steps.submit(plan, head)
    client.force_login(deputy)
    response = client.get(reverse(CHANGELIST))
    assert "3 days left" in response.text
    assert "overdue by 4 days" in response.text
    assert _listed(client, "?deadline=overdue") == [overdue]
    assert _listed(client, "?deadline=soon") == [open_plan]


# The page of a plan


def test_the_plan_page_is_read_only_with_its_items_and_audit_trail(client, deputy, submitted, head):
    client.force_login(deputy)
    response = client.get(_change_url(submitted))
    assert response.status_code == 200
    assert 'name="_save"' not in response.text
    assert 'name="title"' not in response.text
    assert 'name="items-0-activity"' not in response.text
    assert "Усулдук бирикменин 2-отуруму" in response.text  # the item, shown read-only
    assert head.staff.full_name in response.text  # the trail: who submitted
    assert "overdue by" in response.text or "left" in response.text or "due today" in response.text


def test_nobody_adds_or_deletes_plans_in_the_admin(client, director, superuser, submitted):
    for person in (director, superuser):
        client.force_login(person)
        assert client.get(reverse("admin:methodology_workplan_add")).status_code == 403
        response = client.post(
            reverse("admin:methodology_workplan_delete", args=[submitted.pk]), {"post": "yes"}
        )
        assert response.status_code == 403
    assert WorkPlan.objects.filter(pk=submitted.pk).exists()


def test_the_history_button_shows_the_audit_trail(client, director, agreed, deputy):
    client.force_login(director)
    response = client.get(reverse("admin:methodology_workplan_history", args=[agreed.pk]))
    assert response.status_code == 200
    assert deputy.staff.full_name in response.text
    assert "agreed" in response.text


# Query budget (STYLE 16)


def _bulk_plans(association, school_year, head, count: int) -> None:
    """`count` plans in every reviewed state, one per day so the one-per-period constraint holds."""
    quarter = school_year.quarters.get(number=1)
    statuses = [PlanStatus.SUBMITTED, PlanStatus.AGREED, PlanStatus.APPROVED, PlanStatus.RETURNED]
    now = timezone.now()
    first = datetime.date(2020, 1, 1)
    WorkPlan.objects.bulk_create(
        WorkPlan(
            association=association,
            school_year=school_year,
            period_kind="quarter" if i % 2 else "custom",
            quarter=quarter if i % 2 else None,
            period_start=first + datetime.timedelta(days=i),
            period_end=first + datetime.timedelta(days=i + 30),
            approval_due_on=due_after(first + datetime.timedelta(days=i)),
            title=f"План {i}",
            status=statuses[i % len(statuses)],
            approved_at=now if statuses[i % len(statuses)] == PlanStatus.APPROVED else None,
            created_by=head.staff,
        )
        for i in range(count)
    )


@pytest.mark.parametrize("count", [10, 1000])
def test_the_plan_list_query_budget_is_flat(
    client, director, school, school_year, head, count, django_assert_max_num_queries
):
    association = AssociationFactory(school=school)
    _bulk_plans(association, school_year, head, count)
    client.force_login(director)
    # session, user, staff record, current roles, user permissions, group permissions, filtered count,
    # total count, the page of plans with association, school, school year and quarter joined, and the
    # plans never drafted (the missing-plan radar: the quarters started, the associations, their plans)
    with django_assert_max_num_queries(12):
        response = client.get(reverse(CHANGELIST), {"waiting": "all"})
    assert response.context["cl"].result_count == count


def test_the_plan_list_makes_as_many_queries_for_1000_plans_as_for_10(
    client, director, school, school_year, head
):
    counts = []
    for size in (10, 990):
        _bulk_plans(AssociationFactory(school=school), school_year, head, size)
        client.force_login(director)
        with CaptureQueriesContext(connection) as queries:
            client.get(reverse(CHANGELIST), {"waiting": "all"})
        counts.append(len(queries))
    assert counts[0] == counts[1]


@pytest.mark.parametrize("items", [1, 30])
def test_the_plan_page_query_budget_is_flat(
    client, deputy, submitted, head, teacher, items, django_assert_max_num_queries
):
    for _ in range(items):
        PlanItemFactory(plan=submitted).responsible.add(head.staff, teacher.staff)
    client.force_login(deputy)
    # session, user, staff record, current roles, the plan with its association, school, year, quarter
    # and the people who acted, user permissions, group permissions, the items, their responsible
    # members, the audit trail with its actors, and whether the deputy heads the association (separation
    # of duties: nobody agrees a plan they drafted)
    with django_assert_max_num_queries(11):
        response = client.get(_change_url(submitted))
    assert len(response.context["inline_admin_formsets"][0].formset.forms) == items + 1
