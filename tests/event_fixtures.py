"""An event of the parliament and its ministry, as the tests that change events share them (loaded for
every test by tests/conftest.py; a module that needs another event defines its own)."""

from __future__ import annotations

import datetime

import pytest
from django.urls import reverse
from django.utils import timezone

from tests.factories import EventFactory, MinistryFactory


@pytest.fixture
def ministry(term, president, student):
    ministry = MinistryFactory(term=term, name="Маданият министрлиги", minister=president.student)
    ministry.members.add(student.student)
    return ministry


@pytest.fixture
def event(school, term, ministry, student):
    event = EventFactory(
        school=school,
        term=term,
        kind="evening",
        title="Күзгү кече",
        starts_at=timezone.now().replace(second=0, microsecond=0) + datetime.timedelta(days=5),
        ministry=ministry,
        audience_from_grade=5,
        audience_to_grade=11,
    )
    event.organisers.add(student.student)
    return event


def edit_url(event) -> str:
    return reverse("parliament:event_edit", args=[event.pk])


def edit_data(event, **overrides) -> dict:
    """The event's edit form as it stands, with `overrides`."""
    data = {
        "title": event.title,
        "kind": event.kind,
        "olympiad_stage": event.olympiad_stage,
        "starts_at": timezone.localtime(event.starts_at).strftime("%Y-%m-%dT%H:%M"),
        "ends_at": "",
        "place": event.place,
        "ministry": event.ministry_id or "",
        "organisers": [s.pk for s in event.organisers.all()],
        "responsible_teacher": event.responsible_teacher_id or "",
        "audience_from_grade": event.audience_from_grade,
        "audience_to_grade": event.audience_to_grade,
        "description": event.description,
    }
    data.update(overrides)
    return data
