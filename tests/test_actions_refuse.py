"""Every action asks again who acts (school_gov.actions): called by a person who may not act — a member
of the school without the right, or the director of another school — each one refuses, and writes
nothing (no audit line, no row changed). Walked over the demo school, which has a record of every kind.

`CASES` names every action there is (`discover()`): a new action without a case here fails the last test.
"""

from __future__ import annotations

import datetime

import pytest
from django.contrib.auth import get_user_model
from django.utils import timezone

from methodology.actions import documents, growth, meetings, observations, plans, projects, reports
from methodology.models import (
    Association,
    AssociationMeeting,
    Attestation,
    Circular,
    Course,
    DocumentRequest,
    DocumentSubmission,
    HeadProposal,
    LessonObservation,
    PlanItem,
    PlanStatus,
    ProposalStatus,
    WorkPlan,
    YearEndReport,
)
from notifications.actions import calendar as calendar_links
from notifications.actions import preferences, sweep
from parliament.actions import appeals, clubs, events, polls, proposals, terms
from parliament.actions import elections as votes
from parliament.actions import meetings as parliament_meetings
from parliament.models import (
    Appeal,
    Candidate,
    CandidateStatus,
    Club,
    ClubMembership,
    DutyAssignment,
    Election,
    Event,
    Poll,
    Proposal,
    Term,
)
from school_gov.actions import accounts, calendar, discover, people, records, years
from school_gov.models import AuditEvent, Holiday, Minutes, Role, School, SchoolYear, Staff
from school_gov.refusals import Refused
from tests.factories import (
    AppointmentFactory,
    SchoolFactory,
    StaffFactory,
    StudentFactory,
    UserFactory,
)
from tests.steps import act

HEADED = {"head_appointments__staff__user__username": "head"}


def _first(model, **lookup):
    row = model.objects.filter(**lookup).order_by("pk").first()
    assert row is not None, f"the demo has no {model.__name__} with {lookup}"
    return row


def _outsider():
    """The director of another school (with a student of it, for the students' actions)."""
    school = SchoolFactory(name="Башка мектеп")
    user = UserFactory(username="outsider-director")
    staff = StaffFactory(school=school, user=user)
    AppointmentFactory(staff=staff, role=Role.DIRECTOR, starts_on=datetime.date(2020, 9, 1))
    return user


def _outsider_student():
    school = School.objects.get(name="Башка мектеп")
    user = UserFactory(username="outsider-student")
    StudentFactory(school=school, user=user, grade=10)
    return user


def _report(status: str) -> YearEndReport:
    association = _first(Association, **HEADED)
    report = YearEndReport.objects.filter(association=association).first()
    if report is None:
        report = YearEndReport.objects.create(
            association=association, school_year=_first(SchoolYear, school=association.school)
        )
    YearEndReport.objects.filter(pk=report.pk).update(
        status=status, aims_met="А.", conclusions="Б.", next_year_tasks="В."
    )
    report.refresh_from_db()
    return report


def _plan(status: str) -> WorkPlan:
    """The demo head's plan, put in `status` (the demo holds one plan of the head's association)."""
    plan = _first(WorkPlan, **{f"association__{k}": v for k, v in HEADED.items()})
    WorkPlan.objects.filter(pk=plan.pk).update(status=status)
    plan.refresh_from_db()
    return plan


def _proposal() -> HeadProposal:
    return _first(HeadProposal, status=ProposalStatus.SUBMITTED)


def _pdf():
    from django.core.files.uploadedfile import SimpleUploadedFile

    from methodology.demo import demo_pdf

    return SimpleUploadedFile("Программа.pdf", demo_pdf("x"), content_type="application/pdf")


def _staff(username: str) -> Staff:
    return Staff.objects.get(user__username=username)


def _course_of(username: str):
    """A course of the staff member's (made once: the same row each time the case is prepared)."""
    staff = _staff(username)
    course = Course.objects.filter(staff=staff).order_by("pk").first()
    if course is None:
        day = timezone.localdate() - datetime.timedelta(days=30)
        course = Course.objects.create(
            staff=staff, topic="Т.", provider="П.", hours=18, started_on=day, ended_on=day, recorded_by=staff
        )
    return course


def _new_course(username: str):
    day = timezone.localdate() - datetime.timedelta(days=10)
    return Course(staff=_staff(username), topic="Т.", provider="П.", hours=18, started_on=day, ended_on=day)


def _open_attestation():
    return _first(Attestation, decision="")


def _minutes() -> Minutes:
    return Minutes(number=900, held_on=timezone.localdate())


def _set(record, **values):
    """The record with fields changed in memory, as the admin's form hands it to the action."""
    for name, value in values.items():
        setattr(record, name, value)
    return record


def _term() -> Term:
    return _first(Term, school_year__is_current=True)


COUNTED_AT = datetime.datetime(2026, 11, 20, 10, 0, tzinfo=datetime.UTC)


def _election(stage: str) -> Election:
    """The demo's election, put at `stage` (counted, for the results to be publishable)."""
    election = _first(Election, runoff_of__isnull=True)
    Election.objects.filter(pk=election.pk).update(stage=stage, counted_at=COUNTED_AT)
    election.refresh_from_db()
    return election


def _candidate() -> Candidate:
    return _first(Candidate, election=_election("registration"), status=CandidateStatus.APPROVED)


# (action, who may not act, the call)
CASES = {
    "methodology.actions.plans.create": (
        "teacher",
        lambda by: plans.create(WorkPlan(association=_first(Association, **HEADED)), by=by),
    ),
    "methodology.actions.plans.edit": (
        "teacher",
        lambda by: plans.edit(_plan(PlanStatus.DRAFT), by=by, form=None, formset=None),
    ),
    "methodology.actions.plans.submit": ("teacher", lambda by: plans.submit(_plan(PlanStatus.DRAFT), by=by)),
    "methodology.actions.plans.agree": (
        "director",
        lambda by: plans.agree(_plan(PlanStatus.SUBMITTED), by=by),
    ),
    "methodology.actions.plans.approve": (
        "deputy",
        lambda by: plans.approve(_plan(PlanStatus.AGREED), by=by),
    ),
    "methodology.actions.plans.return_for_revision": (
        "head",
        lambda by: plans.return_for_revision(_plan(PlanStatus.SUBMITTED), by=by, comment="Тактаңыз."),
    ),
    "methodology.actions.plans.comment": (
        "student",
        lambda by: plans.comment(_plan(PlanStatus.DRAFT), by=by, text="Пикир."),
    ),
    "methodology.actions.plans.mark_item": (
        "student",
        lambda by: plans.mark_item(
            _first(PlanItem, plan__status=PlanStatus.APPROVED), by=by, completion="done"
        ),
    ),
    "methodology.actions.reports.create": (
        "teacher",
        lambda by: reports.create(
            _first(Association, **HEADED), by=by, school_year=_first(SchoolYear, is_current=True)
        ),
    ),
    "methodology.actions.reports.edit": (
        "teacher",
        lambda by: reports.edit(_report("draft"), by=by, form=None),
    ),
    "methodology.actions.reports.submit": ("teacher", lambda by: reports.submit(_report("draft"), by=by)),
    "methodology.actions.reports.accept": (
        "director",
        lambda by: reports.accept(_report("submitted"), by=by),
    ),
    "methodology.actions.reports.return_for_revision": (
        "head",
        lambda by: reports.return_for_revision(_report("submitted"), by=by, comment="Тактаңыз."),
    ),
    "methodology.actions.observations.save": (
        "teacher",
        lambda by: observations.save(LessonObservation(association=_first(Association, **HEADED)), by=by),
    ),
    "methodology.actions.observations.acknowledge": (
        "head",
        lambda by: observations.acknowledge(
            _first(LessonObservation, acknowledged_at__isnull=True, teacher__user__username="teacher"), by=by
        ),
    ),
    "methodology.actions.meetings.record_meeting": (
        "teacher",
        lambda by: meetings.record_meeting(
            _first(Association, **HEADED),
            by=by,
            school_year=_first(SchoolYear, is_current=True),
            minutes=_minutes(),
            items=[{"heard": "Т."}],
            attendees=[],
        ),
    ),
    "methodology.actions.meetings.edit_meeting": (
        "teacher",  # the head keeps the minutes
        lambda by: meetings.edit_meeting(
            _first(AssociationMeeting), form=None, formset=None, attendees=[], by=by
        ),
    ),
    "methodology.actions.meetings.sign_meeting": (
        "teacher",
        lambda by: meetings.sign_meeting(_first(AssociationMeeting), by=by),
    ),
    "methodology.actions.projects.submit_proposal": (
        "teacher",
        lambda by: projects.submit_proposal(
            HeadProposal(association=_first(Association, **HEADED), kind="improvement", text="Т."), by=by
        ),
    ),
    "methodology.actions.projects.decide_proposal": (
        "head",
        lambda by: projects.decide_proposal(_proposal(), by=by, accept=True, decision=""),
    ),
    "methodology.actions.documents.request_documents": (
        "teacher",
        lambda by: documents.request_documents(
            DocumentRequest(
                school=_first(School),
                association=_first(Association, **HEADED),
                kind="work_programme",
                due_on=timezone.localdate() + datetime.timedelta(days=7),
            ),
            teachers=[_first(DocumentSubmission).teacher],
            by=by,
        ),
    ),
    "methodology.actions.documents.upload_document": (
        "director",
        lambda by: documents.upload_document(
            _first(DocumentSubmission, status="waiting"), upload=_pdf(), by=by
        ),
    ),
    "methodology.actions.documents.review_document": (
        "teacher",
        lambda by: documents.review_document(
            _first(DocumentSubmission, status="submitted"), accept=True, by=by
        ),
    ),
    "methodology.actions.documents.publish_circular": (
        "teacher",
        lambda by: documents.publish_circular(
            Circular(school=_first(School), kind="order", title="Т.", text="Т.", audience="teachers"), by=by
        ),
    ),
    "methodology.actions.documents.acknowledge_circular": (
        "deputy",  # the deputy's own order went to everyone else
        lambda by: documents.acknowledge_circular(_first(Circular), by=by),
    ),
    "methodology.actions.documents.close_request": (
        "teacher",
        lambda by: documents.close_request(_first(DocumentRequest), by=by),
    ),
    "methodology.actions.growth.record_course": (
        "teacher",  # the director is in none of the teacher's associations
        lambda by: growth.record_course(_new_course("director"), upload=_pdf(), by=by),
    ),
    "methodology.actions.growth.remove_course": (
        "teacher",
        lambda by: growth.remove_course(_course_of("director"), by=by),
    ),
    "methodology.actions.growth.write_self_education": (
        "teacher",
        lambda by: growth.write_self_education(
            _staff("director"), school_year=_first(SchoolYear, is_current=True), topic="Т.", by=by
        ),
    ),
    "methodology.actions.growth.open_attestation": (
        "head",  # the school's leaders prepare an attestation
        lambda by: growth.open_attestation(
            Attestation(staff=_staff("teacher"), category="highest", held_on=timezone.localdate()),
            by=by,
        ),
    ),
    "methodology.actions.growth.give_attestation_opinion": (
        "teacher",  # the teacher's own attestation: the head writes the opinion
        lambda by: growth.give_attestation_opinion(_open_attestation(), opinion="Жакшы.", by=by),
    ),
    "methodology.actions.growth.decide_attestation": (
        "head",
        lambda by: growth.decide_attestation(
            _open_attestation(), decision="assigned", decided_on=timezone.localdate(), by=by
        ),
    ),
    "parliament.actions.meetings.record_meeting": (
        "student",
        lambda by: parliament_meetings.record_meeting(
            _term(), by=by, minutes=_minutes(), items=[{"heard": "Т."}], is_closed=False, attendees=[]
        ),
    ),
    "parliament.actions.appeals.file_appeal": (
        "teacher",
        lambda by: appeals.file_appeal(Appeal(subject="Т.", text="Т."), by=by),
    ),
    "parliament.actions.appeals.record_appeal_opened": (
        "president",
        lambda by: appeals.record_appeal_opened(_first(Appeal), by=by),
    ),
    "parliament.actions.appeals.update_appeal": (
        "director",
        lambda by: appeals.update_appeal(_first(Appeal), by=by, status="closed", resolution="Т."),
    ),
    "parliament.actions.clubs.create_club": (
        "student",
        lambda by: clubs.create_club(Club(school=_first(Club).school, name="Жаңы ийрим"), by=by),
    ),
    "parliament.actions.clubs.request_to_join": (
        "teacher",
        lambda by: clubs.request_to_join(_first(Club), by=by),
    ),
    "parliament.actions.clubs.decide_membership": (
        "pupil",
        lambda by: clubs.decide_membership(_first(ClubMembership), by=by, accept=True),
    ),
    "parliament.actions.events.create_event": (
        "pupil",
        lambda by: events.create_event(None, by=by, school=_first(Event).school),
    ),
    "parliament.actions.events.edit_event": (
        "pupil",
        lambda by: events.edit_event(_first(Event), by=by, form=None),
    ),
    "parliament.actions.events.join_event": ("teacher", lambda by: events.join_event(_first(Event), by=by)),
    "parliament.actions.events.assign_duty": (
        "pupil",
        lambda by: events.assign_duty(None, by=by, school=_first(DutyAssignment).school),
    ),
    "parliament.actions.events.mark_duty": (
        "pupil",
        lambda by: events.mark_duty(_first(DutyAssignment, done=False), by=by, done=True),
    ),
    "parliament.actions.terms.add_ministries": (
        "president",
        lambda by: terms.add_ministries(_term(), by=by, ministries=[("Жаңы министрлик", "")]),
    ),
    "parliament.actions.polls.create_poll": (
        "pupil",
        lambda by: polls.create_poll(Poll(school=_term().school, question="С?"), by=by, options=["А", "Б"]),
    ),
    "parliament.actions.polls.answer_poll": (
        "teacher",
        lambda by: polls.answer_poll(_first(Poll), by=by, option=_first(Poll).options.first()),
    ),
    "parliament.actions.proposals.create_proposal": (
        "teacher",
        lambda by: proposals.create_proposal(Proposal(school=_term().school, title="Т.", text="Т."), by=by),
    ),
    "parliament.actions.proposals.support_proposal": (
        "teacher",
        lambda by: proposals.support_proposal(_first(Proposal, status="submitted"), by=by),
    ),
    "parliament.actions.proposals.answer_proposal": (
        "student",
        lambda by: proposals.answer_proposal(_first(Proposal), by=by, status="accepted", answer="Т."),
    ),
    "parliament.actions.elections.register_candidate": (
        "teacher",
        lambda by: votes.register_candidate(
            election=_election("registration"),
            student=_first(Staff, user__username="teacher").school.students.filter(grade=11).first(),
            statement="Мен даярмын.",
            by=by,
        ),
    ),
    "parliament.actions.elections.check_candidate": (
        "pupil",
        lambda by: votes.check_candidate(candidate=_candidate(), admit=True, note="", by=by),
    ),
    "parliament.actions.elections.move_to_stage": (
        "pupil",
        lambda by: votes.move_to_stage(election=_election("registration"), stage="campaign", by=by),
    ),
    "parliament.actions.elections.vote": (
        "teacher",
        lambda by: votes.vote(election=_election("voting"), candidate=_candidate(), by=by),
    ),
    "parliament.actions.elections.vote_with_code": (
        "pupil",
        lambda by: votes.vote_with_code(
            election=_election("voting"), code="ABCD2345", candidate=_candidate(), by=by
        ),
    ),
    "parliament.actions.elections.issue_codes": (
        "pupil",
        lambda by: votes.issue_codes(election=_election("voting"), grade=7, class_letter="А", by=by),
    ),
    "parliament.actions.elections.reissue_code": (
        "pupil",
        lambda by: votes.reissue_code(
            election=_election("voting"), student=_first(Staff).school.students.first(), by=by
        ),
    ),
    "parliament.actions.elections.record_count": (
        "pupil",
        lambda by: votes.record_count(
            election=_election("counting"), paper_counts={}, invalid=0, classes={}, by=by
        ),
    ),
    "parliament.actions.elections.publish_results": (
        "pupil",
        lambda by: votes.publish_results(election=_election("counting"), by=by),
    ),
    "school_gov.actions.accounts.invite": (
        "teacher",
        lambda by: accounts.invite(
            [_first(Staff, user__isnull=True)], by=by, school=_term().school, site="http://testserver/"
        ),
    ),
    "school_gov.actions.accounts.accept_invitation": (
        "teacher",
        lambda by: accounts.accept_invitation("not-an-invitation" * 3, by=by, username="x", password="y"),
    ),
    "school_gov.actions.accounts.deactivate_account": (
        "teacher",
        lambda by: accounts.deactivate_account(_first(Staff, user__username="head"), by=by),
    ),
    "school_gov.actions.people.import_people": (
        "teacher",
        lambda by: people.import_people(
            _term().school,
            by=by,
            kind="students",
            data="Фамилия;Имя;Класс;Буква класса\nАсанов;Бакыт;7;А\n".encode(),
            filename="a.csv",
        ),
    ),
    "school_gov.actions.records.save_record": (
        "teacher",
        lambda by: records.save_record(
            _first(Staff, user__username="teacher"), by=by, school=_term().school, fields=["name"]
        ),
    ),
    "school_gov.actions.records.save_rows": (
        "teacher",
        lambda by: records.save_rows(
            _Rows(), by=by, school=_term().school, prefix="school_gov.staff", describe=lambda row: {}
        ),
    ),
    "school_gov.actions.years.start_next_year": (
        "deputy",
        lambda by: years.start_next_year(_first(SchoolYear, is_current=True), by=by),
    ),
    "school_gov.actions.calendar.save_school": (
        "deputy",  # the director keeps the school's settings, the deputy does not
        lambda by: calendar.save_school(
            _set(_term().school, deadlines_on_working_days=True), by=by, fields=["deadlines_on_working_days"]
        ),
    ),
    "school_gov.actions.calendar.save_holiday": (
        "teacher",
        lambda by: calendar.save_holiday(_set(_first(Holiday), name="Башка"), by=by, fields=["name"]),
    ),
    "school_gov.actions.calendar.delete_holiday": (
        "teacher",
        lambda by: calendar.delete_holiday(_first(Holiday), by=by),
    ),
    "school_gov.actions.calendar.add_national_holidays": (
        "teacher",
        lambda by: calendar.add_national_holidays(_term().school, [2031], by=by),
    ),
    "school_gov.actions.records.delete_record": (
        "director",
        lambda by: records.delete_record(
            _first(Staff, user__username="teacher"), by=by, school=_term().school
        ),
    ),
    # Only the application (on its schedule) or the administrator runs the daily sweep.
    "notifications.actions.sweep.run": ("teacher", lambda by: sweep.run(by=by)),
    # A person's own settings: what can be refused is a kind that does not exist, a forged link, and
    # a calendar link for an account without a school record (the administrator's).
    "notifications.actions.preferences.choose": (
        "teacher",
        lambda by: preferences.choose({"no-such-kind": "email"}, by=by),
    ),
    "notifications.actions.preferences.unsubscribe": (
        "teacher",
        lambda by: preferences.unsubscribe("forged" * 5, by=by),
    ),
    "notifications.actions.calendar.new_link": ("admin", lambda by: calendar_links.new_link(by=by)),
    "notifications.actions.calendar.revoke": ("admin", lambda by: calendar_links.revoke(by=by)),
}


class _Rows:
    """An inline formset's answers, as the admin gives them: one changed appointment."""

    model = Staff
    deleted_objects: list = []

    def __init__(self):
        self.row = _first(Staff, user__username="teacher")
        self.changed_objects = [(self.row, ["name"])]

    def save(self, commit=True):
        return [self.row]

    def save_m2m(self):
        pass


def _prepared(call) -> None:
    """Put the case's records in their state before the snapshot: the arguments are evaluated (their
    helpers set the state, the same each time), and the action refuses a `by` that is not a person
    before it reads or writes anything."""
    with pytest.raises(TypeError, match="Person"):
        call(None)


def _person(username: str):
    return act(get_user_model().objects.get(username=username))


# Every kind of record an action may write: a refused call leaves each row as it was.
WATCHED = [
    "school_gov.Staff",
    "school_gov.Student",
    "school_gov.Appointment",
    "school_gov.Minutes",
    "school_gov.SchoolYear",
    "school_gov.Quarter",
    "school_gov.School",
    "school_gov.Holiday",
    "methodology.WorkPlan",
    "methodology.PlanItem",
    "methodology.PlanComment",
    "methodology.YearEndReport",
    "methodology.LessonObservation",
    "methodology.AssociationMeeting",
    "methodology.HeadProposal",
    "methodology.TeacherProject",
    "methodology.Course",
    "methodology.Certificate",
    "methodology.SelfEducation",
    "methodology.Attestation",
    "parliament.Term",
    "parliament.Ministry",
    "parliament.Election",
    "parliament.Candidate",
    "parliament.VoteCode",
    "parliament.Turnout",
    "parliament.Tally",
    "parliament.Event",
    "parliament.DutyAssignment",
    "parliament.Meeting",
    "parliament.Poll",
    "parliament.PollResponse",
    "parliament.Proposal",
    "parliament.ProposalSupport",
    "parliament.Appeal",
    "parliament.Club",
    "parliament.ClubMembership",
    "notifications.Notification",
    "notifications.Preference",
    "notifications.Reminder",
    "notifications.SweepRun",
    "notifications.CalendarLink",
    "school_gov.Email",
]


def _written() -> tuple:
    """The audit trail's length and every watched row's values."""
    from django.apps import apps

    rows = tuple(
        tuple(tuple(sorted(row.items())) for row in apps.get_model(label).objects.order_by("pk").values())
        for label in WATCHED
    )
    return AuditEvent.objects.count(), rows


@pytest.mark.parametrize("name", sorted(CASES))
def test_a_member_of_the_school_without_the_right_is_refused_and_nothing_is_written(db, demo_school, name):
    username, call = CASES[name]
    _prepared(call)
    before = _written()
    with pytest.raises(Refused) as refusal:
        call(_person(username))
    assert refusal.value.reason == REASONS.get(name, Refused.NOT_ALLOWED), refusal.value.message
    assert _written() == before


# A student of another school files an appeal at their own school: nothing of this school is touched.
# A person's own notification settings and calendar link concern no school: another school's director
# is refused them exactly as a member is (the cases above), not as an outsider.
OWN_SCHOOL_ONLY = {
    "parliament.actions.appeals.file_appeal",
    "notifications.actions.preferences.choose",
    "notifications.actions.preferences.unsubscribe",
    "notifications.actions.calendar.new_link",
    "notifications.actions.calendar.revoke",
}


@pytest.mark.parametrize("name", sorted(set(CASES) - OWN_SCHOOL_ONLY))
def test_the_director_of_another_school_is_refused_and_nothing_is_written(db, demo_school, name):
    _, call = CASES[name]
    outsider = _outsider()
    by = act(_outsider_student() if name.startswith(STUDENT_ACTIONS) else outsider)
    _prepared(call)
    before = _written()
    with pytest.raises(Refused) as refusal:
        call(by)
    expected = REASONS.get(name, Refused.NOT_ALLOWED if name in NOTHING_TO_FIND else Refused.NOT_FOUND)
    assert refusal.value.reason == expected, refusal.value.message
    assert _written() == before


# The invitation's own right is its secret, for anyone: without a valid one, the rule refuses.
REASONS = {
    "school_gov.actions.accounts.accept_invitation": Refused.RULE,
    "notifications.actions.preferences.choose": Refused.RULE,
    "notifications.actions.preferences.unsubscribe": Refused.RULE,
}

# Actions that make a new record, or act on one they are handed without looking it up (a vote on the
# shared device): another school's director is not allowed, as there is no record to be not found.
NOTHING_TO_FIND = {
    "parliament.actions.events.create_event",
    "parliament.actions.events.assign_duty",
    "parliament.actions.clubs.create_club",
    "parliament.actions.polls.create_poll",
    "parliament.actions.proposals.create_proposal",
    "parliament.actions.elections.vote",
    "parliament.actions.elections.vote_with_code",
    "parliament.actions.elections.register_candidate",
    "parliament.actions.appeals.record_appeal_opened",  # the page has fetched it in the person's school
    "school_gov.actions.people.import_people",
    "school_gov.actions.accounts.invite",
    "school_gov.actions.records.save_record",
    "school_gov.actions.records.save_rows",
    "school_gov.actions.records.delete_record",
    "school_gov.actions.calendar.save_school",
    "school_gov.actions.calendar.save_holiday",
    "school_gov.actions.calendar.delete_holiday",
    "school_gov.actions.calendar.add_national_holidays",
    "notifications.actions.sweep.run",
}

# Actions a student takes: the outsider who tries them is a student of another school.
STUDENT_ACTIONS = (
    "parliament.actions.elections.vote",
    "parliament.actions.polls.answer_poll",
    "parliament.actions.proposals.support_proposal",
    "parliament.actions.proposals.create_proposal",
    "parliament.actions.events.join_event",
    "parliament.actions.clubs.request_to_join",
    "parliament.actions.appeals.file_appeal",
)


def test_every_action_has_a_case_here():
    assert set(discover()) - set(CASES) == set()
