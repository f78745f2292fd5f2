"""The printed forms (DESIGN §5): a work plan and a year-end report as a page to print and as a PDF.

PDF text is read from the document WeasyPrint laid out for the response (its page boxes), not from the PDF
bytes: the fonts are subset and the text streams compressed, and pypdf is not a dependency.
"""

import datetime

import pytest
import weasyprint
from django.urls import reverse
from django.utils import translation
from weasyprint.formatting_structure.boxes import TextBox

from methodology.models import Completion, PlanStatus, WorkPlan, YearEndReport
from tests import steps
from tests.factories import PlanItemFactory, YearEndReportFactory

EN = {"HTTP_ACCEPT_LANGUAGE": "en"}
UTC = datetime.UTC


@pytest.fixture(autouse=True)
def _english():
    """Labels are asserted in English; the app's default language is Kyrgyz."""
    with translation.override("en"):
        yield


@pytest.fixture
def signers(deputy, director):
    """The deputy and the director with names the tests look for."""
    for user, surname, name, patronymic in [
        (deputy, "Осмонова", "Айгүл", "Төлөновна"),
        (director, "Сыдыков", "Нурлан", "Өмүрбекович"),
    ]:
        user.staff.surname, user.staff.name, user.staff.patronymic = surname, name, patronymic
        user.staff.save()
    return deputy, director


def _approve(plan, head, deputy, director):
    steps.submit(plan, head)
    steps.agree(plan, deputy)
    steps.approve(plan, director)
    # Stamp times near midnight UTC: the form shows the date in Bishkek (UTC+6), the next day.
    WorkPlan.objects.filter(pk=plan.pk).update(
        agreed_at=datetime.datetime(2026, 11, 11, 19, 30, tzinfo=UTC),
        approved_at=datetime.datetime(2026, 11, 13, 20, 0, tzinfo=UTC),
    )


def _accepted_report(association, school_year, head, deputy):
    report = YearEndReportFactory(
        association=association,
        school_year=school_year,
        created_by=head.staff,
        aims_met="Максаттар негизинен аткарылды.",
        conclusions="Ачык сабактар көбөйдү.",
        next_year_tasks="Олимпиадага даярдоону күчөтүү.",
    )
    steps.submit(report, head)
    steps.accept(report, deputy)
    YearEndReport.objects.filter(pk=report.pk).update(
        accepted_at=datetime.datetime(2027, 5, 30, 19, 0, tzinfo=UTC)
    )
    return report


def _pdf(monkeypatch, client, url):
    """The PDF response and the document WeasyPrint laid out and wrote for it."""
    documents = []
    render = weasyprint.HTML.render

    def spy(self, *args, **kwargs):
        documents.append(render(self, *args, **kwargs))
        return documents[-1]

    monkeypatch.setattr(weasyprint.HTML, "render", spy)
    response = client.get(url, **EN)
    assert response.status_code == 200
    assert len(documents) == 1
    return response, documents[0]


def _text(document) -> str:
    """Every piece of text on the document's pages, page margins (the footer) included."""
    texts = [
        box.text
        for page in document.pages
        for box in page._page_box.descendants()
        if isinstance(box, TextBox)
    ]
    return " ".join(" ".join(texts).split())


def _pdf_text(monkeypatch, client, url):
    response, document = _pdf(monkeypatch, client, url)
    return response, _text(document)


# The work plan: the HTML page


def test_an_approved_plan_prints_with_both_stamps_filled(client, plan, head, signers, teacher):
    deputy, director = signers
    _approve(plan, head, deputy, director)
    client.force_login(teacher)
    response = client.get(reverse("methodology:plan_print", args=[plan.pk]), **EN)
    assert response.status_code == 200
    text = response.text
    assert "AGREED" in text and "I APPROVE" in text
    assert "/Осмонова А. Т./" in text
    assert "/Сыдыков Н. Ө./" in text
    assert "12.11.2026" in text  # agreed 11 Nov 19:30 UTC = 12 Nov in Bishkek
    assert "14.11.2026" in text
    assert text.index("Осмонова") < text.index("Сыдыков")  # agreed on the left, approved on the right
    assert "Калыгул Жусупов атындагы орто мектеби" in text
    assert "2-чейректин иш планы" in text
    assert "Так илимдер" in text
    assert plan.period_label in text
    assert "Окуучулардын функционалдык сабаттуулугун өнүктүрүү" in text


def test_a_draft_prints_blank_signature_lines(client, plan, head, signers):
    deputy, director = signers
    client.force_login(head)
    response = client.get(reverse("methodology:plan_print", args=[plan.pk]), **EN)
    assert response.status_code == 200
    assert "AGREED" in response.text and "I APPROVE" in response.text
    assert "Осмонова" not in response.text
    assert "Сыдыков" not in response.text
    assert response.text.count('class="name-line"') == 2
    assert response.text.count('class="date-line"') == 2


def test_an_agreed_plan_has_only_the_deputys_stamp_filled(client, plan, head, signers):
    deputy, director = signers
    steps.submit(plan, head)
    steps.agree(plan, deputy)
    client.force_login(director)
    response = client.get(reverse("methodology:plan_print", args=[plan.pk]), **EN)
    assert "/Осмонова А. Т./" in response.text
    assert "Сыдыков" not in response.text
    assert response.text.count('class="name-line"') == 1


def test_items_are_numbered_through_the_plan_grouped_by_section(client, plan, head, teacher):
    head.staff.surname, head.staff.name, head.staff.patronymic = "Асанов", "Бакыт", "Кубанычбекович"
    head.staff.save()
    teacher.staff.surname, teacher.staff.name, teacher.staff.patronymic = "Токтогулова", "Жылдыз", ""
    teacher.staff.save()
    PlanItemFactory(
        plan=plan,
        section="open_lessons",
        activity="Ачык сабак: Пифагор теоремасы",
        starts_on=datetime.date(2026, 11, 20),
        ends_on=datetime.date(2026, 11, 27),
        expected_result="Сабактын иштелмеси",
        completion=Completion.DONE,
        completion_note="Сабакка 6 мугалим катышты",
    ).responsible.set([head.staff, teacher.staff])
    # Written before the meeting but in a later section: it prints after the meeting and the lesson.
    PlanItemFactory(plan=plan, section="monitoring", activity="Дептерлерди текшерүү", position=0)
    client.force_login(head)
    response = client.get(reverse("methodology:plan_print", args=[plan.pk]), **EN)
    text = response.text
    meeting = text.index("Усулдук бирикменин 2-отуруму")
    lesson = text.index("Ачык сабак: Пифагор теоремасы")
    checks = text.index("Дептерлерди текшерүү")
    assert meeting < lesson < checks
    assert text.index("Meetings of the association") < meeting
    assert meeting < text.index("Open lessons and mutual lesson visits") < lesson
    assert lesson < text.index("Monitoring and administrative checks") < checks
    assert '<td class="number">1</td>' in text
    assert '<td class="number">2</td>' in text
    assert '<td class="number">3</td>' in text
    assert "Асанов Б. К., Токтогулова Ж." in text
    assert "20.11.2026" in text and "27.11.2026" in text
    assert "Сабактын иштелмеси" in text
    assert "Done" in text and "Сабакка 6 мугалим катышты" in text


def test_the_print_page_stands_alone_with_a_print_button_and_a_way_back(client, plan, head):
    client.force_login(head)
    response = client.get(reverse("methodology:plan_print", args=[plan.pk]), **EN)
    assert '<button type="button" data-print>Print</button>' in response.text  # static/js/print.js
    assert '<script src="/static/js/print.js" defer></script>' in response.text
    assert f'href="{plan.get_absolute_url()}"' in response.text
    assert reverse("methodology:plan_pdf", args=[plan.pk]) in response.text
    assert "navbar" not in response.text  # not the site's page with its navigation
    assert '<link rel="stylesheet" href="/static/css/print.css">' in response.text


@pytest.mark.parametrize("name", ["plan_print", "plan_pdf"])
def test_anonymous_is_sent_to_sign_in(client, plan, name):
    response = client.get(reverse(f"methodology:{name}", args=[plan.pk]))
    assert response.status_code == 302
    assert response.url.startswith(reverse("login"))


@pytest.mark.parametrize("name", ["plan_print", "plan_pdf"])
def test_a_plan_of_another_school_is_not_found(client, plan, outsider, name):
    client.force_login(outsider)
    assert client.get(reverse(f"methodology:{name}", args=[plan.pk])).status_code == 404


@pytest.mark.parametrize("name", ["plan_print", "plan_pdf"])
def test_students_may_not_print_a_plan(client, plan, head, deputy, director, student, name):
    _approve(plan, head, deputy, director)
    client.force_login(student)
    assert client.get(reverse(f"methodology:{name}", args=[plan.pk])).status_code == 403


def test_a_draft_is_not_printed_for_staff_outside_the_association(client, plan, director):
    client.force_login(director)  # reviewers see a plan once it is submitted
    assert client.get(reverse("methodology:plan_print", args=[plan.pk])).status_code == 403


@pytest.mark.parametrize("name", ["plan_print", "plan_pdf"])
def test_printing_is_read_only(client, plan, head, name):
    client.force_login(head)
    assert client.post(reverse(f"methodology:{name}", args=[plan.pk])).status_code == 405


def _plan_with_items(plan, head, teacher, count):
    plan.items.all().delete()
    for number in range(count):
        PlanItemFactory(plan=plan, activity=f"Иш-чара {number}").responsible.set([head.staff, teacher.staff])


# One budget however long the plan, for its head: the session, the user, the user's staff record (school
# scope), their roles, the plan with its association, school, year, quarter and signers, the membership
# check (can_view_plan), then the items and all their responsible people: one query each.
PRINT_QUERY_BUDGET = 8


@pytest.mark.parametrize("count", [3, 60])
def test_the_print_page_makes_the_same_queries_for_3_or_60_items(
    client, plan, head, teacher, django_assert_max_num_queries, count
):
    _plan_with_items(plan, head, teacher, count)
    client.force_login(head)
    url = reverse("methodology:plan_print", args=[plan.pk])
    with django_assert_max_num_queries(PRINT_QUERY_BUDGET):
        response = client.get(url, **EN)
    assert response.text.count('<td class="number">') == count


def test_the_report_print_page_keeps_to_its_query_budget(
    client, association, school_year, head, deputy, django_assert_max_num_queries
):
    report = _accepted_report(association, school_year, head, deputy)
    client.force_login(head)
    # Session, user, staff record, roles, the report with its association, school, year and the deputy who
    # accepted it, the membership check, the head of the association who signs. The figures were stored at
    # submission, so they cost nothing.
    with django_assert_max_num_queries(7):
        response = client.get(reverse("methodology:report_print", args=[report.pk]), **EN)
    assert response.status_code == 200


# The work plan: the PDF


def test_the_pdf_of_an_approved_plan_carries_both_signers(monkeypatch, client, plan, head, signers):
    deputy, director = signers
    _approve(plan, head, deputy, director)
    client.force_login(head)
    response, text = _pdf_text(monkeypatch, client, reverse("methodology:plan_pdf", args=[plan.pk]))
    assert response["Content-Type"] == "application/pdf"
    assert response["Content-Disposition"] == f'attachment; filename="work-plan-{plan.pk}.pdf"'
    assert response.content.startswith(b"%PDF")
    assert "/Осмонова А. Т./" in text
    assert "/Сыдыков Н. Ө./" in text
    assert "12.11.2026" in text and "14.11.2026" in text
    assert "Усулдук бирикменин 2-отуруму" in text
    assert "Page 1 of 1" in text  # the footer's counters


def test_a_long_plan_runs_over_pages_with_the_header_repeated(monkeypatch, client, plan, head, teacher):
    _plan_with_items(plan, head, teacher, 60)
    client.force_login(head)
    _, text = _pdf_text(monkeypatch, client, reverse("methodology:plan_pdf", args=[plan.pk]))
    pages = text.count("Mark of completion")
    assert pages > 1
    assert f"Page {pages} of {pages}" in text


def test_the_pdf_sets_every_letter_in_dejavu_regular_or_bold(monkeypatch, client, plan, head, signers):
    deputy, director = signers  # "Айгүл Төлөновна", "Нурлан Өмүрбекович": ү ө in the stamps
    _approve(plan, head, deputy, director)
    PlanItemFactory(plan=plan, activity="Жаңы окуу китептерин талдоо")  # ң
    client.force_login(head)
    _, document = _pdf(monkeypatch, client, reverse("methodology:plan_pdf", args=[plan.pk]))
    assert "Жаңы окуу китептерин талдоо" in _text(document)
    # No fallback font anywhere, and no light face (DejaVu's has no ң).
    assert {(font.family, font.weight) for font in document.fonts.values()} == {
        ("DejaVu Sans", 400),
        ("DejaVu Sans", 700),
    }


# The year-end report


def test_an_accepted_report_prints_with_the_deputys_name(client, association, school_year, head, signers):
    deputy, _ = signers
    report = _accepted_report(association, school_year, head, deputy)
    client.force_login(head)
    response = client.get(reverse("methodology:report_print", args=[report.pk]), **EN)
    assert response.status_code == 200
    text = response.text
    assert "Accepted:" in text
    assert "/Осмонова А. Т./" in text
    assert "31.05.2027" in text  # 30 May 19:00 UTC = 31 May in Bishkek
    assert "Максаттар негизинен аткарылды." in text
    assert "Олимпиадага даярдоону күчөтүү." in text
    assert "Staff of the association" in text
    assert head.staff.full_name in text
    assert "Higher professional" in text
    assert f"/{head.staff.short_name}/" in text  # the head signs the report
    assert "data-print" in text


def test_a_submitted_report_prints_a_blank_acceptance(client, association, school_year, head, signers):
    deputy, _ = signers
    report = YearEndReportFactory(
        association=association,
        school_year=school_year,
        created_by=head.staff,
        aims_met="Аткарылды.",
        conclusions="Жакшы.",
        next_year_tasks="Улантуу.",
    )
    steps.submit(report, head)
    client.force_login(deputy)
    response = client.get(reverse("methodology:report_print", args=[report.pk]), **EN)
    assert response.status_code == 200
    assert "Осмонова" not in response.text
    assert 'class="date-line"' in response.text


def test_the_report_counts_completion_by_section(
    client, plan, association, school_year, head, deputy, director
):
    PlanItemFactory(plan=plan, section="meetings", completion=Completion.DONE)
    _approve(plan, head, deputy, director)
    report = YearEndReportFactory(association=association, school_year=school_year, created_by=head.staff)
    client.force_login(head)
    response = client.get(reverse("methodology:report_print", args=[report.pk]), **EN)
    assert "Meetings of the association" in response.text
    assert '<td class="count">2</td>' in response.text  # the total of the section's two activities


def test_the_report_pdf_carries_the_deputys_name(
    monkeypatch, client, association, school_year, head, signers
):
    deputy, _ = signers
    report = _accepted_report(association, school_year, head, deputy)
    client.force_login(deputy)
    url = reverse("methodology:report_pdf", args=[report.pk])
    response, text = _pdf_text(monkeypatch, client, url)
    assert response.content.startswith(b"%PDF")
    assert response["Content-Disposition"] == f'attachment; filename="year-end-report-{report.pk}.pdf"'
    assert "/Осмонова А. Т./" in text
    assert "31.05.2027" in text


@pytest.mark.parametrize("name", ["report_print", "report_pdf"])
def test_report_printing_guards_like_the_report(
    client, association, school_year, head, outsider, student, name
):
    report = YearEndReportFactory(association=association, school_year=school_year, created_by=head.staff)
    url = reverse(f"methodology:{name}", args=[report.pk])
    response = client.get(url)
    assert response.status_code == 302
    assert response.url.startswith(reverse("login"))
    client.force_login(outsider)
    assert client.get(url).status_code == 404
    client.force_login(student)
    assert client.get(url).status_code == 403
    client.force_login(head)
    assert client.post(url).status_code == 405


# Kyrgyz stamps: passes once locale/ky has msgid "AGREED" → "МАКУЛДАШЫЛДЫ" and "I APPROVE" → "БЕКИТЕМИН".


def test_kyrgyz_form_shows_the_kyrgyz_stamp_words(client, plan, head):
    client.force_login(head)
    with translation.override("ky"):
        response = client.get(reverse("methodology:plan_print", args=[plan.pk]), HTTP_ACCEPT_LANGUAGE="ky")
    assert plan.status == PlanStatus.DRAFT
    assert "МАКУЛДАШЫЛДЫ" in response.text
    assert "БЕКИТЕМИН" in response.text
