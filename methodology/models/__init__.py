"""Methodological associations (MB-…): associations, heads and members, work plans, year-end reports,
lesson observations, meetings with their minutes."""

from methodology.models.associations import (
    Association,
    HeadAppointment,
    Membership,
    head_qualification_problems,
)
from methodology.models.documents import (
    Acknowledgement,
    Audience,
    Circular,
    CircularFile,
    CircularKind,
    DocumentKind,
    DocumentRequest,
    DocumentSubmission,
    DocumentVersion,
    Outcome,
    SubmissionStatus,
)
from methodology.models.growth import (
    Attestation,
    AttestationDecision,
    Certificate,
    Course,
    SelfEducation,
)
from methodology.models.meetings import AssociationMeeting
from methodology.models.observations import AimReached, LessonObservation
from methodology.models.plans import (
    Completion,
    PeriodKind,
    PlanComment,
    PlanItem,
    PlanStatus,
    Section,
    WorkPlan,
)
from methodology.models.projects import (
    HeadProposal,
    ProjectStatus,
    ProposalKind,
    ProposalStatus,
    TeacherProject,
)
from methodology.models.reports import ReportStatus, YearEndReport

__all__ = [
    "SelfEducation",
    "Course",
    "Certificate",
    "AttestationDecision",
    "Attestation",
    "Acknowledgement",
    "Audience",
    "Circular",
    "CircularFile",
    "CircularKind",
    "AimReached",
    "Association",
    "AssociationMeeting",
    "Completion",
    "DocumentKind",
    "DocumentRequest",
    "DocumentSubmission",
    "DocumentVersion",
    "HeadAppointment",
    "HeadProposal",
    "LessonObservation",
    "Membership",
    "Outcome",
    "PeriodKind",
    "PlanComment",
    "PlanItem",
    "PlanStatus",
    "ProjectStatus",
    "ProposalKind",
    "ProposalStatus",
    "ReportStatus",
    "Section",
    "SubmissionStatus",
    "TeacherProject",
    "WorkPlan",
    "YearEndReport",
    "head_qualification_problems",
]
