"""Documents passed down (MB-5.4) and the heads' exchange with their teachers (MB-5.5): who may publish
to whom, each recipient acknowledges once, the leaders see who has not read, the file is as private as
the document."""

from __future__ import annotations

from pathlib import Path

import pytest
from django.conf import settings
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import translation

from methodology.actions import documents
from methodology.demo import demo_pdf
from methodology.models import Acknowledgement, Circular, CircularFile
from school_gov.refusals import Refused
from tests.factories import AssociationFactory, HeadAppointmentFactory, StaffFactory, UserFactory
from tests.steps import act

pytestmark = pytest.mark.django_db
EN = {"HTTP_ACCEPT_LANGUAGE": "en"}


@pytest.fixture(autouse=True)
def _in_english():
    """The refusals' messages are matched in English."""
    with translation.override("en"):
        yield


def _stored() -> set[str]:
    root = Path(settings.MEDIA_ROOT) / "uploads"
    return {str(path) for path in root.rglob("*") if path.is_file()} if root.exists() else set()


def _order(school, **fields) -> Circular:
    return Circular(school=school, kind="order", title="Текшерүү жөнүндө буйрук", text="Текст.", **fields)


def _pdf(name="Буйрук.pdf"):
    return SimpleUploadedFile(name, demo_pdf("order"), content_type="application/pdf")


@pytest.fixture
def second_head(school):
    """The head of another association of the same school, with an account."""
    user = UserFactory(username="second_head")
    staff = StaffFactory(school=school, user=user)
    HeadAppointmentFactory(association=AssociationFactory(school=school, name="Тилдер"), staff=staff)
    return user


def test_the_deputys_order_reaches_every_head_and_each_confirms_once(
    client, school, deputy, head, second_head, teacher, association
):
    circular = documents.publish_circular(_order(school, audience="heads"), upload=_pdf(), by=act(deputy))
    assert set(circular.acknowledgements.values_list("staff__user__username", flat=True)) == {
        "head",
        "second_head",
    }

    client.force_login(head)
    page = client.get(circular.get_absolute_url(), **EN)
    assert page.status_code == 200 and "Acquainted" in page.text
    client.post(reverse("methodology:circular_acknowledge", args=[circular.pk]))
    read = Acknowledgement.objects.get(circular=circular, staff=head.staff)
    assert read.read_at is not None
    with translation.override("en"), pytest.raises(Refused, match="confirmed you had read it"):
        documents.acknowledge_circular(circular, by=act(head))
    read.refresh_from_db()
    assert read.read_at is not None
    assert Acknowledgement.objects.filter(circular=circular, read_at__isnull=False).count() == 1

    # The deputy sees who has read, per document and per person.
    client.force_login(deputy)
    detail = client.get(circular.get_absolute_url(), **EN).text
    assert "read on" in detail and "not read yet" in detail
    listing = client.get(reverse("methodology:circular_list"), **EN)
    assert [row["staff"] for row in listing.context["not_read"]] == [second_head.staff.pk]
    assert listing.context["rows"][0].unread == 1 and listing.context["rows"][0].recipients == 2


def test_a_member_it_was_not_sent_to_gets_403_and_another_school_404(
    client, school, deputy, head, teacher, association, outsider
):
    circular = documents.publish_circular(_order(school, audience="heads"), upload=_pdf(), by=act(deputy))
    attached = circular.files.get()
    for path in (circular.get_absolute_url(), attached.get_download_url()):
        client.force_login(teacher)
        assert client.get(path).status_code == 403
        client.force_login(outsider)
        assert client.get(path).status_code == 404
    with pytest.raises(Refused) as refused:
        documents.acknowledge_circular(circular, by=act(teacher))
    assert refused.value.reason == Refused.NOT_ALLOWED

    client.force_login(head)
    response = client.get(attached.get_download_url())
    assert response.status_code == 200
    assert response["Content-Disposition"].startswith("attachment")
    assert response["X-Content-Type-Options"] == "nosniff"
    assert b"".join(response.streaming_content) == demo_pdf("order")


def test_a_head_publishes_only_to_the_members_of_their_own_association(
    client, school, head, teacher, second_head, association
):
    circular = documents.publish_circular(
        _order(school, audience="associations"), associations=[association], by=act(head)
    )
    assert list(circular.acknowledgements.values_list("staff", flat=True)) == [teacher.staff.pk]

    other = second_head.staff.head_appointments.get().association
    for audience, chosen in (("teachers", []), ("heads", []), ("associations", [other])):
        with translation.override("en"), pytest.raises(Refused, match="MB-5.5"):
            documents.publish_circular(_order(school, audience=audience), associations=chosen, by=act(head))
    assert Circular.objects.count() == 1

    client.force_login(head)
    form = client.get(reverse("methodology:circular_create")).context["form"]
    assert [value for value, _label in form.fields["audience"].choices] == ["associations"]
    assert list(form.fields["associations"].queryset) == [association]


def test_a_teacher_who_heads_nothing_may_not_publish(client, school, teacher, association):
    client.force_login(teacher)
    assert client.get(reverse("methodology:circular_create")).status_code == 403
    with pytest.raises(Refused) as refused:
        documents.publish_circular(_order(school, audience="teachers"), by=act(teacher))
    assert refused.value.reason == Refused.NOT_ALLOWED


@pytest.mark.parametrize(
    ("fields", "upload", "message"),
    [
        ({"audience": "heads", "text": ""}, None, "Write the text or attach the file"),
        ({"audience": "associations"}, None, "Choose the associations"),
        (
            {"audience": "heads"},
            SimpleUploadedFile("Буйрук.pdf", b"<html><script>alert(1)</script></html>"),
            "is not a",
        ),
    ],
    ids=["nothing to read", "no association chosen", "a web page named .pdf"],
)
def test_bad_input_is_refused_and_nothing_is_saved(
    school, deputy, head, association, fields, upload, message
):
    before = _stored()
    circular = Circular(
        school=school, kind="order", title="Буйрук", text=fields.pop("text", "Текст."), **fields
    )
    with pytest.raises(Refused, match=message):
        documents.publish_circular(circular, upload=upload, by=act(deputy))
    assert not Circular.objects.exists() and not Acknowledgement.objects.exists()
    assert not CircularFile.objects.exists() and _stored() == before


def test_the_publish_page_says_what_is_wrong_and_keeps_nothing(client, school, deputy, head, association):
    client.force_login(deputy)
    response = client.post(
        reverse("methodology:circular_create"),
        {"kind": "order", "title": "Буйрук", "text": "", "audience": "heads"},
        **EN,
    )
    assert response.status_code == 200
    assert "Write the text or attach the file." in response.text
    assert not Circular.objects.exists()


def test_the_list_costs_the_same_with_one_document_or_many(
    client, school, deputy, head, second_head, association, django_assert_max_num_queries
):
    client.force_login(head)
    documents.publish_circular(_order(school, audience="heads"), by=act(deputy))
    client.get(reverse("methodology:circular_list"))  # warm the caches of a first request
    with CaptureQueriesContext(connection) as one:
        assert client.get(reverse("methodology:circular_list")).status_code == 200
    for _ in range(5):
        documents.publish_circular(_order(school, audience="heads"), by=act(deputy))
    with CaptureQueriesContext(connection) as six:
        response = client.get(reverse("methodology:circular_list"))
    assert len(response.context["mine"]) == 6
    assert len(six) == len(one)
    client.force_login(deputy)
    with django_assert_max_num_queries(14):
        client.get(reverse("methodology:circular_list"))
