"""A date typed that does not exist — 31.02.2027, month 13, a word — is refused next to its field with a
clear Kyrgyz message that shows how a date is written, never a 500, and nothing is saved (issue 15, bad
input). Walked over every form of the site with a date or a moment, as the person who fills it in."""

from __future__ import annotations

import re

import pytest
from django.apps import apps
from django.urls import reverse

pytestmark = pytest.mark.django_db

BAD_DATES = ["31.02.2027", "2027-13-01", "2027-02-31", "32.01.2027", "эртең"]
DATE_MESSAGE = "Туура күн киргизиңиз (күн.ай.жыл, мисалы 31.12.2026)."
MOMENT_MESSAGE = "Күндү жана убакытты туура киргизиңиз (мисалы, 31.12.2026 14:30)."

# (route, its record's fixture, who fills it in, the dated field, the model a save would add to)
FORMS = [
    ("methodology:plan_create", "association", "head", "period_start", "methodology.WorkPlan", DATE_MESSAGE),
    ("methodology:observation_create", "association", "head", "observed_on", "methodology.LessonObservation",
     DATE_MESSAGE),
    ("methodology:meeting_create", "association", "head", "held_on", "methodology.AssociationMeeting",
     DATE_MESSAGE),
    ("parliament:event_create", None, "adviser", "starts_at", "parliament.Event", MOMENT_MESSAGE),
    ("parliament:poll_create", None, "adviser", "opens_at", "parliament.Poll", MOMENT_MESSAGE),
    ("parliament:duty_create", None, "adviser", "date", "parliament.DutyAssignment", DATE_MESSAGE),
]  # fmt: skip


@pytest.mark.parametrize("bad", BAD_DATES)
@pytest.mark.parametrize(
    ("name", "record", "who", "field", "model", "message"), FORMS, ids=[f[0] for f in FORMS]
)  # noqa: E501
def test_a_date_that_does_not_exist_is_refused_next_to_its_field(
    client, request, term, school_year, bad, name, record, who, field, model, message
):
    args = [request.getfixturevalue(record).pk] if record else []
    client.force_login(request.getfixturevalue(who))
    model = apps.get_model(model)
    before = model.objects.count()
    response = client.post(reverse(name, args=args), {field: bad}, HTTP_ACCEPT_LANGUAGE="ky")
    assert response.status_code == 200
    page = response.content.decode()
    field_tag = re.search(rf'<input[^>]*name="{field}"[^>]*>', page)
    assert "is-invalid" in field_tag.group(0)
    assert message in page[field_tag.end() : field_tag.end() + 800]  # right after the field, not only on top
    assert model.objects.count() == before
