"""Filing a confidential appeal (SP-3.3): any student, at their own school."""

import pytest
from django.urls import reverse
from django.utils import translation

from parliament.models import Appeal
from school_gov.models import AuditEvent

EN = {"HTTP_ACCEPT_LANGUAGE": "en"}
URL = reverse("parliament:appeal_create")
DATA = {"subject": "Класста чыр-чатак", "text": "Мени тыныгууда түртүшөт."}


@pytest.fixture(autouse=True)
def _english():
    with translation.override("en"):
        yield


def test_a_student_files_an_appeal_at_their_school(client, student, school):
    client.force_login(student)
    response = client.post(URL, DATA, **EN)
    appeal = Appeal.objects.get()
    assert response.status_code == 302
    assert response["Location"] == reverse("parliament:appeal_detail", args=[appeal.pk])
    assert (appeal.author, appeal.school, appeal.status) == (student.student, school, "new")
    assert appeal.subject == "Класста чыр-чатак"
    followed = client.get(response["Location"], **EN)
    # The message (escaped in the page) promises who alone will read it.
    assert "Only the parliament&#x27;s adviser, the social pedagogue and the deputy director" in followed.text


def test_a_primary_pupil_may_file_an_appeal_too(client, pupil):
    client.force_login(pupil)
    assert client.post(URL, DATA).status_code == 302
    assert Appeal.objects.get().author == pupil.student


def test_filing_is_recorded_without_the_subject(client, student):
    client.force_login(student)
    client.post(URL, DATA)
    appeal = Appeal.objects.get()
    event = AuditEvent.objects.get(action="parliament.appeal.created")
    assert (event.actor, event.school, event.object_id) == (student, appeal.school, str(appeal.pk))
    assert "чыр-чатак" not in event.object_repr


def test_an_appeal_must_say_what_happened(client, student):
    client.force_login(student)
    response = client.post(URL, {"subject": "Тема", "text": ""}, **EN)
    assert response.status_code == 200
    assert "This field is required." in response.text
    assert not Appeal.objects.exists()


@pytest.mark.parametrize("who", ["teacher", "director", "adviser", "superuser"])
def test_only_students_file_appeals(request, client, who):
    client.force_login(request.getfixturevalue(who))
    assert client.get(URL).status_code == 403
    assert client.post(URL, DATA).status_code == 403
    assert not Appeal.objects.exists()


def test_an_anonymous_visitor_is_sent_to_sign_in(client, db):
    response = client.post(URL, DATA)
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("login"))
    assert not Appeal.objects.exists()
