"""The district's grid of work plans (issue 13, part 5): for the district methodologist every school of the
district, for a school's director and deputy their own; filterable by school and subject area, and as a
spreadsheet. Read-only."""

from __future__ import annotations

from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpResponse
from django.shortcuts import render
from django.utils import timezone
from django.utils.translation import gettext as _

from methodology.grid import MISSING, NOT_YET, grid
from methodology.models import PlanStatus
from school_gov import roles
from school_gov.collation import Kyrgyz
from school_gov.models import School
from school_gov.people import Person, PersonRequest
from school_gov.roster import write_xlsx

XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


def _schools(person: Person) -> list[School]:
    staff = person.staff
    if staff is None:
        raise PermissionDenied
    if person.holds(roles.DISTRICT_METHODOLOGIST) and person.district_id is not None:
        return list(School.objects.filter(district_id=person.district_id).order_by(Kyrgyz("name"), "pk"))
    if person.manages(staff.school):
        return [staff.school]
    raise PermissionDenied


def state_label(state: str) -> str:
    if state == MISSING:
        return _("no plan")
    if state == NOT_YET:
        return _("not begun")
    return str(PlanStatus(state).label)


def plan_grid(request: PersonRequest) -> HttpResponse:
    """Which association of which school is behind, quarter by quarter, including those that never began."""
    schools = _schools(request.person)
    chosen = request.GET.get("school", "")
    shown = schools
    if chosen:
        shown = [school for school in schools if str(school.pk) == chosen]
        if not shown:
            raise Http404  # a school the viewer may not read is as if it did not exist
    subject = request.GET.get("subject", "")[:100]
    rows, width = grid(shown, timezone.localdate(), subject=subject)
    if request.GET.get("format") == "xlsx":
        return _spreadsheet(rows, width)
    return render(
        request,
        "methodology/district/plan_grid.html",
        {
            "rows": [(row, [(cell, state_label(cell.state)) for cell in row.cells]) for row in rows],
            "quarters": range(1, width + 1),
            "schools": schools if len(schools) > 1 else [],
            "chosen_school": shown[0] if chosen else None,
            "subject": subject,
            "many_schools": len(schools) > 1,
            "overdue": sum(row.overdue for row in rows),
            "missing": sum(row.missing for row in rows),
        },
    )


def _spreadsheet(rows, width: int) -> HttpResponse:
    """The grid as the page shows it, one row per association (school_gov.roster's XLSX writer)."""
    table: list[list[str | int]] = [
        [
            _("School"),
            _("Association"),
            *[_("Quarter %(number)s") % {"number": n} for n in range(1, width + 1)],
            _("Overdue"),
            _("No plan"),
            _("Year-end report"),
        ]
    ]
    for row in rows:
        table.append(
            [
                row.school.name,
                row.association.name,
                *[
                    state_label(cell.state) + (" — " + _("overdue") if cell.overdue else "")
                    for cell in row.cells
                ],
                *[""] * (width - len(row.cells)),
                row.overdue,
                row.missing,
                str(row.report.get_status_display()) if row.report else "—",
            ]
        )
    response = HttpResponse(write_xlsx(table), content_type=XLSX)
    response["Content-Disposition"] = 'attachment; filename="plans-by-quarter.xlsx"'
    return response
