"""Every list a viewer sees across more than one school names each row's school and filters by it (issue
13, part 5): the district methodologist on the site's associations, observations and plans, and in the
admin's lists; a viewer of one school gets neither; a school outside the viewer's reach is 404."""

from __future__ import annotations

import pytest
from django.conf import settings
from django.urls import reverse

from school_gov.models import Role
from tests.factories import (
    AppointmentFactory,
    AssociationFactory,
    LessonObservationFactory,
    SchoolFactory,
    SchoolYearFactory,
    StaffFactory,
    WorkPlanFactory,
    YearEndReportFactory,
)

pytestmark = pytest.mark.django_db
EN = {"HTTP_ACCEPT_LANGUAGE": "en"}


@pytest.fixture
def district(school):
    """The cast's school and a neighbour of its district, each with an association that has an
    observation and a plan, and a school of another district."""
    neighbour = SchoolFactory(district=school.district, name="Коңшу мектеп")
    far = SchoolFactory(name="Алыскы мектеп")
    rows = {}
    for each, name in ((school, "Так илимдер"), (neighbour, "Тилдер"), (far, "Спорт")):
        association = AssociationFactory(school=each, name=name)
        LessonObservationFactory(association=association, topic=f"Сабак: {name}")
        year = SchoolYearFactory(school=each)
        WorkPlanFactory(association=association, school_year=year, title=f"План: {name}", status="approved")
        YearEndReportFactory(association=association, school_year=year, status="submitted")
        AppointmentFactory(staff=StaffFactory(school=each), role=Role.SOCIAL_PEDAGOGUE)
        rows[name] = association
    return {"neighbour": neighbour, "far": far, **rows}


@pytest.mark.parametrize(
    ("url", "shown"),
    [
        ("methodology:association_list", "{}"),
        ("methodology:observation_list", "Сабак: {}"),
        ("methodology:plan_list", "План: {}"),
    ],
)
def test_the_methodologist_sees_the_school_of_each_row_and_filters_by_it(
    client, school, methodologist, district, url, shown
):
    client.force_login(methodologist)
    page = client.get(reverse(url), **EN).text
    assert shown.format("Так илимдер") in page and shown.format("Тилдер") in page
    assert shown.format("Спорт") not in page  # another district
    assert "Коңшу мектеп" in page and 'name="school"' in page
    narrowed = client.get(reverse(url), {"school": district["neighbour"].pk}, **EN).text
    assert shown.format("Тилдер") in narrowed and shown.format("Так илимдер") not in narrowed
    assert client.get(reverse(url), {"school": district["far"].pk}).status_code == 404
    assert client.get(reverse(url), {"school": "x"}).status_code == 404


@pytest.mark.parametrize(
    "url", ["methodology:association_list", "methodology:observation_list", "methodology:plan_list"]
)
def test_a_viewer_of_one_school_gets_no_school_filter(client, director, district, url):
    client.force_login(director)
    page = client.get(reverse(url), {"school": district["neighbour"].pk}, **EN).text
    assert 'name="school"' not in page and "Коңшу мектеп" not in page


@pytest.mark.parametrize(
    ("url", "path"),
    [
        ("admin:methodology_workplan_changelist", "association__school"),
        ("admin:methodology_lessonobservation_changelist", "association__school"),
        ("admin:methodology_yearendreport_changelist", "association__school"),
        ("admin:school_gov_appointment_changelist", "staff__school"),
    ],
)
def test_the_admins_lists_name_the_school_for_the_district_only(
    client, school, methodologist, director, district, url, path
):
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
    client.force_login(methodologist)
    page = client.get(reverse(url)).text
    assert f"column-{path}" in page  # the school's column
    assert f"{path}__id__exact={district['neighbour'].pk}" in page  # and its filter
    assert "Алыскы мектеп" not in page
    client.force_login(director)
    page = client.get(reverse(url)).text
    assert f"column-{path}" not in page and "__id__exact" not in page


def test_the_admins_school_filter_narrows_the_plans(client, methodologist, district):
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
    client.force_login(methodologist)
    url = reverse("admin:methodology_workplan_changelist")
    page = client.get(url, {"association__school__id__exact": district["neighbour"].pk}).text
    assert "План: Тилдер" in page and "План: Так илимдер" not in page
