"""Browser journey in Kyrgyz (issue "People in"): the deputy imports a Windows-1251 CSV of three teachers
with one bad row (refused, the line named, nothing saved), fixes it, imports it and invites them; one
teacher follows the link in the e-mail (the file e-mail backend), sets a password and lands on the
dashboard."""

import re

import pytest
from django.urls import reverse

from school_gov.models import Staff
from tests.steps import deliver

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

HEADER = "Фамилия;Имя;Отчество;Эл. почта;Образование;Начало работы в образовании;Категория"
ROWS = [
    "Исмаилова;Айнура;Бакытовна;ainura@mektep.kg;высшее профессиональное;01.09.2010;первая",
    "Токтосунов;Эмиль;;emil@mektep.kg;высшее профессиональное;15.08.2018;",
    "Жумабаева;Чолпон;;cholpon@mektep.kg;{education};01.09.2001;высшая",
]


def _csv(path, education: str):
    text = "\r\n".join([HEADER, *ROWS]).format(education=education) + "\r\n"
    path.write_bytes(text.encode("cp1251"))  # as Excel saves a CSV on a Russian or Kyrgyz Windows
    return path


def test_the_deputy_brings_three_teachers_in_and_one_signs_in(live_server, page, settings, tmp_path, deputy):
    settings.EMAIL_BACKEND = "django.core.mail.backends.filebased.EmailBackend"
    settings.EMAIL_FILE_PATH = str(tmp_path / "mail")
    settings.SITE_URL = live_server.url  # the invitation's link is built from the site's address
    page.goto(live_server.url + reverse("login"))
    page.locator("input[name=username]").fill("deputy")
    page.locator("input[name=password]").fill("demo-password")
    page.locator("main form button[type=submit]").first.click()
    page.wait_for_url(live_server.url + reverse("dashboard"))

    # A bad row: the education is not one the school's records know. Nothing is saved; the line is named.
    page.goto(live_server.url + reverse("admin:school_gov_staff_changelist"))
    page.locator(f"a[href='{reverse('admin:school_gov_staff_import')}']").click()
    page.locator("input[name=file]").set_input_files(str(_csv(tmp_path / "мугалимдер.csv", "бакалавр")))
    page.locator("#content form input[type=submit]").click()
    assert page.locator("#import-problems tbody tr td").first.inner_text() == "4"  # the header is line 1
    assert "бакалавр" in page.content()
    assert page.locator("input[name=token]").count() == 0
    assert not Staff.objects.filter(surname="Исмаилова").exists()

    # Fixed, checked again, saved.
    page.goto(live_server.url + reverse("admin:school_gov_staff_import"))
    page.locator("input[name=file]").set_input_files(str(_csv(tmp_path / "мугалимдер.csv", "орто кесиптик")))
    page.locator("#content form input[type=submit]").click()
    page.locator("#content form input[type=submit].default").click()
    page.wait_for_url(re.compile(r".*/admin/school_gov/staff/$"))
    newcomers = Staff.objects.filter(surname__in=["Исмаилова", "Токтосунов", "Жумабаева"])
    assert newcomers.count() == 3

    # The three are invited by e-mail from the staff list.
    for staff in newcomers:
        page.locator(f"input[name=_selected_action][value='{staff.pk}']").check()
    page.locator("select[name=action]").select_option("send_invitations")
    page.locator("button[name=index]").click()
    assert "ainura@mektep.kg" in page.content()
    deliver()  # the task worker sends the three e-mails (make run starts one beside the web server)
    # The file backend names its files by the second and the backend's id, which Python may reuse: two
    # messages can share a file, each ending with a line of dashes.
    written = "".join(m.read_text(encoding="utf-8") for m in sorted((tmp_path / "mail").iterdir()))
    messages = [m for m in written.split("-" * 79) if m.strip()]
    assert len(messages) == 3
    mail = next(m for m in messages if "ainura@mektep.kg" in m)
    link = re.search(r"https?://\S+/accounts/invitation/\S+/", mail).group(0)

    # Айнура follows the link, chooses her password and lands on her dashboard, signed in.
    page.context.clear_cookies()
    page.goto(link)
    assert page.locator("input[name=username]").input_value() == "a.ismailova"
    page.locator("input[name=password1]").fill("Жаңы-сыр-сөз-2026")
    page.locator("input[name=password2]").fill("Жаңы-сыр-сөз-2026")
    page.locator("main form button[type=submit]").click()
    page.wait_for_url(live_server.url + reverse("dashboard"))
    assert Staff.objects.get(surname="Исмаилова").user.username == "a.ismailova"
