"""The work documents' pages (MB-4.5, MB-4.6) for every role: who sees and does what on each (200, 403 for a
member of the school without the right, 404 for another school), the whole life through the pages, bad
input that changes nothing, and query budgets that do not grow with the rows."""

from __future__ import annotations

import datetime
from pathlib import Path

import pytest
from django.conf import settings
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone, translation

from methodology.actions import documents
from methodology.demo import demo_pdf
from methodology.models import DocumentRequest, DocumentSubmission, DocumentVersion, SubmissionStatus
from tests.factories import MembershipFactory, StaffFactory, UserFactory
from tests.steps import act

pytestmark = pytest.mark.django_db
EN = {"HTTP_ACCEPT_LANGUAGE": "en"}


@pytest.fixture(autouse=True)
def _in_english():
    with translation.override("en"):
        yield


@pytest.fixture
def colleague(school):
    """A teacher of the same school who was not asked."""
    user = UserFactory(username="colleague")
    StaffFactory(school=school, user=user)
    return user


def _pdf(title: str = "programme") -> SimpleUploadedFile:
    return SimpleUploadedFile("Иш программасы.pdf", demo_pdf(title), content_type="application/pdf")


def _stored() -> set[str]:
    root = Path(settings.MEDIA_ROOT) / "uploads"
    return {str(path) for path in root.rglob("*") if path.is_file()} if root.exists() else set()


def _asked(school, association, head, *teachers) -> DocumentRequest:
    return documents.request_documents(
        DocumentRequest(
            school=school,
            association=association,
            kind="work_programme",
            due_on=timezone.localdate() + datetime.timedelta(days=7),
        ),
        teachers=[t.staff for t in teachers],
        by=act(head),
    )


@pytest.fixture
def asked(school, association, head, teacher) -> DocumentRequest:
    return _asked(school, association, head, teacher)


@pytest.fixture
def sent(asked, teacher) -> DocumentVersion:
    part = asked.submissions.get()
    return documents.upload_document(part, upload=_pdf(), by=act(teacher))


ROLES = ["director", "deputy", "head", "teacher", "colleague", "student", "outsider"]


def _get(client, request, who, url):
    client.force_login(request.getfixturevalue(who))
    return client.get(url).status_code


@pytest.mark.parametrize(
    ("who", "status"),
    zip(ROLES, [200, 200, 200, 200, 200, 403, 200], strict=True),
)
def test_the_list_is_every_staff_members_and_no_students(client, request, who, status):
    assert _get(client, request, who, reverse("methodology:document_list")) == status


@pytest.mark.parametrize(("who", "status"), zip(ROLES, [200, 200, 403, 403, 403, 403, 200], strict=True))
def test_only_the_leaders_ask_any_teacher_of_the_school(client, request, who, status):
    """The outsider is a director too: of their own school, where they may ask."""
    assert _get(client, request, who, reverse("methodology:document_request_create")) == status


@pytest.mark.parametrize(("who", "status"), zip(ROLES, [200, 200, 200, 403, 403, 403, 404], strict=True))
def test_a_head_asks_from_their_associations_page(client, request, association, who, status):
    url = reverse("methodology:association_document_request_create", args=[association.pk])
    assert _get(client, request, who, url) == status


@pytest.mark.parametrize(("who", "status"), zip(ROLES, [200, 200, 200, 302, 403, 403, 404], strict=True))
def test_the_whole_request_is_for_who_oversees_it_the_teacher_goes_to_their_part(
    client, request, asked, who, status
):
    assert (
        _get(client, request, who, reverse("methodology:document_request_detail", args=[asked.pk])) == status
    )


@pytest.mark.parametrize(("who", "status"), zip(ROLES, [200, 200, 200, 200, 403, 403, 404], strict=True))
def test_a_teachers_part_is_theirs_and_their_reviewers(client, request, asked, who, status):
    part = asked.submissions.get()
    assert _get(client, request, who, reverse("methodology:submission_detail", args=[part.pk])) == status


@pytest.mark.parametrize(("who", "status"), zip(ROLES, [200, 200, 200, 200, 403, 403, 404], strict=True))
def test_a_version_downloads_for_who_may_see_the_part(client, request, sent, who, status):
    response_status = _get(client, request, who, reverse("methodology:version_download", args=[sent.pk]))
    assert response_status == status


@pytest.mark.parametrize(("who", "status"), zip(ROLES, [403, 403, 403, 302, 403, 403, 404], strict=True))
def test_only_the_teacher_asked_uploads(client, request, asked, who, status):
    part = asked.submissions.get()
    client.force_login(request.getfixturevalue(who))
    response = client.post(reverse("methodology:submission_upload", args=[part.pk]), {"file": _pdf()})
    assert response.status_code == status
    assert DocumentVersion.objects.filter(submission=part).count() == (1 if status == 302 else 0)


@pytest.mark.parametrize(("who", "status"), zip(ROLES, [403, 403, 302, 403, 403, 403, 404], strict=True))
def test_only_the_one_who_asked_reviews(client, request, sent, who, status):
    client.force_login(request.getfixturevalue(who))
    response = client.post(
        reverse("methodology:submission_review", args=[sent.submission_id]), {"outcome": "accept"}
    )
    assert response.status_code == status
    part = DocumentSubmission.objects.get(pk=sent.submission_id)
    assert part.status == (SubmissionStatus.ACCEPTED if status == 302 else SubmissionStatus.SUBMITTED)


@pytest.mark.parametrize(("who", "status"), zip(ROLES, [403, 403, 302, 403, 403, 403, 404], strict=True))
def test_only_the_one_who_asked_closes(client, request, asked, who, status):
    client.force_login(request.getfixturevalue(who))
    response = client.post(reverse("methodology:document_request_close", args=[asked.pk]))
    assert response.status_code == status
    asked.refresh_from_db()
    assert asked.is_open == (status != 302)


def test_the_whole_life_through_the_pages_keeps_both_versions(client, association, head, teacher, outsider):
    client.force_login(head)
    response = client.post(
        reverse("methodology:association_document_request_create", args=[association.pk]),
        {
            "kind": "work_programme",
            "title": "",
            "due_on": (timezone.localdate() + datetime.timedelta(days=7)).isoformat(),
            "note": "Жылдык программа.",
            "teachers": [teacher.staff.pk],
        },
    )
    assert response.status_code == 302
    part = DocumentSubmission.objects.get(teacher=teacher.staff)
    part_url = reverse("methodology:submission_detail", args=[part.pk])

    client.force_login(teacher)
    assert "waiting" in client.get(part_url, **EN).text
    client.post(reverse("methodology:submission_upload", args=[part.pk]), {"file": _pdf("first")})
    client.force_login(head)
    client.post(
        reverse("methodology:submission_review", args=[part.pk]),
        {"outcome": "return", "correction": "Саат сандарын оңдоңуз."},
    )
    client.force_login(teacher)
    page = client.get(part_url, **EN).text
    assert "Саат сандарын оңдоңуз." in page and "Upload the corrected document" in page
    client.post(reverse("methodology:submission_upload", args=[part.pk]), {"file": _pdf("second")})
    client.force_login(head)
    client.post(reverse("methodology:submission_review", args=[part.pk]), {"outcome": "accept"})

    part.refresh_from_db()
    assert part.status == SubmissionStatus.ACCEPTED
    versions = list(part.versions.order_by("number"))
    assert [(v.number, v.outcome) for v in versions] == [(1, "returned"), (2, "accepted")]
    for user in (head, teacher):
        client.force_login(user)
        contents = [
            b"".join(client.get(reverse("methodology:version_download", args=[v.pk])).streaming_content)
            for v in versions
        ]
        assert contents == [demo_pdf("first"), demo_pdf("second")]
    client.force_login(outsider)
    assert client.get(reverse("methodology:version_download", args=[versions[0].pk])).status_code == 404


def test_an_upload_to_a_closed_request_changes_nothing(client, asked, head, teacher):
    documents.close_request(asked, by=act(head))
    part = asked.submissions.get()
    client.force_login(teacher)
    before = _stored()
    client.post(reverse("methodology:submission_upload", args=[part.pk]), {"file": _pdf()})
    assert not DocumentVersion.objects.exists()
    assert _stored() == before
    part.refresh_from_db()
    assert part.status == SubmissionStatus.WAITING


def test_an_upload_to_someone_elses_part_changes_nothing(
    client, school, association, head, teacher, colleague
):
    MembershipFactory(association=association, staff=colleague.staff)
    request = _asked(school, association, head, teacher, colleague)
    theirs = request.submissions.get(teacher=colleague.staff)
    client.force_login(teacher)
    before = _stored()
    response = client.post(reverse("methodology:submission_upload", args=[theirs.pk]), {"file": _pdf()})
    assert response.status_code == 403
    assert not DocumentVersion.objects.exists() and _stored() == before


def test_a_return_without_the_correction_is_refused_and_changes_nothing(client, sent, head):
    client.force_login(head)
    page = client.post(
        reverse("methodology:submission_review", args=[sent.submission_id]), {"outcome": "return"}, **EN
    )
    assert page.status_code == 200 and "Write what is to be corrected." in page.text
    sent.refresh_from_db()
    assert sent.outcome == "" and sent.correction == ""
    assert DocumentSubmission.objects.get(pk=sent.submission_id).status == SubmissionStatus.SUBMITTED


@pytest.mark.parametrize(
    ("change", "message"),
    [
        ({"due_on": "2020-01-01"}, "past"),
        ({"teachers": []}, "This field is required"),
    ],
    ids=["due-in-the-past", "nobody-chosen"],
)
def test_a_bad_request_is_refused_and_nothing_is_created(client, association, head, teacher, change, message):
    data = {
        "kind": "work_programme",
        "due_on": (timezone.localdate() + datetime.timedelta(days=7)).isoformat(),
        "teachers": [teacher.staff.pk],
        **change,
    }
    client.force_login(head)
    page = client.post(
        reverse("methodology:association_document_request_create", args=[association.pk]), data, **EN
    )
    assert page.status_code == 200 and message in page.text
    assert not DocumentRequest.objects.exists() and not DocumentSubmission.objects.exists()


def _teachers(school, association, count: int) -> list:
    found = []
    for _ in range(count):
        user = UserFactory()
        StaffFactory(school=school, user=user)
        MembershipFactory(association=association, staff=user.staff)
        found.append(user)
    return found


def _count(client, url) -> int:
    client.get(url)  # warm the per-process caches (content types, the session)
    with CaptureQueriesContext(connection) as queries:
        assert client.get(url).status_code == 200
    return len(queries)


def test_the_lists_and_the_request_page_cost_the_same_for_three_teachers_or_ten(
    client, school, association, head, deputy, teacher
):
    """The deputy's and the teacher's lists with 3 requests, then 10; a request of 3 teachers, then 10."""
    others = _teachers(school, association, 2)
    small = _asked(school, association, head, teacher, *others)
    for _ in range(2):
        _asked(school, association, head, teacher, *others)

    def costs(detail: DocumentRequest) -> dict[str, int]:
        found = {}
        for user, url in (
            (deputy, reverse("methodology:document_list")),
            (teacher, reverse("methodology:document_list")),
            (head, reverse("methodology:document_request_detail", args=[detail.pk])),
        ):
            client.force_login(user)
            found[user.username] = _count(client, url)
        return found

    few = costs(small)
    more = _teachers(school, association, 7)
    large = _asked(school, association, head, teacher, *others, *more)
    for _ in range(6):
        _asked(school, association, head, teacher, *others)
    for part in large.submissions.select_related("teacher__user")[:3]:
        documents.upload_document(part, upload=_pdf(), by=act(part.teacher.user))
    assert costs(large) == few
    assert max(few.values()) <= 8
