"""Lesson observations (MB-3.1, MB-4.1): the head or a school leader records the analysis of a lesson;
the observed teacher confirms having read it, once."""

from __future__ import annotations

from django.utils import timezone
from django.utils.dateparse import parse_datetime
from django.utils.translation import gettext

from methodology.models import Association, LessonObservation
from methodology.permissions import can_acknowledge_observation, can_edit_observation, can_observe
from school_gov import audit
from school_gov.actions import action, allow, lock
from school_gov.people import Person
from school_gov.refusals import Refused, check

OBSERVATION_FIELDS_AUDITED = ("observed_on", "class_grade", "class_letter", "subject", "aim_reached")


def _only_the_observer() -> str:
    return gettext("Only the observer records or corrects this observation.")


@action
def save(observation: LessonObservation, *, by: Person, changed: list[str] | None = None) -> None:
    """Record a new observation or the observer's correction, with its audit event. A correction is taken
    only while the teacher has not read the analysis (checked again under the row's lock)."""
    added = observation.pk is None
    if added:
        association = lock(
            Association.objects.select_related("school"),
            by=by,
            within="school",
            pk=observation.association_id,
        )
        allow(can_observe(by, association), _only_the_observer())
    else:
        locked = lock(
            LessonObservation.objects.select_related("association__school"),
            by=by,
            within="association__school",
            pk=observation.pk,
        )
        if locked.acknowledged_at is not None:
            raise Refused(gettext("The teacher has read this analysis; it is kept as written."))
        allow(
            can_edit_observation(by, locked),
            _only_the_observer(),
        )
        association = locked.association
    if added:
        if by.staff is None:  # can_observe() refused otherwise
            raise Refused.not_allowed()
        observation.observer = by.staff
    check(observation)
    observation.save()
    audit.record(
        by,
        "methodology.observation.recorded" if added else "methodology.observation.changed",
        observation,
        school=association.school,
        teacher=observation.teacher_id,
        **{field: str(getattr(observation, field)) for field in OBSERVATION_FIELDS_AUDITED},
        **({} if added else {"fields": sorted(changed or [])}),
    )


@action
def acknowledge(observation: LessonObservation, *, by: Person, version: str | None = None) -> None:
    """The teacher confirms having read the analysis ("analysis read"); once, and only the teacher, and
    only the version read (`version`: the `updated_at` the page showed) — not one the observer changed
    meanwhile."""
    locked = lock(
        LessonObservation.objects.select_related("association__school"),
        by=by,
        within="association__school",
        pk=observation.pk,
    )
    if locked.acknowledged_at is not None:
        raise Refused(gettext("You have already confirmed reading this analysis."))
    allow(
        can_acknowledge_observation(by, locked),
        gettext("Only the observed teacher confirms reading the analysis."),
    )
    if version is not None and locked.updated_at != parse_datetime(version or ""):
        raise Refused(
            gettext(
                "The observer changed the analysis while you were reading it: read it again, then confirm."
            )
        )
    now = timezone.now()
    LessonObservation.objects.filter(pk=locked.pk).update(acknowledged_at=now)
    observation.acknowledged_at = now
    audit.record(by, "methodology.observation.acknowledged", locked, school=locked.association.school)
