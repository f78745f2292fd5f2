"""Professional development (MB-3.3, MB-4.7) and attestation (MB-4.2): each teacher's record (category,
next attestation, courses with certificates, self-education by year, attestations with the head's opinion
and the commission's decision), and the forecast the deputy director reads with the documents not yet
read beside it."""

from __future__ import annotations

from collections.abc import Callable

from django.conf import settings
from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.db.models import Count, Prefetch, Q
from django.http import FileResponse, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from methodology.actions import growth
from methodology.forecast import forecast, window
from methodology.forms import (
    AttestationDecisionForm,
    AttestationForm,
    CourseForm,
    OpinionForm,
    SelfEducationForm,
)
from methodology.models import Acknowledgement, Circular, Course, SelfEducation
from methodology.permissions import (
    can_decide_attestation,
    can_give_opinion,
    can_keep_growth,
    can_open_attestation,
    can_view_forecast,
    get_attestation_for_user,
    get_certificate_for_user,
    get_teacher_for_user,
    members_led,
)
from school_gov import files
from school_gov.collation import Kyrgyz
from school_gov.models import Staff
from school_gov.people import PersonRequest
from school_gov.permissions import get_in_school_or_404
from school_gov.refusals import Refused, told

TEACHERS_PER_PAGE = 50
UNREAD_SHOWN = 5


def growth_overview(request: PersonRequest) -> HttpResponse:
    """The forecast: who is due for attestation this school year and the next, who has had no course in
    three years, hours of courses this year; for the leaders, the documents passed down not yet read."""
    person = request.person
    staff = person.staff
    if staff is None or not can_view_forecast(person, staff.school):
        raise PermissionDenied
    school = staff.school
    today = timezone.localdate()
    year = school.current_year()
    teachers = Staff.objects.filter(school=school).order_by(Kyrgyz("surname"), Kyrgyz("name"), "pk")
    manager = person.manages(school)
    if not manager:
        teachers = teachers.filter(pk__in=members_led(person))
    # One query for all the school's teachers (a few hundred at most); the table shows them by pages.
    rows = forecast(teachers, year, today)
    page = Paginator(rows, TEACHERS_PER_PAGE).get_page(request.GET.get("page"))
    unread = []
    if manager:
        unread = list(
            Circular.objects.filter(school=school)
            .annotate(unread=Count("acknowledgements", filter=Q(acknowledgements__read_at=None)))
            .filter(unread__gt=0)
            .select_related("author")
            .prefetch_related(
                Prefetch(
                    "acknowledgements",
                    queryset=Acknowledgement.objects.filter(read_at=None)
                    .select_related("staff")
                    .order_by(Kyrgyz("staff__surname"), Kyrgyz("staff__name")),
                    to_attr="not_read",
                )
            )
            .order_by("-published_at", "-pk")[:UNREAD_SHOWN]
        )
    return render(
        request,
        "methodology/growth/overview.html",
        {
            "page": page,
            "rows": page.object_list,
            "due_this_year": [row for row in rows if row.due in ("overdue", "this_year")],
            "due_next_year": [row for row in rows if row.due == "next_year"],
            "no_course": [row for row in rows if row.no_recent_course],
            "window": window(year, today),
            "year": year,
            "unread": unread,
            "manager": manager,
            "attestation_years": settings.ATTESTATION_YEARS,
        },
    )


def teacher_growth(request: PersonRequest, pk: int) -> HttpResponse:
    """One teacher's record: seen by the teacher, the head of their association and the school's leaders."""
    person = request.person
    teacher = get_teacher_for_user(person, pk)
    today = timezone.localdate()
    year = teacher.school.current_year()
    row = forecast(Staff.objects.filter(pk=teacher.pk), year, today)[0]
    attestations = list(
        teacher.attestations.select_related("opinion_by", "decided_by", "plan_item__plan").order_by(
            "-held_on", "-pk"
        )
    )
    for attestation in attestations:
        attestation.staff = teacher
        attestation.may_give_opinion = can_give_opinion(person, attestation)  # type: ignore[attr-defined]
        attestation.may_decide = can_decide_attestation(person, attestation)  # type: ignore[attr-defined]
    return render(
        request,
        "methodology/growth/teacher.html",
        {
            "teacher": teacher,
            "row": row,
            "courses": teacher.courses.select_related("certificate", "plan_item__plan").order_by(
                "-ended_on", "-pk"
            ),
            "self_education": teacher.self_education.select_related(
                "school_year", "plan_item__plan"
            ).order_by("-school_year__start_date"),
            "attestations": attestations,
            "may_keep": can_keep_growth(person, teacher),
            "may_open": can_open_attestation(person, teacher) and not row.attestation_open,
            "may_forecast": can_view_forecast(person, teacher.school),
            "today": today,
        },
    )


def _form_page(request: PersonRequest, teacher: Staff, form, *, title: str, button: str, multipart=False):
    return render(
        request,
        "methodology/growth/form.html",
        {"teacher": teacher, "form": form, "title": title, "button": button, "multipart": multipart},
    )


def _submitted(request: PersonRequest, form, write: Callable[[], object], done: str, teacher_pk: int):
    """A valid form's action: its refusal said on the form (None: the form is shown again), or the
    message and back to the teacher's record."""
    if request.method != "POST" or not form.is_valid():
        return None
    try:
        write()
    except Refused as error:
        told(request, error, form)
        return None
    messages.success(request, done)
    return redirect("methodology:teacher_growth", teacher_pk)


def course_create(request: PersonRequest, pk: int) -> HttpResponse:
    person = request.person
    teacher = get_teacher_for_user(person, pk)
    if not can_keep_growth(person, teacher):
        raise PermissionDenied
    form = CourseForm(request.POST or None, request.FILES or None, teacher=teacher)
    done = _submitted(
        request,
        form,
        lambda: growth.record_course(form.instance, upload=form.cleaned_data["certificate"], by=person),
        _("The course is recorded."),
        teacher.pk,
    )
    if done is not None:
        return done
    return _form_page(
        request, teacher, form, title=_("Record a course"), button=_("Record the course"), multipart=True
    )


@require_POST
def course_remove(request: PersonRequest, pk: int) -> HttpResponse:
    person = request.person
    course = get_in_school_or_404(
        Course.objects.select_related("staff__school"), person, school_field="staff__school", pk=pk
    )
    if not can_keep_growth(person, course.staff):
        raise PermissionDenied
    teacher_pk = course.staff_id
    try:
        growth.remove_course(course, by=person)
    except Refused as error:
        told(request, error)
    else:
        messages.success(request, _("The course is removed."))
    return redirect("methodology:teacher_growth", teacher_pk)


def certificate_file(request: PersonRequest, pk: int) -> FileResponse:
    """A course's certificate, to who may see the teacher's record (never a media URL)."""
    return files.download(get_certificate_for_user(request.person, pk))


def self_education_edit(request: PersonRequest, pk: int) -> HttpResponse:
    """The topic of a school year (the current one unless chosen) and its report."""
    person = request.person
    teacher = get_teacher_for_user(person, pk)
    if not can_keep_growth(person, teacher):
        raise PermissionDenied
    form = SelfEducationForm(request.POST or None, teacher=teacher)
    if request.method == "GET":
        chosen = request.GET.get("year") or form.fields["school_year"].initial
        existing = (
            SelfEducation.objects.filter(staff=teacher, school_year_id=int(chosen)).first()
            if str(chosen or "").isdigit()
            else None
        )
        if existing is not None:
            form.initial.update(
                school_year=existing.school_year_id,
                topic=existing.topic,
                report=existing.report,
                plan_item=existing.plan_item_id,
            )
    done = _submitted(
        request,
        form,
        lambda: growth.write_self_education(
            teacher,
            school_year=form.cleaned_data["school_year"],
            topic=form.cleaned_data["topic"],
            report=form.cleaned_data["report"],
            plan_item=form.cleaned_data["plan_item"],
            by=person,
        ),
        _("The self-education topic is saved."),
        teacher.pk,
    )
    if done is not None:
        return done
    return _form_page(request, teacher, form, title=_("Self-education"), button=_("Save"))


def attestation_create(request: PersonRequest, pk: int) -> HttpResponse:
    person = request.person
    teacher = get_teacher_for_user(person, pk)
    if not can_open_attestation(person, teacher):
        raise PermissionDenied
    form = AttestationForm(request.POST or None, teacher=teacher)
    done = _submitted(
        request,
        form,
        lambda: growth.open_attestation(form.instance, by=person),
        _("The attestation is prepared; the head is asked for an opinion."),
        teacher.pk,
    )
    if done is not None:
        return done
    return _form_page(request, teacher, form, title=_("Put forward for attestation"), button=_("Prepare"))


def attestation_opinion(request: PersonRequest, pk: int) -> HttpResponse:
    """MB-4.2: the head's written opinion for the commission."""
    person = request.person
    attestation = get_attestation_for_user(person, pk)
    if not can_give_opinion(person, attestation):
        raise PermissionDenied
    form = OpinionForm(request.POST or None, initial={"head_opinion": attestation.head_opinion})
    done = _submitted(
        request,
        form,
        lambda: growth.give_attestation_opinion(
            attestation, opinion=form.cleaned_data["head_opinion"], by=person
        ),
        _("Your opinion is recorded for the commission."),
        attestation.staff_id,
    )
    if done is not None:
        return done
    return _form_page(request, attestation.staff, form, title=str(attestation), button=_("Save the opinion"))


def attestation_decision(request: PersonRequest, pk: int) -> HttpResponse:
    person = request.person
    attestation = get_attestation_for_user(person, pk)
    if not can_decide_attestation(person, attestation):
        raise PermissionDenied
    form = AttestationDecisionForm(request.POST or None)
    done = _submitted(
        request,
        form,
        lambda: growth.decide_attestation(
            attestation,
            decision=form.cleaned_data["decision"],
            decided_on=form.cleaned_data["decided_on"],
            note=form.cleaned_data["note"],
            by=person,
        ),
        _("The commission's decision is recorded."),
        attestation.staff_id,
    )
    if done is not None:
        return done
    return _form_page(
        request, attestation.staff, form, title=str(attestation), button=_("Record the decision")
    )


def growth_home(request: PersonRequest) -> HttpResponse:
    """The menu's entry: the forecast for who may read it, one's own record for a teacher."""
    person = request.person
    staff = person.staff
    if staff is None:
        raise PermissionDenied
    if can_view_forecast(person, staff.school):
        return redirect("methodology:growth_overview")
    return redirect(reverse("methodology:teacher_growth", args=[staff.pk]))
