from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from school_gov.permissions import can_read_staff_records, school_of
from school_gov.roles import staff_of, uses_admin


def navigation(request) -> dict:
    """The navigation a signed-in person sees; built from the same predicates as the views."""
    user = getattr(request, "user", None)
    if user is None or not user.is_authenticated:
        return {"nav_items": []}
    items = [(reverse("dashboard"), _("Home"))]
    if school_of(user) is not None:
        items.append((reverse("school_detail"), _("Our school")))
        items.append((reverse("parliament:home"), _("School parliament")))
    if can_read_staff_records(user):
        items.append((reverse("methodology:association_list"), _("Methodological associations")))
        if staff_of(user) is not None:
            items.append((reverse("methodology:observation_list"), _("Lesson observations")))
        items.append((reverse("staff_list"), _("Staff")))
    if uses_admin(user):
        items.append((reverse("admin:index"), _("Administration")))
    return {"nav_items": items, "nav_school": school_of(user)}
