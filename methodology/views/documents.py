"""Work documents (MB-4.5, MB-4.6): the requests a head or the deputy director makes, each teacher's
part with its versions, the upload and the review, and the files, served only to who may see them."""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.db.models import Count, Q
from django.http import FileResponse, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from methodology.actions import documents
from methodology.forms import DocumentRequestForm, DocumentReviewForm, DocumentUploadForm
from methodology.models import DocumentRequest, DocumentSubmission, DocumentVersion, SubmissionStatus
from methodology.models.documents import TEACHERS_TURN
from methodology.permissions import (
    can_close_request,
    can_oversee_documents,
    can_request_documents,
    can_review_documents,
    can_upload_document,
    get_association_for_user,
    get_document_request_for_user,
    get_submission_for_user,
    get_version_for_user,
)
from school_gov import files
from school_gov.collation import Kyrgyz
from school_gov.models import Staff
from school_gov.people import PersonRequest
from school_gov.refusals import Refused, told

REQUESTS_PER_PAGE = 20


def _counted(requests):
    return requests.annotate(
        teachers=Count("submissions"),
        waiting=Count("submissions", filter=Q(submissions__status__in=TEACHERS_TURN)),
        to_review=Count("submissions", filter=Q(submissions__status=SubmissionStatus.SUBMITTED)),
        accepted=Count("submissions", filter=Q(submissions__status=SubmissionStatus.ACCEPTED)),
    )


def document_list(request: PersonRequest) -> HttpResponse:
    """What is asked of me, and the requests I made (the whole school's for its director and deputy)."""
    person = request.person
    staff = person.staff
    if staff is None:
        raise PermissionDenied
    asked = (
        DocumentSubmission.objects.filter(teacher=staff)
        .select_related("request__requested_by")
        .order_by("request__closed_at", "request__due_on", "pk")[:50]
    )
    made = DocumentRequest.objects.filter(school=staff.school_id)
    if not person.manages(staff.school):
        made = made.filter(Q(requested_by=staff) | Q(association__head_appointments__in=_headships(staff)))
    page = Paginator(
        _counted(made.distinct())
        .select_related("association", "requested_by")
        .order_by("-created_at", "-pk"),
        REQUESTS_PER_PAGE,
    ).get_page(request.GET.get("page"))
    return render(
        request,
        "methodology/document/document_list.html",
        {
            "asked": asked,
            "page": page,
            "rows": page.object_list,
            "today": timezone.localdate(),
            "may_request": person.manages(staff.school),
        },
    )


def _headships(staff: Staff):
    from methodology.models import HeadAppointment

    return HeadAppointment.objects.current().filter(staff=staff)


def document_request_create(request: PersonRequest, pk: int | None = None) -> HttpResponse:
    """A head asks the association's teachers (from its page); the deputy director asks any teacher."""
    person = request.person
    staff = person.staff
    if staff is None:
        raise PermissionDenied
    association = get_association_for_user(person, pk) if pk is not None else None
    school = association.school if association is not None else staff.school
    if not can_request_documents(person, school, association):
        raise PermissionDenied
    if association is not None and not person.manages(school):
        candidates = association.member_staff()
    else:
        candidates = Staff.objects.filter(school=school)
    candidates = candidates.exclude(pk=staff.pk).order_by(Kyrgyz("surname"), Kyrgyz("name"), "pk")
    form = DocumentRequestForm(
        request.POST or None,
        candidates=candidates,
        instance=DocumentRequest(school=school, association=association),
    )
    if request.method == "POST" and form.is_valid():
        try:
            documents.request_documents(form.instance, teachers=form.cleaned_data["teachers"], by=person)
        except Refused as error:
            told(request, error, form)
        else:
            messages.success(request, _("The teachers are asked for the document."))
            return redirect(form.instance)
    return render(
        request, "methodology/document/request_form.html", {"form": form, "association": association}
    )


def document_request_detail(request: PersonRequest, pk: int) -> HttpResponse:
    """The whole request for who oversees it; a teacher asked is taken to their own part of it."""
    staff = request.person.staff
    own = (
        DocumentSubmission.objects.filter(request_id=pk, teacher=staff)
        .select_related("request__school", "request__association")
        .first()
        if staff is not None
        else None
    )
    if own is not None and not can_oversee_documents(request.person, own.request):
        return redirect(own)
    document_request = get_document_request_for_user(request.person, pk)
    submissions = (
        document_request.submissions.select_related("teacher")
        .annotate(version_count=Count("versions"))
        .order_by(Kyrgyz("teacher__surname"), Kyrgyz("teacher__name"), "pk")
    )
    return render(
        request,
        "methodology/document/request_detail.html",
        {
            "document_request": document_request,
            "submissions": submissions,
            "today": timezone.localdate(),
            "may_close": can_close_request(request.person, document_request),
        },
    )


def _submission_page(request: PersonRequest, submission: DocumentSubmission, **forms) -> HttpResponse:
    person = request.person
    may_upload = can_upload_document(person, submission)
    may_review = (
        can_review_documents(person, submission.request) and submission.status == SubmissionStatus.SUBMITTED
    )
    return render(
        request,
        "methodology/document/submission_detail.html",
        {
            "submission": submission,
            "document_request": submission.request,
            "versions": submission.versions.select_related("uploaded_by", "reviewed_by").order_by("-number"),
            "overdue": submission.is_overdue(),
            "upload_form": forms.get("upload_form") or (DocumentUploadForm() if may_upload else None),
            "review_form": forms.get("review_form") or (DocumentReviewForm() if may_review else None),
        },
    )


def submission_detail(request: PersonRequest, pk: int) -> HttpResponse:
    return _submission_page(request, get_submission_for_user(request.person, pk))


@require_POST
def submission_upload(request: PersonRequest, pk: int) -> HttpResponse:
    submission = get_submission_for_user(request.person, pk)
    if request.person.staff is None or request.person.staff.pk != submission.teacher_id:
        raise PermissionDenied
    form = DocumentUploadForm(request.POST, request.FILES)
    if form.is_valid():
        try:
            documents.upload_document(
                submission,
                upload=form.cleaned_data["file"],
                note=form.cleaned_data["note"],
                by=request.person,
            )
        except Refused as error:
            told(request, error, form)
        else:
            messages.success(request, _("The document is sent for review."))
            return redirect(submission)
    if form.errors:
        return _submission_page(request, submission, upload_form=form)
    return redirect(submission)


@require_POST
def submission_review(request: PersonRequest, pk: int) -> HttpResponse:
    submission = get_submission_for_user(request.person, pk)
    if not can_review_documents(request.person, submission.request):
        raise PermissionDenied
    form = DocumentReviewForm(request.POST)
    if form.is_valid():
        accept = form.cleaned_data["outcome"] == DocumentReviewForm.ACCEPT
        try:
            documents.review_document(
                submission, accept=accept, correction=form.cleaned_data["correction"], by=request.person
            )
        except Refused as error:
            told(request, error, form)
        else:
            messages.success(
                request,
                _("The document is accepted.") if accept else _("The document is returned for correction."),
            )
            return redirect(submission)
    if form.errors:
        return _submission_page(request, submission, review_form=form)
    return redirect(submission)


@require_POST
def document_request_close(request: PersonRequest, pk: int) -> HttpResponse:
    document_request = get_document_request_for_user(request.person, pk)
    try:
        documents.close_request(document_request, by=request.person)
    except Refused as error:
        told(request, error)
    else:
        messages.success(request, _("The request is closed."))
    return redirect(document_request)


def version_download(request: PersonRequest, pk: int) -> FileResponse:
    """A version's file, to the teacher who sent it and to who oversees the request (never a media URL)."""
    version: DocumentVersion = get_version_for_user(request.person, pk)
    return files.download(version)
