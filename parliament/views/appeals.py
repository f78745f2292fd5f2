"""Confidential appeals (SP-3.3; SP-4.2 honour and dignity): filed by a student, read and handled
only by the adviser, the social pedagogue and the deputy director; every opening is recorded."""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.db.models import Count, Q
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_POST

from parliament.actions import appeals as actions
from parliament.forms.appeals import AppealForm, AppealUpdateForm
from parliament.models import (
    Appeal,
    AppealStatus,
)
from parliament.permissions.appeals import (
    can_file_appeal,
    can_handle_appeal,
    get_appeal_for_user,
    is_appeal_handler,
)
from school_gov.models import AuditEvent, School
from school_gov.people import PersonRequest
from school_gov.permissions import own_school_or_404
from school_gov.refusals import Refused, told

APPEALS_PER_PAGE = 25


OPEN_APPEALS = (AppealStatus.NEW, AppealStatus.IN_PROGRESS)


# Confidential appeals (SP-3.3; SP-4.2 honour and dignity)


@never_cache
def appeal_list(request: PersonRequest) -> HttpResponse:
    """A student sees their own appeals; the handlers the school's, by status."""
    school = own_school_or_404(request.person)
    if is_appeal_handler(request.person, school):
        return _handler_appeal_list(request, school)
    if not can_file_appeal(request.person):
        raise PermissionDenied
    appeals = Appeal.objects.filter(author=request.person.student).order_by("-created_at")
    return render(request, "parliament/appeal/appeal_list.html", {"appeals": list(appeals), "handler": False})


def _handler_appeal_list(request: PersonRequest, school: School) -> HttpResponse:
    appeals = Appeal.objects.filter(school=school)
    counts = appeals.aggregate(
        open=Count("pk", filter=Q(status__in=OPEN_APPEALS)),
        all=Count("pk"),
        **{status: Count("pk", filter=Q(status=status)) for status in AppealStatus.values},
    )
    # The tab with something in it: the open appeals, or all of them when none is open.
    status = request.GET.get("status", "open" if counts["open"] or not counts["all"] else "all")
    if status == "open":
        appeals = appeals.filter(status__in=OPEN_APPEALS)
    elif status in AppealStatus.values:
        appeals = appeals.filter(status=status)
    elif status != "all":
        messages.warning(request, _("Unknown status filter; showing all appeals."))
        status = "all"
    page = Paginator(
        appeals.select_related("author", "handled_by").order_by("-created_at", "-pk"), APPEALS_PER_PAGE
    ).get_page(request.GET.get("page"))
    tabs = [("open", _("open"), counts["open"])]
    tabs += [(value, label, counts[value]) for value, label in AppealStatus.choices]
    tabs.append(("all", _("all"), counts["all"]))
    return render(
        request,
        "parliament/appeal/appeal_list.html",
        {"page": page, "appeals": page.object_list, "handler": True, "status": status, "tabs": tabs},
    )


def appeal_create(request: PersonRequest) -> HttpResponse:
    if not can_file_appeal(request.person):
        raise PermissionDenied
    form = AppealForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            appeal = actions.file_appeal(form.instance, by=request.person)
        except Refused as error:  # the same appeal sent twice: the form says it was filed once
            told(request, error, form)
        else:
            messages.success(
                request,
                _(
                    "Your appeal was filed. Only the parliament's adviser, the social pedagogue and the "
                    "deputy director will read it."
                ),
            )
            return redirect("parliament:appeal_detail", pk=appeal.pk)
    return render(request, "parliament/appeal/appeal_form.html", {"form": form})


def _appeal_page(request: PersonRequest, appeal: Appeal, form: AppealUpdateForm | None) -> HttpResponse:
    """Every rendering of an appeal's contents is an opening, written to the audit trail."""
    handler = can_handle_appeal(request.person, appeal)
    actions.record_appeal_opened(appeal, by=request.person)
    context = {"appeal": appeal, "handler": handler, "form": form}
    if handler:
        events = AuditEvent.objects.for_object(appeal).select_related("actor__staff", "actor__student")[:50]
        context["history"] = [
            (event, _person_name(event.actor), _appeal_event_label(event.action)) for event in events
        ]
    return render(request, "parliament/appeal/appeal_detail.html", context)


def _person_name(user) -> str:
    if user is None:
        return "—"
    for record in ("staff", "student"):
        person = getattr(user, record, None)  # a missing reverse one-to-one is an AttributeError
        if person is not None:
            return person.short_name
    return user.get_username()


def _appeal_event_label(action: str) -> str:
    verb = action.rsplit(".", 1)[-1]
    labels = {"created": _("filed"), "opened": _("opened"), "changed": _("status or resolution changed")}
    return labels.get(verb, verb)


@never_cache
def appeal_detail(request: PersonRequest, pk: int) -> HttpResponse:
    appeal = get_appeal_for_user(request.person, pk)
    form = AppealUpdateForm(instance=appeal) if can_handle_appeal(request.person, appeal) else None
    return _appeal_page(request, appeal, form)


@never_cache
@require_POST
def appeal_update(request: PersonRequest, pk: int) -> HttpResponse:
    appeal = get_appeal_for_user(request.person, pk)
    if not can_handle_appeal(request.person, appeal):
        raise PermissionDenied  # the author, who knows the appeal exists
    # A fresh instance: a refused form must not leave its values on the appeal the page shows.
    form = AppealUpdateForm(request.POST)
    if not form.is_valid():
        messages.error(request, _("The appeal was not changed: correct the marked fields."))
        return _appeal_page(request, appeal, form)
    actions.update_appeal(
        appeal,
        status=form.cleaned_data["status"],
        resolution=form.cleaned_data["resolution"],
        by=request.person,
    )
    messages.success(request, _("The appeal was updated."))
    return redirect("parliament:appeal_detail", pk=appeal.pk)
