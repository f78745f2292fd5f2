"""The teachers' professional development (MB-3.3, MB-4.7) and attestation (MB-4.2): a course recorded
with its certificate (or removed when entered by mistake), the self-education topic and report of a
school year, and an attestation opened by the school's leaders, given the head's opinion and decided by
the commission — whose decision sets the category and its date on the staff record."""

from __future__ import annotations

import datetime

from django.core.files.uploadedfile import UploadedFile
from django.utils import timezone
from django.utils.translation import gettext

from methodology.actions.documents import checked_file
from methodology.models import (
    Attestation,
    AttestationDecision,
    Certificate,
    Course,
    PlanItem,
    SelfEducation,
)
from methodology.permissions import (
    can_decide_attestation,
    can_give_opinion,
    can_keep_growth,
    can_open_attestation,
)
from school_gov import audit, files
from school_gov.actions import action, allow, lock
from school_gov.models import SchoolYear, Staff
from school_gov.people import Person
from school_gov.refusals import Refused, check


def _teacher(by: Person, pk: int | None) -> Staff:
    return lock(Staff.objects.select_related("school"), by=by, within="school", pk=pk)


def _plan_item_of(teacher: Staff, item: PlanItem | None) -> None:
    """A record points only to an item of a plan of the teacher's own school."""
    if item is not None and item.plan.association.school_id != teacher.school_id:
        raise Refused.not_found()


@action
def record_course(course: Course, *, by: Person, upload: UploadedFile | None = None) -> Course:
    """A course the teacher took, with its certificate when there is one: by the teacher, their head,
    or the school's director or deputy."""
    teacher = _teacher(by, course.staff_id)
    allow(
        can_keep_growth(by, teacher),
        gettext("The teacher, the head of their association or the school's leaders record courses."),
    )
    assert by.staff is not None  # can_keep_growth() is false otherwise
    _plan_item_of(teacher, course.plan_item)
    checked = checked_file(upload) if upload is not None else None
    course.staff, course.recorded_by, course.recorded_at = teacher, by.staff, timezone.now()
    check(course)
    course.save()
    if checked is not None and upload is not None:
        certificate = Certificate(course=course)
        certificate.attach(upload, checked)
        files.save_with_file(certificate)
    audit.record(
        by,
        "methodology.course.recorded",
        course,
        school=teacher.school,
        teacher=teacher.pk,
        hours=course.hours,
        ended_on=course.ended_on.isoformat(),
        certificate=checked.name if checked else None,
    )
    return course


@action
def remove_course(course: Course, *, by: Person) -> None:
    """A course entered by mistake goes, with its certificate's file."""
    locked = lock(Course.objects.select_related("staff__school"), by=by, within="staff__school", pk=course.pk)
    allow(
        can_keep_growth(by, locked.staff), gettext("Only who may record the teacher's courses removes one.")
    )
    audit.record(
        by,
        "methodology.course.removed",
        locked,
        school=locked.staff.school,
        teacher=locked.staff_id,
        topic=locked.topic,
        hours=locked.hours,
    )
    locked.delete()


@action
def write_self_education(
    teacher: Staff,
    *,
    by: Person,
    school_year: SchoolYear,
    topic: str,
    report: str = "",
    plan_item: PlanItem | None = None,
) -> SelfEducation:
    """The teacher's self-education topic for the school year, and the report once the year's work is
    done (MB-4.7): one record a year, written again as the work goes on."""
    locked = _teacher(by, teacher.pk)
    allow(
        can_keep_growth(by, locked),
        gettext("The teacher, the head of their association or the school's leaders write this."),
    )
    assert by.staff is not None
    if school_year.school_id != locked.school_id:
        raise Refused.not_found()
    _plan_item_of(locked, plan_item)
    record = SelfEducation.objects.select_for_update().filter(
        staff=locked, school_year=school_year
    ).first() or SelfEducation(staff=locked, school_year=school_year)
    created = record.pk is None
    record.topic, record.report, record.plan_item = (topic or "").strip(), (report or "").strip(), plan_item
    now = timezone.now()
    if record.report and record.reported_at is None:
        record.reported_at = now
    elif not record.report:
        record.reported_at = None
    record.changed_by, record.changed_at = by.staff, now
    check(record)
    record.save()
    audit.record(
        by,
        f"methodology.self_education.{'created' if created else 'changed'}",
        record,
        school=locked.school,
        teacher=locked.pk,
        school_year=school_year.pk,
        reported=bool(record.report),
    )
    return record


@action
def open_attestation(attestation: Attestation, *, by: Person) -> Attestation:
    """The school's director or deputy puts a teacher forward for a category before the commission."""
    teacher = _teacher(by, attestation.staff_id)
    allow(
        can_open_attestation(by, teacher),
        gettext("The school's director or deputy director prepares the attestation."),
    )
    _plan_item_of(teacher, attestation.plan_item)
    if Attestation.objects.filter(staff=teacher, decision="").exists():
        raise Refused(
            gettext("The teacher's attestation is open already: the commission has not decided yet.")
        )
    assert by.staff is not None  # can_open_attestation() is false otherwise
    attestation.staff, attestation.opened_by, attestation.opened_at = teacher, by.staff, timezone.now()
    attestation.decision, attestation.decided_on = "", None
    check(attestation)
    attestation.save()
    audit.record(
        by,
        "methodology.attestation.opened",
        attestation,
        school=teacher.school,
        teacher=teacher.pk,
        category=attestation.category,
        held_on=attestation.held_on.isoformat(),
    )
    return attestation


def _locked_attestation(attestation: Attestation, by: Person) -> Attestation:
    return lock(
        Attestation.objects.select_related("staff__school"), by=by, within="staff__school", pk=attestation.pk
    )


@action
def give_attestation_opinion(attestation: Attestation, *, by: Person, opinion: str) -> Attestation:
    """MB-4.2: the head of the teacher's association writes their opinion for the commission."""
    locked = _locked_attestation(attestation, by)
    if locked.is_decided:
        raise Refused(gettext("The commission has decided; the opinion cannot be changed now."))
    allow(
        can_give_opinion(by, locked),
        gettext("The head of an association the teacher is a member of writes the opinion."),
    )
    opinion = (opinion or "").strip()
    if not opinion:
        raise Refused(gettext("Write the opinion."), field="head_opinion")
    locked.head_opinion, locked.opinion_by, locked.opinion_at = opinion, by.staff, timezone.now()
    changed = ["head_opinion", "opinion_by", "opinion_at"]
    check(locked, fields=changed)
    locked.save(update_fields=changed)
    audit.record(by, "methodology.attestation.opinion", locked, school=locked.staff.school)
    attestation.head_opinion, attestation.opinion_at = locked.head_opinion, locked.opinion_at
    return locked


@action
def decide_attestation(
    attestation: Attestation,
    *,
    by: Person,
    decision: str,
    decided_on: datetime.date | None,
    note: str = "",
) -> Attestation:
    """The commission's decision, recorded by the director or deputy: a category given becomes the
    teacher's, from the day of the decision (the next attestation falls due from it)."""
    locked = _locked_attestation(attestation, by)
    if locked.is_decided:
        raise Refused(
            gettext("The commission's decision was recorded already: %(decision)s.")
            % {"decision": locked.get_decision_display()}
        )
    allow(
        can_decide_attestation(by, locked),
        gettext("The school's director or deputy director records the commission's decision."),
    )
    if decision not in AttestationDecision.values:
        raise Refused(gettext("Choose the commission's decision."), field="decision")
    locked.decision, locked.decided_on = decision, decided_on
    locked.decision_note, locked.decided_by = (note or "").strip(), by.staff
    changed = ["decision", "decided_on", "decision_note", "decided_by"]
    check(locked, fields=changed)
    locked.save(update_fields=changed)
    teacher = lock(Staff.objects, pk=locked.staff_id)
    if decision == AttestationDecision.ASSIGNED:
        teacher.qualification_category, teacher.category_given_on = locked.category, decided_on
        check(teacher, fields=["qualification_category", "category_given_on"])
        teacher.save(update_fields=["qualification_category", "category_given_on"])
    audit.record(
        by,
        "methodology.attestation.decided",
        locked,
        school=locked.staff.school,
        teacher=teacher.pk,
        decision=decision,
        category=locked.category,
        decided_on=decided_on.isoformat() if decided_on else None,
    )
    attestation.decision, attestation.decided_on = locked.decision, locked.decided_on
    return locked
