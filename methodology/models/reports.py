from __future__ import annotations

import datetime
from collections import Counter
from typing import TYPE_CHECKING, Any

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from methodology.models.associations import Association
from methodology.models.growth import Attestation, AttestationDecision, Course, SelfEducation
from methodology.models.meetings import AssociationMeeting
from methodology.models.observations import AimReached, LessonObservation
from methodology.models.plans import Completion, PlanItem, PlanStatus, Section
from methodology.models.workflow import Workflow
from school_gov.deadlines import DeadlineState, deadline_state
from school_gov.fields import Text
from school_gov.models import EducationLevel, QualificationCategory, School, SchoolYear, Staff

if TYPE_CHECKING:
    from school_gov.people import Person


class ReportStatus(models.TextChoices):
    DRAFT = "draft", _("draft")
    SUBMITTED = "submitted", _("submitted")
    ACCEPTED = "accepted", _("accepted")
    RETURNED = "returned", _("returned for revision")


REPORT_EDITABLE = (ReportStatus.DRAFT, ReportStatus.RETURNED)


class YearEndReportQuerySet(models.QuerySet["YearEndReport"]):
    def awaiting(self, person: Person) -> YearEndReportQuerySet:
        """Reports waiting for the deputy director's acceptance (MB-5.3)."""
        from school_gov import roles

        if not person.holds(roles.DEPUTY_DIRECTOR):
            return self.none()
        return self.filter(status=ReportStatus.SUBMITTED, association__school=person.school)


class YearEndReport(Workflow, models.Model):
    """MB-5.3: the head's written report on the year, due five days after the school year ends."""

    association = models.ForeignKey(
        Association, verbose_name=_("association"), on_delete=models.PROTECT, related_name="reports"
    )
    school_year = models.ForeignKey(
        SchoolYear, verbose_name=_("school year"), on_delete=models.PROTECT, related_name="+"
    )
    status = models.CharField(
        _("status"), max_length=16, choices=ReportStatus.choices, default=ReportStatus.DRAFT, db_index=True
    )
    aims_met = Text(_("how far the year's aim and tasks were met"), blank=True)
    students_results = Text(_("students' results and olympiads"), blank=True)
    shared_experience = Text(_("self-education and shared experience"), blank=True)
    problems = Text(_("problems"), blank=True)
    conclusions = Text(_("conclusions"), blank=True)
    next_year_tasks = Text(_("tasks for next year"), blank=True)
    facts = models.JSONField(
        _("figures at submission"),
        default=dict,
        blank=True,
        help_text=_("What the app recorded when the report was submitted, kept as it was then."),
    )
    created_by = models.ForeignKey(
        Staff, verbose_name=_("created by"), on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    created_at = models.DateTimeField(_("created"), default=timezone.now)
    submitted_at = models.DateTimeField(_("submitted"), null=True, blank=True)
    # MB-5.3 asks when the report first reached the deputy: a resubmission after a return does not move it.
    first_submitted_at = models.DateTimeField(_("first submitted"), null=True, blank=True)
    submission_count = models.PositiveSmallIntegerField(_("times submitted"), default=0)
    accepted_at = models.DateTimeField(_("accepted"), null=True, blank=True)
    accepted_by = models.ForeignKey(
        Staff,
        verbose_name=_("accepted by"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
    )
    returned_at = models.DateTimeField(_("returned"), null=True, blank=True)
    return_comment = Text(_("comment on return"), blank=True)

    objects = YearEndReportQuerySet.as_manager()

    audit_name = "report"
    lock_related = ("association__school", "school_year", "accepted_by")

    class Meta:
        verbose_name = _("year-end report")
        verbose_name_plural = _("year-end reports")
        ordering = ["-school_year__start_date", "association"]
        constraints = [
            models.UniqueConstraint(
                fields=["association", "school_year"], name="methodology_report_one_per_year"
            )
        ]

    def __str__(self) -> str:
        return gettext("%(association)s: report for %(year)s") % {
            "association": self.association,
            "year": self.school_year,
        }

    def get_absolute_url(self) -> str:
        from django.urls import reverse

        return reverse("methodology:report_detail", args=[self.pk])

    @property
    def school(self) -> School:
        return self.association.school

    @property
    def is_editable(self) -> bool:
        return self.status in REPORT_EDITABLE

    @property
    def due(self) -> datetime.date:
        """MB-5.3: within five days after the school year ends (the next working day, where the school
        counts so)."""
        return self.association.school.calendar.due_after(self.school_year.end_date)

    @property
    def submitted_on(self) -> datetime.date | None:
        """The day the report first reached the deputy (on time or late stays what it was)."""
        first = self.first_submitted_at or self.submitted_at
        return timezone.localdate(first) if first else None

    @property
    def opens_on(self) -> datetime.date:
        """MB-5.3: the report is written on the year's results; it can be submitted from this day."""
        return self.school_year.end_date - datetime.timedelta(days=settings.REPORT_OPENS_DAYS)

    def deadline(self, today: datetime.date | None = None) -> DeadlineState:
        """On time means submitted to the deputy by the due date (MB-5.3 says "gives", not "accepted")."""
        return deadline_state(self.due, self.submitted_on, today)

    def current_facts(self) -> dict[str, Any]:
        """Pre-filled figures: completion of the year's approved plans by section, and the members."""
        return collect_facts(self.association, self.school_year)

    def shown_facts(self) -> dict[str, Any]:
        return self.facts if self.facts else self.current_facts()

    def readable_facts(self, facts: dict[str, Any] | None = None) -> dict[str, Any]:
        """The figures with display names for their stored codes (sections, education, category)."""
        facts = self.shown_facts() if facts is None else facts
        sections = dict(Section.choices)
        education = dict(EducationLevel.choices)
        categories = dict(QualificationCategory.choices)
        decisions = dict(AttestationDecision.choices)
        return {
            "sections": [
                {
                    **row,
                    "label": sections.get(row["section"], row["section"]),
                    "share_done": round(100 * row["done"] / row["total"]) if row["total"] else 0,
                }
                for row in facts.get("sections", [])
            ],
            "members": [
                {
                    **row,
                    "education_label": education.get(row.get("education"), row.get("education")),
                    "category_label": categories.get(row.get("category"), row.get("category")),
                    "category_given_on": _date_or_none(row.get("category_given_on")),
                    "next_attestation": _date_or_none(row.get("next_attestation")),
                    "attestations": [
                        {
                            "category_label": categories.get(a["category"], a["category"]),
                            "decision_label": decisions.get(a["decision"], a["decision"]),
                            "decided_on": _date_or_none(a["decided_on"]),
                        }
                        for a in row.get("attestations", [])
                    ],
                }
                for row in facts.get("members", [])
            ],
            # Reports submitted before observations were recorded in the app kept no such figure.
            "observations": facts.get("observations"),
            "meetings": [
                {**row, "held_on": datetime.date.fromisoformat(row["held_on"])}
                for row in facts.get("meetings", [])
            ]
            if "meetings" in facts
            else None,
            "quarters": facts.get("quarters"),
            "documents": facts.get("documents"),
            "growth": facts.get("growth"),
            "as_of": _date_or_none(facts.get("as_of")),
        }

    def state_refusal(self, verb: str) -> str:
        if self.status == ReportStatus.ACCEPTED:
            return gettext("The report was already accepted by %(name)s on %(date)s.") % {
                "name": self.accepted_by.short_name if self.accepted_by else "—",
                "date": date_format(timezone.localdate(self.accepted_at)),
            }
        if verb == "submitted":
            return gettext("The report has already been submitted.")
        return gettext("The report is %(status)s; this step is not possible now.") % {
            "status": self.get_status_display()
        }


def _date_or_none(value: str | None) -> datetime.date | None:
    return datetime.date.fromisoformat(value) if value else None


def collect_facts(
    association: Association, school_year: SchoolYear, today: datetime.date | None = None
) -> dict[str, Any]:
    """What the app holds about an association's year (GLOSSARY "A year-end report").

    Plain JSON (kept on the report at submission): completion counts per section over the year's approved
    plans, each member's education, years of service and category at the year's end, and the lessons
    observed in the year by whether their aim was reached (open lessons and visits), and the meetings held
    with their agendas.
    """
    items = PlanItem.objects.filter(
        plan__association=association, plan__school_year=school_year, plan__status=PlanStatus.APPROVED
    ).values_list("section", "completion")
    counts: dict[str, Counter[str]] = {}
    for section, completion in items:
        counts.setdefault(section, Counter())[completion or "not_marked"] += 1
    sections = [
        {
            "section": section,
            "done": counts[section][Completion.DONE],
            "partly": counts[section][Completion.PARTLY],
            "not_done": counts[section][Completion.NOT_DONE],
            "not_marked": counts[section]["not_marked"],
            "total": sum(counts[section].values()),
        }
        for section in Section.values
        if section in counts
    ]
    as_of = today or timezone.localdate()
    year_end = min(school_year.end_date, as_of)
    aims = Counter(
        LessonObservation.objects.filter(
            association=association, observed_on__range=(school_year.start_date, school_year.end_date)
        ).values_list("aim_reached", flat=True)
    )
    observations = {"total": sum(aims.values()), **{aim: aims[aim] for aim in AimReached.values}}
    meetings = [
        {"number": number, "held_on": held_on.isoformat(), "agenda": agenda}
        for number, held_on, agenda in AssociationMeeting.objects.filter(
            association=association, school_year=school_year
        )
        .order_by("minutes__held_on", "minutes__number")
        .values_list("minutes__number", "minutes__held_on", "minutes__agenda")
    ]
    members = [
        _member_facts(staff, year_end) for staff in _members_with_growth(association, school_year, year_end)
    ]
    return {
        "sections": sections,
        "members": members,
        "observations": observations,
        "meetings": meetings,
        "quarters": _quarters_met(school_year, meetings),
        "documents": _documents_of_year(association, school_year),
        "growth": {
            "courses": sum(len(m["courses"]) for m in members),
            "hours": sum(m["course_hours"] for m in members),
            "attestations": sum(len(m["attestations"]) for m in members),
            "categories_given": sum(
                a["decision"] == AttestationDecision.ASSIGNED for m in members for a in m["attestations"]
            ),
            "self_education": sum(bool(m["self_education"]) for m in members),
            "reported": sum(m["self_education_reported"] for m in members),
        },
        "as_of": as_of.isoformat(),
    }


def _quarters_met(school_year: SchoolYear, meetings: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """MB-5.2: the meetings held in each quarter of the year (a quarter without one shows 0)."""
    held = [datetime.date.fromisoformat(m["held_on"]) for m in meetings if m["held_on"]]
    return [
        {
            "number": quarter.number,
            "start": quarter.start_date.isoformat(),
            "end": quarter.end_date.isoformat(),
            "meetings": sum(quarter.start_date <= day <= quarter.end_date for day in held),
        }
        for quarter in school_year.quarters.order_by("number")
    ]


def _documents_of_year(association: Association, school_year: SchoolYear) -> dict[str, int]:
    """MB-4.5: the work documents asked of the association's teachers in the year, by where they stand."""
    from methodology.models.documents import DocumentSubmission, SubmissionStatus

    statuses = Counter(
        DocumentSubmission.objects.filter(
            request__association=association,
            request__created_at__date__range=(school_year.start_date, school_year.end_date),
        ).values_list("status", flat=True)
    )
    return {
        "asked": sum(statuses.values()),
        **{status: statuses[status] for status in SubmissionStatus.values},
    }


def _members_with_growth(
    association: Association, school_year: SchoolYear, on: datetime.date
) -> models.QuerySet[Staff]:
    """The members at the year's end with their year's courses, self-education and attestations (MB-3.3,
    MB-4.2): four queries, whatever the number of members."""
    year = (school_year.start_date, school_year.end_date)
    return association.member_staff(on).prefetch_related(
        models.Prefetch(
            "courses",
            queryset=Course.objects.filter(ended_on__range=year).order_by("ended_on"),
            to_attr="year_courses",
        ),
        models.Prefetch(
            "self_education",
            queryset=SelfEducation.objects.filter(school_year=school_year),
            to_attr="year_topic",
        ),
        models.Prefetch(
            "attestations",
            queryset=Attestation.objects.filter(decided_on__range=year).order_by("decided_on"),
            to_attr="year_attestations",
        ),
    )


def _member_facts(staff: Staff, year_end: datetime.date) -> dict[str, Any]:
    topic = staff.year_topic[0] if staff.year_topic else None  # type: ignore[attr-defined]  # prefetched
    courses = staff.year_courses  # type: ignore[attr-defined]
    next_on = staff.next_attestation_on
    return {
        "name": staff.full_name,
        "subjects": staff.subjects,
        "education": staff.education_level,
        "years": staff.service_on(year_end).years,
        "category": staff.qualification_category,
        "category_given_on": staff.category_given_on.isoformat() if staff.category_given_on else None,
        "next_attestation": next_on.isoformat() if next_on else None,
        "courses": [
            {"topic": c.topic, "provider": c.provider, "hours": c.hours, "ended_on": c.ended_on.isoformat()}
            for c in courses
        ],
        "course_hours": sum(c.hours for c in courses),
        "attestations": [
            {"category": a.category, "decision": a.decision, "decided_on": a.decided_on.isoformat()}
            for a in staff.year_attestations  # type: ignore[attr-defined]
        ],
        "self_education": topic.topic if topic else "",
        "self_education_reported": bool(topic and topic.report),
    }
