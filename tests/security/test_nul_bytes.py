"""Issue 16, found by an attacker's walk: a NUL byte gave a 500 in four places (PostgreSQL cannot store or
compare a text with one). One middleware answers 400 with a translated page for a NUL in the address or
in any query or form field, before a view, the admin or the sign-in sees it; nothing is written."""

import pytest
from axes.models import AccessAttempt
from django.core.files.uploadedfile import SimpleUploadedFile
from django.http import HttpResponse
from django.test import Client, RequestFactory
from django.urls import reverse

from methodology.models import PlanStatus
from school_gov.middleware import NulByteMiddleware
from school_gov.models import AuditEvent
from tests import steps

EN = {"HTTP_ACCEPT_LANGUAGE": "en"}
SAID = "The address or the form contains a character that cannot be stored (a NUL byte)."


@pytest.fixture
def client():
    """A client that answers a server error as the server would (a 500), not by raising it."""
    return Client(raise_request_exception=False)


@pytest.fixture
def submitted(plan, head):
    steps.submit(plan, head)
    return plan


def _refused(response) -> None:
    assert response.status_code == 400
    assert "school_gov/nul_byte.html" in [t.name for t in response.templates]
    assert SAID in response.text


# The four places the walk found


def test_the_staff_directory_search_with_a_nul_is_a_400_with_the_reason(client, deputy):
    client.force_login(deputy)
    _refused(client.get(reverse("staff_list"), {"q": "Асан\x00ов"}, **EN))
    assert client.get("/staff/?q=%00", **EN).status_code == 400


def test_a_return_for_revision_with_a_nul_in_the_comment_is_a_400_and_returns_nothing(
    client, deputy, submitted
):
    client.force_login(deputy)
    before = AuditEvent.objects.count()
    step = reverse("admin:methodology_workplan_return", args=[submitted.pk])
    _refused(client.post(step, {"comment": "Олимпиаданы\x00 кошуңуз."}, **EN))
    action = {
        "action": "return_selected",
        "_selected_action": [submitted.pk],
        "index": 0,
        "apply": "yes",
        "comment": "\x00",
    }
    _refused(client.post(reverse("admin:methodology_workplan_changelist"), action, **EN))
    submitted.refresh_from_db()
    assert submitted.status == PlanStatus.SUBMITTED
    assert submitted.return_comment == ""
    assert AuditEvent.objects.count() == before


def test_an_admin_list_filter_with_a_nul_is_a_400(client, deputy, submitted):
    client.force_login(deputy)
    _refused(client.get(reverse("admin:methodology_workplan_changelist"), {"status": "\x00"}, **EN))
    _refused(client.get(reverse("admin:school_gov_auditevent_changelist"), {"action": "\x00"}, **EN))


def test_an_admin_autocomplete_with_a_nul_is_a_400(client, deputy):
    client.force_login(deputy)
    query = {"term": "\x00", "app_label": "parliament", "model_name": "event", "field_name": "organisers"}
    _refused(client.get(reverse("admin:autocomplete"), query, **EN))


# Anywhere else: the path, a field's name, the sign-in


def test_a_nul_in_the_path_is_a_400(client, deputy):
    client.force_login(deputy)
    assert client.get("/parliament/elections/1/codes/6/%00/", **EN).status_code == 400


def test_a_nul_in_a_fields_name_is_a_400(client, deputy):
    client.force_login(deputy)
    assert client.get(reverse("staff_list"), {"q\x00": "x"}, **EN).status_code == 400


def test_a_sign_in_with_a_nul_in_the_name_is_a_400_and_no_failed_attempt_is_written(client, db):
    response = client.post(reverse("login"), {"username": "director\x00", "password": "x"}, **EN)
    _refused(response)
    assert not AccessAttempt.objects.exists()


def test_an_anonymous_visitor_gets_the_page_too_without_being_sent_to_sign_in(client):
    _refused(client.get(reverse("staff_list"), {"q": "\x00"}, **EN))


def test_the_page_speaks_kyrgyz_by_default(client, deputy):
    client.force_login(deputy)
    response = client.get(reverse("staff_list"), {"q": "\x00"})
    assert response.status_code == 400
    assert '<html lang="ky"' in response.text


# What is not refused


def test_a_search_without_a_nul_still_answers(client, deputy):
    client.force_login(deputy)
    assert client.get(reverse("staff_list"), {"q": "Асанов"}).status_code == 200


def test_an_uploaded_files_bytes_are_not_looked_at(rf: RequestFactory):
    """Binary files carry NUL bytes; only the address and the form's text fields are refused."""
    reached = []

    def view(request):
        reached.append(request.FILES["file"].read())
        return HttpResponse("ok")

    upload = SimpleUploadedFile("plan.pdf", b"%PDF-1.7\x00\x00\x01binary", content_type="application/pdf")
    request = rf.post("/methodology/documents/upload/", {"file": upload, "title": "Иш планы"})
    response = NulByteMiddleware(view)(request)
    assert response.status_code == 200
    assert reached == [b"%PDF-1.7\x00\x00\x01binary"]


# A cookie


@pytest.mark.parametrize("path", ["/", "/parliament/", "/accounts/login/"])
def test_a_session_cookie_with_a_nul_is_dropped_and_the_visitor_is_signed_out(client, deputy, path):
    """A quoted cookie value decodes "\\000" to a NUL: once a 500 on every page (the session's lookup).
    Now the cookie is ignored and deleted, and the page answers as to anyone not signed in."""
    client.force_login(deputy)
    assert client.get("/", **EN).status_code == 200  # signed in
    response = client.get(path, HTTP_COOKIE='sessionid="abcdefghij\\000klmnop"', **EN)
    assert response.status_code in (200, 302)
    assert response.wsgi_request.user.is_anonymous
    assert response.cookies["sessionid"].value == ""  # deleted
