"""The site's association and plan pages: who sees what, and what each may do (MB-5.1, MB-2.1)."""

import datetime

import pytest
from django.urls import reverse
from django.utils import timezone, translation

from methodology.models import PlanStatus, WorkPlan
from school_gov.deadlines import due_after
from tests import steps
from tests.factories import AssociationFactory, PlanItemFactory, StaffFactory, UserFactory, WorkPlanFactory


@pytest.fixture(autouse=True)
def _english():
    with translation.override("en"):
        yield


EN = {"HTTP_ACCEPT_LANGUAGE": "en"}


def _other_staff_user(school, username="colleague"):
    user = UserFactory(username=username)
    StaffFactory(school=school, user=user)
    return user


# Association pages


def test_staff_see_the_associations_of_their_school(client, teacher, association, other_school):
    AssociationFactory(school=other_school, name="Чет мектептин бирикмеси")
    client.force_login(teacher)
    response = client.get(reverse("methodology:association_list"), **EN)
    assert response.status_code == 200
    assert "Так илимдер" in response.text
    assert "your association" in response.text
    assert "Чет мектептин" not in response.text


def test_students_may_not_open_the_associations(client, student, association):
    client.force_login(student)
    assert client.get(reverse("methodology:association_list")).status_code == 403
    assert client.get(reverse("methodology:association_detail", args=[association.pk])).status_code == 403


def test_an_association_of_another_school_is_not_found(client, outsider, association):
    client.force_login(outsider)
    assert client.get(reverse("methodology:association_detail", args=[association.pk])).status_code == 404


def test_the_association_page_shows_the_heads_qualification(client, deputy, association):
    client.force_login(deputy)
    response = client.get(reverse("methodology:association_detail", args=[association.pk]), **EN)
    assert "Qualified (MB-1.1)" in response.text


def test_the_association_page_flags_a_head_whose_record_no_longer_qualifies(
    client, deputy, association, head
):
    head.staff.education_level = "secondary_professional"
    head.staff.save()
    client.force_login(deputy)
    response = client.get(reverse("methodology:association_detail", args=[association.pk]), **EN)
    assert "no longer meets the requirements of MB-1.1" in response.text


# Creating a plan


def _new_plan_data(school_year, **overrides):
    quarter = school_year.quarters.get(number=3)
    data = {
        "title": "3-чейректин иш планы",
        "school_year": school_year.pk,
        "period_kind": "quarter",
        "quarter": quarter.pk,
        "theme": "Функционалдык сабаттуулук",
        "aim": "Сабактын сапатын жогорулатуу",
        "tasks": "",
    }
    data.update(overrides)
    return data


def test_the_head_creates_a_plan_for_a_quarter(client, head, association, school_year):
    client.force_login(head)
    response = client.post(
        reverse("methodology:plan_create", args=[association.pk]), _new_plan_data(school_year)
    )
    plan = WorkPlan.objects.get(association=association)
    assert response.status_code == 302
    assert response["Location"] == reverse("methodology:plan_edit", args=[plan.pk])
    assert plan.period_start == datetime.date(2027, 1, 12)
    assert plan.period_end == datetime.date(2027, 3, 20)
    assert plan.status == PlanStatus.DRAFT
    assert plan.created_by == head.staff


def test_the_head_starts_from_a_copy_of_an_earlier_plan(
    client, head, teacher, association, school_year, plan
):
    item = plan.items.get()
    item.responsible.set([teacher.staff])
    PlanItemFactory(plan=plan, activity="Ачык сабак", starts_on=plan.period_end)
    client.force_login(head)
    data = _new_plan_data(school_year, copy_from=plan.pk)
    client.post(reverse("methodology:plan_create", args=[association.pk]), data)
    copy = WorkPlan.objects.exclude(pk=plan.pk).get()
    activities = list(copy.items.order_by("starts_on").values_list("activity", flat=True))
    assert activities == ["Усулдук бирикменин 2-отуруму", "Ачык сабак"]
    first = copy.items.get(activity="Усулдук бирикменин 2-отуруму")
    assert first.starts_on == copy.period_start
    assert list(first.responsible.all()) == [teacher.staff]
    assert all(copy.period_start <= i.starts_on <= copy.period_end for i in copy.items.all())


def test_a_second_plan_for_the_same_period_is_refused_with_a_message(
    client, head, association, plan, school_year
):
    client.force_login(head)
    data = _new_plan_data(school_year, quarter=plan.quarter_id)
    response = client.post(reverse("methodology:plan_create", args=[association.pk]), data, **EN)
    assert response.status_code == 200
    assert "already has a plan for this period" in response.text
    assert WorkPlan.objects.count() == 1


def test_custom_dates_that_end_before_they_start_are_refused(client, head, association, school_year):
    client.force_login(head)
    data = _new_plan_data(
        school_year, period_kind="custom", quarter="", period_start="2026-11-20", period_end="2026-11-10"
    )
    response = client.post(reverse("methodology:plan_create", args=[association.pk]), data, **EN)
    assert response.status_code == 200
    assert "cannot end before it starts" in response.text
    assert not WorkPlan.objects.exists()


def test_an_unknown_period_kind_is_refused(client, head, association, school_year):
    client.force_login(head)
    data = _new_plan_data(school_year, period_kind="fortnight")
    response = client.post(reverse("methodology:plan_create", args=[association.pk]), data, **EN)
    assert response.status_code == 200
    assert "fortnight" in response.text
    assert not WorkPlan.objects.exists()


def test_a_month_plan_covers_the_whole_month(client, head, association, school_year):
    client.force_login(head)
    data = _new_plan_data(school_year, period_kind="month", quarter="", period_start="2027-02-17")
    client.post(reverse("methodology:plan_create", args=[association.pk]), data)
    plan = WorkPlan.objects.get()
    assert (plan.period_start, plan.period_end) == (datetime.date(2027, 2, 1), datetime.date(2027, 2, 28))


def test_a_member_who_is_not_the_head_cannot_create_a_plan(client, teacher, association, school_year):
    client.force_login(teacher)
    url = reverse("methodology:plan_create", args=[association.pk])
    assert client.get(url).status_code == 403
    assert client.post(url, _new_plan_data(school_year)).status_code == 403
    assert not WorkPlan.objects.exists()


# Editing: header and all activities on one page


def _edit_data(plan, items):
    data = {
        "title": plan.title,
        "school_year": plan.school_year_id,
        "period_kind": plan.period_kind,
        "quarter": plan.quarter_id or "",
        "period_start": plan.period_start.isoformat(),
        "period_end": plan.period_end.isoformat(),
        "theme": plan.theme,
        "aim": plan.aim,
        "tasks": plan.tasks,
        "items-TOTAL_FORMS": str(len(items)),
        "items-INITIAL_FORMS": str(sum(1 for i in items if i.get("id"))),
        "items-MIN_NUM_FORMS": "0",
        "items-MAX_NUM_FORMS": "1000",
    }
    for index, item in enumerate(items):
        for key, value in item.items():
            data[f"items-{index}-{key}"] = value
    return data


def test_the_head_edits_the_header_and_adds_activities_on_one_page(client, head, teacher, plan):
    existing = plan.items.get()
    client.force_login(head)
    items = [
        {"id": existing.pk, "section": "meetings", "activity": "1-отурум", "starts_on": "2026-11-12"},
        {
            "section": "open_lessons",
            "activity": "Ачык сабак: бөлчөктөр",
            "starts_on": "2026-11-20",
            "ends_on": "2026-11-21",
            "responsible": [teacher.staff.pk],
            "expected_result": "Сабактын талдоосу",
        },
    ]
    data = _edit_data(plan, items)
    data["aim"] = "Жаңы максат"
    response = client.post(reverse("methodology:plan_edit", args=[plan.pk]), data)
    assert response.status_code == 302
    plan.refresh_from_db()
    assert plan.aim == "Жаңы максат"
    assert plan.items.count() == 2
    lesson = plan.items.get(section="open_lessons")
    assert list(lesson.responsible.all()) == [teacher.staff]


def test_an_activity_dated_outside_the_period_is_refused_and_nothing_is_saved(client, head, plan):
    existing = plan.items.get()
    client.force_login(head)
    items = [
        {"id": existing.pk, "section": "meetings", "activity": "Өзгөртүлгөн", "starts_on": "2026-11-12"},
        {"section": "other", "activity": "Жайкы иш", "starts_on": "2027-06-15"},
    ]
    data = _edit_data(plan, items)
    data["aim"] = "Сакталбашы керек"
    response = client.post(reverse("methodology:plan_edit", args=[plan.pk]), data, **EN)
    assert response.status_code == 200
    assert "outside the plan&#x27;s period" in response.text or "outside the plan's period" in response.text
    plan.refresh_from_db()
    assert plan.aim != "Сакталбашы керек"
    assert list(plan.items.values_list("activity", flat=True)) == ["Усулдук бирикменин 2-отуруму"]


def test_a_responsible_person_outside_the_association_is_refused(client, head, plan, school):
    outsider_staff = StaffFactory(school=school)
    client.force_login(head)
    items = [
        {"section": "other", "activity": "X", "starts_on": "2026-11-12", "responsible": [outsider_staff.pk]}
    ]
    data = _edit_data(plan, [{"id": plan.items.get().pk, **_keep(plan)}, *items])
    response = client.post(reverse("methodology:plan_edit", args=[plan.pk]), data)
    assert response.status_code == 200
    assert plan.items.count() == 1


def _keep(plan):
    item = plan.items.get()
    return {"section": item.section, "activity": item.activity, "starts_on": item.starts_on.isoformat()}


def test_a_submitted_plan_cannot_be_edited(client, head, plan):
    steps.submit(plan, head)
    client.force_login(head)
    url = reverse("methodology:plan_edit", args=[plan.pk])
    assert client.get(url).status_code == 403
    data = _edit_data(plan, [{"id": plan.items.get().pk, **_keep(plan)}])
    data["title"] = "Жашыруун өзгөртүү"
    assert client.post(url, data).status_code == 403
    plan.refresh_from_db()
    assert plan.title != "Жашыруун өзгөртүү"


def test_a_member_cannot_edit_the_plan(client, teacher, plan):
    client.force_login(teacher)
    assert client.get(reverse("methodology:plan_edit", args=[plan.pk])).status_code == 403


# Seeing a plan


def test_members_see_their_associations_draft(client, teacher, plan):
    client.force_login(teacher)
    response = client.get(reverse("methodology:plan_detail", args=[plan.pk]), **EN)
    assert response.status_code == 200
    assert "Усулдук бирикменин 2-отуруму" in response.text
    assert "Submit for agreement" not in response.text


def test_other_staff_do_not_see_a_draft_but_see_an_approved_plan(
    client, plan, head, deputy, director, school
):
    colleague = _other_staff_user(school)
    client.force_login(colleague)
    url = reverse("methodology:plan_detail", args=[plan.pk])
    assert client.get(url).status_code == 403
    steps.submit(plan, head)
    steps.agree(plan, deputy)
    steps.approve(plan, director)
    assert client.get(url).status_code == 200


def test_the_deputy_does_not_see_a_draft_but_sees_a_submitted_plan_with_the_way_to_review(
    client, plan, head, deputy
):
    client.force_login(deputy)
    url = reverse("methodology:plan_detail", args=[plan.pk])
    assert client.get(url).status_code == 403
    steps.submit(plan, head)
    response = client.get(url, **EN)
    assert response.status_code == 200
    assert reverse("admin:methodology_workplan_change", args=[plan.pk]) in response.text


def test_a_plan_of_another_school_is_not_found(client, outsider, plan):
    client.force_login(outsider)
    assert client.get(reverse("methodology:plan_detail", args=[plan.pk])).status_code == 404


def test_a_student_may_not_see_plans(client, student, plan):
    client.force_login(student)
    assert client.get(reverse("methodology:plan_detail", args=[plan.pk])).status_code == 403
    assert client.get(reverse("methodology:plan_list")).status_code == 403


def test_the_plan_page_shows_days_left_to_approval(client, head, association, school_year):
    today = timezone.localdate()
    plan = WorkPlanFactory(
        association=association,
        school_year=school_year,
        period_start=today - datetime.timedelta(days=2),
        period_end=today + datetime.timedelta(days=20),
    )
    school_year.start_date = today - datetime.timedelta(days=100)
    school_year.save()
    client.force_login(head)
    response = client.get(reverse("methodology:plan_detail", args=[plan.pk]), **EN)
    assert "3 days left" in response.text


# Submitting, commenting, marking completion


def test_the_head_submits_from_the_plan_page(client, head, plan):
    client.force_login(head)
    response = client.post(reverse("methodology:plan_submit", args=[plan.pk]), follow=True, **EN)
    plan.refresh_from_db()
    assert plan.status == PlanStatus.SUBMITTED
    assert "submitted to the deputy director" in response.text


def test_submitting_without_activities_shows_why_and_changes_nothing(client, head, plan):
    plan.items.all().delete()
    client.force_login(head)
    response = client.post(reverse("methodology:plan_submit", args=[plan.pk]), follow=True, **EN)
    assert "without activities" in response.text
    plan.refresh_from_db()
    assert plan.status == PlanStatus.DRAFT


def test_a_member_cannot_submit(client, teacher, plan):
    client.force_login(teacher)
    assert client.post(reverse("methodology:plan_submit", args=[plan.pk])).status_code == 403
    plan.refresh_from_db()
    assert plan.status == PlanStatus.DRAFT


def test_submit_needs_post(client, head, plan):
    client.force_login(head)
    assert client.get(reverse("methodology:plan_submit", args=[plan.pk])).status_code == 405


def test_members_comment_on_a_draft(client, teacher, plan):
    client.force_login(teacher)
    client.post(reverse("methodology:plan_comment", args=[plan.pk]), {"text": "Олимпиаданы кошолу"})
    assert plan.comments.get().author == teacher.staff


def test_comments_close_once_the_plan_is_submitted(client, teacher, head, plan):
    steps.submit(plan, head)
    client.force_login(teacher)
    assert (
        client.post(reverse("methodology:plan_comment", args=[plan.pk]), {"text": "Кеч"}).status_code == 403
    )
    assert not plan.comments.exists()


def _approved_running_plan(plan, head, deputy, director):
    steps.submit(plan, head)
    steps.agree(plan, deputy)
    steps.approve(plan, director)
    WorkPlan.objects.filter(pk=plan.pk).update(period_start=timezone.localdate() - datetime.timedelta(days=1))
    plan.refresh_from_db()
    return plan


def test_a_responsible_member_marks_completion_during_the_period(
    client, teacher, head, deputy, director, plan
):
    item = plan.items.get()
    item.responsible.set([teacher.staff])
    _approved_running_plan(plan, head, deputy, director)
    client.force_login(teacher)
    url = reverse("methodology:item_mark", args=[plan.pk, item.pk])
    client.post(url, {"completion": "partly", "note": "Бир сабак калды"})
    item.refresh_from_db()
    assert item.completion == "partly"
    assert item.completion_marked_by == teacher.staff


def test_a_member_not_responsible_cannot_mark_and_a_bad_mark_is_refused(
    client, teacher, head, deputy, director, plan
):
    item = plan.items.get()
    _approved_running_plan(plan, head, deputy, director)
    client.force_login(teacher)
    url = reverse("methodology:item_mark", args=[plan.pk, item.pk])
    assert client.post(url, {"completion": "done"}).status_code == 403
    client.force_login(head)
    client.post(url, {"completion": "finished"})
    item.refresh_from_db()
    assert item.completion == ""


def test_completion_cannot_be_marked_before_approval(client, head, plan):
    item = plan.items.get()
    client.force_login(head)
    assert (
        client.post(
            reverse("methodology:item_mark", args=[plan.pk, item.pk]), {"completion": "done"}
        ).status_code
        == 403
    )


# Query budgets (STYLE 16)


def _many_plans(association, school_year, count):
    start = datetime.date(2000, 1, 1)
    WorkPlan.objects.bulk_create(
        WorkPlan(
            association=association,
            school_year=school_year,
            period_kind="custom",
            period_start=start + datetime.timedelta(days=i),
            period_end=start + datetime.timedelta(days=i + 30),
            approval_due_on=due_after(start + datetime.timedelta(days=i)),
            title=f"План {i}",
            status=PlanStatus.APPROVED,
            created_by=association.school.staff.first(),
        )
        for i in range(count)
    )


@pytest.mark.parametrize("count", [10, 1000])
def test_plan_list_query_budget_is_flat(
    client, head, association, school_year, count, django_assert_max_num_queries
):
    _many_plans(association, school_year, count)
    client.force_login(head)
    # session, user, staff record, roles, readable schools (subquery), count, page of plans,
    # nav permission lookups, and the plans never drafted (the associations headed, the quarters
    # started, the associations with a head, their plans)
    with django_assert_max_num_queries(13):
        response = client.get(reverse("methodology:plan_list"))
    assert len(response.context["rows"]) == 10 if count == 10 else 25


@pytest.mark.parametrize("count", [3, 60])
def test_plan_page_query_budget_is_flat(client, head, teacher, plan, count, django_assert_max_num_queries):
    for _ in range(count):
        item = PlanItemFactory(plan=plan)
        item.responsible.set([head.staff, teacher.staff])
    client.force_login(head)
    # session, user, staff, roles, plan, is_member/is_head checks, items, responsible, comments, history
    with django_assert_max_num_queries(16):
        assert client.get(reverse("methodology:plan_detail", args=[plan.pk])).status_code == 200
