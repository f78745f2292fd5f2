"""The notifications in the admin (superusers): the sweep's runs and what they sent, read-only (the
outbox is the core's, school_gov.admin)."""

from __future__ import annotations

from django.contrib import admin, messages
from django.utils.translation import gettext_lazy as _

from notifications.models import Reminder, SweepRun
from school_gov.admin import SuperuserReadOnlyAdmin


class ReminderInline(admin.TabularInline):
    model = Reminder
    fields = ["kind", "recipient", "due_on", "object_id"]
    readonly_fields = ["kind", "recipient", "due_on", "object_id"]
    extra = 0
    can_delete = False
    show_change_link = False
    max_num = 0


@admin.register(SweepRun)
class SweepRunAdmin(SuperuserReadOnlyAdmin):
    list_display = ["started_at", "finished_at", "reminders_sent", "digests_sent"]
    readonly_fields = ["started_at", "finished_at", "reminders_sent", "digests_sent", "by_kind"]
    inlines = [ReminderInline]

    def changelist_view(self, request, extra_context=None):
        from notifications import sweep

        if sweep.is_overdue():
            self.message_user(
                request,
                _("The reminder sweep has not run for 36 hours: reminders and digests are not going out."),
                messages.WARNING,
            )
        return super().changelist_view(request, extra_context)
