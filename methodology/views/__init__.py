from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.db.models import Count, Prefetch, Q
from django.http import HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from methodology import waiting
from methodology.actions import plans as plan_actions
from methodology.actions import reports as report_actions
from methodology.forms import (
    CommentForm,
    CompletionForm,
    NewPlanForm,
    NewReportForm,
    PlanForm,
    PlanItemFormSet,
    ReportForm,
)
from methodology.models import (
    Association,
    HeadAppointment,
    Membership,
    PlanItem,
    PlanStatus,
    WorkPlan,
)
from methodology.permissions import (
    can_agree_plan,
    can_approve_plan,
    can_comment_plan,
    can_create_plan,
    can_edit_plan,
    can_edit_report,
    can_mark_completion,
    can_observe,
    can_propose,
    can_record_meeting,
    can_request_documents,
    can_return_plan,
    can_review_report,
    can_submit_plan,
    can_submit_report,
    can_view_meetings,
    can_view_proposals,
    can_view_report,
    get_association_for_user,
    get_plan_for_user,
    get_report_for_user,
    headed_associations,
    is_head,
    is_member,
    is_school_reviewer,
)
from methodology.views.observations import visible_observations
from school_gov import roles
from school_gov.collation import Kyrgyz
from school_gov.deadlines import describe
from school_gov.models import AuditEvent, School
from school_gov.people import Person, PersonRequest
from school_gov.permissions import readable_schools, schools_to_choose
from school_gov.refusals import Refused, told

PLANS_PER_PAGE = 25
ASSOCIATION_OBSERVATIONS = 10  # the latest on the association's page; the rest on the list
ASSOCIATION_MEETINGS = 20  # the latest minutes on the association's page
ASSOCIATION_PROPOSALS = 10  # the head's latest proposals on the association's page


def _require_staff(request: PersonRequest):
    """Methodological work is the staff's: students and unlinked accounts get 403."""
    staff = request.person.staff
    if staff is None:
        raise PermissionDenied
    return staff


def association_list(request: PersonRequest) -> HttpResponse:
    """The school's associations, the person's own first."""
    staff = _require_staff(request)
    today = timezone.localdate()
    associations = (
        Association.objects.filter(school__in=readable_schools(request.person))
        .select_related("school")
        .annotate(
            member_count=Count(
                "memberships",
                filter=Q(memberships__starts_on__lte=today)
                & (Q(memberships__ends_on__isnull=True) | Q(memberships__ends_on__gte=today)),
            )
        )
        .prefetch_related(
            Prefetch(
                "head_appointments",
                queryset=HeadAppointment.objects.current(today).select_related("staff"),
                to_attr="current_heads",
            )
        )
    )
    schools, chosen_school = schools_to_choose(request.person, request.GET.get("school", ""))
    if chosen_school is not None:
        associations = associations.filter(school=chosen_school)
    elif schools:
        associations = associations.order_by(Kyrgyz("school__name"), Kyrgyz("name"), "pk")
    mine = set(
        Membership.objects.current(today).filter(staff=staff).values_list("association_id", flat=True)
    ) | set(
        HeadAppointment.objects.current(today).filter(staff=staff).values_list("association_id", flat=True)
    )
    rows = sorted(associations, key=lambda a: a.pk not in mine)
    return render(
        request,
        "methodology/association/association_list.html",
        {
            "rows": [(a, a.current_heads[0] if a.current_heads else None, a.pk in mine) for a in rows],
            "schools": schools,
            "chosen_school": chosen_school,
        },
    )


def association_detail(request: PersonRequest, pk: int) -> HttpResponse:
    association = get_association_for_user(request.person, pk)
    today = timezone.localdate()
    head = association.head_on(today)
    members = (
        Membership.objects.current(today)
        .filter(association=association)
        .select_related("staff")
        .order_by(Kyrgyz("staff__surname"), Kyrgyz("staff__name"))
    )
    plans = [
        (plan, describe(plan.deadline(today)))
        for plan in _visible_plans(request.person)
        .filter(association=association)
        .select_related("school_year", "quarter")
    ]
    reports = [
        (report, describe(report.deadline(today), done="submitted"))
        for report in association.reports.select_related("school_year", "association__school")
        if can_view_report(request.person, report)  # no link to a report the person may not open
    ]
    reviewer = is_school_reviewer(request.person, association.school)
    return render(
        request,
        "methodology/association/association_detail.html",
        {
            "association": association,
            "head": head,
            "head_problems": head.qualification_problems() if head else [],
            "members": [(m, m.staff.service_on(today)) for m in members],
            "plans": plans,
            "reports": reports,
            "can_create_plan": can_create_plan(request.person, association),
            "can_create_report": is_head(request.person, association),
            "is_reviewer": reviewer,
            "can_observe": can_observe(request.person, association),
            "can_request_documents": can_request_documents(request.person, association.school, association),
            "can_record_meeting": can_record_meeting(request.person, association),
            "can_propose": can_propose(request.person, association),
            "projects": list(association.projects.select_related("teacher")),
            "proposals": (
                list(association.proposals.order_by("-created_at", "-pk")[:ASSOCIATION_PROPOSALS])
                if can_view_proposals(request.person, association)
                else None
            ),
            "quarters_without_meeting": (
                waiting.quarters_without_meeting(today, associations=[association.pk])
                if can_view_meetings(request.person, association)
                else []
            ),
            "meetings": (
                list(
                    association.meetings.select_related("minutes").order_by(
                        "-minutes__held_on", "-minutes__number"
                    )[:ASSOCIATION_MEETINGS]
                )
                if can_view_meetings(request.person, association)
                else None
            ),
            "observations": list(
                visible_observations(request.person)
                .filter(association=association)
                .select_related("teacher")
                .order_by("-observed_on", "-pk")[:ASSOCIATION_OBSERVATIONS]
            ),
        },
    )


def _visible_plans(person: Person):
    """Plans the person may see, as a queryset (the list's version of can_view_plan)."""
    today = timezone.localdate()
    staff = person.staff
    schools = readable_schools(person)
    plans = WorkPlan.objects.filter(association__school__in=schools)
    if staff is None:
        return plans.none()
    own = Q(association__memberships__in=Membership.objects.current(today).filter(staff=staff)) | Q(
        association__head_appointments__in=HeadAppointment.objects.current(today).filter(staff=staff)
    )
    if person.holds(roles.DEPUTY_DIRECTOR, roles.DIRECTOR, roles.DISTRICT_METHODOLOGIST):
        return plans.filter(own | ~Q(status=PlanStatus.DRAFT)).distinct()
    return plans.filter(own | Q(status=PlanStatus.APPROVED)).distinct()


def plan_list(request: PersonRequest) -> HttpResponse:
    """Plans the person may see, filtered by status and sorted by their approval deadline (MB-5.1)."""
    _require_staff(request)
    today = timezone.localdate()
    plans = _visible_plans(request.person).select_related("association__school", "school_year", "quarter")
    # A viewer across several schools (the district) gets the school's column and filter.
    schools, chosen_school = schools_to_choose(request.person, request.GET.get("school", ""))
    if chosen_school is not None:
        plans = plans.filter(association__school=chosen_school)
    status = request.GET.get("status", "")
    if status == "overdue":
        plans = plans.overdue(today)
    elif status in PlanStatus.values:
        plans = plans.filter(status=status)
    elif status:
        messages.warning(request, _("Unknown status filter; showing all plans."))
        status = ""
    order = "approval_due_on" if request.GET.get("sort") == "due" else "-approval_due_on"
    page = Paginator(plans.order_by(order, "pk"), PLANS_PER_PAGE).get_page(request.GET.get("page"))
    return render(
        request,
        "methodology/plan/plan_list.html",
        {
            "never_drafted": _never_drafted(request.person, today) if status in ("", "overdue") else [],
            "schools": schools,
            "chosen_school": chosen_school,
            "page": page,
            "rows": [(plan, describe(plan.deadline(today))) for plan in page.object_list],
            "status": status,
            "statuses": [*PlanStatus.choices, ("overdue", _("overdue"))],
            "sort": request.GET.get("sort", ""),
        },
    )


def _never_drafted(person, today) -> list:
    """The missing-plan radar for the plan list: periods past their due day with no plan at all, of the
    school for its leaders, of the district's schools for its methodologist, of their associations for a
    head (three queries; none for anyone else)."""
    staff = person.staff
    if staff is None:
        return []
    associations = None
    if person.manages(staff.school):
        schools = [staff.school_id]
    elif person.holds(roles.DISTRICT_METHODOLOGIST) and person.district_id is not None:
        schools = list(School.objects.filter(district_id=person.district_id).values_list("pk", flat=True))
    else:
        associations = {a.pk for a in headed_associations(person)}
        if not associations:
            return []
        schools = [staff.school_id]
    return [
        gap
        for gap in waiting.missing_plans(today, schools=schools, include_ended=True)
        if gap.is_overdue(today) and (associations is None or gap.association.pk in associations)
    ]


def plan_create(request: PersonRequest, pk: int) -> HttpResponse:
    """The head starts a plan, empty or from a copy of an earlier one."""
    association = get_association_for_user(request.person, pk)
    if not can_create_plan(request.person, association):
        raise PermissionDenied
    form = NewPlanForm(request.POST or None, association=association)
    if request.method == "POST" and form.is_valid():
        try:
            moved = plan_actions.create(
                form.instance, by=request.person, copy_from=form.cleaned_data["copy_from"]
            )
        except Refused as error:
            told(request, error, form)
        else:
            if moved:
                messages.warning(
                    request,
                    _(
                        "%(count)s copied activities fell outside the new period and were put at "
                        "its edge; check their dates."
                    )
                    % {"count": moved},
                )
            messages.success(request, _("The plan was created. Add its activities."))
            return redirect("methodology:plan_edit", pk=form.instance.pk)
    return render(request, "methodology/plan/plan_form.html", {"form": form, "association": association})


def plan_detail(request: PersonRequest, pk: int) -> HttpResponse:
    plan = get_plan_for_user(request.person, pk)
    user = request.person
    today = user.today
    items = plan.items_in_form_order()
    for item in items:
        item.can_mark = can_mark_completion(user, item)
    _attach_growth_records(items)
    sections = _group_by_section(items)
    comments = plan.comments.select_related("author") if is_member(user, plan.association) else []
    history = AuditEvent.objects.for_object(plan).select_related("actor__staff")[:50]
    return render(
        request,
        "methodology/plan/plan_detail.html",
        {
            "plan": plan,
            "sections": sections,
            "deadline": describe(plan.deadline(today)),
            "comments": comments,
            "comment_form": CommentForm() if can_comment_plan(user, plan) else None,
            "completion_form": CompletionForm(),
            "history": history,
            "can_edit": can_edit_plan(user, plan),
            "can_submit": can_submit_plan(user, plan),
            "can_review": can_agree_plan(user, plan)
            or can_approve_plan(user, plan)
            or can_return_plan(user, plan),
            "is_member": is_member(user, plan.association),
        },
    )


def _attach_growth_records(items: list[PlanItem]) -> None:
    """The courses, attestations and self-education topics recorded against the plan's items of
    "professional development and attestation" and "self-education" (MB-3.3): no query when the plan
    has no such item, three when it has."""
    from django.db.models import prefetch_related_objects

    from methodology.models import Section

    growth = [
        item for item in items if item.section in (Section.PROFESSIONAL_DEVELOPMENT, Section.SELF_EDUCATION)
    ]
    for item in items:
        item.growth_records = []
    if not growth:
        return
    prefetch_related_objects(growth, "courses__staff", "attestations__staff", "self_education__staff")
    for item in growth:
        item.growth_records = [
            *(
                (
                    course.staff,
                    _("course «%(topic)s», %(hours)s h") % {"topic": course.topic, "hours": course.hours},
                )
                for course in item.courses.all()
            ),
            *(
                (attestation.staff, attestation.get_category_display())
                for attestation in item.attestations.all()
            ),
            *((record.staff, record.topic) for record in item.self_education.all()),
        ]


def _group_by_section(items: list[PlanItem]) -> list[tuple[str, list[tuple[int, PlanItem]]]]:
    """Items (already in the paper form's order) under their section headings, numbered through."""
    groups: list[tuple[str, list]] = []
    for number, item in enumerate(items, start=1):
        if not groups or groups[-1][0] != item.get_section_display():
            groups.append((item.get_section_display(), []))
        groups[-1][1].append((number, item))
    return groups


def plan_edit(request: PersonRequest, pk: int) -> HttpResponse:
    """The head edits the header and every activity on one page while the plan is a draft or returned."""
    plan = get_plan_for_user(request.person, pk, edit=True)
    members = plan.association.member_staff()
    form = PlanForm(request.POST or None, instance=plan, association=plan.association)
    formset = PlanItemFormSet(
        request.POST or None,
        instance=plan,
        members=members,
        queryset=plan.items.prefetch_related("responsible"),
    )
    if request.method == "POST":
        # The header first: the activities are checked against the period it now states.
        if form.is_valid() and formset.is_valid():
            try:
                plan_actions.edit(plan, by=request.person, form=form, formset=formset)
            except Refused as error:
                told(request, error, form)
                if error.field is None:
                    return redirect(plan)
            else:
                messages.success(request, _("The plan was saved."))
                if "save_and_continue" in request.POST:
                    return redirect("methodology:plan_edit", pk=plan.pk)
                return redirect(plan)
        messages.error(request, _("The plan was not saved: correct the marked fields."))
    return render(
        request,
        "methodology/plan/plan_edit.html",
        {"plan": plan, "form": form, "formset": formset, "association": plan.association},
    )


@require_POST
def plan_submit(request: PersonRequest, pk: int) -> HttpResponse:
    plan = get_plan_for_user(request.person, pk)
    try:
        plan_actions.submit(plan, by=request.person)
    except Refused as error:
        told(request, error)
    else:
        messages.success(request, _("The plan was submitted to the deputy director for agreement."))
    return redirect(plan)


@require_POST
def plan_comment(request: PersonRequest, pk: int) -> HttpResponse:
    plan = get_plan_for_user(request.person, pk)
    if not can_comment_plan(request.person, plan):
        raise PermissionDenied
    form = CommentForm(request.POST)
    if form.is_valid():
        try:
            plan_actions.comment(plan, by=request.person, text=form.cleaned_data["text"])
        except Refused as error:
            told(request, error)
        else:
            messages.success(request, _("Your comment was added."))
    else:
        messages.error(request, _("Write the comment first."))
    return redirect(reverse("methodology:plan_detail", args=[plan.pk]) + "#comments")


@require_POST
def item_mark(request: PersonRequest, pk: int, item_pk: int) -> HttpResponse:
    plan = get_plan_for_user(request.person, pk)
    item = get_object_or_404(PlanItem, plan=plan, pk=item_pk)
    if not can_mark_completion(request.person, item):
        raise PermissionDenied
    form = CompletionForm(request.POST)
    if not form.is_valid():
        messages.error(request, _("Choose a mark of completion from the list."))
    else:
        try:
            plan_actions.mark_item(
                item,
                by=request.person,
                completion=form.cleaned_data["completion"],
                note=form.cleaned_data["note"],
            )
        except Refused as error:
            told(request, error)
        else:
            messages.success(request, _("The mark of completion was saved."))
    return redirect(reverse("methodology:plan_detail", args=[plan.pk]) + f"#item-{item.pk}")


# Year-end reports (MB-5.3)


@require_POST
def report_create(request: PersonRequest, pk: int) -> HttpResponse:
    association = get_association_for_user(request.person, pk)
    if not is_head(request.person, association):
        raise PermissionDenied
    form = NewReportForm(request.POST, association=association)
    if not form.is_valid():
        messages.error(request, _("Choose a school year that has no report yet."))
        return redirect(association)
    try:
        report = report_actions.create(
            association, by=request.person, school_year=form.cleaned_data["school_year"]
        )
    except Refused as error:
        told(request, error)
        return redirect(association)
    return redirect("methodology:report_edit", pk=report.pk)


def report_detail(request: PersonRequest, pk: int) -> HttpResponse:
    report = get_report_for_user(request.person, pk)
    facts = report.shown_facts()
    return render(
        request,
        "methodology/report/report_detail.html",
        {
            "report": report,
            "facts": report.readable_facts(facts),
            "deadline": describe(report.deadline(), done="submitted"),
            "can_edit": can_edit_report(request.person, report),
            "can_submit": can_submit_report(request.person, report),
            "not_open_until": report.opens_on if timezone.localdate() < report.opens_on else None,
            "can_review": can_review_report(request.person, report),
            "history": AuditEvent.objects.for_object(report).select_related("actor__staff")[:50],
        },
    )


def report_edit(request: PersonRequest, pk: int) -> HttpResponse:
    report = get_report_for_user(request.person, pk, edit=True)
    form = ReportForm(request.POST or None, instance=report)
    if request.method == "POST" and form.is_valid():
        try:
            report_actions.edit(report, by=request.person, form=form)
        except Refused as error:
            told(request, error)
        else:
            messages.success(request, _("The report was saved."))
        return redirect(report)
    return render(
        request,
        "methodology/report/report_form.html",
        {"report": report, "form": form, "facts": report.readable_facts(report.current_facts())},
    )


@require_POST
def report_submit(request: PersonRequest, pk: int) -> HttpResponse:
    report = get_report_for_user(request.person, pk)
    try:
        report_actions.submit(report, by=request.person)
    except Refused as error:
        told(request, error)
    else:
        messages.success(request, _("The report was submitted to the deputy director."))
    return redirect(report)
