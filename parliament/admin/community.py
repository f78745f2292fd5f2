"""Admin: parliament meetings (read-only) and clubs.

Meetings are written on the site by the adviser and the office-holders (with their audit events); the
admin shows them read-only. A closed meeting's minutes appear here only to those who may read them on
the site (SP-4.2: the parliament's members and the adviser), so the school's leaders see that a closed
meeting took place, not what it said.

Confidential appeals (SP-3.3) are deliberately NOT registered: the superuser is a technical
administrator, not one of the people who handle them.
"""

from __future__ import annotations

from django.contrib import admin
from django.db.models import Count, Q
from django.utils.html import format_html, format_html_join
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from parliament.forms.community import ClubAdminForm
from parliament.models import Club, ClubMembership, Meeting, MembershipStatus
from parliament.permissions.community import can_read_minutes
from school_gov.admin import ReadOnlyAdmin, SchoolScopedAdmin
from school_gov.models import Staff, Student
from school_gov.permissions import readable_schools


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


class ClubMembershipInline(admin.TabularInline):
    """Who asked and who was accepted: the leader decides on the site, so the admin only shows it."""

    model = ClubMembership
    extra = 0
    fields = ["student", "status", "requested_at", "decided_at"]
    readonly_fields = fields
    can_delete = False

    def has_add_permission(self, request, obj=None) -> bool:
        return False

    def has_change_permission(self, request, obj=None) -> bool:
        return False

    def has_view_permission(self, request, obj=None) -> bool:
        # Whoever keeps the clubs sees their members; the roles hold no permission on the memberships.
        return request.user.has_perm("parliament.view_club")

    def get_queryset(self, request):
        return super().get_queryset(request).select_related("student")


@admin.register(Club)
class ClubAdmin(SchoolScopedAdmin):
    form = ClubAdminForm
    list_display = ["name", "kind", "leader", "member_count", "school"]
    list_filter = ["kind"]
    list_select_related = ["school", "leader_staff", "leader_student"]
    search_fields = ["name", "description"]
    inlines = [ClubMembershipInline]

    def get_queryset(self, request):
        return (
            super()
            .get_queryset(request)
            .annotate(
                member_count=Count("memberships", filter=Q(memberships__status=MembershipStatus.ACCEPTED))
            )
        )

    def formfield_for_foreignkey(self, db_field, request, **kwargs):
        if not request.person.is_superuser:
            schools = readable_schools(request.person)
            if db_field.name == "leader_staff":
                kwargs["queryset"] = Staff.objects.filter(school__in=schools)
            elif db_field.name == "leader_student":
                kwargs["queryset"] = Student.objects.filter(school__in=schools)
        return super().formfield_for_foreignkey(db_field, request, **kwargs)

    @admin.display(description=_("leader"))
    def leader(self, club: Club) -> str:
        return str(club.leader_staff or club.leader_student or "—")

    @admin.display(description=_("members"), ordering="member_count")
    def member_count(self, club: Club) -> int:
        return club.member_count
