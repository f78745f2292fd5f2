"""Who hears what in the methodology (notifications): the kinds, the events of the one write path that
make them, and the reminders of the daily sweep before each MB-5.1 and MB-5.3 deadline. What waits for
whom is defined once, in methodology.waiting (the dashboard reads it too)."""

from __future__ import annotations

import datetime
from collections.abc import Iterable, Iterator
from typing import Any

from django.db.models import Q, QuerySet
from django.utils.translation import gettext_lazy as _

from methodology import waiting
from methodology.models import (
    Association,
    Attestation,
    Circular,
    DocumentRequest,
    DocumentSubmission,
    HeadAppointment,
    HeadProposal,
    LessonObservation,
    Membership,
    PlanComment,
    WorkPlan,
    YearEndReport,
)
from methodology.models.plans import HEAD, NEXT_STEP
from methodology.permissions import (
    can_oversee_documents,
    can_view_circular,
    can_view_growth,
    can_view_observation,
    can_view_plan,
    can_view_proposals,
    can_view_report,
    can_view_submission,
    is_head,
    is_school_reviewer,
)
from notifications import audience
from notifications.kinds import Due, kind, on, reminder
from notifications.models import Channel
from school_gov import roles
from school_gov.models import AuditEvent, User
from school_gov.people import Person

PLANS = _("Work plans")
REPORTS = _("Year-end reports")
TEACHING = _("Lessons and proposals")
DOCUMENTS = _("Work documents")


def _deputies(school_id: int | None) -> QuerySet[User]:
    return audience.holding(school_id, roles.DEPUTY_DIRECTOR)


def _heads(association: Association) -> QuerySet[User]:
    return audience.active().filter(staff__head_appointments__in=association.head_appointments.current())


def _members(association: Association) -> QuerySet[User]:
    return audience.active().filter(staff__in=association.member_staff())


def _plan_reviewer(person: Person, plan: WorkPlan) -> bool:
    return can_view_plan(person, plan)


def _sees_association_as_leader(person: Person, association: Association) -> bool:
    return is_head(person, association) or is_school_reviewer(person, association.school)


# Events of the plan's workflow (MB-5.1).
PLAN_SUBMITTED = kind(
    "plan_submitted",
    _("A plan was submitted for my agreement"),
    _("The work plan «%(object)s» was submitted and waits for your agreement."),
    _plan_reviewer,
    group=PLANS,
    related=("association__school",),
)
PLAN_AGREED = kind(
    "plan_agreed",
    _("A plan was agreed and waits for my approval"),
    _("The work plan «%(object)s» was agreed and waits for your approval."),
    _plan_reviewer,
    group=PLANS,
    related=("association__school",),
)
PLAN_RETURNED = kind(
    "plan_returned",
    _("My plan was returned for revision"),
    _("The work plan «%(object)s» was returned for revision: %(comment)s"),
    _plan_reviewer,
    group=PLANS,
    related=("association__school",),
)
PLAN_APPROVED = kind(
    "plan_approved",
    _("A plan of my association was approved"),
    _("The work plan «%(object)s» was approved."),
    _plan_reviewer,
    staff_default=Channel.DIGEST,
    group=PLANS,
    related=("association__school",),
)
PLAN_COMMENTED = kind(
    "plan_commented",
    _("A member commented on my draft plan"),
    _("%(author)s commented on the draft «%(object)s»: %(comment)s"),
    _plan_reviewer,
    group=PLANS,
    related=("association__school",),
)
# Reminders of the plans (the daily sweep).
PLAN_DUE_SOON = kind(
    "plan_due_soon",
    _("A plan must be approved within two days and the next step is mine"),
    _("The work plan «%(object)s» must be approved by %(due)s (MB-5.1); the next step is yours."),
    _plan_reviewer,
    group=PLANS,
    related=("association__school",),
)
PLAN_OVERDUE = kind(
    "plan_overdue",
    _("A plan is overdue and the next step is mine"),
    _("The work plan «%(object)s» was due to be approved by %(due)s (MB-5.1); the next step is yours."),
    _plan_reviewer,
    group=PLANS,
    related=("association__school",),
)
PLAN_MISSING = kind(
    "plan_missing",
    _("An association has no plan for a period that starts within a week"),
    _(
        "%(object)s has no work plan for quarter %(quarter)s, which starts on %(starts)s; "
        "it must be approved by %(due)s (MB-5.1)."
    ),
    _sees_association_as_leader,
    group=PLANS,
    related=("school",),
)
ACTIVITIES_UNMARKED = kind(
    "activities_unmarked",
    _("Activities I answer for passed without a mark of completion"),
    _("%(count)s activities of the plan «%(object)s» passed without a mark of completion."),
    _plan_reviewer,
    staff_default=Channel.DIGEST,
    group=PLANS,
    related=("association__school",),
)
HEAD_UNQUALIFIED = kind(
    "head_unqualified",
    _("The head of an association does not meet MB-1.1"),
    _(
        "%(head)s, the head of %(object)s, does not meet MB-1.1 as the records stand "
        "(higher professional education and five years in education)."
    ),
    lambda person, association: is_school_reviewer(person, association.school),
    group=PLANS,
    related=("school",),
)
# Year-end reports (MB-5.3).
REPORT_SUBMITTED = kind(
    "report_submitted",
    _("A year-end report was submitted to me"),
    _("The year-end report «%(object)s» was submitted and waits for your acceptance."),
    can_view_report,
    group=REPORTS,
    related=("association__school",),
)
REPORT_ACCEPTED = kind(
    "report_accepted",
    _("My year-end report was accepted"),
    _("The year-end report «%(object)s» was accepted."),
    can_view_report,
    staff_default=Channel.DIGEST,
    group=REPORTS,
    related=("association__school",),
)
REPORT_RETURNED = kind(
    "report_returned",
    _("My year-end report was returned"),
    _("The year-end report «%(object)s» was returned for revision: %(comment)s"),
    can_view_report,
    group=REPORTS,
    related=("association__school",),
)
REPORT_DUE_SOON = kind(
    "report_due_soon",
    _("The year-end report of my association is due within three days"),
    _("The year-end report of %(object)s is due to the deputy director by %(due)s (MB-5.3)."),
    lambda person, association: is_head(person, association),
    group=REPORTS,
    related=("school",),
)
REPORT_OVERDUE = kind(
    "report_overdue",
    _("The year-end report of my association is overdue"),
    _("The year-end report of %(object)s was due by %(due)s (MB-5.3) and has not been submitted."),
    lambda person, association: is_head(person, association),
    group=REPORTS,
    related=("school",),
)
# Lessons and proposals (MB-4.1, MB-4.3).
OBSERVATION_RECORDED = kind(
    "observation_recorded",
    _("Somebody observed my lesson"),
    _("%(observer)s recorded an analysis of your lesson: «%(object)s». Read it and confirm."),
    can_view_observation,
    group=TEACHING,
    related=("association__school",),
)
PROPOSAL_DECIDED = kind(
    "proposal_decided",
    _("The administration decided my proposal"),
    _("The administration decided your proposal «%(object)s»."),
    lambda person, proposal: can_view_proposals(person, proposal.association),
    staff_default=Channel.DIGEST,
    group=TEACHING,
    related=("association__school",),
)

# Work documents (MB-4.5).


def _asked_or_overseeing(person: Person, request: DocumentRequest) -> bool:
    return can_oversee_documents(person, request) or (
        person.staff is not None and request.submissions.filter(teacher=person.staff).exists()
    )


DOCUMENT_REQUESTED = kind(
    "document_requested",
    _("Somebody asked me for a work document"),
    _("You are asked for a document: «%(object)s», due by %(due)s."),
    _asked_or_overseeing,
    group=DOCUMENTS,
    related=("school",),
)
DOCUMENT_SENT = kind(
    "document_sent",
    _("A teacher sent me a document to review"),
    _("A document was sent for your review: «%(object)s»."),
    can_view_submission,
    group=DOCUMENTS,
    related=("request__school",),
)
DOCUMENT_RETURNED = kind(
    "document_returned",
    _("My document was returned for correction"),
    _("Your document «%(object)s» was returned for correction: %(correction)s"),
    can_view_submission,
    group=DOCUMENTS,
    related=("request__school",),
)
DOCUMENT_ACCEPTED = kind(
    "document_accepted",
    _("My document was accepted"),
    _("Your document «%(object)s» was accepted."),
    can_view_submission,
    staff_default=Channel.DIGEST,
    group=DOCUMENTS,
    related=("request__school",),
)


def _reviewers(submission: DocumentSubmission) -> QuerySet[User]:
    request = submission.request
    reviewers = audience.of_staff(request.requested_by_id)
    if request.association is not None:
        reviewers = reviewers | _heads(request.association)
    return reviewers.distinct()


on(
    "methodology.document_request.created",
    DocumentRequest,
    DOCUMENT_REQUESTED,
    lambda request, e: audience.active().filter(staff__in=request.submissions.values("teacher")),
    data=lambda request, e: {"due": request.due_on.isoformat()},
)
on("methodology.document.submitted", DocumentSubmission, DOCUMENT_SENT, lambda s, e: _reviewers(s))
on(
    "methodology.document.returned",
    DocumentSubmission,
    DOCUMENT_RETURNED,
    lambda s, e: audience.of_staff(s.teacher_id),
    data=lambda s, e: {"correction": str(e.data.get("correction", ""))[:500]},
)
on(
    "methodology.document.accepted",
    DocumentSubmission,
    DOCUMENT_ACCEPTED,
    lambda s, e: audience.of_staff(s.teacher_id),
)

CIRCULAR_PUBLISHED = kind(
    "circular_published",
    _("A document was sent to me to read"),
    _("A document was sent to you: «%(object)s». Read it and confirm."),
    can_view_circular,
    group=DOCUMENTS,
    related=("school",),
)
on(
    "methodology.circular.published",
    Circular,
    CIRCULAR_PUBLISHED,
    lambda circular, e: audience.active().filter(staff__in=circular.acknowledgements.values("staff")),
)

# Attestation (MB-4.2): the teacher and the heads of their associations hear it is prepared (the heads
# write their opinion); the teacher hears the commission's decision.
GROWTH = _("Professional development")


def _sees_attestation(person: Person, attestation: Attestation) -> bool:
    return can_view_growth(person, attestation.staff)


def _heads_of_teacher(teacher_id: int) -> QuerySet[User]:
    associations = Association.objects.filter(
        Q(memberships__in=Membership.objects.current().filter(staff_id=teacher_id))
        | Q(head_appointments__in=HeadAppointment.objects.current().filter(staff_id=teacher_id))
    )
    heads = (
        HeadAppointment.objects.current().filter(association__in=associations).exclude(staff_id=teacher_id)
    )
    return audience.active().filter(staff__head_appointments__in=heads)


ATTESTATION_PREPARED = kind(
    "attestation_prepared",
    _("An attestation is prepared for me or a teacher of my association"),
    _("%(object)s: the commission meets on %(held_on)s. The head writes an opinion for it."),
    _sees_attestation,
    group=GROWTH,
    related=("staff__school",),
)
ATTESTATION_DECIDED = kind(
    "attestation_decided",
    _("The attestation commission decided"),
    _("The attestation commission decided: «%(object)s». The decision is on your page."),
    _sees_attestation,
    group=GROWTH,
    related=("staff__school",),
)
on(
    "methodology.attestation.opened",
    Attestation,
    ATTESTATION_PREPARED,
    lambda a, e: (audience.of_staff(a.staff_id) | _heads_of_teacher(a.staff_id)).distinct(),
    data=lambda a, e: {"held_on": a.held_on.isoformat()},
)
on(
    "methodology.attestation.decided",
    Attestation,
    ATTESTATION_DECIDED,
    lambda a, e: audience.of_staff(a.staff_id),
)


def _comment(record: Any, event: AuditEvent) -> dict[str, str]:
    return {"comment": str(event.data.get("comment", ""))[:500]}


def _plan_comment(plan: WorkPlan, event: AuditEvent) -> dict[str, str]:
    note = PlanComment.objects.select_related("author").filter(pk=event.data.get("comment")).first()
    if note is None:
        return {"author": "", "comment": ""}
    return {"author": note.author.full_name if note.author else "", "comment": note.text[:500]}


on(
    "methodology.plan.submitted",
    WorkPlan,
    PLAN_SUBMITTED,
    lambda plan, e: _deputies(plan.association.school_id),
)
on(
    "methodology.plan.agreed",
    WorkPlan,
    PLAN_AGREED,
    lambda plan, e: audience.holding(plan.association.school_id, roles.DIRECTOR),
)
on(
    "methodology.plan.returned",
    WorkPlan,
    PLAN_RETURNED,
    lambda plan, e: _heads(plan.association),
    data=_comment,
)
on("methodology.plan.approved", WorkPlan, PLAN_APPROVED, lambda plan, e: _members(plan.association))
on(
    "methodology.plan.commented",
    WorkPlan,
    PLAN_COMMENTED,
    lambda plan, e: _heads(plan.association),
    data=_plan_comment,
)
on(
    "methodology.report.submitted",
    YearEndReport,
    REPORT_SUBMITTED,
    lambda r, e: _deputies(r.association.school_id),
)
on("methodology.report.accepted", YearEndReport, REPORT_ACCEPTED, lambda r, e: _heads(r.association))
on(
    "methodology.report.returned",
    YearEndReport,
    REPORT_RETURNED,
    lambda r, e: _heads(r.association),
    data=_comment,
)
on(
    "methodology.observation.recorded",
    LessonObservation,
    OBSERVATION_RECORDED,
    lambda o, e: audience.of_staff(o.teacher_id),
    data=lambda o, e: {"observer": o.observer.full_name},
)
for verb in ("accepted", "declined"):
    on(
        f"methodology.proposal.{verb}",
        HeadProposal,
        PROPOSAL_DECIDED,
        lambda p, e: audience.of_staff(p.author_id),
    )


# The daily sweep's reminders: every school at once, a fixed number of queries for each source.


def _next_actors(plans: list[WorkPlan], today: datetime.date) -> Iterator[tuple[WorkPlan, list[User]]]:
    schools = {plan.association.school_id for plan in plans}
    heads = waiting.heads({plan.association_id for plan in plans}, today)
    leaders = {
        role: audience.holding_by_school(schools, role, on=today)
        for role in (roles.DEPUTY_DIRECTOR, roles.DIRECTOR)
    }
    for plan in plans:
        step = NEXT_STEP[plan.status]
        if step == HEAD:
            yield plan, heads.get(plan.association_id, [])
        else:
            yield plan, leaders[step].get(plan.association.school_id, [])


@reminder
def plan_deadlines(today: datetime.date) -> Iterable[Due]:
    """MB-5.1: a plan due to be approved within two days, or overdue, to whoever must act next."""
    plans = waiting.open_plans().select_related("association")
    soon = list(waiting.plans_due_soon(today, plans))
    overdue = list(waiting.plans_overdue(today, plans).filter(period_end__gte=today))
    for chosen, code in ((soon, PLAN_DUE_SOON.code), (overdue, PLAN_OVERDUE.code)):
        for plan, people in _next_actors(chosen, today):
            due = plan.approval_due  # MB-5.1
            yield Due(code, plan, people, due, plan.association.school_id, {"due": due.isoformat()})


@reminder
def plans_missing(today: datetime.date) -> Iterable[Due]:
    """A quarter that starts within a week, or has started, without a plan: to the head and the deputy."""
    missing = waiting.missing_plans(today)
    heads = waiting.heads({m.association.pk for m in missing}, today)
    deputies = audience.holding_by_school({m.association.school_id for m in missing}, roles.DEPUTY_DIRECTOR)
    for gap in missing:
        people = heads.get(gap.association.pk, []) + deputies.get(gap.association.school_id, [])
        data = {
            "quarter": gap.quarter.number,
            "starts": gap.quarter.start_date.isoformat(),
            "due": gap.due.isoformat(),
        }
        yield Due(
            PLAN_MISSING.code,
            gap.association,
            people,
            gap.quarter.start_date,
            gap.association.school_id,
            data,
        )


@reminder
def reports_due(today: datetime.date) -> Iterable[Due]:
    """MB-5.3: the year-end report due within three days, or overdue, to the head."""
    due = waiting.reports_due(today)
    heads = waiting.heads({d.association.pk for d in due}, today)
    for item in due:
        code = REPORT_DUE_SOON.code if item.due >= today else REPORT_OVERDUE.code
        people = heads.get(item.association.pk, [])
        yield Due(
            code,
            item.association,
            people,
            item.due,
            item.association.school_id,
            {"due": item.due.isoformat()},
        )


@reminder
def activities_unmarked(today: datetime.date) -> Iterable[Due]:
    """Activities whose dates passed without a completion mark: one reminder per plan to each member
    responsible (to the head when nobody is), for the latest such date."""
    items = list(waiting.unmarked_items(today).prefetch_related("responsible__user"))
    heads = waiting.heads({item.plan.association_id for item in items}, today)
    per_person: dict[tuple[int, int], dict[str, Any]] = {}
    for item in items:
        people = [s.user for s in item.responsible.all() if s.user is not None and s.user.is_active]
        for user in people or heads.get(item.plan.association_id, []):
            entry = per_person.setdefault(
                (item.plan_id, user.pk), {"plan": item.plan, "user": user, "count": 0}
            )
            entry["count"] += 1
            entry["last"] = item.ended_on  # type: ignore[attr-defined]  # annotated
    for entry in per_person.values():
        plan = entry["plan"]
        yield Due(
            ACTIVITIES_UNMARKED.code,
            plan,
            [entry["user"]],
            entry["last"],
            plan.association.school_id,
            {"count": entry["count"]},
        )


@reminder
def heads_unqualified(today: datetime.date) -> Iterable[Due]:
    """MB-1.1: a head whose record no longer shows the qualification, to the deputy (once per association
    and latest appointment)."""
    appointments = [
        appointment
        for appointment in HeadAppointment.objects.current(today).select_related("staff", "association")
        if appointment.qualification_problems()
    ]
    deputies = audience.holding_by_school(
        {a.association.school_id for a in appointments}, roles.DEPUTY_DIRECTOR
    )
    by_association: dict[int, list[HeadAppointment]] = {}
    for appointment in appointments:
        by_association.setdefault(appointment.association_id, []).append(appointment)
    for heads in by_association.values():  # co-heads together: one reminder naming each of them
        association = heads[0].association
        yield Due(
            HEAD_UNQUALIFIED.code,
            association,
            deputies.get(association.school_id, []),
            max(head.starts_on for head in heads),  # a head appointed later makes a new reminder
            association.school_id,
            {"head": ", ".join(sorted(head.staff.full_name for head in heads))},
        )
