"""The database connection lost in the middle of a write (issue 16, faults survived): the server ends the
request's session right after the action wrote its rows and its audit line, before the commit. The
request answers 503 with a translated page, nothing of the write is in the database, and the next
request works on a new connection."""

from __future__ import annotations

import psycopg2
import pytest
from django.db import connection
from django.test import Client
from django.urls import reverse

from parliament.models import Appeal
from school_gov import audit
from school_gov.models import AuditEvent

pytestmark = pytest.mark.django_db(transaction=True)

APPEAL = {"subject": "Класста чыр-чатак", "text": "Мени тыныгууда түртүшөт."}


@pytest.fixture(autouse=True)
def _postgresql():
    if connection.vendor != "postgresql":
        pytest.skip("ends a PostgreSQL session from another one (CI runs on PostgreSQL)")


@pytest.fixture
def connection_lost_after_the_audit_line():
    """An audit hook that has the server end the request's own session, from a second connection."""
    ended: list[int] = []
    switch = {"on": True}

    def end_my_session(event, obj, by) -> None:
        if not switch["on"]:
            return
        pid = connection.connection.info.backend_pid
        params = connection.get_connection_params()
        with psycopg2.connect(**params) as other, other.cursor() as cursor:
            cursor.execute("SELECT pg_terminate_backend(%s)", [pid])
        other.close()
        ended.append(pid)

    audit.after_record(end_my_session)
    yield ended, switch
    audit._AFTER.remove(end_my_session)


def test_a_write_cut_off_answers_503_and_leaves_nothing(student, connection_lost_after_the_audit_line):
    client = Client(raise_request_exception=False)
    client.force_login(student)
    events = AuditEvent.objects.count()
    ended, switch = connection_lost_after_the_audit_line
    response = client.post(reverse("parliament:appeal_create"), APPEAL, HTTP_ACCEPT_LANGUAGE="ky")
    assert ended, "the session was not ended: the test tested nothing"
    assert response.status_code == 503
    assert response["Retry-After"] == "30"
    page = response.content.decode()
    assert '<html lang="ky">' in page
    assert "Маалыматтарга азыр жетүү мүмкүн эмес" in page  # "The records cannot be reached just now"
    connection.close()  # the test's own handle on the ended session
    assert not Appeal.objects.exists()
    assert AuditEvent.objects.count() == events
    # The next request opens a new connection and works.
    switch["on"] = False
    again = client.post(reverse("parliament:appeal_create"), APPEAL)
    assert again.status_code == 302 and Appeal.objects.count() == 1


def test_another_server_error_gets_the_plain_translated_page(student, monkeypatch):
    """Not the database: the ordinary 500 page, which asks nothing of the database either."""
    client = Client(raise_request_exception=False)
    client.force_login(student)

    def broken(*args, **kwargs):
        raise RuntimeError("a bug")

    monkeypatch.setattr("parliament.views.appeals.render", broken)
    response = client.get(reverse("parliament:appeal_create"), HTTP_ACCEPT_LANGUAGE="en")
    assert response.status_code == 500
    assert "Something went wrong" in response.content.decode()


@pytest.mark.parametrize("template", ["500.html", "school_gov/database_unavailable.html"])
def test_the_error_pages_ask_nothing_of_the_database(template, django_assert_num_queries):
    """Their query budget is none: the database may be what failed."""
    from django.template.loader import render_to_string
    from django.utils import translation

    with translation.override("ky"), django_assert_num_queries(0):
        page = render_to_string(template)
    assert '<html lang="ky">' in page
