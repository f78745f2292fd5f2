from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from school_gov.people import LEADERS
from school_gov.permissions import can_read_staff_records
from school_gov.roles import DISTRICT_METHODOLOGIST, uses_admin


def navigation(request) -> dict:
    """The navigation a signed-in person sees; built from the same predicates as the views."""
    person = getattr(request, "person", None)
    if person is None or not person.is_authenticated:
        return {"nav_items": []}
    items = [(reverse("dashboard"), _("Home"))]
    if person.school is not None:
        items.append((reverse("school_detail"), _("Our school")))
        items.append((reverse("parliament:home"), _("School parliament")))
    if person.staff is not None:  # the methodology's pages are the staff's (not the superuser's)
        items.append((reverse("methodology:association_list"), _("Methodological associations")))
        items.append((reverse("methodology:observation_list"), _("Lesson observations")))
        items.append((reverse("methodology:document_list"), _("Work documents")))
        items.append((reverse("methodology:circular_list"), _("Documents from the administration")))
        items.append((reverse("methodology:growth_home"), _("Professional development")))
        if person.holds(*LEADERS, DISTRICT_METHODOLOGIST):
            items.append((reverse("methodology:plan_grid"), _("Plans by quarter")))
    if can_read_staff_records(person):
        items.append((reverse("staff_list"), _("Staff")))
    if uses_admin(person):
        items.append((reverse("admin:index"), _("Administration")))
    return {"nav_items": items, "nav_school": person.school}
