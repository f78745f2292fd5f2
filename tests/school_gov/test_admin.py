from django.urls import reverse

from school_gov.models import AuditEvent, Staff
from tests.factories import StaffFactory


def test_the_admin_is_titled_with_the_apps_name_in_kyrgyz(client, director):
    client.force_login(director)
    response = client.get(reverse("admin:index"))
    assert response.status_code == 200
    assert "Мектептин башкаруу документтери" in response.text


def test_the_director_works_in_the_admin_without_a_staff_flag(client, director):
    assert not director.is_staff
    client.force_login(director)
    assert client.get(reverse("admin:school_gov_staff_changelist")).status_code == 200


def test_a_teacher_is_not_let_into_the_admin(client, teacher):
    client.force_login(teacher)
    response = client.get(reverse("admin:index"))
    assert response.status_code == 302
    assert reverse("admin:login") in response["Location"]


def test_the_director_sees_only_their_schools_staff(client, director, school, other_school):
    StaffFactory(school=other_school, surname="Чужой")
    client.force_login(director)
    response = client.get(reverse("admin:school_gov_staff_changelist"))
    names = [s.surname for s in response.context["cl"].result_list]
    assert "Чужой" not in names
    assert len(names) == Staff.objects.filter(school=school).count()


def test_another_schools_record_is_not_found_in_the_admin(client, director, other_school):
    stranger = StaffFactory(school=other_school)
    client.force_login(director)
    response = client.get(reverse("admin:school_gov_staff_change", args=[stranger.pk]))
    assert response.status_code == 302  # the admin redirects a missing object to its index


def test_a_change_in_the_admin_is_written_to_the_audit_trail(client, director, school):
    person = StaffFactory(school=school, surname="Бакиров")
    client.force_login(director)
    url = reverse("admin:school_gov_staff_change", args=[person.pk])
    form = client.get(url).context["adminform"].form
    data = {k: v for k, v in form.initial.items() if v is not None}
    data.update(
        {
            "school": school.pk,
            "surname": "Бакирова",
            "education_started_on": "2010-09-01",
            "appointments-TOTAL_FORMS": "0",
            "appointments-INITIAL_FORMS": "0",
            "user": "",
        }
    )
    response = client.post(url, data)
    assert response.status_code == 302, response.context["adminform"].form.errors
    person.refresh_from_db()
    assert person.surname == "Бакирова"
    event = AuditEvent.objects.for_object(person).get()
    assert event.actor == director
    assert "surname" in event.data["fields"]


def test_the_district_methodologist_reads_but_cannot_change(client, methodologist, school):
    person = StaffFactory(school=school)
    client.force_login(methodologist)
    response = client.get(reverse("admin:school_gov_staff_change", args=[person.pk]))
    assert response.status_code == 200
    assert b'name="_save"' not in response.content
    assert client.get(reverse("admin:school_gov_staff_add")).status_code == 403


def test_the_admin_lists_speak_the_readers_language(client, director, school):
    """Column headings and the audit trail's actions are translated, not code names."""
    from school_gov import audit
    from tests.steps import act

    audit.record(act(director), "methodology.plan.agreed", school)
    client.force_login(director)
    staff = client.get(reverse("admin:school_gov_staff_changelist"), HTTP_ACCEPT_LANGUAGE="ky")
    assert "Full name" not in staff.text
    trail = client.get(reverse("admin:school_gov_auditevent_changelist"), HTTP_ACCEPT_LANGUAGE="en")
    assert "agreed (methodology.plan)" in trail.text
