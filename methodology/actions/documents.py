"""Work documents (MB-4.5, MB-4.6): the request to chosen teachers, each teacher's upload, the review
that accepts it or returns it with a written correction, and the request's closing. Every upload is a
new version; none is overwritten."""

from __future__ import annotations

from collections.abc import Iterable

from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import UploadedFile
from django.db.models import Max
from django.utils import timezone
from django.utils.translation import gettext

from methodology.models import (
    Acknowledgement,
    Association,
    Audience,
    Circular,
    CircularFile,
    DocumentRequest,
    DocumentSubmission,
    DocumentVersion,
    HeadAppointment,
    Outcome,
    SubmissionStatus,
)
from methodology.models.documents import TEACHERS_TURN
from methodology.permissions import (
    can_publish,
    can_request_documents,
    can_review_documents,
    headed_associations,
)
from school_gov import audit, files
from school_gov.actions import action, allow, lock
from school_gov.formats import dated
from school_gov.models import School, Staff
from school_gov.people import Person
from school_gov.permissions import scope
from school_gov.refusals import Refused, check


def checked_file(upload: UploadedFile | None) -> files.Checked:
    """The upload's checks (type from the content, size, name) as a refusal on the form's file field."""
    try:
        return files.check_upload(upload)
    except ValidationError as error:
        raise Refused(" ".join(error.messages), field="file") from None


@action
def request_documents(request: DocumentRequest, *, by: Person, teachers: Iterable[Staff]) -> DocumentRequest:
    """Ask each of `teachers` for the document: the head the association's members, the deputy
    director or the director any teacher of the school."""
    school = scope(School.objects.all(), by, school_field="pk").filter(pk=request.school_id).first()
    if school is None:
        raise Refused.not_found()
    association = None
    if request.association_id is not None:
        association = lock(
            Association.objects.select_related("school"), by=by, within="school", pk=request.association_id
        )
    allow(
        can_request_documents(by, school, association),
        gettext("The head asks the association's teachers for documents; the deputy director any teacher."),
    )
    if by.staff is None:  # allow() refused otherwise
        raise Refused.not_allowed()
    chosen = {teacher.pk for teacher in teachers}
    if not chosen:
        raise Refused(gettext("Choose at least one teacher."), field="teachers")
    if association is not None and not by.manages(school):
        allowed = set(association.member_staff().values_list("pk", flat=True))
    else:
        allowed = set(Staff.objects.filter(school=school).values_list("pk", flat=True))
    strangers = chosen - allowed
    if strangers:
        raise Refused(gettext("You may ask only the teachers you work with for documents."), field="teachers")
    chosen.discard(by.staff.pk)
    if not chosen:
        raise Refused(gettext("Choose teachers other than yourself."), field="teachers")
    request.requested_by = by.staff
    request.created_at = timezone.now()
    check(request)
    request.save()
    DocumentSubmission.objects.bulk_create(
        DocumentSubmission(request=request, teacher_id=pk) for pk in sorted(chosen)
    )
    audit.record(
        by,
        "methodology.document_request.created",
        request,
        school=school,
        kind=request.kind,
        due_on=request.due_on.isoformat(),
        teachers=sorted(chosen),
    )
    return request


@action
def upload_document(
    submission: DocumentSubmission, *, by: Person, upload: UploadedFile | None, note: str = ""
) -> DocumentVersion:
    """The teacher sends the document (the first time, or corrected after a return): a new version."""
    locked = lock(
        DocumentSubmission.objects.select_related("request__school"),
        by=by,
        within="request__school",
        pk=submission.pk,
    )
    staff = by.staff
    allow(
        staff is not None and staff.pk == locked.teacher_id,
        gettext("Only the teacher asked uploads this document."),
    )
    if not locked.request.is_open:
        raise Refused(gettext("This request is closed: nothing more is uploaded to it."))
    if locked.status == SubmissionStatus.SUBMITTED:
        raise Refused(gettext("Your document waits for review: a new version is uploaded after a return."))
    if locked.status == SubmissionStatus.ACCEPTED:
        raise Refused(gettext("Your document has been accepted already."))
    checked = checked_file(upload)
    assert upload is not None and staff is not None  # checked_file() and allow() refused otherwise
    number = (locked.versions.aggregate(last=Max("number"))["last"] or 0) + 1
    version = DocumentVersion(
        submission=locked,
        number=number,
        note=(note or "").strip(),
        uploaded_by=staff,
        uploaded_at=timezone.now(),
    )
    version.attach(upload, checked)
    check(version, fields=["note"])
    locked.status, locked.changed_at = SubmissionStatus.SUBMITTED, version.uploaded_at
    locked.save(update_fields=["status", "changed_at"])
    files.save_with_file(version)
    audit.record(
        by,
        "methodology.document.submitted",
        locked,
        school=locked.request.school,
        version=number,
        file=checked.name,
        size=checked.size,
    )
    submission.status = locked.status
    return version


@action
def review_document(
    submission: DocumentSubmission, *, by: Person, accept: bool, correction: str = ""
) -> DocumentVersion:
    """The one who asked accepts the latest version, or returns it with the correction to make."""
    locked = lock(
        DocumentSubmission.objects.select_related("request__school", "request__association"),
        by=by,
        within="request__school",
        pk=submission.pk,
    )
    allow(
        can_review_documents(by, locked.request) or not locked.request.is_open,
        gettext("The one who asked for the document reviews it."),
    )
    if not locked.request.is_open:
        raise Refused(gettext("This request is closed."))
    if locked.status != SubmissionStatus.SUBMITTED:
        raise Refused(
            gettext("There is no new version to review: the document is %(status)s.")
            % {"status": locked.get_status_display()}
        )
    correction = (correction or "").strip()
    if not accept and not correction:
        raise Refused(gettext("Write what is to be corrected."), field="correction")
    version = lock(DocumentVersion.objects, submission=locked, outcome=Outcome.PENDING)
    version.outcome = Outcome.ACCEPTED if accept else Outcome.RETURNED
    version.correction, version.reviewed_by, version.reviewed_at = correction, by.staff, timezone.now()
    reviewed = ["outcome", "correction", "reviewed_by", "reviewed_at"]
    check(version, fields=reviewed)
    version.save(update_fields=reviewed)
    locked.status = SubmissionStatus.ACCEPTED if accept else SubmissionStatus.RETURNED
    locked.changed_at = version.reviewed_at
    locked.save(update_fields=["status", "changed_at"])
    audit.record(
        by,
        f"methodology.document.{'accepted' if accept else 'returned'}",
        locked,
        school=locked.request.school,
        version=version.number,
        correction=correction,
    )
    submission.status = locked.status
    return version


@action
def close_request(request: DocumentRequest, *, by: Person) -> DocumentRequest:
    """Nothing more is uploaded or reviewed; what was sent stays."""
    locked = lock(
        DocumentRequest.objects.select_related("school", "association"), by=by, within="school", pk=request.pk
    )
    if not locked.is_open:
        raise Refused(gettext("This request is closed already."))
    allow(can_review_documents(by, locked), gettext("The one who asked closes the request."))
    locked.closed_at = timezone.now()
    locked.save(update_fields=["closed_at"])
    waiting = locked.submissions.filter(status__in=TEACHERS_TURN).count()
    audit.record(by, "methodology.document_request.closed", locked, school=locked.school, not_sent=waiting)
    request.closed_at = locked.closed_at
    return locked


def recipients(circular: Circular, associations: Iterable[Association]) -> set[int]:
    """The staff a document passed down reaches: the current heads, every teacher of the school, or the
    members of the associations chosen (their heads included)."""
    if circular.audience == Audience.HEADS:
        return set(
            HeadAppointment.objects.current()
            .filter(association__school=circular.school)
            .values_list("staff_id", flat=True)
        )
    if circular.audience == Audience.TEACHERS:
        return set(Staff.objects.filter(school=circular.school).values_list("pk", flat=True))
    found: set[int] = set()
    for association in associations:
        found.update(association.member_staff().values_list("pk", flat=True))
    return found


@action
def publish_circular(
    circular: Circular,
    *,
    by: Person,
    associations: Iterable[Association] = (),
    upload: UploadedFile | None = None,
) -> Circular:
    """MB-5.4, MB-5.5: the document reaches its recipients, each to acknowledge it once. The deputy
    director or the director publishes to any audience; a head only to their own associations."""
    school = scope(School.objects.all(), by, school_field="pk").filter(pk=circular.school_id).first()
    if school is None:
        raise Refused.not_found()
    allow(
        can_publish(by, school),
        gettext("The deputy director, the director or a head of an association publishes documents."),
    )
    assert by.staff is not None  # can_publish() is false otherwise
    chosen = list(associations)
    if any(association.school_id != school.pk for association in chosen):
        raise Refused.not_found()
    if circular.audience == Audience.ASSOCIATIONS:
        if not chosen:
            raise Refused(gettext("Choose the associations it goes to."), field="associations")
    elif chosen:
        raise Refused(
            gettext("Associations are chosen only for «the members of chosen associations»."),
            field="associations",
        )
    if not by.manages(school):
        own = {association.pk for association in headed_associations(by)}
        if circular.audience != Audience.ASSOCIATIONS or any(a.pk not in own for a in chosen):
            raise Refused(
                gettext("A head publishes only to the members of the associations they head (MB-5.5)."),
                field="audience",
            )
    checked = checked_file(upload) if upload is not None else None
    if checked is None and not circular.text.strip():
        raise Refused(gettext("Write the text or attach the file."), field="text")
    circular.author, circular.published_at = by.staff, timezone.now()
    check(circular)
    reached = recipients(circular, chosen) - {by.staff.pk}
    if not reached:
        raise Refused(gettext("Nobody would receive it: the audience chosen has no one else in it."))
    circular.save()
    circular.associations.set(chosen)
    Acknowledgement.objects.bulk_create(
        Acknowledgement(circular=circular, staff_id=pk) for pk in sorted(reached)
    )
    if checked is not None and upload is not None:
        attached = CircularFile(circular=circular)
        attached.attach(upload, checked)
        files.save_with_file(attached)
    audit.record(
        by,
        "methodology.circular.published",
        circular,
        school=school,
        kind=circular.kind,
        audience=circular.audience,
        associations=[a.pk for a in chosen],
        recipients=len(reached),
        file=checked.name if checked else None,
    )
    return circular


@action
def acknowledge_circular(circular: Circular, *, by: Person) -> Acknowledgement:
    """The recipient confirms they have read the document ("Тааныштым"), once, with the time."""
    staff = by.staff
    found = scope(Circular.objects.select_related("school"), by).filter(pk=circular.pk).first()
    if found is None:
        raise Refused.not_found()
    if staff is None:
        raise Refused.not_allowed()
    try:
        acknowledgement = lock(Acknowledgement.objects, circular=found, staff=staff)
    except Refused:
        raise Refused.not_allowed(gettext("This document was not sent to you.")) from None
    if acknowledgement.read_at is not None:
        raise Refused(
            gettext("You confirmed you had read it on %(date)s.")
            % {"date": dated(acknowledgement.read_at, "datetime")}
        )
    acknowledgement.read_at = timezone.now()
    acknowledgement.save(update_fields=["read_at"])
    audit.record(by, "methodology.circular.acknowledged", found, school=found.school)
    return acknowledgement
