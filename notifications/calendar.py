"""A person's own calendar feed (iCalendar, written by the `icalendar` package): their deadlines (plans to
approve, reports due), their association's meetings and the activities they answer for, the parliament
events they organise or joined, their class's duties, and for a student the election's voting window.
Times are in Asia/Bishkek; the text in the account's language."""

from __future__ import annotations

import datetime

from django.db.models import Q
from django.utils import timezone, translation
from django.utils.translation import gettext as _
from icalendar import Calendar

from methodology import waiting
from methodology.models import AssociationMeeting, HeadAppointment, Membership, PlanItem, PlanStatus
from notifications.delivery import language_of
from parliament.models import DutyAssignment, Election, ElectionStage
from parliament.models import Event as ParliamentEvent
from school_gov import ical, roles
from school_gov.deadlines import start_of
from school_gov.models import Appointment, User
from school_gov.people import Person, person_of
from school_gov.sites import site_host, site_url

PAST = datetime.timedelta(days=31)
FUTURE = datetime.timedelta(days=400)


def _add(
    calendar: Calendar,
    uid: str,
    summary: str,
    start: datetime.date | datetime.datetime,
    end: datetime.date | datetime.datetime | None = None,
    *,
    url: str = "",
    description: str = "",
    location: str = "",
) -> None:
    ical.add_event(
        calendar,
        f"{uid}@{site_host()}",
        summary,
        start,
        end,
        url=site_url(url) if url else "",
        description=description,
        location=location,
    )


def feed_for(user: User) -> bytes:
    person = person_of(user)
    with translation.override(language_of(user)):
        calendar = ical.new_calendar(_("My school calendar: %(name)s") % {"name": str(person)})
        today = timezone.localdate()
        if person.staff is not None:
            _staff_entries(calendar, person, today)
        if person.student is not None:
            _student_entries(calendar, person, today)
        return ical.to_bytes(calendar)


def _staff_entries(calendar: Calendar, person: Person, today: datetime.date) -> None:
    staff = person.staff
    assert staff is not None
    since, until = today - PAST, today + FUTURE
    headed = list(
        HeadAppointment.objects.current(today).filter(staff=staff).values_list("association_id", flat=True)
    )
    member_of = set(
        Membership.objects.current(today).filter(staff=staff).values_list("association_id", flat=True)
    ) | set(headed)
    # Plans due (MB-5.1): those of the person's associations and those waiting for their step.
    plans = (
        waiting.open_plans()
        .filter(
            Q(association_id__in=member_of) | Q(pk__in=waiting.plans_waiting_for(person).values("pk")),
            approval_due_on__gte=since,
            approval_due_on__lte=until,
        )
        .select_related("association")
    )
    for plan in plans:
        due = plan.approval_due
        _add(
            calendar,
            f"plan-due-{plan.pk}",
            _("Work plan to be approved: %(plan)s") % {"plan": plan},
            due,
            url=plan.get_absolute_url(),
            description=_("MB-5.1: approved no later than five days from the start of the period."),
        )
    for gap in waiting.missing_plans(today, schools=[staff.school_id]):
        if gap.association.pk in headed or person.holds(roles.DEPUTY_DIRECTOR):
            _add(
                calendar,
                f"plan-missing-{gap.association.pk}-{gap.quarter.pk}",
                _("Work plan to be approved: %(association)s, quarter %(quarter)s")
                % {"association": gap.association, "quarter": gap.quarter.number},
                gap.due,
                url=gap.association.get_absolute_url(),
            )
    # Year-end reports (MB-5.3) of the associations the person heads.
    for report in waiting.reports_due(today, associations=headed):
        _add(
            calendar,
            f"report-due-{report.association.pk}-{report.school_year.pk}",
            _("Year-end report due: %(association)s") % {"association": report.association},
            report.due,
            url=report.association.get_absolute_url(),
        )
    for meeting in AssociationMeeting.objects.filter(
        association_id__in=member_of, minutes__held_on__gte=since
    ).select_related("association", "minutes"):
        _add(
            calendar,
            f"association-meeting-{meeting.pk}",
            _("Meeting: %(association)s") % {"association": meeting.association},
            meeting.minutes.held_on,
            url=meeting.get_absolute_url(),
        )
    items = PlanItem.objects.filter(
        plan__status=PlanStatus.APPROVED, responsible=staff, starts_on__lte=until
    ).filter(Q(ends_on__gte=since) | Q(ends_on__isnull=True, starts_on__gte=since))
    for item in items.select_related("plan__association"):
        _add(
            calendar,
            f"activity-{item.pk}",
            item.activity[:200],
            item.starts_on,
            item.ends_on,
            url=item.plan.get_absolute_url(),
            description=str(item.plan),
        )
    for event in ParliamentEvent.objects.filter(responsible_teacher=staff, starts_at__gte=start_of(since)):
        _parliament_event(calendar, event)
    classes = Appointment.objects.current(today).filter(staff=staff, role=roles.CLASS_TEACHER)
    for appointment in classes:
        if appointment.class_grade is None:
            continue
        duties = DutyAssignment.objects.filter(
            school_id=staff.school_id,
            grade=appointment.class_grade,
            class_letter=appointment.class_letter,
            date__range=(since, until),
        )
        for duty in duties:
            _duty(calendar, duty)


def _student_entries(calendar: Calendar, person: Person, today: datetime.date) -> None:
    student = person.student
    assert student is not None
    since, until = today - PAST, today + FUTURE
    events = ParliamentEvent.objects.filter(
        Q(organisers=student) | Q(participants=student), starts_at__gte=start_of(since)
    ).distinct()
    for event in events:
        _parliament_event(calendar, event)
    for duty in DutyAssignment.objects.filter(
        school_id=student.school_id,
        grade=student.grade,
        class_letter=student.class_letter,
        date__range=(since, until),
    ):
        _duty(calendar, duty)
    elections = Election.objects.filter(
        term__school_id=student.school_id,
        voter_from_grade__lte=student.grade,
        voting_closes_at__gte=start_of(since),
    ).exclude(stage__in=[ElectionStage.COUNTING, ElectionStage.RESULTS])
    for election in elections:
        _add(
            calendar,
            f"election-{election.pk}",
            _("Voting: %(election)s") % {"election": election},
            election.voting_opens_at,
            election.voting_closes_at,
            url=election.get_absolute_url(),
        )


def _parliament_event(calendar: Calendar, event: ParliamentEvent) -> None:
    _add(
        calendar,
        f"parliament-event-{event.pk}",
        event.title,
        event.starts_at,
        event.ends_at,
        url=event.get_absolute_url(),
        location=event.place,
        description=event.get_kind_display(),
    )


def _duty(calendar: Calendar, duty: DutyAssignment) -> None:
    where = " ".join(str(part) for part in (duty.get_area_kind_display(), duty.area) if part)
    _add(
        calendar,
        f"duty-{duty.pk}",
        _("Duty of %(klass)s: %(where)s") % {"klass": f"{duty.grade}-{duty.class_letter}", "where": where},
        duty.date,
        url=duty.get_absolute_url(),
    )
