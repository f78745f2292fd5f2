"""axe-core over every page of the site (issue 15, part 6), as the demo's deputy, head and student, in
Kyrgyz, at 1024 px: the routes of the URLconf with a record of the demo school in their address, as the
Kyrgyz scan walks them (tests/test_kyrgyz_pages.py). A page the person may not open is passed by."""

import json

import pytest
from playwright.sync_api import Error as PlaywrightError

from tests.e2e.test_accessibility import RUN
from tests.test_kyrgyz_pages import site_paths

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_no_page_of_the_site_has_a_serious_violation(live_server, page, axe, demo_school):
    paths = site_paths(demo_school)
    page.set_viewport_size({"width": 1024, "height": 800})
    found, seen = {}, 0
    for username in ("deputy", "head", "student"):
        page.context.clear_cookies()
        page.goto(live_server.url + "/accounts/login/")
        page.locator("input[name=username]").fill(username)
        page.locator("input[name=password]").fill("demo")
        with page.expect_navigation():
            page.locator("main form button[type=submit]").first.click()
        for path in paths:
            try:
                response = page.goto(live_server.url + path)
            except PlaywrightError:  # a download (a calendar, a PDF, a file): not a page
                continue
            if (
                response is None
                or response.status != 200
                or "text/html" not in response.headers.get("content-type", "")
            ):
                continue
            seen += 1
            page.add_script_tag(path=str(axe))
            if violations := page.evaluate(RUN):
                found[f"{username} {path}"] = violations
    assert seen > 100
    assert found == {}, json.dumps(found, ensure_ascii=False, indent=1)
