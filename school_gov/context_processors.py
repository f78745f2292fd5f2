from __future__ import annotations

from dataclasses import dataclass, field
from typing import TYPE_CHECKING

from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from school_gov.people import LEADERS
from school_gov.permissions import can_read_staff_records
from school_gov.roles import DISTRICT_METHODOLOGIST, uses_admin

if TYPE_CHECKING:
    from django_stubs_ext import StrOrPromise


@dataclass
class NavItem:
    """An entry of the navigation: a page, or a group of pages under one menu (`children`)."""

    label: StrOrPromise
    url: str = ""
    children: list[NavItem] = field(default_factory=list)

    def is_current(self, path: str) -> bool:
        return path == self.url or any(child.is_current(path) for child in self.children)


def navigation(request) -> dict:
    """The navigation a signed-in person sees; built from the same predicates as the views. The
    methodology's pages are one menu, so the bar fits a laptop's width (issue 15, part 1)."""
    person = getattr(request, "person", None)
    if person is None or not person.is_authenticated:
        return {"nav_items": []}
    items = [NavItem(_("Home"), reverse("dashboard"))]
    if person.school is not None:
        items.append(NavItem(_("Our school"), reverse("school_detail")))
        items.append(NavItem(_("School parliament"), reverse("parliament:home")))
    if person.staff is not None:  # the methodology's pages are the staff's (not the superuser's)
        methodology = NavItem(
            _("Methodological work"),
            children=[
                NavItem(_("Methodological associations"), reverse("methodology:association_list")),
                NavItem(_("Work plans"), reverse("methodology:plan_list")),
                NavItem(_("Lesson observations"), reverse("methodology:observation_list")),
                NavItem(_("Work documents"), reverse("methodology:document_list")),
                NavItem(_("Documents from the administration"), reverse("methodology:circular_list")),
                NavItem(_("Professional development"), reverse("methodology:growth_home")),
            ],
        )
        if person.holds(*LEADERS, DISTRICT_METHODOLOGIST):
            methodology.children.append(NavItem(_("Plans by quarter"), reverse("methodology:plan_grid")))
        items.append(methodology)
    if can_read_staff_records(person):
        items.append(NavItem(_("Staff"), reverse("staff_list")))
    if uses_admin(person):
        items.append(NavItem(_("Administration"), reverse("admin:index")))
    return {"nav_items": items, "nav_school": person.school}
