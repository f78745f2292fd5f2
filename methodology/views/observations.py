"""Lesson observations (MB-3.1, MB-4.1): the observer records the analysis of a lesson attended; the
teacher reads it and confirms; the association's head and the school's leaders follow them."""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.db.models import Q, QuerySet
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from methodology import actions
from methodology.forms import ObservationForm
from methodology.models import HeadAppointment, InvalidTransition, LessonObservation
from methodology.permissions import (
    can_acknowledge_observation,
    can_edit_observation,
    can_observe,
    get_association_for_user,
    get_observation_for_user,
    is_school_reviewer,
)
from school_gov.models import AuditEvent
from school_gov.permissions import readable_schools
from school_gov.roles import staff_of

OBSERVATIONS_PER_PAGE = 25


def visible_observations(user) -> QuerySet[LessonObservation]:
    """What `user` may read (can_view_observation as a query): their own, made or received; those of the
    associations they head; every one of the school (or district) for its leaders and methodologist."""
    staff = staff_of(user)
    if staff is None:
        return LessonObservation.objects.none()
    schools = readable_schools(user)
    reviewed = [school.pk for school in schools if is_school_reviewer(user, school)]
    headed = HeadAppointment.objects.current().filter(staff=staff).values("association_id")
    return LessonObservation.objects.filter(association__school__in=schools).filter(
        Q(observer=staff) | Q(teacher=staff) | Q(association__in=headed) | Q(association__school__in=reviewed)
    )


def observation_list(request: HttpRequest) -> HttpResponse:
    staff = staff_of(request.user)
    if staff is None:
        raise PermissionDenied
    observations = (
        visible_observations(request.user)
        .select_related("association", "teacher", "observer")
        .order_by("-observed_on", "-lesson_starts_at", "-pk")
    )
    page = Paginator(observations, OBSERVATIONS_PER_PAGE).get_page(request.GET.get("page"))
    return render(
        request,
        "methodology/observation_list.html",
        {"page": page, "rows": page.object_list, "me": staff},
    )


def observation_create(request: HttpRequest, pk: int) -> HttpResponse:
    """A new observation of a lesson of the association's teachers, by its head or a school leader."""
    association = get_association_for_user(request.user, pk)
    if not can_observe(request.user, association):
        raise PermissionDenied
    form = ObservationForm(request.POST or None, association=association, observer=staff_of(request.user))
    if request.method == "POST" and form.is_valid():
        try:
            actions.save_observation(observation=form.instance, by=request.user)
        except InvalidTransition as error:
            messages.error(request, error.message)
        else:
            messages.success(request, _("The observation is recorded; the teacher can now read it."))
            return redirect(form.instance)
    return render(
        request, "methodology/observation_form.html", {"form": form, "association": association, "new": True}
    )


def observation_detail(request: HttpRequest, pk: int) -> HttpResponse:
    observation = get_observation_for_user(request.user, pk)
    return render(
        request,
        "methodology/observation_detail.html",
        {
            "observation": observation,
            "can_edit": can_edit_observation(request.user, observation),
            "can_acknowledge": can_acknowledge_observation(request.user, observation),
            "history": AuditEvent.objects.for_object(observation).select_related("actor")[:50],
        },
    )


def observation_edit(request: HttpRequest, pk: int) -> HttpResponse:
    observation = get_observation_for_user(request.user, pk, edit=True)
    form = ObservationForm(
        request.POST or None,
        instance=observation,
        association=observation.association,
        observer=observation.observer,
    )
    if request.method == "POST" and form.is_valid():
        try:
            actions.save_observation(observation=form.instance, by=request.user, changed=form.changed_data)
        except InvalidTransition as error:
            messages.error(request, error.message)
        else:
            messages.success(request, _("The observation is saved."))
            return redirect(observation)
    return render(
        request,
        "methodology/observation_form.html",
        {"form": form, "association": observation.association, "observation": observation, "new": False},
    )


@require_POST
def observation_acknowledge(request: HttpRequest, pk: int) -> HttpResponse:
    observation = get_observation_for_user(request.user, pk)
    if staff_of(request.user) is None or staff_of(request.user).pk != observation.teacher_id:
        raise PermissionDenied
    try:
        actions.acknowledge_observation(
            observation=observation, by=request.user, version=request.POST.get("version", "")
        )
    except InvalidTransition as error:
        messages.error(request, error.message)
    else:
        messages.success(request, _("You have confirmed reading the analysis."))
    return redirect(observation)
