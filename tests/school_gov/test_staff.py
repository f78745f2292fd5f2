import pytest
from django.urls import reverse

from school_gov.models import Role
from tests.factories import AppointmentFactory, SchoolFactory, StaffFactory


def test_staff_see_the_directory_of_their_school_only(client, teacher, school, other_school):
    StaffFactory(school=school, surname="Бакиров")
    StaffFactory(school=other_school, surname="Чужой")
    client.force_login(teacher)
    response = client.get(reverse("staff_list"))
    assert response.status_code == 200
    assert "Бакиров" in response.text
    assert "Чужой" not in response.text


def test_the_directory_searches_by_name_and_subject(client, teacher, school):
    StaffFactory(school=school, surname="Бакиров", subjects="Химия")
    StaffFactory(school=school, surname="Осмонова", subjects="Тарых")
    client.force_login(teacher)
    response = client.get(reverse("staff_list"), {"q": "Хим"})
    assert "Бакиров" in response.text
    assert "Осмонова" not in response.text


def test_the_directory_pages_by_fifty(client, teacher, school):
    StaffFactory.create_batch(60, school=school)
    client.force_login(teacher)
    first = client.get(reverse("staff_list"))
    assert len(first.context["rows"]) == 50
    second = client.get(reverse("staff_list"), {"page": 2})
    assert len(second.context["rows"]) == 11


def test_the_pages_of_a_search_keep_the_search(client, teacher, school):
    StaffFactory.create_batch(55, school=school, subjects="Химия")
    client.force_login(teacher)
    first = client.get(reverse("staff_list"), {"q": "Хим"})
    assert 'href="?q=%D0%A5%D0%B8%D0%BC&amp;page=2"' in first.text
    second = client.get(reverse("staff_list"), {"q": "Хим", "page": 2})
    assert 'href="?q=%D0%A5%D0%B8%D0%BC&amp;page=1"' in second.text
    assert "page=3" not in second.text


def test_students_may_not_read_staff_records(client, student):
    client.force_login(student)
    assert client.get(reverse("staff_list")).status_code == 403


def test_anonymous_is_sent_to_sign_in(client, db):
    response = client.get(reverse("staff_list"))
    assert response.status_code == 302


@pytest.mark.parametrize("size", [10, 200])
def test_directory_query_budget_stays_flat(client, teacher, school, size, django_assert_max_num_queries):
    for staff in StaffFactory.create_batch(size, school=school):
        AppointmentFactory(staff=staff, role=Role.SOCIAL_PEDAGOGUE)
    client.force_login(teacher)
    # session, user, staff record, roles, readable schools count, page count, page rows, appointments
    with django_assert_max_num_queries(9):
        client.get(reverse("staff_list"))


def test_staff_detail_for_a_colleague(client, teacher, school):
    colleague = StaffFactory(school=school, surname="Бакиров")
    client.force_login(teacher)
    response = client.get(reverse("staff_detail", args=[colleague.pk]))
    assert response.status_code == 200
    assert "Бакиров" in response.text


def test_staff_detail_of_another_school_is_not_found(client, teacher, other_school):
    stranger = StaffFactory(school=other_school)
    client.force_login(teacher)
    assert client.get(reverse("staff_detail", args=[stranger.pk])).status_code == 404


def test_staff_detail_that_does_not_exist_is_not_found_the_same_way(client, teacher):
    client.force_login(teacher)
    assert client.get(reverse("staff_detail", args=[999999])).status_code == 404


def test_staff_detail_is_forbidden_to_a_student_of_the_school(client, student, school):
    colleague = StaffFactory(school=school)
    client.force_login(student)
    assert client.get(reverse("staff_detail", args=[colleague.pk])).status_code == 403


def test_the_district_methodologist_reads_every_school_of_the_district(client, methodologist, school):
    neighbour = SchoolFactory(district=school.district)
    far_away = SchoolFactory()
    near = StaffFactory(school=neighbour, surname="Жакынов")
    far = StaffFactory(school=far_away, surname="Алыскы")
    client.force_login(methodologist)
    assert client.get(reverse("staff_detail", args=[near.pk])).status_code == 200
    assert client.get(reverse("staff_detail", args=[far.pk])).status_code == 404
    listing = client.get(reverse("staff_list"))
    assert "Жакынов" in listing.text
    assert "Алыскы" not in listing.text


def test_staff_detail_query_budget(client, teacher, school, django_assert_max_num_queries):
    colleague = StaffFactory(school=school)
    AppointmentFactory.create_batch(3, staff=colleague, role=Role.SOCIAL_PEDAGOGUE)
    client.force_login(teacher)
    with django_assert_max_num_queries(9):
        client.get(reverse("staff_detail", args=[colleague.pk]))
