"""Clubs in the admin (SP-4.2): the leaders and the adviser keep them; members ask on the site."""

from __future__ import annotations

from django.contrib import admin
from django.db.models import Count, Q
from django.utils.translation import gettext_lazy as _

from parliament.forms.clubs import ClubAdminForm
from parliament.models import Club, ClubMembership, MembershipStatus
from school_gov.admin import SchoolScopedAdmin
from school_gov.models import Staff, Student
from school_gov.permissions import readable_schools


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
