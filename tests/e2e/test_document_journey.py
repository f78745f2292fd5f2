"""Browser journey in Kyrgyz (MB-4.5): the head asks a teacher for the work programme; the teacher
uploads a PDF; the head returns it with a correction; the teacher uploads a second version; the head
accepts it. Both versions stay, and each downloads with its own content."""

import pytest
from django.urls import reverse

from methodology.demo import demo_pdf
from methodology.models import DocumentSubmission, SubmissionStatus
from tests.steps import sign_in

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_a_work_programme_is_asked_returned_corrected_and_accepted(
    live_server, page, tmp_path, association, head, teacher
):
    first, second = tmp_path / "Иш программасы.pdf", tmp_path / "Иш программасы (оңдолгон).pdf"
    first.write_bytes(demo_pdf("Work programme, first"))
    second.write_bytes(demo_pdf("Work programme, corrected"))

    sign_in(page, live_server, "head")
    assert page.locator("html").get_attribute("lang") == "ky"
    page.goto(live_server.url + association.get_absolute_url())
    page.locator(
        f"a[href='{reverse('methodology:association_document_request_create', args=[association.pk])}']"
    ).click()
    page.locator("select[name=kind]").select_option("work_programme")
    page.locator(f"input[name=teachers][value='{teacher.staff.pk}']").check()
    with page.expect_navigation():
        page.locator("main form button[type=submit]").click()
    part = DocumentSubmission.objects.get(teacher=teacher.staff)
    assert part.status == SubmissionStatus.WAITING

    sign_in(page, live_server, "teacher")
    page.locator("#documents-to-send a").click()
    page.locator("#asked-of-me a").first.click()
    page.wait_for_url(live_server.url + part.get_absolute_url())
    page.locator("input[name=file]").set_input_files(str(first))
    with page.expect_navigation():
        page.locator("#upload button[type=submit]").click()
    part.refresh_from_db()
    assert part.status == SubmissionStatus.SUBMITTED

    sign_in(page, live_server, "head")
    page.locator("#documents-to-review a").click()
    page.goto(live_server.url + part.get_absolute_url())
    page.locator("input[name=outcome][value=return]").check()
    page.locator("textarea[name=correction]").fill("Саат сандарын окуу планына ылайыкташтырыңыз.")
    with page.expect_navigation():
        page.locator("#review button[type=submit]").click()
    part.refresh_from_db()
    assert part.status == SubmissionStatus.RETURNED

    sign_in(page, live_server, "teacher")
    page.goto(live_server.url + part.get_absolute_url())
    assert "Саат сандарын" in page.locator("#versions .correction").inner_text()
    page.locator("input[name=file]").set_input_files(str(second))
    with page.expect_navigation():
        page.locator("#upload button[type=submit]").click()

    sign_in(page, live_server, "head")
    page.goto(live_server.url + part.get_absolute_url())
    page.locator("input[name=outcome][value=accept]").check()
    with page.expect_navigation():
        page.locator("#review button[type=submit]").click()
    part.refresh_from_db()
    assert part.status == SubmissionStatus.ACCEPTED
    assert "кабыл алынды" in page.locator("main").inner_text().lower()

    links = page.locator("#versions a.version-file")
    assert links.count() == 2
    for index, expected in ((0, second), (1, first)):  # newest first
        with page.expect_download() as download:
            links.nth(index).click()
        assert download.value.suggested_filename == expected.name
        assert download.value.path().read_bytes() == expected.read_bytes()
