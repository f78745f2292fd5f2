from django.urls import reverse

from tests import steps

EN = {"HTTP_ACCEPT_LANGUAGE": "en"}


def test_the_deputy_is_told_how_many_plans_wait_for_agreement(client, deputy, head, plan):
    steps.submit(plan, head)
    client.force_login(deputy)
    response = client.get(reverse("dashboard"), **EN)
    assert "1 work plan waits for your agreement" in response.text
    # Nothing waiting is said in words, and is not a link to an empty list (issue 15).
    assert "No year-end report waits for you." in response.text
    assert "0 year-end reports" not in response.text
    assert reverse("admin:methodology_yearendreport_changelist") not in response.text


def test_the_director_is_told_how_many_plans_wait_for_approval(client, director, deputy, head, plan):
    steps.submit(plan, head)
    steps.agree(plan, deputy)
    client.force_login(director)
    response = client.get(reverse("dashboard"), **EN)
    assert "1 work plan waits for your approval" in response.text
    assert "agreement" not in response.text


def test_the_head_sees_the_association_and_a_returned_plan(client, head, deputy, plan):
    steps.submit(plan, head)
    steps.return_for_revision(plan, deputy, "Тактаңыз")
    client.force_login(head)
    response = client.get(reverse("dashboard"), **EN)
    assert "You head" in response.text
    assert plan.get_absolute_url() in response.text
    assert "Returned for revision" in response.text


def test_a_member_sees_the_association(client, teacher, association):
    client.force_login(teacher)
    response = client.get(reverse("dashboard"), **EN)
    assert "Member of" in response.text
    assert association.get_absolute_url() in response.text


def test_students_get_no_methodology_card(client, student):
    client.force_login(student)
    response = client.get(reverse("dashboard"), **EN)
    assert "Methodological work" not in response.text


def test_the_plan_form_marks_what_a_plan_cannot_be_submitted_without(client, head, plan):
    client.force_login(head)
    page = client.get(reverse("methodology:plan_edit", args=[plan.pk]), **EN).text
    for field in ("theme", "aim"):
        assert f'aria-describedby="id_{field}_helptext"' in page
    assert "Methodological theme *" in page and "Aim *" in page
    assert page.count("Needed to submit the plan (MB-3.2)") == 2


def test_a_refused_form_lists_its_problems_on_top_with_links_to_the_fields(client, head, association):
    client.force_login(head)
    response = client.post(
        reverse("methodology:plan_create", args=[association.pk]), {"title": "", "period_kind": ""}, **EN
    )
    assert response.status_code == 200
    page = response.text
    assert 'id="error-summary"' in page
    assert "Nothing was saved:" in page and "fields need correcting." in page
    assert 'href="#id_title"' in page and 'href="#id_period_kind"' in page
    assert page.index('id="error-summary"') < page.index('name="title"')  # on top of the form


def test_a_form_not_yet_sent_has_no_summary(client, head, association):
    client.force_login(head)
    page = client.get(reverse("methodology:plan_create", args=[association.pk]), **EN).text
    assert 'id="error-summary"' not in page
