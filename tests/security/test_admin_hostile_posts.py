"""Three server errors the fuzzing of the admin's forms found (issue 16, item 4), each now a message:
a list action posted with a selected id that is no id, an autocomplete field posted with garbage, and a
model's rule about a field the admin shows read-only."""

import pytest
from django.urls import reverse

from parliament.models import Election, ElectionStage
from school_gov.models import Staff
from tests.factories import ElectionFactory, StaffFactory, UserFactory

pytestmark = pytest.mark.django_db
EN = {"HTTP_ACCEPT_LANGUAGE": "en"}


@pytest.mark.parametrize("selected", ["", "abc", "1.5", "\u202e1"])
def test_a_list_action_on_an_id_that_is_no_id_says_nothing_was_selected(client, director, school, selected):
    client.force_login(director)
    url = reverse("admin:school_gov_school_changelist")
    answer = client.post(
        url,
        {"action": "add_national_holidays", "index": "0", "_selected_action": [selected]},
        follow=True,
        **EN,
    )
    assert answer.status_code == 200
    assert "Items must be selected in order to perform actions on them" in answer.text


def test_an_autocomplete_field_posted_with_garbage_says_select_a_valid_choice(client, director, school):
    staff = StaffFactory(school=school, name="Айгүл", surname="Токтогулова")
    client.force_login(director)
    url = reverse("admin:school_gov_staff_change", args=[staff.pk])
    answer = client.post(url, {"surname": "Токтогулова", "name": "Айгүл", "user": "abc"}, **EN)
    assert answer.status_code == 200
    assert "Select a valid choice" in answer.text
    assert Staff.objects.get(pk=staff.pk).user is None


def test_a_rule_about_a_field_shown_read_only_is_said_on_the_form(client, director, school, term):
    """Voting has begun, so the election's frame is read-only; the school has since moved its offices to
    grade 12, which the frame's candidates' grade now breaks. Saving says so instead of failing."""
    supervisor = UserFactory(username="supervisor")
    StaffFactory(school=school, user=supervisor)
    election = ElectionFactory(term=term, supervisor=supervisor.staff, stage=ElectionStage.VOTING)
    school.office_holders_from_grade = 12
    school.save()
    client.force_login(director)
    url = reverse("admin:parliament_election_change", args=[election.pk])
    answer = client.post(
        url,
        {
            "candidates-TOTAL_FORMS": "0",
            "candidates-INITIAL_FORMS": "0",
            "candidates-MIN_NUM_FORMS": "0",
            "candidates-MAX_NUM_FORMS": "0",
        },
        **EN,
    )
    assert answer.status_code == 200
    assert "Candidates from grade: " in answer.text or "candidates from grade: " in answer.text.lower()
    assert Election.objects.get(pk=election.pk).stage == ElectionStage.VOTING
