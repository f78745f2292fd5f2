from django.urls import reverse

from tests.factories import QuarterFactory, SchoolYearFactory, UserFactory


def test_members_see_their_school_years_quarters_and_bands(client, student, school):
    year = SchoolYearFactory(school=school)
    QuarterFactory(school_year=year, number=1)
    client.force_login(student)
    response = client.get(reverse("school_detail"), HTTP_ACCEPT_LANGUAGE="en")
    assert response.status_code == 200
    assert year.name in response.text
    assert "grades 5–9" in response.text
    assert "Edit the dates" not in response.text


def test_the_deputy_is_offered_to_edit_the_dates(client, deputy, school):
    client.force_login(deputy)
    response = client.get(reverse("school_detail"), HTTP_ACCEPT_LANGUAGE="en")
    assert "Edit the dates" in response.text
    assert "No school years entered yet." in response.text


def test_an_account_without_a_school_is_refused(client, db):
    client.force_login(UserFactory(username="loose"))
    assert client.get(reverse("school_detail")).status_code == 403


def test_anonymous_is_sent_to_sign_in(client, db):
    assert client.get(reverse("school_detail")).status_code == 302


def test_school_page_query_budget(client, teacher, school, django_assert_max_num_queries):
    for start in (2024, 2025, 2026):
        year = SchoolYearFactory(
            school=school,
            start_date=f"{start}-09-01",
            end_date=f"{start + 1}-05-25",
            is_current=start == 2026,
        )
        for number in (1, 2):
            QuarterFactory(
                school_year=year,
                number=number,
                start_date=f"{start}-{8 + 2 * number:02d}-01",
                end_date=f"{start}-{8 + 2 * number:02d}-20",
            )
    client.force_login(teacher)
    # session, user, staff record, roles, current year + quarters, years + quarters, nav perms
    with django_assert_max_num_queries(10):
        assert client.get(reverse("school_detail")).status_code == 200
