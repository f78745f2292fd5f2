"""Year-end reports (MB-5.3): the head writes and submits; the deputy director accepts or returns."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from django.db import IntegrityError
from django.utils import timezone
from django.utils.translation import gettext

from methodology.actions.workflow import transition
from methodology.models import Association, ReportStatus, YearEndReport
from methodology.models.reports import REPORT_EDITABLE
from methodology.permissions import (
    can_accept_report,
    can_edit_report,
    can_review_report,
    can_submit_report,
    is_head,
    own_work_refusal,
)
from school_gov import audit
from school_gov.actions import action, allow, lock
from school_gov.formats import dated
from school_gov.models import SchoolYear
from school_gov.people import Person
from school_gov.refusals import Refused, check

if TYPE_CHECKING:
    from methodology.forms import ReportForm


@action
def create(association: Association, *, by: Person, school_year: SchoolYear) -> YearEndReport:
    """The head starts the association's report on a school year (one a year)."""
    association = lock(
        Association.objects.select_related("school"), by=by, within="school", pk=association.pk
    )
    allow(is_head(by, association), gettext("Only the head of the association writes its report."))
    if YearEndReport.objects.filter(association=association, school_year=school_year).exists():
        raise Refused(gettext("The association already has a report for this school year."))
    report = YearEndReport(association=association, school_year=school_year, created_by=by.staff)
    check(report)
    try:
        report.save()
    except IntegrityError:
        raise Refused(gettext("The association already has a report for this school year.")) from None
    audit.record(by, "methodology.report.created", report, school=association.school)
    return report


@action
def edit(report: YearEndReport, *, by: Person, form: ReportForm) -> None:
    """The head saves the report's text (a validated form of it) while it is a draft or returned."""
    locked = lock(
        YearEndReport.objects.select_related("association__school"),
        by=by,
        within="association__school",
        pk=report.pk,
    )
    if locked.status not in REPORT_EDITABLE:
        raise Refused(gettext("The report was submitted meanwhile; it is read-only now."))
    allow(can_edit_report(by, locked), gettext("Only the head of the association edits its report."))
    edited: YearEndReport = form.save(commit=False)
    check(edited)
    edited.save()
    audit.record(
        by,
        "methodology.report.edited",
        edited,
        school=locked.association.school,
        fields=sorted(form.changed_data),
    )


@action
def submit(report: YearEndReport, *, by: Person) -> None:
    """MB-5.3: the head submits the report to the deputy director; its facts are kept as of today."""

    def written(row: YearEndReport) -> None:
        if timezone.localdate() < row.opens_on:
            raise Refused(
                gettext(
                    "The report is on the year's results: it can be submitted from %(date)s, when the "
                    "school year is nearly over."
                )
                % {"date": dated(row.opens_on)}
            )
        if not (row.aims_met.strip() and row.conclusions.strip() and row.next_year_tasks.strip()):
            raise Refused(
                gettext("Write how far the aims were met, the conclusions and next year's tasks first.")
            )

    def stamped(row: YearEndReport) -> dict[str, Any]:
        now = timezone.now()
        return {
            "submitted_at": now,
            "first_submitted_at": row.first_submitted_at or now,
            "submission_count": row.submission_count + 1,
            "facts": row.current_facts(),
        }

    transition(
        report,
        by=by,
        verb="submitted",
        allowed_from=REPORT_EDITABLE,
        to=ReportStatus.SUBMITTED,
        permitted=can_submit_report,
        denied=gettext("Only the head of the association may submit its report."),
        check=written,
        stamp=stamped,
    )


@action
def accept(report: YearEndReport, *, by: Person) -> None:
    """MB-5.3: the deputy director for educational work accepts the report."""
    transition(
        report,
        by=by,
        verb="accepted",
        allowed_from=(ReportStatus.SUBMITTED,),
        to=ReportStatus.ACCEPTED,
        permitted=can_accept_report,
        denied=lambda who, row: (
            own_work_refusal(who, row, "accept")
            or gettext("Only the deputy director for educational work may accept a report.")
        ),
        stamp=lambda row: {"accepted_at": timezone.now(), "accepted_by": by.staff},
    )


@action
def return_for_revision(report: YearEndReport, *, by: Person, comment: str) -> None:
    """The deputy director returns the report, saying what has to change."""
    comment = (comment or "").strip()

    def commented(row: YearEndReport) -> None:
        if not comment:
            raise Refused(gettext("Say in a comment what has to change before returning the report."))

    transition(
        report,
        by=by,
        verb="returned",
        allowed_from=(ReportStatus.SUBMITTED,),
        to=ReportStatus.RETURNED,
        permitted=can_review_report,
        denied=gettext("Only the deputy director for educational work may return a report."),
        check=commented,
        stamp=lambda row: {"returned_at": timezone.now(), "return_comment": comment},
        comment=comment,
    )
