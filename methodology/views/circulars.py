"""Documents passed down (MB-5.4) and the heads' exchange with their teachers (MB-5.5): published to an
audience, acknowledged once by each recipient ("Тааныштым"); the author and the school's leaders see who
has not read which, per document and per person."""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.db.models import Count, F, Q
from django.http import FileResponse, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from methodology.actions import documents
from methodology.forms import CircularForm
from methodology.models import Acknowledgement, Circular
from methodology.permissions import (
    acknowledgement_of,
    can_oversee_circular,
    can_publish,
    get_circular_file_for_user,
    get_circular_for_user,
    headed_associations,
)
from school_gov import files
from school_gov.collation import Kyrgyz
from school_gov.people import PersonRequest
from school_gov.refusals import Refused, told

CIRCULARS_PER_PAGE = 20


def circular_list(request: PersonRequest) -> HttpResponse:
    """What was sent to me (unread first), what I published (the school's, for its leaders) with the
    counts of readers, and for the leaders who has not read what."""
    person = request.person
    staff = person.staff
    if staff is None:
        raise PermissionDenied
    mine = (
        Acknowledgement.objects.filter(staff=staff)
        .select_related("circular__author")
        .order_by(F("read_at").desc(nulls_first=True), "-circular__published_at", "-pk")[:30]
    )
    manager = person.manages(staff.school)
    published = Circular.objects.filter(school=staff.school_id)
    if not manager:
        published = published.filter(author=staff)
    page = Paginator(
        published.select_related("author")
        .annotate(
            recipients=Count("acknowledgements"),
            unread=Count("acknowledgements", filter=Q(acknowledgements__read_at__isnull=True)),
        )
        .order_by("-published_at", "-pk"),
        CIRCULARS_PER_PAGE,
    ).get_page(request.GET.get("page"))
    not_read = []
    if manager:
        not_read = list(
            Acknowledgement.objects.filter(circular__school=staff.school_id, read_at__isnull=True)
            .values("staff", "staff__surname", "staff__name", "staff__patronymic")
            .annotate(count=Count("pk"))
            .order_by(Kyrgyz("staff__surname"), Kyrgyz("staff__name"), "staff")[:100]
        )
    return render(
        request,
        "methodology/circular/circular_list.html",
        {
            "mine": mine,
            "page": page,
            "rows": page.object_list,
            "not_read": not_read,
            "may_publish": can_publish(person, staff.school),
        },
    )


def circular_create(request: PersonRequest) -> HttpResponse:
    person = request.person
    staff = person.staff
    if staff is None or not can_publish(person, staff.school):
        raise PermissionDenied
    form = CircularForm(
        request.POST or None,
        request.FILES or None,
        school=staff.school,
        manager=person.manages(staff.school),
        headed=headed_associations(person),
        instance=Circular(school=staff.school),
    )
    if request.method == "POST" and form.is_valid():
        try:
            documents.publish_circular(
                form.instance,
                associations=form.cleaned_data["associations"],
                upload=form.cleaned_data.get("file") or None,
                by=person,
            )
        except Refused as error:
            told(request, error, form)
        else:
            messages.success(request, _("The document is published to its recipients."))
            return redirect(form.instance)
    return render(request, "methodology/circular/circular_form.html", {"form": form})


def circular_detail(request: PersonRequest, pk: int) -> HttpResponse:
    person = request.person
    circular = get_circular_for_user(person, pk)
    readers = None
    if can_oversee_circular(person, circular):
        readers = circular.acknowledgements.select_related("staff").order_by(
            F("read_at").desc(nulls_first=True), Kyrgyz("staff__surname"), Kyrgyz("staff__name"), "pk"
        )
    return render(
        request,
        "methodology/circular/circular_detail.html",
        {
            "circular": circular,
            "files": circular.files.all(),
            "associations": circular.associations.all(),
            "mine": acknowledgement_of(person, circular),
            "readers": readers,
        },
    )


@require_POST
def circular_acknowledge(request: PersonRequest, pk: int) -> HttpResponse:
    circular = get_circular_for_user(request.person, pk)
    try:
        documents.acknowledge_circular(circular, by=request.person)
    except Refused as error:
        told(request, error)
    else:
        messages.success(request, _("Noted: you have read the document."))
    return redirect(circular)


def circular_file(request: PersonRequest, pk: int) -> FileResponse:
    """The document's file, to its recipients and to who oversees it (never a media URL)."""
    return files.download(get_circular_file_for_user(request.person, pk))
