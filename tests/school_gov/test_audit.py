import pytest
from django.contrib.auth.models import AnonymousUser
from django.urls import reverse

from school_gov import audit
from school_gov.models import AuditEvent
from tests.steps import act


def test_record_stores_actor_school_object_and_data(director, school):
    event = audit.record(act(director), "school_gov.school.changed", school, fields=["name"])
    event.refresh_from_db()
    assert event.actor == director
    assert event.school == school
    assert event.object_id == str(school.pk)
    assert event.data == {"fields": ["name"]}
    assert list(AuditEvent.objects.for_object(school)) == [event]


def test_the_trail_cannot_be_rewritten_or_deleted(director, school):
    event = audit.record(act(director), "school_gov.school.changed", school)
    event.action = "something.else"
    with pytest.raises(TypeError):
        event.save()
    with pytest.raises(TypeError):
        event.delete()
    with pytest.raises(TypeError):
        AuditEvent.objects.all().delete()
    with pytest.raises(TypeError):
        AuditEvent.objects.update(action="x")
    assert AuditEvent.objects.get().action == "school_gov.school.changed"


def test_the_admin_shows_the_trail_read_only_even_to_the_superuser(client, superuser, school):
    event = audit.record(act(superuser), "school_gov.school.changed", school)
    client.force_login(superuser)
    assert client.get(reverse("admin:school_gov_auditevent_changelist")).status_code == 200
    change = client.get(reverse("admin:school_gov_auditevent_change", args=[event.pk]))
    assert change.status_code == 200
    assert b'name="_save"' not in change.content
    assert client.get(reverse("admin:school_gov_auditevent_add")).status_code == 403
    delete = client.post(reverse("admin:school_gov_auditevent_delete", args=[event.pk]), {"post": "yes"})
    assert delete.status_code == 403
    assert AuditEvent.objects.filter(pk=event.pk).exists()


def test_the_director_sees_only_the_events_of_their_school(client, director, school, other_school):
    audit.record(act(AnonymousUser()), "school_gov.school.changed", school)
    audit.record(act(AnonymousUser()), "school_gov.school.changed", other_school)
    client.force_login(director)
    response = client.get(reverse("admin:school_gov_auditevent_changelist"))
    assert response.context["cl"].result_count == 1
