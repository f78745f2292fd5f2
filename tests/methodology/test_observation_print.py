"""A lesson observation as the school's paper sheet (issue 13, part 2): a page to print and a PDF, for who
may see the observation only, with the Kyrgyz headings' letters ө ү ң intact in the PDF."""

from __future__ import annotations

import pytest
import weasyprint
from django.urls import reverse
from weasyprint.formatting_structure.boxes import TextBox

from tests.factories import LessonObservationFactory, StaffFactory, UserFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def observation(association, head, teacher):
    return LessonObservationFactory(
        association=association,
        teacher=teacher.staff,
        observer=head.staff,
        topic="Бөлчөктөрдү кошуу",
        conclusions="Сабактын максатына жетишилди; жаңы тема окуучулардын күчү менен бекемделди.",
    )


def _pdf_text(monkeypatch, client, url, language: str) -> tuple:
    documents = []
    render = weasyprint.HTML.render

    def spy(self, *args, **kwargs):
        documents.append(render(self, *args, **kwargs))
        return documents[-1]

    monkeypatch.setattr(weasyprint.HTML, "render", spy)
    response = client.get(url, HTTP_ACCEPT_LANGUAGE=language)
    assert response.status_code == 200 and len(documents) == 1
    texts = [
        box.text
        for page in documents[0].pages
        for box in page._page_box.descendants()
        if isinstance(box, TextBox)
    ]
    return response, " ".join(" ".join(texts).split())


def test_the_sheet_prints_with_the_lesson_and_both_signatures(client, observation, head):
    client.force_login(head)
    page = client.get(
        reverse("methodology:observation_print", args=[observation.pk]), HTTP_ACCEPT_LANGUAGE="en"
    )
    assert page.status_code == 200
    text = page.text
    assert "Lesson observation sheet" in text and "Бөлчөктөрдү кошуу" in text
    assert observation.teacher.short_name in text and observation.observer.short_name in text
    assert reverse("methodology:observation_pdf", args=[observation.pk]) in text


def test_the_pdf_keeps_the_kyrgyz_letters(monkeypatch, client, observation, teacher):
    client.force_login(teacher)
    url = reverse("methodology:observation_pdf", args=[observation.pk])
    response, text = _pdf_text(monkeypatch, client, url, "ky")
    assert response["Content-Type"] == "application/pdf"
    assert response["Content-Disposition"].startswith("attachment")
    assert "Сабакты көзөмөлдөө баракчасы" in text
    assert "Бөлчөктөрдү кошуу" in text and "жетишилди" in text
    assert "жаңы тема окуучулардын күчү" in text  # ң and ү as written, not replaced or dropped


@pytest.mark.parametrize("name", ["methodology:observation_print", "methodology:observation_pdf"])
def test_the_sheet_is_as_private_as_the_observation(client, observation, outsider, student, school, name):
    url = reverse(name, args=[observation.pk])
    client.force_login(outsider)
    assert client.get(url).status_code == 404
    client.force_login(student)
    assert client.get(url).status_code == 403
    stranger = UserFactory(username="stranger")
    StaffFactory(school=school, user=stranger)
    client.force_login(stranger)
    assert client.get(url).status_code == 403


@pytest.fixture
def meeting(association, school, school_year, head, teacher):
    from methodology.actions import meetings
    from school_gov.models import Minutes
    from tests.steps import act

    return meetings.record_meeting(
        association,
        school_year=school_year,
        minutes=Minutes(
            school=school, number=1, held_on=school_year.start_date, chair="Асанов Б.", agenda="Пландар"
        ),
        items=[
            {
                "heard": "Жылдык планды бекитүү жөнүндө.",
                "spoke": "Мүчөлөр сунуштарын айтышты.",
                "resolved": "Планды жактыруу; жаңы темаларды кошуу.",
            }
        ],
        attendees=[head.staff, teacher.staff],
        by=act(head),
    )


def test_the_minutes_pdf_has_the_paper_forms_headings_in_kyrgyz(monkeypatch, client, meeting, teacher):
    client.force_login(teacher)
    url = reverse("methodology:meeting_pdf", args=[meeting.pk])
    response, text = _pdf_text(monkeypatch, client, url, "ky")
    assert "ПРОТОКОЛ № 1" in text
    assert "УГУЛДУ" in text and "ЧЫГЫП СҮЙЛӨШТҮ" in text and "ТОКТОМ КЫЛАТ" in text
    assert "Планды жактыруу; жаңы темаларды кошуу." in text
    assert teacher.staff.short_name in text


@pytest.mark.parametrize("name", ["methodology:meeting_print", "methodology:meeting_pdf"])
def test_the_minutes_print_is_as_private_as_the_minutes(client, meeting, outsider, student, head, name):
    url = reverse(name, args=[meeting.pk])
    client.force_login(head)
    assert client.get(url).status_code == 200
    client.force_login(outsider)
    assert client.get(url).status_code == 404
    client.force_login(student)
    assert client.get(url).status_code == 403
