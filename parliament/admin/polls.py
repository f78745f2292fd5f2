"""Polls in the admin, to read (SP-3.1): students answer on the site, and a poll's counts stay
hidden here too until it closes."""

from __future__ import annotations

from django.contrib import admin
from django.db.models import Count
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from parliament.models import Poll, PollOption
from school_gov.admin import ReadOnlyAdmin

# Polls and proposals: read-only here


class PollOptionInline(admin.TabularInline):
    model = PollOption
    extra = 0
    fields = ["position", "text", "answers"]
    readonly_fields = ["position", "text", "answers"]
    can_delete = False

    def get_queryset(self, request):
        return super().get_queryset(request).select_related("poll")

    def has_view_permission(self, request, obj=None) -> bool:
        # The options are part of the poll: whoever may read the poll reads its answers.
        return request.user.has_perm("parliament.view_poll")

    def has_add_permission(self, request, obj=None) -> bool:
        return False

    def has_change_permission(self, request, obj=None) -> bool:
        return False

    @admin.display(description=_("answers"))
    def answers(self, option: PollOption) -> str:
        """Hidden until the poll closes, here as on the site."""
        if option.pk is None or not option.poll.results_visible():
            return gettext("shown when the poll closes")
        return str(option.votes)


@admin.register(Poll)
class PollAdmin(ReadOnlyAdmin):
    list_display = ["question", "school", "opens_at", "closes_at", "audience", "respondents"]
    list_select_related = ["school"]
    search_fields = ["question"]
    date_hierarchy = "opens_at"
    fields = [
        "school",
        "term",
        "question",
        "audience_from_grade",
        "audience_to_grade",
        "opens_at",
        "closes_at",
        "who_asked",
    ]
    readonly_fields = ["who_asked"]
    inlines = [PollOptionInline]

    @admin.display(description=_("created by"))
    def who_asked(self, poll: Poll) -> str:
        return str(poll.created_by) if poll.created_by else "—"

    def get_queryset(self, request):
        return super().get_queryset(request).annotate(respondent_total=Count("responses"))

    @admin.display(description=_("grades"))
    def audience(self, poll: Poll) -> str:
        return f"{poll.audience_from_grade}–{poll.audience_to_grade}"

    @admin.display(description=_("answered"), ordering="respondent_total")
    def respondents(self, poll: Poll) -> int:
        return poll.respondent_total
