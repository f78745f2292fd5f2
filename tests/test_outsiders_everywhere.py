"""Deny by default, as an outsider: every page about a record of another school answers 404, as if it
did not exist — looked at or posted to — for the director of a school in another district.

The records are the demo school's (seed_demo builds one of every kind); the walk covers every site
route with a record in its address, so a new route is walked the day it is added."""

import re

import pytest
from django.apps import apps
from django.urls import get_resolver

from school_gov.models import Role
from tests.factories import AppointmentFactory, SchoolFactory, StaffFactory, UserFactory
from tests.test_permissions import PUBLIC, _walk

# The model a route's first path segment names, per app.
MODELS = {
    ("", "staff"): "school_gov.Staff",
    ("methodology", "associations"): "methodology.Association",
    ("methodology", "plans"): "methodology.WorkPlan",
    ("methodology", "reports"): "methodology.YearEndReport",
    ("methodology", "observations"): "methodology.LessonObservation",
    ("methodology", "meetings"): "methodology.AssociationMeeting",
    ("methodology", "proposals"): "methodology.HeadProposal",
    ("methodology", "documents"): "methodology.DocumentRequest",
    ("methodology", "document-parts"): "methodology.DocumentSubmission",
    ("methodology", "document-versions"): "methodology.DocumentVersion",
    ("methodology", "circulars"): "methodology.Circular",
    ("methodology", "circular-files"): "methodology.CircularFile",
    ("methodology", "staff"): "school_gov.Staff",
    ("methodology", "courses"): "methodology.Course",
    ("methodology", "certificates"): "methodology.Certificate",
    ("methodology", "attestations"): "methodology.Attestation",
    ("parliament", "elections"): "parliament.Election",
    ("parliament", "candidates"): "parliament.Candidate",
    ("parliament", "events"): "parliament.Event",
    ("parliament", "duty"): "parliament.DutyAssignment",
    ("parliament", "polls"): "parliament.Poll",
    ("parliament", "proposals"): "parliament.Proposal",
    ("parliament", "meetings"): "parliament.Meeting",
    ("parliament", "appeals"): "parliament.Appeal",
    ("parliament", "clubs"): "parliament.Club",
    ("notifications", "<int:pk>"): "notifications.Notification",
    ("parliament", "ministries"): "parliament.Ministry",
}
SCHOOL_FIELD = {
    "methodology.WorkPlan": "association__school",
    "methodology.YearEndReport": "association__school",
    "methodology.LessonObservation": "association__school",
    "methodology.AssociationMeeting": "association__school",
    "methodology.HeadProposal": "association__school",
    "methodology.DocumentSubmission": "request__school",
    "methodology.DocumentVersion": "submission__request__school",
    "methodology.CircularFile": "circular__school",
    "methodology.Course": "staff__school",
    "methodology.Certificate": "course__staff__school",
    "methodology.Attestation": "staff__school",
    "parliament.Election": "term__school",
    "parliament.Candidate": "election__term__school",
    "parliament.Meeting": "term__school",
    "parliament.Ministry": "term__school",
}

ROUTES = [
    (name, route)
    for name, route, _view in _walk(get_resolver().url_patterns)
    if not name.startswith("admin:") and "<" in route and name not in PUBLIC
]


def _record(label: str, school):
    model = apps.get_model(label)
    row = model.objects.filter(**{SCHOOL_FIELD.get(label, "school"): school}).order_by("pk").first()
    assert row is not None, f"the demo has no {label} to walk with"
    return row


def _path(route: str, school) -> str:
    apps_with_records = ("methodology", "parliament", "notifications")
    app, _, rest = route.partition("/") if route.split("/")[0] in apps_with_records else ("", "", route)
    segment = rest.split("/")[0]
    record = _record(MODELS[(app, segment)], school)
    path = route.replace("<int:pk>", str(record.pk), 1)
    if "<int:item_pk>" in path:
        path = path.replace("<int:item_pk>", str(record.items.order_by("pk").first().pk))
    if "<int:student_pk>" in path:
        path = path.replace("<int:student_pk>", str(school.students.order_by("pk").first().pk))
    path = path.replace("<int:grade>", "7").replace("<str:letter>", "А")
    assert not re.search(r"<[^>]+>", path), path
    return "/" + path


@pytest.fixture
def demo(demo_school):
    return demo_school


@pytest.fixture
def outsider_director(demo, db):
    elsewhere = SchoolFactory(name="Алыскы мектеп")  # its own district
    user = UserFactory(username="faraway")
    AppointmentFactory(staff=StaffFactory(school=elsewhere, user=user), role=Role.DIRECTOR)
    return user


@pytest.mark.parametrize(("name", "route"), ROUTES, ids=[name for name, _route in ROUTES])
def test_a_record_of_another_school_is_not_found_by_an_outsider(client, demo, outsider_director, name, route):
    path = _path(route, demo)
    client.force_login(outsider_director)
    looked = client.get(path)
    answer = client.post(path) if looked.status_code == 405 else looked
    assert answer.status_code == 404, f"{name} {path}: {answer.status_code}"


STAFF_ROUTES = [
    (name, route) for name, route in ROUTES if name.startswith("methodology:") or name == "staff_detail"
]


@pytest.fixture
def pupil_of_the_school(demo, db):
    """A student of the demo school itself: a member, but methodological work is the staff's."""
    return demo.students.filter(user__isnull=False).order_by("pk").first().user


@pytest.mark.parametrize(("name", "route"), STAFF_ROUTES, ids=[name for name, _route in STAFF_ROUTES])
def test_a_student_of_the_school_is_refused_every_staff_record(
    client, demo, pupil_of_the_school, name, route
):
    path = _path(route, demo)
    client.force_login(pupil_of_the_school)
    looked = client.get(path)
    answer = client.post(path) if looked.status_code == 405 else looked
    assert answer.status_code == 403, f"{name} {path}: {answer.status_code}"
