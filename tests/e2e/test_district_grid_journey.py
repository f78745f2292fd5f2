"""Browser journey (issue 13, part 5): the district methodologist, in Kyrgyz on a school's old laptop,
finds on one page which association of which school is behind, narrows the grid to that school, and
takes it away as a spreadsheet with the same numbers."""

import io
import re

import pytest
from django.urls import reverse
from openpyxl import load_workbook

from tests.methodology.test_plan_grid import _association, _school_with_quarters
from tests.steps import sign_in

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_the_methodologist_finds_the_school_behind_and_downloads_the_grid(
    live_server, page, school, school_year, methodologist
):
    other, _ = _school_with_quarters(school.district, "Экинчи мектеп")
    _association(school, "Математика")
    _association(other, "Тилдер")  # never drafted a plan: its first quarter has begun
    page.set_viewport_size({"width": 1024, "height": 768})

    sign_in(page, live_server, "methodologist")
    page.goto(live_server.url + reverse("methodology:plan_grid"))
    grid = page.locator("#grid")
    assert grid.locator("tbody tr").count() == 2
    behind = grid.locator("tbody tr", has_text="Тилдер")
    assert "Экинчи мектеп" in behind.inner_text()
    assert behind.locator(".cell-missing .text-bg-danger").count() == 1  # no plan, and overdue

    page.locator("select[name=school]").select_option(str(other.pk))
    with page.expect_navigation():
        page.locator("main form button[type=submit]").first.click()
    assert grid.locator("tbody tr").count() == 1
    assert "Тилдер" in grid.inner_text() and "Математика" not in grid.inner_text()
    totals = page.locator("#totals").inner_text()

    with page.expect_download() as download:
        page.locator("main form button[name=format]").click()
    with open(download.value.path(), "rb") as file:
        sheet = load_workbook(io.BytesIO(file.read())).active
    rows = list(sheet.iter_rows(values_only=True))
    assert len(rows) == 2 and rows[1][:2] == ("Экинчи мектеп", "Тилдер")
    overdue, missing = (value for value in rows[1] if isinstance(value, int))  # the page's two totals
    assert [int(n) for n in re.findall(r"\d+", totals)] == [overdue, missing] == [1, 1]
