"""Browser journey (SP-1.6, SP-1.7): `pupil` (grade 3) on a phone opens the parliament and its calendar,
takes part in an event, and finds no way to organise one: no "new event" link, and the create page
answers 403 with the reason (their grade and the school's organiser band), to a GET and to a POST."""

import datetime
import re

import pytest
from django.urls import NoReverseMatch, reverse
from django.utils import timezone

from parliament.models import Event
from tests.factories import EventFactory, MinistryFactory
from tests.steps import sign_in

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

PHONE = {"width": 390, "height": 844}


def _home_url() -> str | None:
    try:
        return reverse("parliament:home")
    except NoReverseMatch:  # the home page is another area's; the journey does not depend on it
        return None


def test_a_grade_3_pupil_takes_part_in_an_event_and_cannot_organise_one(
    live_server, page, school, term, pupil, student, president
):
    ministry = MinistryFactory(term=term, name="Экология министрлиги", minister=president.student)
    ministry.members.add(student.student)
    starts = timezone.localtime().replace(hour=11, minute=0, second=0, microsecond=0) + datetime.timedelta(
        days=3
    )
    event = EventFactory(
        school=school,
        term=term,
        kind="landscaping",
        title="Көчөт отургузуу",
        starts_at=starts,
        place="Мектептин бакчасы",
        ministry=ministry,
        audience_from_grade=1,
        audience_to_grade=11,
    )
    event.organisers.add(student.student)
    create_url = reverse("parliament:event_create")

    page.set_viewport_size(PHONE)
    sign_in(page, live_server, "pupil")

    # The parliament's page opens for a pupil.
    home = _home_url()
    if home:
        response = page.goto(live_server.url + home)
        assert response.status == 200

    # The calendar of the event's month shows the event, and no way to organise one.
    month = starts.strftime("%Y-%m")
    page.goto(f"{live_server.url}{reverse('parliament:calendar')}?month={month}")
    assert page.locator(f"#event-{event.pk}").is_visible()
    assert page.locator(f"a[href='{create_url}']").count() == 0

    # The event's page names its organiser for a member of the school and offers to take part.
    page.locator(f"#event-{event.pk} a[href='{event.get_absolute_url()}']").click()
    page.wait_for_url(live_server.url + event.get_absolute_url())
    assert student.student.full_name in page.locator("main").inner_text()
    assert page.locator("#edit-event").count() == 0
    page.locator("#join-event").click()
    page.wait_for_url(live_server.url + event.get_absolute_url())
    assert page.locator("#joined").is_visible()
    assert list(event.participants.all()) == [pupil.student]

    # Back on the calendar the event is marked as theirs.
    page.goto(f"{live_server.url}{reverse('parliament:calendar')}?month={month}")
    assert page.locator(f"#event-{event.pk} .joined").is_visible()
    assert page.locator(f"a[href='{create_url}']").count() == 0

    # Going to the create page directly: 403, with the reason naming grade 3 and the band's grade 5.
    response = page.goto(live_server.url + create_url)
    assert response.status == 403
    reason = page.locator("#refusal-reason").inner_text()
    assert re.search(r"\b3\b", reason)  # the pupil's grade, as a number in any language
    assert re.search(rf"\b{school.organisers_from_grade}\b", reason)
    assert page.locator("form#event-form").count() == 0

    # A POST made by hand, with a valid CSRF token, gets the same answer and saves nothing.
    token = next(c["value"] for c in page.context.cookies() if c["name"] == "csrftoken")
    posted = page.request.post(
        live_server.url + create_url,
        form={
            "csrfmiddlewaretoken": token,
            "title": "Менин кечем",
            "kind": "evening",
            "starts_at": starts.strftime("%Y-%m-%dT%H:%M"),
            "audience_from_grade": "1",
            "audience_to_grade": "4",
        },
        headers={"Referer": live_server.url + create_url},
    )
    assert posted.status == 403
    assert 'id="refusal-reason"' in posted.text()
    assert Event.objects.count() == 1
