"""Issue 16, found by an attacker's walk: the Host header's port (a name ALLOWED_HOSTS lets through,
"school.kg:8443") appeared in the public iCal feed's UIDs and URLs and in the PDF's base URL. Absolute
addresses are built from the configured site (SITE_URL, school_gov.sites) wherever they are made: the
feeds, the PDFs, and the links e-mailed for a password reset and an invitation."""

import re

import pytest
import weasyprint
from django.core import mail
from django.urls import reverse
from django.utils import translation

from tests import steps
from tests.factories import EventFactory, StaffFactory
from tests.steps import deliver

SITE = "https://mektep.example.kg"
EVIL = {"HTTP_HOST": "evil.example:8443"}


@pytest.fixture(autouse=True)
def _site(settings):
    settings.SITE_URL = SITE
    # The hostile name passes ALLOWED_HOSTS (as a port on the school's own name would in production).
    settings.ALLOWED_HOSTS = ["evil.example", "testserver"]
    settings.EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
    with translation.override("en"):
        yield


def _no_trace_of_the_host(text: str) -> None:
    assert "evil.example" not in text
    assert "8443" not in text


def test_the_public_calendar_feeds_uids_and_urls_name_the_configured_site(client, school):
    event = EventFactory(school=school, title="Олимпиада")
    response = client.get(reverse("parliament:calendar_ics"), {"school": school.pk}, **EVIL)
    assert response.status_code == 200
    body = response.content.decode()
    _no_trace_of_the_host(body)
    unfolded = body.replace("\r\n ", "")
    assert f"UID:parliament-event-{event.pk}@mektep.example.kg\r\n" in unfolded
    assert f"URL:{SITE}{event.get_absolute_url()}\r\n" in unfolded


def test_the_pdfs_base_url_is_the_configured_site(monkeypatch, client, plan, head):
    steps.submit(plan, head)
    seen = []
    render = weasyprint.HTML.render

    def spy(self, *args, **kwargs):
        seen.append(self.base_url)
        return render(self, *args, **kwargs)

    monkeypatch.setattr(weasyprint.HTML, "render", spy)
    client.force_login(head)
    response = client.get(reverse("methodology:plan_pdf", args=[plan.pk]), **EVIL)
    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    assert seen == [f"{SITE}/"]


def test_a_password_reset_link_names_the_configured_site(client, teacher):
    teacher.email = "teacher@mektep.kg"
    teacher.save()
    client.post(reverse("password_reset"), {"email": "teacher@mektep.kg"}, **EVIL)
    deliver()
    [message] = mail.outbox
    _no_trace_of_the_host(message.body)
    assert re.search(rf"{re.escape(SITE)}/accounts/\S+", message.body)


def test_an_invitation_sent_from_the_admin_names_the_configured_site(client, director, school):
    newcomer = StaffFactory(school=school, surname="Өмүрбекова", name="Гүлнара", email="gulnara@mektep.kg")
    client.force_login(director)
    response = client.post(
        reverse("admin:school_gov_staff_changelist"),
        {"action": "send_invitations", "_selected_action": [newcomer.pk]},
        **EVIL,
    )
    assert response.status_code == 200
    deliver()
    [message] = mail.outbox
    assert message.to == ["gulnara@mektep.kg"]
    _no_trace_of_the_host(message.body)
    assert re.search(rf"{re.escape(SITE)}/\S+", message.body)
