"""Browser journey in Kyrgyz (MB-5.1): the head submits a plan; the deputy finds it in the inbox and in
"my tasks" and agrees it; the director is told by e-mail (the file backend) and approves; the head's
inbox says it was approved. Nobody opened a page to check whether something waited."""

import email
from pathlib import Path

import pytest
from django.urls import reverse

from methodology.models import PlanStatus
from notifications.models import Notification
from tests.steps import deliver, sign_in

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def _messages(folder: Path) -> list[email.message.Message]:
    return [email.message_from_bytes(path.read_bytes()) for path in sorted(folder.glob("*.log"))]


def test_each_next_actor_is_told_in_kyrgyz(
    live_server, page, settings, tmp_path, plan, head, deputy, director
):
    settings.EMAIL_BACKEND = "django.core.mail.backends.filebased.EmailBackend"
    settings.EMAIL_FILE_PATH = tmp_path
    settings.SITE_URL = live_server.url
    for user in (head, deputy, director):
        user.email = f"{user.username}@mektep.kg"
        user.save()

    sign_in(page, live_server, "head")
    page.goto(live_server.url + plan.get_absolute_url())
    page.locator(f"form[action='{reverse('methodology:plan_submit', args=[plan.pk])}'] button").click()
    page.wait_for_load_state()

    # The deputy: the unread count in the navigation, the inbox, and "my tasks" on the dashboard.
    sign_in(page, live_server, "deputy")
    assert page.locator("html").get_attribute("lang") == "ky"
    assert page.locator("#sweep-overdue").count() == 0  # only the director watches the sweep
    nav = page.locator(f"nav a[href='{reverse('notifications:inbox')}']")
    assert "Билдирмелер" in nav.inner_text() and "1" in nav.inner_text()
    assert page.locator(f"a[href='{reverse('admin:methodology_workplan_changelist')}']").first.is_visible()
    nav.click()
    told = page.locator("main .list-group-item").first
    assert plan.title in told.inner_text()
    told.locator("a").click()
    page.wait_for_url(live_server.url + plan.get_absolute_url())
    page.goto(live_server.url + reverse("admin:methodology_workplan_change", args=[plan.pk]))
    page.locator("input[name=_agree]").click()
    page.wait_for_load_state()
    plan.refresh_from_db()
    assert plan.status == PlanStatus.AGREED

    # The worker sends what waits: the director's e-mail, in Kyrgyz, with the link to the plan.
    deliver()
    to_director = [m for m in _messages(tmp_path) if m["To"] == "director@mektep.kg"]
    assert len(to_director) == 1
    body = to_director[0].get_payload()[0].get_payload(decode=True).decode()
    subject = str(email.header.make_header(email.header.decode_header(to_director[0]["Subject"])))
    assert plan.title in subject and "бекит" in subject.lower()  # "…сиздин бекитүүңүздү күтөт"
    link = live_server.url + plan.get_absolute_url()
    assert link in body

    sign_in(page, live_server, "director")
    page.goto(link)
    page.goto(live_server.url + reverse("admin:methodology_workplan_change", args=[plan.pk]))
    page.locator("input[name=_approve]").click()
    page.wait_for_load_state()
    plan.refresh_from_db()
    assert plan.status == PlanStatus.APPROVED

    sign_in(page, live_server, "head")
    page.goto(live_server.url + reverse("notifications:inbox"))
    approved = Notification.objects.get(recipient=head, kind="plan_approved")
    line = page.locator(f"a[href='{reverse('notifications:open', args=[approved.pk])}']")
    assert "бекитилди" in line.inner_text()
