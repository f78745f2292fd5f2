"""Who may do what with associations, plans and reports: one predicate per decision, and fetch helpers.

Fetch helpers answer 404 outside the person's schools (the same as a record that does not exist) and 403 to
a member of the school without the right.
"""

from __future__ import annotations

from django.core.exceptions import PermissionDenied
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext

from methodology.models import (
    Acknowledgement,
    Association,
    AssociationMeeting,
    Attestation,
    Certificate,
    Circular,
    CircularFile,
    DocumentRequest,
    DocumentSubmission,
    DocumentVersion,
    HeadAppointment,
    HeadProposal,
    LessonObservation,
    Membership,
    PlanItem,
    PlanStatus,
    ProposalStatus,
    ReportStatus,
    WorkPlan,
    YearEndReport,
)
from methodology.models.documents import TEACHERS_TURN
from methodology.models.plans import EDITABLE_STATUSES
from methodology.models.reports import REPORT_EDITABLE
from school_gov import roles
from school_gov.models import Staff
from school_gov.people import Person
from school_gov.permissions import get_in_school_or_404


def _asked(association: Association, question: str, staff, answer) -> bool:
    """One query per association object, staff member and question: a page asks the same several times."""
    cache = association.__dict__.setdefault("_permission_answers", {})
    key = (question, staff.pk)
    if key not in cache:
        cache[key] = answer()
    return cache[key]


def is_head(person: Person, association: Association) -> bool:
    """The person's staff record holds the association's current head appointment (MB-2.1)."""
    staff = person.staff
    return staff is not None and _asked(
        association,
        "head",
        staff,
        lambda: association.head_appointments.current().filter(staff=staff).exists(),
    )


def is_member(person: Person, association: Association) -> bool:
    """A current member of the association, or its head."""
    staff = person.staff
    if staff is None:
        return False
    return _asked(
        association, "member", staff, lambda: association.memberships.current().filter(staff=staff).exists()
    ) or is_head(person, association)


def is_school_reviewer(person: Person, school) -> bool:
    """The deputy director (MB-1.2) or the director of the school, or the district methodologist."""
    return person.manages(school) or person.reads_district_of(school)


def can_view_association(person: Person, association: Association) -> bool:
    """Any staff member of the school, and the district, may see an association's page."""
    return person.staff is not None


def can_create_plan(person: Person, association: Association) -> bool:
    return is_head(person, association)


def can_view_plan(person: Person, plan: WorkPlan) -> bool:
    """Members see every state; reviewers see it once submitted; other staff only approved plans."""
    if is_member(person, plan.association):
        return True
    if plan.status not in (PlanStatus.DRAFT,) and is_school_reviewer(person, plan.association.school):
        return True
    return plan.status == PlanStatus.APPROVED and person.staff is not None


def can_edit_plan(person: Person, plan: WorkPlan) -> bool:
    """The head edits the content while it is a draft or returned; submitted content is read-only."""
    return plan.status in EDITABLE_STATUSES and is_head(person, plan.association)


def can_comment_plan(person: Person, plan: WorkPlan) -> bool:
    """MB-5.1: the teachers draft the plan together with the head: members comment on drafts."""
    return plan.status in EDITABLE_STATUSES and is_member(person, plan.association)


def can_submit_plan(person: Person, plan: WorkPlan) -> bool:
    return plan.status in EDITABLE_STATUSES and is_head(person, plan.association)


def drafted(person: Person, record: WorkPlan | YearEndReport) -> bool:
    """Separation of duties: the person drafted the plan or report — created or submitted it, or heads
    its association now (a head who is also the deputy director or the director)."""
    staff = person.staff
    if staff is None:
        return False
    authors = {record.created_by_id, getattr(record, "submitted_by_id", None)}
    return staff.pk in authors or is_head(person, record.association)


def own_work_refusal(person: Person, record: WorkPlan | YearEndReport, step: str) -> str:
    """Who must act instead, when the person would check their own work ("" when they did not draft it)."""
    if not drafted(person, record):
        return ""
    if step == "agree":
        return gettext(
            "You drafted this plan, so you do not agree it: another deputy director for educational work "
            "does (appoint one for this in the staff records if the school has none)."
        )
    if step == "approve":
        return gettext(
            "You drafted this plan, so you do not approve it: an acting director appointed for this in the "
            "staff records does."
        )
    return gettext(
        "You wrote this report, so you do not accept it: another deputy director for educational work does "
        "(appoint one for this in the staff records if the school has none)."
    )


def can_agree_plan(person: Person, plan: WorkPlan) -> bool:
    """MB-5.1, MB-1.2: the deputy director for educational work of the plan's school agrees it — not one
    who drafted it."""
    return (
        plan.status == PlanStatus.SUBMITTED
        and person.leads(plan.association.school, roles.DEPUTY_DIRECTOR)
        and not drafted(person, plan)
    )


def can_approve_plan(person: Person, plan: WorkPlan) -> bool:
    """MB-5.1: the director approves a plan the deputy has agreed — not one they drafted."""
    return (
        plan.status == PlanStatus.AGREED
        and person.leads(plan.association.school, roles.DIRECTOR)
        and not drafted(person, plan)
    )


def can_return_plan(person: Person, plan: WorkPlan) -> bool:
    """The deputy returns what was submitted to them, the director what was agreed."""
    school = plan.association.school
    if plan.status == PlanStatus.SUBMITTED:
        return person.leads(school, roles.DEPUTY_DIRECTOR)
    if plan.status == PlanStatus.AGREED:
        return person.leads(school, roles.DIRECTOR)
    return False


def can_mark_completion(person: Person, item: PlanItem) -> bool:
    """Once the plan is approved and its period has begun, the head or a responsible member marks it."""
    plan = item.plan
    if plan.status != PlanStatus.APPROVED or timezone.localdate() < plan.period_start:
        return False
    if is_head(person, plan.association):
        return True
    staff = person.staff
    return (
        staff is not None
        and is_member(person, plan.association)
        and item.responsible.filter(pk=staff.pk).exists()
    )


def can_view_report(person: Person, report: YearEndReport) -> bool:
    if is_member(person, report.association):
        return True
    return report.status != ReportStatus.DRAFT and is_school_reviewer(person, report.association.school)


def can_edit_report(person: Person, report: YearEndReport) -> bool:
    return report.status in REPORT_EDITABLE and is_head(person, report.association)


def can_submit_report(person: Person, report: YearEndReport) -> bool:
    return report.status in REPORT_EDITABLE and is_head(person, report.association)


def can_review_report(person: Person, report: YearEndReport) -> bool:
    """MB-5.3: the report goes to the deputy director for educational work, who accepts or returns it."""
    return report.status == ReportStatus.SUBMITTED and person.leads(
        report.association.school, roles.DEPUTY_DIRECTOR
    )


def can_accept_report(person: Person, report: YearEndReport) -> bool:
    """The deputy accepts a report they did not write (returning one's own stays possible)."""
    return can_review_report(person, report) and not drafted(person, report)


# Lesson observations (MB-3.1, MB-4.1)


def can_observe(person: Person, association: Association) -> bool:
    """The association's head (MB-4.1), the deputy director or the director attend its teachers' lessons."""
    return is_head(person, association) or person.manages(association.school)


def can_view_observation(person: Person, observation: LessonObservation) -> bool:
    """The observer, the observed teacher, the association's head, the school's leaders and the district
    methodologist: an analysis of one teacher's lesson is not for the other teachers."""
    staff = person.staff
    if staff is not None and staff.pk in (observation.observer_id, observation.teacher_id):
        return True
    return is_head(person, observation.association) or is_school_reviewer(
        person, observation.association.school
    )


def can_edit_observation(person: Person, observation: LessonObservation) -> bool:
    """The observer, until the teacher has read the analysis; then it is kept as written."""
    staff = person.staff
    return observation.acknowledged_at is None and staff is not None and staff.pk == observation.observer_id


def can_acknowledge_observation(person: Person, observation: LessonObservation) -> bool:
    staff = person.staff
    return observation.acknowledged_at is None and staff is not None and staff.pk == observation.teacher_id


# Meetings and their minutes (MB-2.1)


def can_record_meeting(person: Person, association: Association) -> bool:
    """The head keeps the association's joint records, its minutes among them."""
    return is_head(person, association)


def can_edit_meeting(person: Person, meeting: AssociationMeeting) -> bool:
    """MB-5.2: the head edits the minutes, and signs them, until they are signed."""
    return meeting.signed_at is None and can_record_meeting(person, meeting.association)


def can_view_meetings(person: Person, association: Association) -> bool:
    """The association's members and the school's leaders (and the district) read its minutes."""
    return is_member(person, association) or is_school_reviewer(person, association.school)


# Projects and the head's proposals (MB-4.3)


def can_propose(person: Person, association: Association) -> bool:
    return is_head(person, association)


def can_view_proposals(person: Person, association: Association) -> bool:
    """Like the minutes: the association's members and the school's leaders (and the district)."""
    return can_view_meetings(person, association)


def can_decide_proposal(person: Person, proposal: HeadProposal) -> bool:
    """The school's administration decides: the director or the deputy director, while it waits."""
    return proposal.status == ProposalStatus.SUBMITTED and person.manages(proposal.association.school)


# Work documents (MB-4.5): the head asks the association's teachers, the deputy director (or the
# director) any teacher of the school; the one who asked reviews. A teacher sees only their own part.


def can_request_documents(person: Person, school, association: Association | None = None) -> bool:
    if person.staff is None or person.staff.school_id != getattr(school, "pk", None):
        return False
    if person.manages(school):
        return True
    return association is not None and is_head(person, association)


def can_review_documents(person: Person, request: DocumentRequest) -> bool:
    """The one who asked, or the association's current head for a head's request (the headship passes)."""
    staff = person.staff
    if staff is None or not request.is_open:
        return False
    if staff.pk == request.requested_by_id:
        return True
    return request.association is not None and is_head(person, request.association)


def can_oversee_documents(person: Person, request: DocumentRequest) -> bool:
    """Who sees every teacher's part: the reviewer, and the school's director and deputy."""
    staff = person.staff
    if staff is None:
        return False
    return (
        staff.pk == request.requested_by_id
        or person.manages(request.school)
        or (request.association is not None and is_head(person, request.association))
    )


def can_view_submission(person: Person, submission: DocumentSubmission) -> bool:
    staff = person.staff
    return staff is not None and (
        staff.pk == submission.teacher_id or can_oversee_documents(person, submission.request)
    )


def can_upload_document(person: Person, submission: DocumentSubmission) -> bool:
    staff = person.staff
    return (
        staff is not None
        and staff.pk == submission.teacher_id
        and submission.request.is_open
        and submission.status in TEACHERS_TURN
    )


def can_close_request(person: Person, request: DocumentRequest) -> bool:
    return can_review_documents(person, request)


# Documents passed down (MB-5.4): the deputy director (or the director) publishes to the heads, all the
# teachers or chosen associations; a head to the members of their own associations (MB-5.5).


def headed_associations(person: Person) -> list[Association]:
    staff = person.staff
    if staff is None:
        return []
    cache = person.__dict__.setdefault("_headed_associations", {})
    if "list" not in cache:
        cache["list"] = list(
            Association.objects.filter(
                head_appointments__in=HeadAppointment.objects.current().filter(staff=staff)
            )
        )
    return cache["list"]


def can_publish(person: Person, school) -> bool:
    staff = person.staff
    if staff is None or staff.school_id != getattr(school, "pk", None):
        return False
    return person.manages(school) or bool(headed_associations(person))


def can_oversee_circular(person: Person, circular: Circular) -> bool:
    """Who sees who has read it: its author, and the school's director and deputy."""
    staff = person.staff
    return staff is not None and (staff.pk == circular.author_id or person.manages(circular.school))


def acknowledgement_of(person: Person, circular: Circular) -> Acknowledgement | None:
    staff = person.staff
    if staff is None:
        return None
    cache = circular.__dict__.setdefault("_acknowledgements", {})
    if staff.pk not in cache:
        cache[staff.pk] = circular.acknowledgements.filter(staff=staff).first()
    return cache[staff.pk]


def can_view_circular(person: Person, circular: Circular) -> bool:
    return can_oversee_circular(person, circular) or acknowledgement_of(person, circular) is not None


# Professional development (MB-3.3, MB-4.7) and attestation (MB-4.2): a teacher keeps their own record,
# the head of an association the teacher is a member of helps keep it and writes the attestation opinion,
# the school's director and deputy see everyone's and record the commission's decision.


def members_led(person: Person) -> set[int]:
    """The staff ids of the current members of the associations the person heads (the head included)."""
    staff = person.staff
    if staff is None:
        return set()
    cache = person.__dict__.setdefault("_members_led", {})
    if "ids" not in cache:
        headed = headed_associations(person)
        cache["ids"] = (
            set(
                Staff.objects.filter(
                    Q(association_memberships__in=Membership.objects.current().filter(association__in=headed))
                    | Q(
                        head_appointments__in=HeadAppointment.objects.current().filter(association__in=headed)
                    )
                ).values_list("pk", flat=True)
            )
            if headed
            else set()
        )
    return cache["ids"]


def leads_teacher(person: Person, teacher: Staff) -> bool:
    """The person heads an association the teacher is a current member of."""
    return teacher.pk in members_led(person)


def can_view_growth(person: Person, teacher: Staff) -> bool:
    return person.staff is not None and (
        person.staff.pk == teacher.pk or leads_teacher(person, teacher) or person.manages(teacher.school)
    )


def can_keep_growth(person: Person, teacher: Staff) -> bool:
    """Record a course or the self-education topic and report: the teacher, their head, the leaders."""
    return can_view_growth(person, teacher)


def can_open_attestation(person: Person, teacher: Staff) -> bool:
    return person.manages(teacher.school) and person.staff is not None


def can_give_opinion(person: Person, attestation: Attestation) -> bool:
    """MB-4.2: the head of an association the teacher is in, until the commission has decided."""
    return (
        not attestation.is_decided
        and person.staff is not None
        and person.staff.pk != attestation.staff_id
        and leads_teacher(person, attestation.staff)
    )


def can_decide_attestation(person: Person, attestation: Attestation) -> bool:
    return not attestation.is_decided and can_open_attestation(person, attestation.staff)


def can_view_forecast(person: Person, school) -> bool:
    """The school's leaders see every teacher's forecast; a head their association's members'."""
    staff = person.staff
    if staff is None or staff.school_id != getattr(school, "pk", None):
        return False
    return person.manages(school) or bool(headed_associations(person))


# Fetch helpers


def get_association_for_user(person: Person, pk: int) -> Association:
    association = get_in_school_or_404(Association.objects.select_related("school"), person, pk=pk)
    if not can_view_association(person, association):
        raise PermissionDenied
    return association


def get_plan_for_user(person: Person, pk: int, *, edit: bool = False) -> WorkPlan:
    plan = get_in_school_or_404(
        WorkPlan.objects.select_related(
            "association__school", "school_year", "quarter", "agreed_by", "approved_by", "created_by"
        ),
        person,
        school_field="association__school",
        pk=pk,
    )
    if not can_view_plan(person, plan):
        raise PermissionDenied
    if edit and not can_edit_plan(person, plan):
        raise PermissionDenied
    return plan


def get_report_for_user(person: Person, pk: int, *, edit: bool = False) -> YearEndReport:
    report = get_in_school_or_404(
        YearEndReport.objects.select_related("association__school", "school_year", "accepted_by"),
        person,
        school_field="association__school",
        pk=pk,
    )
    if not can_view_report(person, report):
        raise PermissionDenied
    if edit and not can_edit_report(person, report):
        raise PermissionDenied
    return report


def get_observation_for_user(person: Person, pk: int, *, edit: bool = False) -> LessonObservation:
    observation = get_in_school_or_404(
        LessonObservation.objects.select_related("association__school", "teacher", "observer"),
        person,
        school_field="association__school",
        pk=pk,
    )
    if not can_view_observation(person, observation):
        raise PermissionDenied
    if edit and not can_edit_observation(person, observation):
        raise PermissionDenied
    return observation


def get_meeting_for_user(person: Person, pk: int) -> AssociationMeeting:
    meeting = get_in_school_or_404(
        AssociationMeeting.objects.select_related(
            "association__school", "minutes", "school_year", "signed_by"
        ),
        person,
        school_field="association__school",
        pk=pk,
    )
    if not can_view_meetings(person, meeting.association):
        raise PermissionDenied
    return meeting


def get_proposal_for_user(person: Person, pk: int) -> HeadProposal:
    proposal = get_in_school_or_404(
        HeadProposal.objects.select_related(
            "association__school", "author", "teacher", "project", "decided_by"
        ),
        person,
        school_field="association__school",
        pk=pk,
    )
    if not can_view_proposals(person, proposal.association):
        raise PermissionDenied
    return proposal


def get_document_request_for_user(person: Person, pk: int) -> DocumentRequest:
    """The whole request for who oversees it; a teacher asked is shown their own part elsewhere."""
    request = get_in_school_or_404(
        DocumentRequest.objects.select_related("school", "association", "requested_by"), person, pk=pk
    )
    if not can_oversee_documents(person, request):
        raise PermissionDenied
    return request


def get_submission_for_user(person: Person, pk: int) -> DocumentSubmission:
    submission = get_in_school_or_404(
        DocumentSubmission.objects.select_related(
            "request__school", "request__association", "request__requested_by", "teacher"
        ),
        person,
        school_field="request__school",
        pk=pk,
    )
    if not can_view_submission(person, submission):
        raise PermissionDenied
    return submission


def get_version_for_user(person: Person, pk: int) -> DocumentVersion:
    version = get_in_school_or_404(
        DocumentVersion.objects.select_related(
            "submission__request__school", "submission__request__association", "submission__teacher"
        ),
        person,
        school_field="submission__request__school",
        pk=pk,
    )
    if not can_view_submission(person, version.submission):
        raise PermissionDenied
    return version


def get_circular_for_user(person: Person, pk: int) -> Circular:
    circular = get_in_school_or_404(Circular.objects.select_related("school", "author"), person, pk=pk)
    if not can_view_circular(person, circular):
        raise PermissionDenied
    return circular


def get_teacher_for_user(person: Person, pk: int) -> Staff:
    teacher = get_in_school_or_404(Staff.objects.select_related("school"), person, pk=pk)
    if not can_view_growth(person, teacher):
        raise PermissionDenied
    return teacher


def get_attestation_for_user(person: Person, pk: int) -> Attestation:
    attestation = get_in_school_or_404(
        Attestation.objects.select_related("staff__school", "opinion_by", "decided_by", "opened_by"),
        person,
        school_field="staff__school",
        pk=pk,
    )
    if not can_view_growth(person, attestation.staff):
        raise PermissionDenied
    return attestation


def get_certificate_for_user(person: Person, pk: int) -> Certificate:
    certificate = get_in_school_or_404(
        Certificate.objects.select_related("course__staff__school"),
        person,
        school_field="course__staff__school",
        pk=pk,
    )
    if not can_view_growth(person, certificate.course.staff):
        raise PermissionDenied
    return certificate


def get_circular_file_for_user(person: Person, pk: int) -> CircularFile:
    attached = get_in_school_or_404(
        CircularFile.objects.select_related("circular__school"),
        person,
        school_field="circular__school",
        pk=pk,
    )
    if not can_view_circular(person, attached.circular):
        raise PermissionDenied
    return attached
