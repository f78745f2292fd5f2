"""The student parliament (SP-…): terms and offices, elections, ministries, events, duty, meetings,
student voice (polls, proposals), confidential appeals and clubs."""

from parliament.models.appeals import Appeal, AppealStatus
from parliament.models.clubs import Club, ClubKind, ClubMembership, MembershipStatus
from parliament.models.elections import (
    Candidate,
    CandidateStatus,
    Election,
    ElectionStage,
    PaperCount,
    Tally,
    Turnout,
    VoteCode,
)
from parliament.models.events import (
    AreaKind,
    DutyAssignment,
    Event,
    EventKind,
    OlympiadStage,
)
from parliament.models.meetings import Meeting
from parliament.models.polls import Poll, PollOption, PollResponse
from parliament.models.proposals import Proposal, ProposalBody, ProposalStatus, ProposalSupport
from parliament.models.terms import Ministry, Office, OfficeKind, Term

__all__ = [
    "Appeal",
    "AppealStatus",
    "AreaKind",
    "Candidate",
    "CandidateStatus",
    "Club",
    "ClubKind",
    "ClubMembership",
    "DutyAssignment",
    "Election",
    "ElectionStage",
    "Event",
    "EventKind",
    "Meeting",
    "MembershipStatus",
    "Ministry",
    "Office",
    "OfficeKind",
    "OlympiadStage",
    "PaperCount",
    "Poll",
    "PollOption",
    "PollResponse",
    "Proposal",
    "ProposalBody",
    "ProposalStatus",
    "ProposalSupport",
    "Tally",
    "Term",
    "Turnout",
    "VoteCode",
]
