"""The URLconf walked, and an address for each of its routes over the demo school (`seed_demo`), for the
tests that open every page as people read it (tests/test_kyrgyz_pages.py). Who may open which page is
tests/security/test_permission_matrix.py's, over its own scenario."""

from __future__ import annotations

import re

from django.apps import apps
from django.urls import URLPattern, URLResolver

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


def walk(patterns, prefix: str = "", namespace: str = ""):
    """(name, route, view) of every URL pattern, names with their namespaces ("methodology:plan_detail")."""
    for entry in patterns:
        if isinstance(entry, URLResolver):
            ns = f"{namespace}{entry.namespace}:" if entry.namespace else namespace
            yield from walk(entry.url_patterns, prefix + str(entry.pattern), ns)
        elif isinstance(entry, URLPattern):
            yield namespace + (entry.name or ""), prefix + str(entry.pattern), entry.callback


def _record(label: str, school):
    model = apps.get_model(label)
    row = model.objects.filter(**{SCHOOL_FIELD.get(label, "school"): school}).order_by("pk").first()
    assert row is not None, f"the demo has no {label} to walk with"
    return row


def demo_path(route: str, school) -> str:
    """The address of a route with a record in it: the school's first record of the route's model."""
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
