"""The district's grid (issue 13, part 5): schools × associations × quarters, for the district methodologist
(every school of the district) and a school's leaders (their own); filters; the spreadsheet with the same
numbers; queries that do not grow with the schools."""

from __future__ import annotations

import datetime
import io

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone
from openpyxl import load_workbook

from tests.factories import (
    AssociationFactory,
    HeadAppointmentFactory,
    QuarterFactory,
    SchoolFactory,
    SchoolYearFactory,
    StaffFactory,
    WorkPlanFactory,
)

pytestmark = pytest.mark.django_db
EN = {"HTTP_ACCEPT_LANGUAGE": "en"}
URL = "methodology:plan_grid"


def _school_with_quarters(district, name: str):
    """A school of the district whose current year has a quarter begun long ago and one not begun."""
    today = timezone.localdate()
    school = SchoolFactory(district=district, name=name)
    year = SchoolYearFactory(
        school=school,
        start_date=today - datetime.timedelta(days=60),
        end_date=today + datetime.timedelta(days=200),
    )
    QuarterFactory(
        school_year=year, number=1, start_date=year.start_date, end_date=today + datetime.timedelta(days=10)
    )
    QuarterFactory(
        school_year=year,
        number=2,
        start_date=today + datetime.timedelta(days=20),
        end_date=today + datetime.timedelta(days=90),
    )
    return school, year


def _association(school, name: str):
    association = AssociationFactory(school=school, name=name, subject_area=name)
    HeadAppointmentFactory(association=association, staff=StaffFactory(school=school))
    return association


@pytest.fixture
def district(school, school_year):
    """The cast's school (its 2026–27 year) and a second school of the same district, behind."""
    other, other_year = _school_with_quarters(school.district, "Экинчи мектеп")
    ahead = _association(school, "Математика")
    behind = _association(other, "Тилдер")
    WorkPlanFactory(
        association=behind,
        school_year=other_year,
        period_start=other_year.start_date,
        period_end=other_year.start_date + datetime.timedelta(days=50),
    )  # a draft, long overdue
    return {"ahead": ahead, "behind": behind, "other": other, "other_year": other_year}


@pytest.mark.parametrize(
    ("who", "status"),
    [
        ("methodologist", 200),
        ("deputy", 200),
        ("director", 200),
        ("head", 403),
        ("teacher", 403),
        ("student", 403),
    ],
)
def test_the_grid_is_the_districts_and_the_leaders(client, request, district, who, status):
    client.force_login(request.getfixturevalue(who))
    assert client.get(reverse(URL)).status_code == status


def test_the_methodologist_sees_which_association_of_which_school_is_behind(
    client, district, methodologist, school
):
    client.force_login(methodologist)
    page = client.get(reverse(URL), **EN).text
    assert "Экинчи мектеп" in page and school.name in page
    behind_row = page[page.index("Тилдер") :]
    behind_row = behind_row[: behind_row.index("</tr>")]
    assert "draft · overdue" in behind_row and "not begun" in behind_row


def test_the_deputy_sees_only_their_school_and_another_school_is_not_found(client, district, deputy, school):
    client.force_login(deputy)
    page = client.get(reverse(URL), **EN).text
    assert "Тилдер" not in page and "Математика" in page
    assert client.get(reverse(URL), {"school": district["other"].pk}).status_code == 404


def test_the_filters_narrow_the_grid(client, district, methodologist):
    client.force_login(methodologist)
    page = client.get(reverse(URL), {"school": district["other"].pk}, **EN).text
    assert "Тилдер" in page and "Математика" not in page
    page = client.get(reverse(URL), {"subject": "матем"}, **EN).text
    assert "Математика" in page and "Тилдер" not in page


def test_the_spreadsheet_has_the_same_numbers_as_the_page(client, district, methodologist):
    client.force_login(methodologist)
    response = client.get(reverse(URL), {"format": "xlsx"}, **EN)
    assert response["Content-Type"].startswith("application/vnd.openxmlformats")
    sheet = load_workbook(io.BytesIO(response.content)).active
    rows = list(sheet.iter_rows(values_only=True))
    header = rows[0]
    by_name = {row[1]: dict(zip(header, row, strict=True)) for row in rows[1:]}
    assert by_name["Тилдер"]["Overdue"] == 1 and by_name["Тилдер"]["Quarter 1"] == "draft — overdue"
    page = client.get(reverse(URL), **EN).text
    total_overdue = sum(row["Overdue"] for row in by_name.values())
    total_missing = sum(row["No plan"] for row in by_name.values())
    assert f"Overdue: {total_overdue}; quarters begun without a plan: {total_missing}." in page


def test_the_grid_costs_the_same_for_two_schools_or_fifty(client, district, methodologist, school):
    client.force_login(methodologist)
    client.get(reverse(URL))
    with CaptureQueriesContext(connection) as few:
        client.get(reverse(URL))
    for number in range(48):
        other, year = _school_with_quarters(school.district, f"Мектеп {number}")
        for subject in ("Тарых", "Химия"):
            association = _association(other, subject)
            WorkPlanFactory(association=association, school_year=year)
    with CaptureQueriesContext(connection) as many:
        page = client.get(reverse(URL), **EN)
    assert page.status_code == 200 and "Мектеп 47" in page.text
    assert len(many) == len(few) <= 14


def test_the_plan_list_has_a_school_column_and_filter_for_the_district(
    client, district, methodologist, deputy
):
    from methodology.models import WorkPlan

    WorkPlan.objects.filter(association=district["behind"]).update(
        status="submitted"
    )  # drafts stay in school
    client.force_login(methodologist)
    page = client.get(reverse("methodology:plan_list"), **EN).text
    assert 'id="plan-school"' in page and "Экинчи мектеп" in page
    only = client.get(reverse("methodology:plan_list"), {"school": district["other"].pk}, **EN)
    assert only.status_code == 200
    assert [plan.association.school_id for plan, _deadline in only.context["rows"]] == [district["other"].pk]
    assert client.get(reverse("methodology:plan_list"), {"school": 999999}).status_code == 404
    client.force_login(deputy)
    assert 'id="plan-school"' not in client.get(reverse("methodology:plan_list"), **EN).text
