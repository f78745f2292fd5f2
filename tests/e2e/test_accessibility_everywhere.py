"""axe-core over every page of the site (issue 15, part 6), as the demo's deputy, head and student, in
Kyrgyz, at 1024 px, and none of them scrolling sideways: the routes of the URLconf with a record of the
demo school in their address, as the Kyrgyz scan walks them (tests/test_kyrgyz_pages.py). A page the
person may not open is passed by."""

import json

import pytest

from tests.e2e.test_accessibility import RUN
from tests.e2e.test_layout import OVERFLOW
from tests.steps import demo_pages
from tests.test_kyrgyz_pages import site_paths

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_no_page_of_the_site_has_a_serious_violation(live_server, page, axe, demo_school):
    paths = site_paths(demo_school)
    page.set_viewport_size({"width": 1024, "height": 800})
    found, seen = {}, 0
    for username in ("deputy", "head", "student"):
        for path in demo_pages(page, live_server, username, paths):
            seen += 1
            axe.inject(page)
            if violations := page.evaluate(RUN):
                found[f"{username} {path}"] = violations
            overflow = page.evaluate(OVERFLOW)  # nor scrolls the laptop's page sideways (part 1)
            if overflow["scroll"] > 0 or overflow["wide"]:
                found[f"{username} {path} (sideways)"] = overflow["wide"] or [f"{overflow['scroll']} px"]
    assert seen > 150
    assert found == {}, json.dumps(found, ensure_ascii=False, indent=1)
