"""A handler sets an appeal's status and writes its resolution (SP-3.3)."""

import pytest
from django.urls import reverse
from django.utils import translation

from parliament.models import Appeal
from school_gov.models import AuditEvent
from tests.factories import AppealFactory
from tests.steps import act

EN = {"HTTP_ACCEPT_LANGUAGE": "en"}
RESOLUTION = "Класс жетекчи менен ата-энелер жолугушту; тынчтык макулдашылды."


@pytest.fixture(autouse=True)
def _english():
    with translation.override("en"):
        yield


@pytest.fixture
def appeal(school, student, term):
    return AppealFactory(school=school, author=student.student, subject="Класста чыр-чатак")


def _url(appeal) -> str:
    return reverse("parliament:appeal_update", args=[appeal.pk])


@pytest.mark.parametrize("who", ["adviser", "social_pedagogue", "deputy"])
def test_a_handler_resolves_the_appeal_with_a_resolution(request, client, appeal, who):
    user = request.getfixturevalue(who)
    client.force_login(user)
    response = client.post(_url(appeal), {"status": "resolved", "resolution": RESOLUTION})
    assert response.status_code == 302
    assert response["Location"] == reverse("parliament:appeal_detail", args=[appeal.pk])
    appeal.refresh_from_db()
    assert (appeal.status, appeal.resolution, appeal.handled_by) == ("resolved", RESOLUTION, user.staff)
    assert appeal.resolved_at is not None


def test_the_change_is_recorded_without_the_resolutions_text(client, appeal, deputy):
    client.force_login(deputy)
    client.post(_url(appeal), {"status": "in_progress", "resolution": RESOLUTION})
    event = AuditEvent.objects.get(action="parliament.appeal.changed")
    assert event.actor == deputy
    assert event.data == {"status_from": "new", "status_to": "in_progress", "resolution_changed": True}
    assert "Класста" not in event.object_repr


def test_the_author_reads_the_resolution(client, appeal, student, deputy):
    client.force_login(deputy)
    client.post(_url(appeal), {"status": "resolved", "resolution": RESOLUTION})
    client.force_login(student)
    response = client.get(reverse("parliament:appeal_detail", args=[appeal.pk]), **EN)
    assert RESOLUTION in response.text
    assert "Resolved" in response.text


def test_an_appeal_is_not_resolved_without_a_written_resolution(client, appeal, deputy):
    client.force_login(deputy)
    response = client.post(_url(appeal), {"status": "closed", "resolution": "  "}, **EN)
    assert response.status_code == 200
    assert "Write the resolution before resolving or closing the appeal." in response.text
    appeal.refresh_from_db()
    assert appeal.status == "new"
    assert response.context["appeal"].status == "new"


def test_an_unknown_status_is_refused(client, appeal, deputy):
    client.force_login(deputy)
    response = client.post(_url(appeal), {"status": "forgotten", "resolution": ""}, **EN)
    assert response.status_code == 200
    appeal.refresh_from_db()
    assert appeal.status == "new"


def test_reopening_a_resolved_appeal_clears_its_resolution_date(client, appeal, deputy):
    client.force_login(deputy)
    client.post(_url(appeal), {"status": "resolved", "resolution": RESOLUTION})
    client.post(_url(appeal), {"status": "in_progress", "resolution": RESOLUTION})
    appeal.refresh_from_db()
    assert appeal.status == "in_progress"
    assert appeal.resolved_at is None


def test_the_author_may_not_change_their_appeals_status(client, appeal, student):
    client.force_login(student)
    assert client.post(_url(appeal), {"status": "closed", "resolution": "Өзүм чечтим"}).status_code == 403
    assert Appeal.objects.get().status == "new"


@pytest.mark.parametrize("who", ["director", "teacher", "president", "outsider", "superuser"])
def test_anyone_else_gets_not_found(request, client, appeal, who):
    client.force_login(request.getfixturevalue(who))
    assert client.post(_url(appeal), {"status": "closed", "resolution": "x"}).status_code == 404
    assert Appeal.objects.get().status == "new"


def test_the_update_answers_only_post(client, appeal, deputy):
    client.force_login(deputy)
    assert client.get(_url(appeal)).status_code == 405


def test_an_anonymous_visitor_is_sent_to_sign_in(client, appeal):
    response = client.post(_url(appeal), {"status": "closed", "resolution": "x"})
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("login"))


def test_the_rule_holds_outside_the_form_too(appeal, deputy):
    """Resolving without a resolution is refused by the model's rule, whoever calls the write."""
    from parliament.actions.appeals import update_appeal
    from school_gov.refusals import Refused

    with translation.override("en"), pytest.raises(Refused, match="Write the resolution"):
        update_appeal(appeal, by=act(deputy), status="resolved", resolution=" ")
    appeal.refresh_from_db()
    assert appeal.status == "new"
