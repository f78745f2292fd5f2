"""Writes of the events side (SP-1.6, SP-1.7, SP-2.3–2.6): events organised and joined, classes put on
the duty roster and their duty marked."""

from __future__ import annotations

from typing import TYPE_CHECKING

from django.db import IntegrityError
from django.utils import timezone
from django.utils.translation import gettext

from parliament.models import DutyAssignment, Event
from parliament.permissions import current_term, student_in_school
from parliament.permissions.events import (
    can_assign_duty,
    can_mark_duty,
    edit_refusal,
    join_refusal,
    organise_refusal,
)
from school_gov import audit
from school_gov.actions import action, allow, lock
from school_gov.actions.records import may_keep
from school_gov.models import School, User
from school_gov.people import Person
from school_gov.refusals import Refused, check

if TYPE_CHECKING:
    from parliament.forms.events import DutyAssignmentForm, EventForm


@action
def create_event(form: EventForm, *, by: Person, school: School) -> Event:
    """SP-1.7: the organiser band and above in the parliament, the adviser and the leaders organise an
    event (a validated EventForm of the school)."""
    refusal = organise_refusal(by, school, current_term(school))
    allow(refusal is None, refusal or "")
    event: Event = form.save(commit=False)
    if event.school_id != school.pk:
        raise Refused.not_found()
    event.created_by = by.user if isinstance(by.user, User) else None
    check(event)
    event.save()
    form.save_m2m()
    audit.record(
        by,
        "parliament.event.created",
        event,
        school=school,
        kind=event.kind,
        starts_at=event.starts_at,
        organisers=sorted(student.pk for student in form.cleaned_data["organisers"]),
    )
    return event


@action
def edit_event(event: Event, *, by: Person, form: EventForm) -> Event:
    """SP-1.7: the event's own organisers, the adviser and the leaders change an event, and write its
    results once it has taken place (`edit_refusal`, asked again on the locked row)."""
    locked = lock(Event.objects.select_related("school", "ministry"), by=by, within="school", pk=event.pk)
    refusal = edit_refusal(by, locked, current_term(locked.school))
    allow(refusal is None, refusal or "")
    if form.instance.pk != locked.pk:  # the form is the event's own, not another record's
        raise Refused.not_found()
    edited: Event = form.save(commit=False)
    check(edited)
    edited.save()
    form.save_m2m()
    audit.record(
        by, "parliament.event.edited", edited, school=locked.school, fields=sorted(form.changed_data)
    )
    return edited


@action
def join_event(event: Event, *, by: Person) -> bool:
    """SP-1.6: a student of the audience grades takes part (grades 1–4 included). False when they took
    part already (two clicks at once: the second waits for the first, then finds the student there)."""
    locked = lock(Event.objects.select_related("school"), by=by, within="school", pk=event.pk)
    student = student_in_school(by, locked.school)
    allow(student is not None, gettext("Only the school's students take part in its events."))
    if student is None:  # allow() refused otherwise
        raise Refused.not_allowed()
    if locked.participants.filter(pk=student.pk).exists():
        return False
    refusal = join_refusal(by, locked)
    if refusal:
        raise Refused(refusal)
    locked.participants.add(student)
    audit.record(by, "parliament.event.joined", locked, school=locked.school, student=student.pk)
    return True


@action
def assign_duty(form: DutyAssignmentForm, *, by: Person, school: School) -> DutyAssignment:
    """The adviser, the leaders and the office-holders put a class on duty (a validated form)."""
    allow(
        can_assign_duty(by, school), gettext("Only the adviser, the leaders and office-holders assign duty.")
    )
    assignment: DutyAssignment = form.save(commit=False)
    if assignment.school_id != school.pk:
        raise Refused.not_found()
    check(assignment)
    try:
        assignment.save()
    except IntegrityError:  # the same row added at the same moment by someone else
        raise Refused(gettext("This class is already on duty there on that date."), field="__all__") from None
    audit.record(
        by,
        "parliament.duty.created",
        assignment,
        school=school,
        date=assignment.date,
        area_kind=assignment.area_kind,
        area=assignment.area,
        grade=assignment.grade,
        class_letter=assignment.class_letter,
    )
    return assignment


@action(durable=False)
def mark_duty(assignment: DutyAssignment, *, by: Person, done: bool) -> bool:
    """Mark a class's duty done (or take the mark back), stamping who and when. Under the row's lock:
    two people marking at once write one mark and one audit event. False when the roster said so
    already. Who may: the roster's markers (class teachers, the adviser, office-holders, SP-2.6), or
    whoever keeps the roster in the admin (which composes this into its own save)."""
    locked = lock(DutyAssignment.objects.select_related("school"), by=by, within="school", pk=assignment.pk)
    allow(
        can_mark_duty(by, locked) or may_keep(by, DutyAssignment, "change", locked.school),
        gettext("Only the class teacher, the adviser and office-holders mark this duty."),
    )
    if locked.done == done:
        return False
    locked.done = done
    locked.marked_by = by.record if done else None
    locked.marked_at = timezone.now() if done else None
    locked.save(update_fields=["done", "marked_by_staff", "marked_by_student", "marked_at"])
    audit.record(by, "parliament.duty.marked", locked, school=locked.school, done=done)
    return True
