"""The association admin: heads (MB-1.1) and members, kept by the director and the deputy."""

import datetime

import pytest
from django.conf import settings
from django.urls import reverse
from django.utils import timezone

from methodology.models import Association
from school_gov.models import AuditEvent, EducationLevel
from tests.factories import AssociationFactory, HeadAppointmentFactory, MembershipFactory, StaffFactory

CHANGELIST = "admin:methodology_association_changelist"


@pytest.fixture(autouse=True)
def _english(client):
    # The admin speaks Kyrgyz by default; these tests read the English source strings.
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"


def _change_url(association) -> str:
    return reverse("admin:methodology_association_change", args=[association.pk])


def _listed(client, query: str = "") -> list[Association]:
    response = client.get(reverse(CHANGELIST) + query)
    assert response.status_code == 200
    return list(response.context["cl"].result_list)


def _empty_inlines() -> dict[str, str]:
    data = {}
    for prefix in ("head_appointments", "memberships"):
        data.update({f"{prefix}-TOTAL_FORMS": "0", f"{prefix}-INITIAL_FORMS": "0"})
    return data


def _form_data(response) -> dict:
    """What the change page would post back unchanged: the main form and every inline row."""
    form = response.context["adminform"].form
    data = {name: form[name].value() for name in form.fields}
    for inline in response.context["inline_admin_formsets"]:
        formset = inline.formset
        data.update({f"{formset.prefix}-{k}": v for k, v in formset.management_form.initial.items()})
        for row in formset.forms:
            for name in row.fields:
                value = row[name].value()
                data[row.add_prefix(name)] = "" if value is None else value
    return data


def test_an_unqualified_head_is_refused_with_the_mb_1_1_message(client, director, school):
    newcomer = StaffFactory(
        school=school,
        surname="Жаңыбаева",
        education_level=EducationLevel.SECONDARY_PROFESSIONAL,
        education_started_on=datetime.date(2024, 9, 1),
    )
    client.force_login(director)
    response = client.post(
        reverse("admin:methodology_association_add"),
        {
            "school": school.pk,
            "name": "Башталгыч класстар",
            "subject_area": "",
            **_empty_inlines(),
            "head_appointments-TOTAL_FORMS": "1",
            "head_appointments-0-staff": newcomer.pk,
            "head_appointments-0-starts_on": timezone.localdate().isoformat(),
            "head_appointments-0-ends_on": "",
        },
    )
    assert response.status_code == 200
    (heads, _members) = response.context["inline_admin_formsets"]
    (errors,) = heads.formset.errors
    assert "MB-1.1" in errors["staff"][0]
    assert newcomer.full_name in errors["staff"][0]
    assert "MB-1.1" in response.text
    assert not Association.objects.filter(name="Башталгыч класстар").exists()


def test_a_qualified_head_shows_as_qualified(client, deputy, association, head):
    client.force_login(deputy)
    response = client.get(reverse(CHANGELIST))
    assert head.staff.full_name in response.text
    assert '<td class="field-head_qualification">qualified</td>' in response.text
    assert "MB-1.1):" not in response.text
    assert _listed(client, "?head=unqualified") == []


def test_a_head_whose_record_was_corrected_is_flagged(client, deputy, association, head):
    staff = head.staff
    staff.education_level = EducationLevel.SECONDARY_PROFESSIONAL  # the record is corrected later
    staff.save()
    client.force_login(deputy)
    response = client.get(reverse(CHANGELIST))
    assert "not qualified (MB-1.1)" in response.text
    assert "no higher professional education" in response.text
    assert _listed(client, "?head=unqualified") == [association]
    page = client.get(_change_url(association))
    assert "not qualified (MB-1.1)" in page.text  # on the association's page and its head's row


def test_the_deputy_ends_the_appointment_of_a_flagged_head(client, deputy, association, head):
    staff = head.staff
    staff.education_level = EducationLevel.SECONDARY_PROFESSIONAL
    staff.save()
    client.force_login(deputy)
    url = _change_url(association)
    data = _form_data(client.get(url))
    data["head_appointments-0-ends_on"] = timezone.localdate().isoformat()
    response = client.post(url, data)
    assert response.status_code == 302
    assert association.head_appointments.get().ends_on == timezone.localdate()


def test_associations_without_a_current_head_are_listed_apart(client, deputy, association, school):
    headless = AssociationFactory(school=school, name="Тилдер")
    client.force_login(deputy)
    assert _listed(client, "?head=none") == [headless]


def test_adding_a_member_is_written_to_the_audit_trail(client, deputy, association, school):
    newcomer = StaffFactory(school=school, surname="Осмонова")
    client.force_login(deputy)
    url = _change_url(association)
    data = _form_data(client.get(url))
    total = int(data["memberships-TOTAL_FORMS"])
    data.update(
        {
            "memberships-TOTAL_FORMS": str(total + 1),
            f"memberships-{total}-staff": newcomer.pk,
            f"memberships-{total}-starts_on": "2026-09-01",
            f"memberships-{total}-ends_on": "",
        }
    )
    response = client.post(url, data)
    assert response.status_code == 302, response.context["inline_admin_formsets"][1].formset.errors
    membership = association.memberships.get(staff=newcomer)
    event = AuditEvent.objects.for_object(membership).get()
    assert event.action == "methodology.membership.added"
    assert event.actor == deputy
    assert event.school == school


def test_removing_a_member_is_written_to_the_audit_trail_before_the_row_goes(
    client, deputy, association, teacher
):
    client.force_login(deputy)
    url = _change_url(association)
    data = _form_data(client.get(url))
    membership = association.memberships.get(staff=teacher.staff)
    index = next(
        key.split("-")[1]
        for key, value in data.items()
        if key.startswith("memberships-") and key.endswith("-id") and value == membership.pk
    )
    data[f"memberships-{index}-DELETE"] = "on"
    response = client.post(url, data)
    assert response.status_code == 302
    assert not association.memberships.filter(staff=teacher.staff).exists()
    event = AuditEvent.objects.get(action="methodology.membership.deleted")
    assert event.object_id == str(membership.pk)
    assert event.data["staff"] == teacher.staff.pk


def test_inline_rows_offer_only_this_schools_staff(client, director, association, school, other_school):
    stranger = StaffFactory(school=other_school, surname="Чужой")
    client.force_login(director)
    response = client.get(_change_url(association))
    for inline in response.context["inline_admin_formsets"]:
        choices = inline.formset.empty_form.fields["staff"].queryset
        assert stranger not in choices
        assert choices.filter(school=school).count() == choices.count()


def test_an_outsider_sees_none_of_this_schools_associations(client, outsider, association):
    client.force_login(outsider)
    assert _listed(client) == []
    assert client.get(_change_url(association))["Location"] == reverse("admin:index")


def test_the_district_reads_associations_but_cannot_change_them(client, methodologist, association):
    client.force_login(methodologist)
    response = client.get(_change_url(association))
    assert response.status_code == 200
    assert 'name="_save"' not in response.text


@pytest.mark.parametrize("count", [3, 30])
def test_the_association_list_query_budget_is_flat(
    client, deputy, school, count, django_assert_max_num_queries
):
    for _ in range(count):
        HeadAppointmentFactory(association=AssociationFactory(school=school))
    client.force_login(deputy)
    # session, user, staff record, current roles, user permissions, group permissions, filtered count,
    # total count, the page of associations with their school, their current heads with their records
    with django_assert_max_num_queries(10):
        response = client.get(reverse(CHANGELIST))
    assert response.context["cl"].result_count == count


@pytest.mark.parametrize("members", [1, 20])
def test_the_association_page_query_budget_is_flat(
    client, deputy, association, members, django_assert_max_num_queries
):
    for _ in range(members):
        MembershipFactory(association=association)
    client.force_login(deputy)
    # session, user, staff record, current roles, the association, its current head, user permissions,
    # group permissions, staff choices for each of the two inlines, the heads' rows, the members' rows,
    # school choices
    with django_assert_max_num_queries(13):
        response = client.get(_change_url(association))
    assert response.status_code == 200


def _with_new_head(data: dict, staff, starts_on: datetime.date) -> dict:
    total = int(data["head_appointments-TOTAL_FORMS"])
    return {
        **data,
        "head_appointments-TOTAL_FORMS": str(total + 1),
        f"head_appointments-{total}-staff": staff.pk,
        f"head_appointments-{total}-starts_on": starts_on.isoformat(),
        f"head_appointments-{total}-ends_on": "",
    }


def test_the_head_is_replaced_in_one_save(client, deputy, association, head, school):
    """Issue 15: ending the head's appointment and starting the next head's is one change, not two."""
    successor = StaffFactory(school=school, surname="Мураталиева")
    today = timezone.localdate()
    client.force_login(deputy)
    url = _change_url(association)
    data = _form_data(client.get(url))
    data["head_appointments-0-ends_on"] = (today - datetime.timedelta(days=1)).isoformat()
    response = client.post(url, _with_new_head(data, successor, today))
    assert response.status_code == 302, response.context["inline_admin_formsets"][0].formset.non_form_errors()
    assert association.head_on(today).staff == successor
    assert association.head_appointments.get(staff=head.staff).ends_on == today - datetime.timedelta(days=1)
    assert AuditEvent.objects.filter(action__startswith="methodology.headappointment.").count() == 2


def test_two_heads_over_the_same_days_in_one_save_are_refused(client, deputy, association, head, school):
    successor = StaffFactory(school=school, surname="Мураталиева")
    today = timezone.localdate()
    client.force_login(deputy)
    url = _change_url(association)
    data = _form_data(client.get(url))
    data["head_appointments-0-ends_on"] = (today + datetime.timedelta(days=10)).isoformat()
    response = client.post(url, _with_new_head(data, successor, today))
    assert response.status_code == 200
    assert "heads this association over these dates" in response.text
    assert association.head_appointments.count() == 1
    assert association.head_appointments.get().ends_on is None
