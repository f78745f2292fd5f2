"""Every free text has a maximum (issue 16: a 100,000-character appeal was accepted): the form says so
with the count and saves nothing, and the model's validation says it too for every other way in."""

import pytest
from django.apps import apps
from django.core.exceptions import ValidationError
from django.db import models
from django.urls import reverse
from django.utils import translation

from parliament.actions.appeals import file_appeal
from parliament.models import Appeal, Proposal
from school_gov.fields import TEXT_MAX_LENGTH, Text
from school_gov.models import AuditEvent
from school_gov.refusals import Refused
from tests.steps import act

OURS = ("school_gov", "methodology", "parliament", "notifications")
# Written by the app, not by people: the outbox's message and the mail server's answer.
NOT_PEOPLES = {"school_gov.Email.body", "school_gov.Email.html", "school_gov.Email.last_error"}
TOO_LONG = "Ы" * 100_000


def _text_fields():
    for model in apps.get_models():
        if model._meta.app_label not in OURS:
            continue
        for field in model._meta.get_fields():
            if isinstance(field, models.TextField):
                yield f"{model._meta.label}.{field.name}", field


def test_every_text_people_write_has_the_limit():
    plain = sorted(name for name, field in _text_fields() if not isinstance(field, Text))
    assert plain == sorted(NOT_PEOPLES)
    limited = [(name, field) for name, field in _text_fields() if isinstance(field, Text)]
    assert len(limited) > 40
    for name, field in limited:
        assert field.max_length == TEXT_MAX_LENGTH, name
        with pytest.raises(ValidationError):
            field.run_validators("x" * (TEXT_MAX_LENGTH + 1))
        field.run_validators("x" * TEXT_MAX_LENGTH)  # the limit itself is allowed


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("url", "data", "model"),
    [
        (reverse("parliament:appeal_create"), {"subject": "Чыр-чатак", "text": TOO_LONG}, Appeal),
        (
            reverse("parliament:proposal_create"),
            {"body": "administration", "title": "Суу куйгучтар", "text": TOO_LONG},
            Proposal,
        ),
    ],
)
def test_a_too_long_text_is_told_with_its_count_and_nothing_is_saved(client, student, url, data, model):
    client.force_login(student)
    events = AuditEvent.objects.count()
    response = client.post(url, data, HTTP_ACCEPT_LANGUAGE="en")
    assert response.status_code == 200
    assert "Ensure this value has at most 10000 characters (it has 100000)." in response.text
    assert model.objects.count() == 0 and AuditEvent.objects.count() == events
    # And in Kyrgyz, the page's first language.
    kyrgyz = client.post(url, data)
    assert "10000" in kyrgyz.text and "100000" in kyrgyz.text and "Ensure" not in kyrgyz.text


@pytest.mark.django_db
def test_the_action_refuses_a_too_long_text_that_did_not_come_through_a_form(student):
    with translation.override("en"), pytest.raises(Refused) as refusal:
        file_appeal(Appeal(subject="Чыр-чатак", text=TOO_LONG), by=act(student))
    assert "at most 10000 characters" in refusal.value.message
    assert not Appeal.objects.exists()
