"""Lesson observations (MB-3.1, MB-4.1): the observer records the analysis of a lesson attended; the
teacher reads it and confirms; the association's head and the school's leaders follow them."""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.db.models import Q, QuerySet
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from methodology.actions import observations
from methodology.forms import ObservationForm
from methodology.models import HeadAppointment, LessonObservation
from methodology.permissions import (
    can_acknowledge_observation,
    can_edit_observation,
    can_observe,
    get_association_for_user,
    get_observation_for_user,
    is_school_reviewer,
)
from school_gov.models import AuditEvent
from school_gov.people import Person, PersonRequest
from school_gov.permissions import readable_schools, schools_to_choose
from school_gov.refusals import Refused, told

OBSERVATIONS_PER_PAGE = 25


def visible_observations(person: Person) -> QuerySet[LessonObservation]:
    """What the person may read (can_view_observation as a query): their own, made or received; those of
    the associations they head; every one of the school (or district) for its leaders and methodologist."""
    staff = person.staff
    if staff is None:
        return LessonObservation.objects.none()
    schools = readable_schools(person)
    reviewed = [school.pk for school in schools if is_school_reviewer(person, school)]
    headed = HeadAppointment.objects.current().filter(staff=staff).values("association_id")
    return LessonObservation.objects.filter(association__school__in=schools).filter(
        Q(observer=staff) | Q(teacher=staff) | Q(association__in=headed) | Q(association__school__in=reviewed)
    )


def observation_list(request: PersonRequest) -> HttpResponse:
    staff = request.person.staff
    if staff is None:
        raise PermissionDenied
    observations = (
        visible_observations(request.person)
        .select_related("association__school", "teacher", "observer")
        .order_by("-observed_on", "-lesson_starts_at", "-pk")
    )
    schools, chosen_school = schools_to_choose(request.person, request.GET.get("school", ""))
    if chosen_school is not None:
        observations = observations.filter(association__school=chosen_school)
    page = Paginator(observations, OBSERVATIONS_PER_PAGE).get_page(request.GET.get("page"))
    return render(
        request,
        "methodology/observation/observation_list.html",
        {
            "page": page,
            "rows": page.object_list,
            "me": staff,
            "schools": schools,
            "chosen_school": chosen_school,
        },
    )


def observation_create(request: PersonRequest, pk: int) -> HttpResponse:
    """A new observation of a lesson of the association's teachers, by its head or a school leader."""
    association = get_association_for_user(request.person, pk)
    if not can_observe(request.person, association):
        raise PermissionDenied
    form = ObservationForm(request.POST or None, association=association, observer=request.person.staff)
    if request.method == "POST" and form.is_valid():
        try:
            observations.save(form.instance, by=request.person)
        except Refused as error:
            told(request, error)
        else:
            messages.success(request, _("The observation is recorded; the teacher can now read it."))
            return redirect(form.instance)
    return render(
        request,
        "methodology/observation/observation_form.html",
        {"form": form, "association": association, "new": True},
    )


def observation_detail(request: PersonRequest, pk: int) -> HttpResponse:
    observation = get_observation_for_user(request.person, pk)
    return render(
        request,
        "methodology/observation/observation_detail.html",
        {
            "observation": observation,
            "can_edit": can_edit_observation(request.person, observation),
            "can_acknowledge": can_acknowledge_observation(request.person, observation),
            "history": AuditEvent.objects.for_object(observation).select_related("actor__staff")[:50],
        },
    )


def observation_edit(request: PersonRequest, pk: int) -> HttpResponse:
    observation = get_observation_for_user(request.person, pk, edit=True)
    form = ObservationForm(
        request.POST or None,
        instance=observation,
        association=observation.association,
        observer=observation.observer,
    )
    if request.method == "POST" and form.is_valid():
        try:
            observations.save(form.instance, by=request.person, changed=form.changed_data)
        except Refused as error:
            told(request, error)
        else:
            messages.success(request, _("The observation is saved."))
            return redirect(observation)
    return render(
        request,
        "methodology/observation/observation_form.html",
        {"form": form, "association": observation.association, "observation": observation, "new": False},
    )


@require_POST
def observation_acknowledge(request: PersonRequest, pk: int) -> HttpResponse:
    observation = get_observation_for_user(request.person, pk)
    if not request.person.is_staff_member_of(observation.teacher_id):
        raise PermissionDenied
    try:
        observations.acknowledge(observation, by=request.person, version=request.POST.get("version", ""))
    except Refused as error:
        told(request, error)
    else:
        messages.success(request, _("You have confirmed reading the analysis."))
    return redirect(observation)
