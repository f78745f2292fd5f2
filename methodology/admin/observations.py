"""Lesson observations in the admin (MB-3.1, MB-4.1): read by the school's leaders and the district;
recorded and corrected on the site by the observer, acknowledged there by the teacher."""

from __future__ import annotations

from django.contrib import admin
from django.utils.translation import gettext_lazy as _

from methodology.models import LessonObservation
from school_gov.admin import ReadOnlyAdmin


class AcknowledgedFilter(admin.SimpleListFilter):
    title = _("analysis read")
    parameter_name = "read"

    def lookups(self, request, model_admin):
        return [("yes", _("read by the teacher")), ("no", _("not read yet"))]

    def queryset(self, request, queryset):
        if self.value() in ("yes", "no"):
            return queryset.filter(acknowledged_at__isnull=self.value() == "no")
        return queryset


@admin.register(LessonObservation)
class LessonObservationAdmin(ReadOnlyAdmin):
    school_field = "association__school"
    list_display = [
        "observed_on",
        "teacher",
        "class_name",
        "subject",
        "association",
        "observer",
        "aim_reached",
        "read",
    ]
    list_filter = ["aim_reached", AcknowledgedFilter, ("association", admin.RelatedOnlyFieldListFilter)]
    list_select_related = ["teacher", "observer", "association"]
    search_fields = ["teacher__surname", "teacher__name", "observer__surname", "subject", "topic"]
    date_hierarchy = "observed_on"

    @admin.display(description=_("class"))
    def class_name(self, observation: LessonObservation) -> str:
        return observation.class_name

    @admin.display(description=_("analysis read"), boolean=True)
    def read(self, observation: LessonObservation) -> bool:
        return observation.acknowledged_at is not None
