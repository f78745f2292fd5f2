from __future__ import annotations

import logging
import sys
from importlib import import_module
from urllib.parse import urlsplit

from django.apps import apps
from django.conf import settings
from django.contrib import messages
from django.contrib.auth import views as auth_views
from django.contrib.auth.decorators import login_not_required
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.db import InterfaceError, OperationalError
from django.db.models import Prefetch, Q
from django.http import HttpRequest, HttpResponse, HttpResponseRedirect, HttpResponseServerError
from django.shortcuts import render
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.module_loading import module_has_submodule
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET, require_POST

from school_gov import roles
from school_gov.accounts import SignInForm
from school_gov.models import Appointment, SchoolYear, Staff
from school_gov.people import PersonRequest
from school_gov.permissions import (
    can_manage_school,
    can_read_staff_records,
    get_staff_for_user,
    readable_schools,
)
from school_gov.roles import ROLES, uses_admin

logger = logging.getLogger(__name__)

STAFF_PAGE_SIZE = 50


@login_not_required
def server_error(request: HttpRequest) -> HttpResponse:
    """handler500: the page of an error no view answered, asking nothing of the database. When the
    database was unreachable or its connection was lost in the middle (a restart, a network fault), 503
    with a page that says so: the transaction the request had open was rolled back by the server, so
    nothing is half written, and Django drops the broken connection when the request ends."""
    error = sys.exc_info()[1]
    if isinstance(error, OperationalError | InterfaceError):
        logger.error("The database could not be reached for %s %s: %s", request.method, request.path, error)
        response = HttpResponse(render_to_string("school_gov/database_unavailable.html"), status=503)
        response["Retry-After"] = "30"
        return response
    return HttpResponseServerError(render_to_string("500.html"))


@login_not_required
@require_GET
@never_cache
def healthz(request: PersonRequest) -> HttpResponse:
    """The load balancer's probe: no session, no database, no template."""
    return HttpResponse("ok", content_type="text/plain")


@login_not_required
@require_POST
def set_language(request: PersonRequest) -> HttpResponse:
    """Switch the interface language; remembered in a cookie and, when signed in, on the account."""
    code = request.POST.get("language", "")
    next_url = request.POST.get("next") or request.META.get("HTTP_REFERER") or "/"
    if not url_has_allowed_host_and_scheme(
        next_url, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    ):
        next_url = "/"
    next_path = urlsplit(next_url).path or "/"
    response = HttpResponseRedirect(next_path)
    if code not in dict(settings.LANGUAGES):
        messages.error(request, _("Unknown language: %(code)s.") % {"code": code[:20]})
        return response
    translation.activate(code)
    response.set_cookie(
        settings.LANGUAGE_COOKIE_NAME,
        code,
        max_age=settings.LANGUAGE_COOKIE_AGE,
        samesite="Lax",
        secure=request.is_secure(),
    )
    if request.user.is_authenticated and request.user.language != code:
        request.user.language = code
        request.user.save(update_fields=["language"])
    return response


class LoginView(auth_views.LoginView):
    """Sign-in (by username or e-mail) that brings back the language the person chose last time."""

    authentication_form = SignInForm

    def form_valid(self, form):
        response = super().form_valid(form)
        language = form.get_user().language
        if language:
            response.set_cookie(
                settings.LANGUAGE_COOKIE_NAME,
                language,
                max_age=settings.LANGUAGE_COOKIE_AGE,
                samesite="Lax",
                secure=self.request.is_secure(),
            )
        return response


def _calendar_context(school) -> dict:
    today = timezone.localdate()
    year = (
        SchoolYear.objects.filter(school=school, is_current=True).prefetch_related("quarters").first()
        if school
        else None
    )
    quarter = year.quarter_on(today) if year else None
    next_quarter = None
    if year and quarter is None:
        next_quarter = next((q for q in year.quarters.all() if q.start_date > today), None)
    return {
        "today": today,
        "year": year,
        "quarter": quarter,
        "quarter_days_left": (quarter.end_date - today).days if quarter else None,
        "next_quarter": next_quarter,
    }


def app_cards(request: PersonRequest) -> list[tuple[str, dict]]:
    """Dashboard cards from the apps: each app may offer `dashboard.cards(request)`.

    The core does not import the apps (DESIGN §2); they bring their own "my tasks" sections.
    """
    cards = []
    for app_config in apps.get_app_configs():
        if app_config.name != "school_gov" and module_has_submodule(app_config.module, "dashboard"):
            cards.extend(import_module(f"{app_config.name}.dashboard").cards(request))
    return cards


def dashboard(request: PersonRequest) -> HttpResponse:
    person = request.person
    held = person.roles
    school, staff, student = person.school, person.staff, person.student
    appointments = (
        staff.appointments.current().order_by("role") if staff is not None else Appointment.objects.none()
    )
    context = {
        "school": school,
        "staff": staff,
        "student": student,
        "role_labels": [ROLES[name].label for name in sorted(held)],
        "appointments": appointments,
        "uses_admin": uses_admin(person),
        "is_director": roles.DIRECTOR in held,
        "is_deputy": roles.DEPUTY_DIRECTOR in held,
        "app_cards": app_cards(request),
        **_calendar_context(school),
    }
    if staff is not None:
        context["service"] = staff.service_on(context["today"])
    if student is not None:
        context["tier"] = student.tier
        context["tier_grades"] = school.tier_grades()[student.tier]
    return render(request, "school_gov/dashboard.html", context)


def school_detail(request: PersonRequest) -> HttpResponse:
    """The signed-in person's school: its years, quarters and parliament bands."""
    school = request.person.school
    if school is None:
        raise PermissionDenied
    years = SchoolYear.objects.filter(school=school).prefetch_related("quarters")
    bands = school.tier_grades()
    return render(
        request,
        "school_gov/school_detail.html",
        {
            "school": school,
            "years": years,
            "bands": [(tier.label, first, last) for tier, (first, last) in bands.items()],
            "can_edit_calendar": can_manage_school(request.person, school),
            **_calendar_context(school),
        },
    )


def staff_list(request: PersonRequest) -> HttpResponse:
    """The staff directory with each person's education and service (for staff and the district)."""
    if not can_read_staff_records(request.person):
        raise PermissionDenied
    today = timezone.localdate()
    current = Appointment.objects.current(today).order_by("role")
    staff = (
        Staff.objects.filter(school__in=readable_schools(request.person))
        .select_related("school")
        .prefetch_related(Prefetch("appointments", queryset=current, to_attr="current_appointments"))
    )
    query = request.GET.get("q", "").strip()
    if query:
        staff = staff.filter(
            Q(surname__icontains=query) | Q(name__icontains=query) | Q(subjects__icontains=query)
        )
    page = Paginator(staff, STAFF_PAGE_SIZE).get_page(request.GET.get("page"))
    rows = [(person, person.service_on(today)) for person in page.object_list]
    return render(
        request,
        "school_gov/staff_list.html",
        {
            "page": page,
            "rows": rows,
            "query": query,
            "many_schools": readable_schools(request.person).count() > 1,
        },
    )


def staff_detail(request: PersonRequest, pk: int) -> HttpResponse:
    person = get_staff_for_user(request.person, pk)
    today = timezone.localdate()
    return render(
        request,
        "school_gov/staff_detail.html",
        {
            "person": person,
            "service": person.service_on(today),
            "appointments": person.appointments.all(),
            "today": today,
            "admin_url": reverse("admin:school_gov_staff_change", args=[person.pk])
            if request.user.has_perm("school_gov.change_staff")
            else None,
        },
    )
