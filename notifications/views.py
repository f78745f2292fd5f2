"""The inbox, the notification settings, the unsubscribe link and the personal calendar feed."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_not_required
from django.core.paginator import Paginator
from django.db.models import Q, QuerySet
from django.http import Http404, HttpResponse, HttpResponseRedirect
from django.shortcuts import get_object_or_404, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.http import require_http_methods, require_POST

from notifications import calendar
from notifications.actions import calendar as calendar_actions
from notifications.actions import preferences as preference_actions
from notifications.delivery import grouped, load, read_unsubscribe_token, visible
from notifications.emit import channels
from notifications.kinds import KINDS, link
from notifications.models import CalendarLink, Channel, Notification
from notifications.permissions import has_calendar
from school_gov.models import User
from school_gov.people import Person, PersonRequest
from school_gov.refusals import Refused, told
from school_gov.sites import site_url

PAGE_SIZE = 30


def _uid(person: Person) -> int:
    return int(person.user.pk or 0)


def mine(person: Person) -> QuerySet[Notification]:
    """The person's notifications about their own school (or none): one who left a school no longer
    sees what it told them. The role each kind needs is asked again row by row (delivery.visible)."""
    school = person.school
    own = Q(school__isnull=True) | Q(school=school) if school is not None else Q(school__isnull=True)
    return Notification.objects.filter(own, recipient_id=_uid(person))


def unread_count(person: Person) -> int:
    return mine(person).filter(read_at__isnull=True).count()


def inbox(request: PersonRequest) -> HttpResponse:
    """Newest first, grouped by the record they are about; the unread marked."""
    person = request.person
    only_unread = request.GET.get("show") == "unread"
    rows = mine(person).select_related("school").order_by("-created_at", "-pk")
    if only_unread:
        rows = rows.filter(read_at__isnull=True)
    page = Paginator(rows, PAGE_SIZE).get_page(request.GET.get("page"))
    shown = list(page.object_list)
    load(shown)
    shown = [row for row in shown if visible(row, person)]
    return render(
        request,
        "notifications/inbox.html",
        {
            "page": page,
            "groups": grouped(shown),
            "only_unread": only_unread,
            "unread": unread_count(person),
        },
    )


def open_notification(request: PersonRequest, pk: int) -> HttpResponse:
    """Follow a notification: it is marked read and the record's page opens."""
    notification = get_object_or_404(mine(request.person), pk=pk)
    if notification.read_at is None:
        # The reader's own mark, not governance state: no action, no audit line.
        Notification.objects.filter(pk=notification.pk).update(read_at=timezone.now())
    url = link(notification.about) if visible(notification, request.person) else ""
    if not url:
        messages.info(request, _("What this notification was about is no longer there for you."))
        return HttpResponseRedirect(reverse("notifications:inbox"))
    return HttpResponseRedirect(url)


@require_POST
def mark_read(request: PersonRequest) -> HttpResponse:
    """Mark read: the notifications named (a group's), or every one (`all`)."""
    rows = mine(request.person).filter(read_at__isnull=True)
    if request.POST.get("all") != "1":
        ids = [value for value in request.POST.getlist("id") if value.isdigit()]
        rows = rows.filter(pk__in=ids)
    count = rows.update(read_at=timezone.now())  # the reader's own marks, not governance state
    if count:
        messages.success(request, _("Marked as read."))
    return HttpResponseRedirect(reverse("notifications:inbox") + _keep(request))


def _keep(request: PersonRequest) -> str:
    return "?show=unread" if request.POST.get("show") == "unread" else ""


def _offered(person: Person) -> list[tuple[str, list]]:
    """The kinds on the person's settings page, by heading, each with its channel now."""
    is_student = person.student is not None
    offered = [k for k in KINDS.values() if k.offered_to(is_student)]
    now = channels((k.code, _uid(person)) for k in offered)
    groups: dict[str, list] = {}
    for declared in offered:
        groups.setdefault(str(declared.group), []).append((declared, now[(declared.code, _uid(person))]))
    return list(groups.items())


@require_http_methods(["GET", "POST"])
def preferences(request: PersonRequest) -> HttpResponse:
    """Per kind: in the app only, e-mail at once, or the daily digest."""
    person = request.person
    offered = _offered(person)
    if request.method == "POST":
        chosen = {  # the kinds the form sent (every one offered, from the page)
            declared.code: request.POST[f"kind-{declared.code}"]
            for _group, kinds in offered
            for declared, _channel in kinds
            if f"kind-{declared.code}" in request.POST
        }
        try:
            changed = preference_actions.choose(chosen, by=person)
        except Refused as error:
            told(request, error)
        else:
            if changed:
                messages.success(request, _("Your notification settings are saved."))
            else:
                messages.info(request, _("Nothing changed."))
            return HttpResponseRedirect(reverse("notifications:preferences"))
    return render(
        request,
        "notifications/preferences.html",
        {"groups": offered, "channels": Channel.choices, "has_address": bool(_address(person))},
    )


def _address(person: Person) -> str:
    from notifications.delivery import address_of

    return address_of(person.user) if isinstance(person.user, User) else ""


@login_not_required
@csrf_exempt  # the signed link is the right to act; a mail client's one-click POST carries no token
@require_http_methods(["GET", "POST"])
def unsubscribe(request: PersonRequest, token: str) -> HttpResponse:
    """GET shows what the link does and one button; POST (that button, or the mail client's own
    one-click unsubscribe, RFC 8058) does it. An altered link: a clear page, nothing changed."""
    read = read_unsubscribe_token(token)
    if read is None:
        return render(request, "notifications/unsubscribe.html", {"invalid": True}, status=400)
    kind = KINDS.get(read[1])
    context: dict[str, object] = {"kind": kind, "token": token}
    if request.method == "POST":
        try:
            _user, changed = preference_actions.unsubscribe(token, by=request.person)
        except Refused:
            return render(request, "notifications/unsubscribe.html", {"invalid": True}, status=400)
        context.update(done=True, changed=bool(changed))
    return render(request, "notifications/unsubscribe.html", context)


@require_http_methods(["GET", "POST"])
def calendar_link(request: PersonRequest) -> HttpResponse:
    """The person's secret calendar address: made (shown once), made anew, or revoked."""
    person = request.person
    if not has_calendar(person):
        raise Http404
    secret = None
    if request.method == "POST":
        if request.POST.get("do") == "revoke":
            if calendar_actions.revoke(by=person):
                messages.success(request, _("The calendar link is revoked; the old address no longer works."))
            return HttpResponseRedirect(reverse("notifications:calendar"))
        secret = calendar_actions.new_link(by=person)
        messages.success(
            request, _("Copy the new address into your calendar app; any earlier one no longer works.")
        )
    exists = CalendarLink.objects.filter(user_id=_uid(person)).first()
    url = site_url(reverse("notifications:feed", args=[secret])) if secret else ""
    return render(request, "notifications/calendar.html", {"link": exists, "url": url})


@login_not_required
def feed(request: PersonRequest, secret: str) -> HttpResponse:
    """The personal iCalendar feed behind a secret link; an unknown, revoked or deactivated one is 404."""
    found = (
        CalendarLink.objects.select_related("user")
        .filter(secret_hash=calendar_actions.digest_of(secret), user__is_active=True)
        .first()
    )
    if found is None:
        raise Http404
    body = calendar.feed_for(found.user)
    response = HttpResponse(body, content_type="text/calendar; charset=utf-8")
    response["Content-Disposition"] = 'inline; filename="school.ics"'
    response["Cache-Control"] = "private, max-age=900"
    return response
