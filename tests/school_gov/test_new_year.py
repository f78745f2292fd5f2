"""A new school year (issue 10): the proposal, the move itself by the director, the admin's preview and
confirmation, and former students off every roll, ballot and roster."""

import datetime

import pytest
from django.contrib.contenttypes.models import ContentType
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone, translation

from methodology.models import WorkPlan, YearEndReport
from parliament.actions.elections import (
    class_lines,
    code_roll,
    issue_codes,
    move_to_stage,
    turnout_by_grade,
    vote,
    vote_with_code,
)
from parliament.actions.events import mark_duty
from parliament.actions.polls import answer_poll
from parliament.models import PollResponse, Turnout
from school_gov.actions.years import start_next_year
from school_gov.models import Appointment, AuditEvent, Role, SchoolYear, Student
from school_gov.refusals import Refused
from school_gov.years import a_year_later, next_year
from tests.factories import (
    AppointmentFactory,
    CandidateFactory,
    DutyAssignmentFactory,
    ElectionFactory,
    OfficeFactory,
    PollFactory,
    PollOptionFactory,
    QuarterFactory,
    SchoolFactory,
    SchoolYearFactory,
    StaffFactory,
    StudentFactory,
    UserFactory,
    YearEndReportFactory,
)
from tests.steps import act, operator

OLD_END = datetime.date(2027, 5, 25)
EN = {"HTTP_ACCEPT_LANGUAGE": "en"}


@pytest.fixture(autouse=True)
def _english():
    with translation.override("en"):
        yield


def _students(school, *grades, letter="А"):
    return [StudentFactory(school=school, grade=grade, class_letter=letter) for grade in grades]


def _class_teacher(school, grade, letter="А", **fields):
    return AppointmentFactory(
        staff=StaffFactory(school=school),
        role=Role.CLASS_TEACHER,
        class_grade=grade,
        class_letter=letter,
        **{"starts_on": datetime.date(2025, 9, 1), **fields},
    )


def _director_of(school, username):
    user = UserFactory(username=username)
    AppointmentFactory(staff=StaffFactory(school=school, user=user), role=Role.DIRECTOR)
    return user


# The proposal


def test_the_proposal_moves_the_year_and_its_quarters_by_a_calendar_year(school_year):
    proposal = next_year(school_year)
    assert (proposal.start_date, proposal.end_date) == (datetime.date(2027, 9, 1), datetime.date(2028, 5, 25))
    assert [(q.number, q.start_date, q.end_date) for q in proposal.quarters] == [
        (1, datetime.date(2027, 9, 1), datetime.date(2027, 10, 31)),
        (2, datetime.date(2027, 11, 10), datetime.date(2027, 12, 27)),
        (3, datetime.date(2028, 1, 12), datetime.date(2028, 3, 20)),
        (4, datetime.date(2028, 4, 1), datetime.date(2028, 5, 25)),
    ]
    assert proposal.name == "2027–2028"


def test_29_february_becomes_28_february():
    assert a_year_later(datetime.date(2028, 2, 29)) == datetime.date(2029, 2, 28)
    assert a_year_later(datetime.date(2027, 2, 28)) == datetime.date(2028, 2, 28)


def test_the_proposal_counts_the_moves_the_leavers_and_the_appointments_and_writes_nothing(
    school, school_year
):
    _students(school, 1, 7, 7, 10, 11, 11, 11)
    ending = _class_teacher(school, 7)
    _class_teacher(school, 8, ends_on=datetime.date(2027, 1, 31))  # ended earlier: stays as it is
    proposal = next_year(school_year)
    assert [(m.grade, m.to_grade, m.count) for m in proposal.moves] == [(1, 2, 1), (7, 8, 2), (10, 11, 1)]
    assert (proposal.last_grade, proposal.leavers, proposal.moving_up) == (11, 3, 4)
    assert proposal.ending == [ending]
    assert proposal.ends_on == OLD_END
    assert not Student.everyone.filter(left_on__isnull=False).exists()
    assert SchoolYear.objects.count() == 1


# The move


def test_grades_move_up_and_the_last_grade_leaves(school, school_year, director):
    first, seventh, tenth, eleventh = _students(school, 1, 7, 10, 11)
    other = StudentFactory(school=SchoolFactory(), grade=7)
    start_next_year(school_year, by=act(director))
    for student in (first, seventh, tenth, eleventh, other):
        student.refresh_from_db()
    assert (first.grade, seventh.grade, tenth.grade) == (2, 8, 11)
    assert {s.class_letter for s in (first, seventh, tenth)} == {"А"}
    assert eleventh.grade == 11
    assert eleventh.left_on == OLD_END
    assert not Student.objects.filter(pk=eleventh.pk).exists()
    assert Student.everyone.filter(pk=eleventh.pk).exists()
    assert first.left_on is tenth.left_on is None
    assert other.grade == 7  # another school's students stay where they are


def test_the_schools_own_last_grade_is_the_one_that_leaves(school, school_year, director):
    school.last_grade = 9
    school.save()
    eighth, ninth = _students(school, 8, 9)
    start_next_year(school_year, by=act(director))
    eighth.refresh_from_db()
    ninth.refresh_from_db()
    assert (eighth.grade, eighth.left_on) == (9, None)
    assert (ninth.grade, ninth.left_on) == (9, OLD_END)


def test_class_teachers_appointments_end_with_the_old_year_and_others_are_untouched(
    school, school_year, director
):
    open_ended = _class_teacher(school, 7)
    running_on = _class_teacher(school, 8, ends_on=datetime.date(2027, 8, 31))
    ended_earlier = _class_teacher(school, 9, ends_on=datetime.date(2027, 1, 31))
    next_years = _class_teacher(school, 5, starts_on=datetime.date(2027, 9, 1))
    elsewhere = _class_teacher(SchoolFactory(), 7)
    deputy = AppointmentFactory(staff=StaffFactory(school=school), role=Role.DEPUTY_DIRECTOR)
    start_next_year(school_year, by=act(director))
    ends = dict(Appointment.objects.values_list("pk", "ends_on"))
    assert ends[open_ended.pk] == ends[running_on.pk] == OLD_END
    assert ends[ended_earlier.pk] == datetime.date(2027, 1, 31)
    assert ends[next_years.pk] is ends[elsewhere.pk] is ends[deputy.pk] is None
    assert ends[Appointment.objects.get(staff__user=director, role=Role.DIRECTOR).pk] is None


def test_last_years_plans_and_reports_stay_as_they_were(school, school_year, director, plan, association):
    YearEndReportFactory(association=association, school_year=school_year, aims_met="Аткарылды.")
    before = (list(WorkPlan.objects.values()), list(YearEndReport.objects.values()))
    start_next_year(school_year, by=act(director))
    assert (list(WorkPlan.objects.values()), list(YearEndReport.objects.values())) == before


def test_the_new_year_is_current_with_its_quarters_and_one_audit_line(school, school_year, director):
    _students(school, 5, 11)
    _class_teacher(school, 5)
    new_year = start_next_year(school_year, by=act(director))
    school_year.refresh_from_db()
    assert new_year.is_current and not school_year.is_current
    assert school_year.rolled_over_at is not None
    assert school.current_year() == new_year
    assert (new_year.start_date, new_year.end_date) == (datetime.date(2027, 9, 1), datetime.date(2028, 5, 25))
    assert list(new_year.quarters.values_list("number", "start_date")) == [
        (1, datetime.date(2027, 9, 1)),
        (2, datetime.date(2027, 11, 10)),
        (3, datetime.date(2028, 1, 12)),
        (4, datetime.date(2028, 4, 1)),
    ]
    event = AuditEvent.objects.get()
    assert (event.action, event.actor, event.school) == (
        "school_gov.schoolyear.rolled_over",
        director,
        school,
    )
    assert event.object_id == str(school_year.pk)
    assert (event.data["moved_up"], event.data["left"], event.data["appointments_ended"]) == (1, 1, 1)
    assert event.data["next_year"] == new_year.pk
    assert event.action_label == "moved into the next year"


def test_a_second_move_is_refused_with_the_date_of_the_first(school, school_year, director):
    StudentFactory(school=school, grade=5)
    start_next_year(school_year, by=act(director))
    with pytest.raises(Refused, match="moved into the next year already on") as refusal:
        start_next_year(school_year, by=act(director))
    assert timezone.localdate().strftime("%Y") in refusal.value.message
    assert refusal.value.reason == Refused.RULE
    assert Student.objects.get().grade == 6
    assert SchoolYear.objects.count() == 2
    assert AuditEvent.objects.count() == 1


def test_a_year_that_is_not_current_is_refused(school, director):
    year = SchoolYearFactory(school=school, start_date=datetime.date(2025, 9, 1), is_current=False)
    with pytest.raises(Refused, match="Only the current school year"):
        start_next_year(year, by=act(director))


def test_a_year_already_there_on_the_proposed_start_is_refused(school, school_year, director):
    SchoolYearFactory(school=school, start_date=datetime.date(2027, 9, 1), is_current=False)
    student = StudentFactory(school=school, grade=5)
    with pytest.raises(Refused, match="A school year starting on 1 September 2027 exists already"):
        start_next_year(school_year, by=act(director))
    student.refresh_from_db()
    school_year.refresh_from_db()
    assert (student.grade, school_year.is_current, school_year.rolled_over_at) == (5, True, None)


@pytest.mark.parametrize("who", ["deputy", "teacher"])
def test_only_the_director_starts_the_next_year(school, school_year, who, request):
    student = StudentFactory(school=school, grade=5)
    with pytest.raises(Refused) as refusal:
        start_next_year(school_year, by=act(request.getfixturevalue(who)))
    assert refusal.value.reason == Refused.NOT_ALLOWED
    student.refresh_from_db()
    assert student.grade == 5
    assert SchoolYear.objects.count() == 1
    assert not AuditEvent.objects.exists()


def test_another_schools_director_does_not_find_the_year(school_year, outsider):
    with pytest.raises(Refused) as refusal:
        start_next_year(school_year, by=act(outsider))
    assert refusal.value.reason == Refused.NOT_FOUND


def _queries_of_a_move(students: int, username: str) -> int:
    school = SchoolFactory()
    year = SchoolYearFactory(school=school, start_date=datetime.date(2026, 9, 1))
    for number in (1, 2):
        start = datetime.date(2026, 9, 1) if number == 1 else datetime.date(2027, 1, 10)
        QuarterFactory(school_year=year, number=number, start_date=start)
    StudentFactory.create_batch(students, school=school, grade=11)
    StudentFactory.create_batch(students, school=school, grade=7)
    _class_teacher(school, 7)
    _class_teacher(school, 11)
    by = act(_director_of(school, username))
    with CaptureQueriesContext(connection) as queries:
        start_next_year(year, by=by)
    assert Student.objects.filter(school=school, grade=8).count() == students
    return len(queries)


def test_the_move_costs_the_same_queries_for_3_and_for_30_students(db):
    ContentType.objects.get_for_model(SchoolYear)  # the audit's content type, cached for both
    assert _queries_of_a_move(3, "director-a") == _queries_of_a_move(30, "director-b")


# The admin


def _changelist() -> str:
    return reverse("admin:school_gov_schoolyear_changelist")


def test_the_admin_previews_the_move_and_changes_nothing(client, school, school_year, director):
    _students(school, 7, 7, 11)
    _class_teacher(school, 7)
    client.force_login(director)
    response = client.post(
        _changelist(), {"action": "start_next_year", "_selected_action": [school_year.pk]}, **EN
    )
    assert response.status_code == 200
    assert response.templates[0].name == "admin/school_gov/schoolyear_start_next.html"
    proposal = response.context["proposal"]
    assert [(m.grade, m.count) for m in proposal.moves] == [(7, 2)]
    assert proposal.leavers == 1
    text = response.text
    assert "1 September 2027" in text and "25 May 2028" in text
    assert "12 January 2028" in text  # the third quarter
    assert 'id="leavers"' in text
    assert str(proposal.ending[0]) in text
    assert Student.objects.filter(grade=8).count() == 0
    assert SchoolYear.objects.count() == 1


def test_confirming_in_the_admin_applies_the_move(client, school, school_year, director):
    _students(school, 7, 7, 11)
    client.force_login(director)
    response = client.post(
        _changelist(),
        {"action": "start_next_year", "_selected_action": [school_year.pk], "apply": "yes"},
        follow=True,
        **EN,
    )
    assert response.status_code == 200
    messages = [str(m) for m in response.context["messages"]]
    assert any("2 students moved up a grade, 1 left the school" in m for m in messages), messages
    assert Student.objects.filter(grade=8).count() == 2
    assert SchoolYear.objects.get(is_current=True).start_date == datetime.date(2027, 9, 1)


def test_a_refusal_in_the_admin_is_an_error_message(client, school, school_year, deputy):
    client.force_login(deputy)
    response = client.post(
        _changelist(),
        {"action": "start_next_year", "_selected_action": [school_year.pk], "apply": "yes"},
        follow=True,
        **EN,
    )
    assert [m.level_tag for m in response.context["messages"]] == ["error"]
    assert SchoolYear.objects.count() == 1


# Former students: on no roll, ballot or roster (Student.objects leaves them out)


@pytest.fixture
def former(school, term):
    """An eleventh-grader with an account, president of the term, gone when the next year started."""
    user = UserFactory(username="graduate")
    student = StudentFactory(school=school, user=user, grade=11, class_letter="Б")
    OfficeFactory(term=term, student=student)
    Student.everyone.filter(pk=student.pk).update(left_on=OLD_END)
    return user


def test_a_former_student_is_not_on_the_elections_class_lines_or_eligible(school, term, former):
    StudentFactory(school=school, grade=11, class_letter="Б")
    election = ElectionFactory(term=term)
    assert [(line.grade, line.class_letter, line.eligible) for line in class_lines(election)] == [
        (11, "Б", 1)
    ]
    assert turnout_by_grade(election) == [(11, 0, 1)]
    assert former.student not in [s for s, _state in code_roll(election, 11, "Б")]


def test_a_former_student_cannot_vote(school, term, former, adviser):
    election, candidate = _open_election(term, adviser)
    person = act(former)
    assert person.student is None
    with pytest.raises(Refused, match="Only the school's students vote"):
        vote(election=election, candidate=candidate, by=person)
    assert not Turnout.objects.exists()


def _open_election(term, adviser):
    """An election at the voting stage, its window open now, with one admitted candidate."""
    election = ElectionFactory(term=term, supervisor=adviser.staff, stage="campaign")
    candidate = CandidateFactory(election=election)
    move_to_stage(election=election, stage="voting", by=act(adviser))
    return election, candidate


def test_a_former_students_code_from_before_they_left_does_not_vote(school, term, adviser):
    election, candidate = _open_election(term, adviser)
    student = StudentFactory(school=school, grade=11, class_letter="В")
    [(_, code)] = issue_codes(election=election, grade=11, class_letter="В", by=act(adviser.staff.user))
    Student.everyone.filter(pk=student.pk).update(left_on=OLD_END)
    with pytest.raises(Refused, match="Only students of the school vote"):
        vote_with_code(election=election, code=code, candidate=candidate, by=operator(election))
    assert not Turnout.objects.exists()


def test_a_former_student_answers_no_poll_and_marks_no_duty(school, term, former, adviser):
    poll = PollFactory(school=school, created_by=adviser.staff)
    option = PollOptionFactory(poll=poll)
    duty = DutyAssignmentFactory(school=school, grade=11, class_letter="Б")
    with pytest.raises(Refused):  # a former student belongs to no school: not found
        answer_poll(poll, by=act(former), option=option)
    with pytest.raises(Refused):
        mark_duty(duty, by=act(former), done=True)
    duty.refresh_from_db()
    option.refresh_from_db()
    assert not duty.done
    assert option.votes == 0
    assert not PollResponse.objects.exists()


def test_a_former_students_account_cannot_become_a_staff_members(school):
    """The former student keeps the account; it cannot be given to a staff record as well."""
    import datetime as _datetime

    from django.core.exceptions import ValidationError

    from tests.factories import StaffFactory, StudentFactory, UserFactory

    account = UserFactory(username="graduate")
    StudentFactory(school=school, user=account, grade=11, left_on=_datetime.date(2026, 5, 31))
    staff = StaffFactory.build(school=school, user=account)
    with pytest.raises(ValidationError, match="belongs to a student"):
        staff.clean()


def test_the_preview_page_takes_the_same_queries_for_few_students_and_many(
    client, school, school_year, director, django_assert_max_num_queries
):
    """The preview counts the moves per grade in the database: 3 students or 30, one budget."""
    client.force_login(director)
    _class_teacher(school, 7)
    for students in (3, 30):
        _students(school, *([7] * students))
        with django_assert_max_num_queries(14):
            client.post(_changelist(), {"action": "start_next_year", "_selected_action": [school_year.pk]})
