import pytest
from django.core.management import call_command
from django.db.models import F
from django.utils import timezone

from methodology.models import Association, PlanStatus, ReportStatus, WorkPlan, YearEndReport
from school_gov.models import User


@pytest.fixture
def demo(db, settings):
    settings.DEBUG = True
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
    call_command("seed_demo", verbosity=0)


def test_the_demo_has_six_associations_with_qualified_heads(demo):
    associations = Association.objects.all()
    assert associations.count() == 6
    for association in associations:
        head = association.head_on()
        assert head is not None
        assert head.qualification_problems() == []
        assert association.member_staff().count() >= 3 or association.name == "Коомдук илимдер"


def test_the_demo_head_heads_an_association_of_which_teacher_is_a_member(demo):
    head = User.objects.get(username="head").staff
    teacher = User.objects.get(username="teacher").staff
    association = Association.objects.get(head_appointments__staff=head)
    assert teacher in association.member_staff()


def test_the_demo_has_plans_in_every_state_one_late_and_one_overdue(demo):
    today = timezone.localdate()
    assert set(WorkPlan.objects.values_list("status", flat=True)) == set(PlanStatus.values)
    plans = list(WorkPlan.objects.all())
    assert any(p.deadline(today).done_late for p in plans)
    assert any(p.deadline(today).is_overdue for p in plans)
    years = {p.school_year_id for p in plans}
    assert len(years) == 2


def test_the_demo_has_last_years_reports(demo):
    today = timezone.localdate()
    reports = YearEndReport.objects.select_related("school_year")
    assert reports.count() == 6
    assert all(r.school_year.end_date < today for r in reports)
    assert all(r.status == ReportStatus.ACCEPTED and r.facts["members"] for r in reports)


def test_reset_deletes_the_methodology_records_and_builds_them_again(demo):
    before = (Association.objects.count(), WorkPlan.objects.count(), YearEndReport.objects.count())
    call_command("seed_demo", "--reset", verbosity=0)
    after = (Association.objects.count(), WorkPlan.objects.count(), YearEndReport.objects.count())
    assert after == before


def test_the_demo_has_teachers_due_for_attestation_courses_with_certificates_and_topics(demo):
    from methodology.forecast import forecast
    from methodology.models import Attestation, Certificate, Course, SelfEducation
    from school_gov.models import School, Staff

    today = timezone.localdate()
    school = School.objects.order_by("pk").first()
    rows = forecast(Staff.objects.filter(school=school), school.current_year(), today)
    assert sum(row.due in ("overdue", "this_year") for row in rows) >= 3
    assert any(row.due == "next_year" for row in rows)
    assert any(row.no_recent_course for row in rows) and any(row.hours_this_year for row in rows)
    teacher = User.objects.get(username="teacher").staff
    assert next(row for row in rows if row.teacher == teacher).due == "this_year"
    # The demo teacher's attestation waits for the head's opinion.
    assert Attestation.objects.filter(staff=teacher, decision="", head_opinion="").exists()
    assert Certificate.objects.filter(course__staff__school=school).count() >= 10
    assert Course.objects.filter(certificate__isnull=True).exists()
    assert SelfEducation.objects.filter(
        staff__school=school, school_year=school.current_year()
    ).count() == len(rows)
    assert SelfEducation.objects.filter(staff__school=school).exclude(report="").exists()


def test_the_demo_has_a_quarter_without_a_meeting_signed_minutes_and_a_report_sent_twice(demo):
    from methodology import waiting
    from methodology.models import AssociationMeeting
    from school_gov.models import School

    today = timezone.localdate()
    school = School.objects.order_by("pk").first()
    year = school.current_year()
    if any(q.end_date < today for q in year.quarters.all()):
        assert waiting.quarters_without_meeting(today, schools=[school.pk])
    meetings = AssociationMeeting.objects.filter(association__school=school)
    assert (
        meetings.filter(signed_at__isnull=False).exists() and meetings.filter(signed_at__isnull=True).exists()
    )
    assert YearEndReport.objects.filter(submission_count=2, first_submitted_at__lt=F("submitted_at"))


def _current_quarter(school, today):
    return school.current_year().quarter_on(today)


def test_the_demo_has_an_association_that_never_drafted_this_quarters_plan(demo):
    from methodology import waiting
    from school_gov.models import School

    today = timezone.localdate()
    school = School.objects.order_by("pk").first()
    if _current_quarter(school, today) is None:
        pytest.skip("today falls in a break between quarters: no quarter has a missing plan")
    gaps = waiting.missing_plans(today, [school.pk], include_ended=True)
    assert {gap.association.name for gap in gaps} == {"Табигый илимдер"}


def test_the_demo_district_grid_shows_the_second_school_behind(db, settings):
    from methodology.grid import MISSING, grid
    from school_gov.models import School

    settings.DEBUG = True
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
    call_command("seed_demo", "--schools", "3", verbosity=0)
    today = timezone.localdate()
    schools = list(School.objects.order_by("pk"))
    if _current_quarter(schools[0], today) is None:
        pytest.skip("today falls in a break between quarters: no quarter has a missing plan")
    rows, _ = grid(schools, today)
    behind = {
        school.pk: sum(row.missing + row.overdue for row in rows if row.school == school)
        for school in schools
    }
    first, second, third = (behind[school.pk] for school in schools)
    assert second > first and second > third  # the one school behind
    assert first == third > 0  # every school has its one association without this quarter's plan
    drafts = [
        cell
        for row in rows
        if row.school == schools[1]
        for cell in row.cells
        if cell.plan is not None and cell.plan.status == PlanStatus.DRAFT
    ]
    assert any(cell.overdue for cell in drafts)  # its one draft, long past its due date
    assert sum(cell.state == MISSING for row in rows if row.school == schools[1] for cell in row.cells) >= 5
