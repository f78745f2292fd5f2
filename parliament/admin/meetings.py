"""The parliament's meetings in the admin: read-only (the minutes are kept on the site)."""

from __future__ import annotations

from django.contrib import admin
from django.utils.html import format_html, format_html_join
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from parliament.models import Meeting
from parliament.permissions.meetings import can_read_minutes
from school_gov.admin import ReadOnlyAdmin


@admin.register(Meeting)
class MeetingAdmin(ReadOnlyAdmin):
    school_field = "term__school"
    list_display = ["number", "held_on", "is_closed", "term"]
    list_filter = ["is_closed"]
    list_select_related = ["minutes", "term__school_year"]
    ordering = ["-minutes__held_on", "-minutes__number"]

    def get_queryset(self, request):
        return super().get_queryset(request).select_related("minutes", "term__school", "term__school_year")

    def get_fields(self, request, obj=None):
        fields = ["term", "number", "held_on", "is_closed"]
        if obj is not None and can_read_minutes(request.person, obj):
            return [*fields, "minutes_header", "minutes_items"]
        return [*fields, "closed_minutes"]

    def get_readonly_fields(self, request, obj=None):
        return self.get_fields(request, obj)

    # Minutes are the core's shared model, linked one-to-one from the meeting: a Django inline needs a
    # foreign key to the meeting, so the minutes and their items show as read-only fields instead.

    @admin.display(description=_("number"), ordering="minutes__number")
    def number(self, meeting: Meeting) -> int:
        return meeting.minutes.number

    @admin.display(description=_("date"), ordering="minutes__held_on")
    def held_on(self, meeting: Meeting):
        return meeting.minutes.held_on

    @admin.display(description=_("minutes"))
    def minutes_header(self, meeting: Meeting) -> str:
        minutes = meeting.minutes
        rows = [
            (_("chair"), minutes.chair),
            (_("secretary"), minutes.secretary),
            (_("present"), minutes.present),
            (_("agenda"), minutes.agenda),
        ]
        return format_html(
            "<dl>{}</dl>",
            format_html_join("", "<dt>{}</dt><dd>{}</dd>", ((label, value or "—") for label, value in rows)),
        )

    @admin.display(description=_("agenda items"))
    def minutes_items(self, meeting: Meeting) -> str:
        items = meeting.minutes.items.all()
        if not items:
            return "—"
        return format_html(
            "<ol>{}</ol>",
            format_html_join(
                "",
                "<li><p><strong>{}:</strong> {}</p><p><strong>{}:</strong> {}</p>"
                "<p><strong>{}:</strong> {}</p></li>",
                (
                    (
                        pgettext_lazy("minutes", "heard"),
                        item.heard,
                        pgettext_lazy("minutes", "spoke"),
                        item.spoke or "—",
                        pgettext_lazy("minutes", "resolved"),
                        item.resolved or "—",
                    )
                    for item in items
                ),
            ),
        )

    @admin.display(description=_("minutes"))
    def closed_minutes(self, meeting: Meeting) -> str:
        return _("A closed meeting: its minutes are read only by the parliament's members and its adviser.")
