"""Who hears what in the parliament (notifications): the kinds, the events of the one write path that
make them, and the reminders of the daily sweep. A student is never told who voted how: the reminders
to vote read the turnout roll (who voted), never a ballot."""

from __future__ import annotations

import datetime
from collections import defaultdict
from collections.abc import Iterable

from django.db.models import QuerySet
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from notifications import audience
from notifications.kinds import Due, kind, on, reminder
from notifications.models import Channel
from parliament.models import (
    Appeal,
    DutyAssignment,
    Election,
    ElectionStage,
    Office,
    OfficeKind,
    Poll,
    PollResponse,
    Proposal,
    Term,
    Turnout,
)
from parliament.models.meetings import weeks_without_meeting
from parliament.permissions import can_view_voice, is_adviser, is_school_member
from parliament.permissions.appeals import can_view_appeal
from parliament.permissions.elections import can_view_election
from parliament.permissions.events import can_view_duty
from school_gov import roles
from school_gov.deadlines import start_of
from school_gov.models import Quarter, Student, User

PARLIAMENT = _("School parliament")
CLOSING_DAYS = 1  # "a poll or election closing tomorrow"
MEETING_LOOK_BACK_DAYS = 14  # a week without a meeting is chased in the week after it


def _voters(election: Election) -> QuerySet[User]:
    school = election.term.school
    return audience.of_students(Student.objects.filter(school=school, grade__gte=election.voter_from_grade))


def _poll_audience(poll: Poll) -> QuerySet[User]:
    return audience.of_students(
        Student.objects.filter(
            school=poll.school, grade__gte=poll.audience_from_grade, grade__lte=poll.audience_to_grade
        )
    )


def _appeal_handlers(appeal: Appeal) -> list[User]:
    """SP-3.3: the social pedagogue, the deputy director and the adviser of the current parliament."""
    from parliament.permissions import current_term

    users = list(audience.holding(appeal.school_id, roles.SOCIAL_PEDAGOGUE, roles.DEPUTY_DIRECTOR))
    term = current_term(appeal.school)
    if term is not None and term.adviser_id is not None:
        users += list(audience.of_staff(term.adviser_id))
    return users


PROPOSAL_ANSWERED = kind(
    "proposal_answered",
    _("My proposal to the parliament was answered"),
    _("Your proposal «%(object)s» has an answer."),
    lambda person, proposal: can_view_voice(person) and is_school_member(person, proposal.school),
    staff_default=Channel.DIGEST,
    related=("school",),
    group=PARLIAMENT,
    audience="students",
)
# SP-3.3: the message names neither the appeal's subject nor its author.
APPEAL_RECEIVED = kind(
    "appeal_received",
    _("A confidential appeal was filed (for those who handle appeals)"),
    _("A new confidential appeal was filed. Open it in the app to read it."),
    can_view_appeal,
    names_object=False,
    related=("school",),
    group=PARLIAMENT,
)
ELECTION_OPENED = kind(
    "election_opened",
    _("Voting opened in an election"),
    _("Voting in «%(object)s» is open until %(closes)s. Your vote is secret."),
    can_view_election,
    related=("term__school",),
    group=PARLIAMENT,
    audience="students",
)
POLL_OPENED = kind(
    "poll_opened",
    _("A poll for my grade was opened"),
    _("A new poll: «%(object)s». Answer by %(closes)s."),
    lambda person, poll: is_school_member(person, poll.school),
    related=("school",),
    group=PARLIAMENT,
    audience="students",
)
DUTY_ASSIGNED = kind(
    "duty_assigned",
    _("My class was given a duty"),
    _("Your class %(klass)s is on duty on %(date)s: %(area)s."),
    lambda person, duty: can_view_duty(person, duty.school),
    staff_default=Channel.DIGEST,
    related=("school",),
    group=PARLIAMENT,
)
VOTE_CLOSING = kind(
    "vote_closing",
    _("An election I have not voted in closes tomorrow"),
    _("Voting in «%(object)s» closes on %(closes)s, and you have not voted yet."),
    can_view_election,
    related=("term__school",),
    group=PARLIAMENT,
    audience="students",
)
POLL_CLOSING = kind(
    "poll_closing",
    _("A poll I have not answered closes tomorrow"),
    _("The poll «%(object)s» closes on %(closes)s, and you have not answered it yet."),
    lambda person, poll: is_school_member(person, poll.school),
    related=("school",),
    group=PARLIAMENT,
    audience="students",
)
WEEK_WITHOUT_MEETING = kind(
    "week_without_meeting",
    _("A school week passed without a parliament meeting"),
    _("The parliament «%(object)s» held no meeting in the school week of %(week)s (SP-4.2: weekly)."),
    lambda person, term: (
        is_adviser(person, term)
        or person.manages(term.school)
        or (person.student is not None and is_school_member(person, term.school))
    ),
    related=("school",),
    group=PARLIAMENT,
    audience="all",
)


def _closes(moment: datetime.datetime) -> str:
    return timezone.localdate(moment).isoformat()


on(
    "parliament.proposal.answered",
    Proposal,
    PROPOSAL_ANSWERED,
    lambda p, e: audience.of_students([p.author] if p.author else []),
)
on("parliament.appeal.created", Appeal, APPEAL_RECEIVED, lambda a, e: _appeal_handlers(a))
on(
    "parliament.election.stage_moved",
    Election,
    ELECTION_OPENED,
    lambda election, e: _voters(election),
    when=lambda election, e: e.data.get("to") == ElectionStage.VOTING,
    data=lambda election, e: {"closes": _closes(election.voting_closes_at)},
)
on(
    "parliament.poll.created",
    Poll,
    POLL_OPENED,
    lambda poll, e: _poll_audience(poll),
    data=lambda poll, e: {"closes": _closes(poll.closes_at)},
)
on(
    "parliament.duty.created",
    DutyAssignment,
    DUTY_ASSIGNED,
    lambda duty, e: audience.class_teachers(duty.school_id, duty.grade, duty.class_letter, on=duty.date),
    data=lambda duty, e: {
        "klass": f"{duty.grade}-{duty.class_letter}",
        "date": duty.date.isoformat(),
        "area": " ".join(str(part) for part in (duty.get_area_kind_display(), duty.area) if part),
    },
)


def _closing_window(today: datetime.date) -> tuple[datetime.datetime, datetime.datetime]:
    """From the start of tomorrow to its end, in the school's time zone."""
    tomorrow = today + datetime.timedelta(days=CLOSING_DAYS)
    start = start_of(tomorrow)
    return start, start + datetime.timedelta(days=1)


def _students_with_accounts(school_ids: set[int]) -> dict[int, list[Student]]:
    """{school id: its current students with an active account}, in one query."""
    by_school: dict[int, list[Student]] = defaultdict(list)
    students = Student.objects.filter(school__in=school_ids, user__is_active=True).select_related("user")
    for student in students.only("pk", "school_id", "grade", "user"):
        by_school[student.school_id].append(student)
    return by_school


@reminder
def elections_closing(today: datetime.date) -> Iterable[Due]:
    """An election closing tomorrow: to each student on the roll who has not voted (the turnout roll
    says who voted, never how)."""
    start, end = _closing_window(today)
    elections = list(
        Election.objects.filter(  # voting open now, or opening later today
            stage__in=[ElectionStage.CAMPAIGN, ElectionStage.VOTING],
            voting_opens_at__lt=start,
            voting_closes_at__gte=start,
            voting_closes_at__lt=end,
        ).select_related("term__school")
    )
    if not elections:
        return
    voted = set(Turnout.objects.filter(election__in=elections).values_list("election_id", "student_id"))
    by_school = _students_with_accounts({e.term.school_id for e in elections})
    for election in elections:
        people = [
            s.user
            for s in by_school[election.term.school_id]
            if s.grade >= election.voter_from_grade and (election.pk, s.pk) not in voted and s.user
        ]
        closes = timezone.localdate(election.voting_closes_at)
        yield Due(
            VOTE_CLOSING.code,
            election,
            people,
            closes,
            election.term.school_id,
            {"closes": closes.isoformat()},
        )


@reminder
def polls_closing(today: datetime.date) -> Iterable[Due]:
    """A poll closing tomorrow: to each student of its grades who has not answered it."""
    start, end = _closing_window(today)
    polls = list(Poll.objects.filter(closes_at__gte=start, closes_at__lt=end, opens_at__lt=start))
    if not polls:
        return
    answered = set(PollResponse.objects.filter(poll__in=polls).values_list("poll_id", "student_id"))
    by_school = _students_with_accounts({p.school_id for p in polls})
    for poll in polls:
        people = [
            s.user
            for s in by_school[poll.school_id]
            if poll.audience_from_grade <= s.grade <= poll.audience_to_grade
            and (poll.pk, s.pk) not in answered
            and s.user
        ]
        closes = timezone.localdate(poll.closes_at)
        yield Due(POLL_CLOSING.code, poll, people, closes, poll.school_id, {"closes": closes.isoformat()})


@reminder
def weeks_without_meetings(today: datetime.date) -> Iterable[Due]:
    """SP-4.2: a finished school week (of the last two) without a parliament meeting, to the adviser and
    the president of the current parliament."""
    terms = list(
        Term.objects.filter(school_year__is_current=True).select_related(
            "school", "adviser__user", "school_year"
        )
    )
    if not terms:
        return
    years = {term.school_year_id for term in terms}
    quarters: dict[int, list[Quarter]] = defaultdict(list)
    for quarter in Quarter.objects.filter(school_year_id__in=years):
        quarters[quarter.school_year_id].append(quarter)
    held: dict[int, list[datetime.date]] = defaultdict(list)
    from parliament.models import Meeting

    for term_id, day in Meeting.objects.filter(term__in=terms).values_list("term_id", "minutes__held_on"):
        held[term_id].append(day)
    presidents: dict[int, list[User]] = defaultdict(list)
    for office in (
        Office.objects.current(today)
        .filter(term__in=terms, kind=OfficeKind.PRESIDENT)
        .select_related("student__user")
    ):
        if office.student.user is not None and office.student.user.is_active:
            presidents[office.term_id].append(office.student.user)
    since = today - datetime.timedelta(days=MEETING_LOOK_BACK_DAYS)
    for term in terms:
        missed = [
            m
            for m in weeks_without_meeting(quarters[term.school_year_id], held[term.pk], today)
            if m >= since
        ]
        if not missed:
            continue
        week = missed[-1]
        people = list(presidents[term.pk])
        if term.adviser is not None and term.adviser.user is not None and term.adviser.user.is_active:
            people.append(term.adviser.user)
        yield Due(WEEK_WITHOUT_MEETING.code, term, people, week, term.school_id, {"week": week.isoformat()})
