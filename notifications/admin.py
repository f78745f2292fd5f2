"""The notifications in the admin (superusers): the outbox with its failures and a "send again", the
sweep's runs and what they sent. Read-only except the outbox's send again."""

from __future__ import annotations

from django.contrib import admin, messages
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext

from notifications import outbox
from notifications.models import Email, Reminder, SweepRun


class ReadOnly(admin.ModelAdmin):
    def has_add_permission(self, request, obj=None) -> bool:
        return False

    def has_change_permission(self, request, obj=None) -> bool:
        return False

    def has_delete_permission(self, request, obj=None) -> bool:
        return False


@admin.register(Email)
class EmailAdmin(ReadOnly):
    list_display = ["created_at", "to", "subject", "status", "attempts", "next_attempt_at", "sent_at"]
    list_filter = ["status"]
    search_fields = ["to", "subject"]
    readonly_fields = [
        "to",
        "subject",
        "status",
        "attempts",
        "next_attempt_at",
        "last_error",
        "created_at",
        "sent_at",
    ]
    exclude = ["body", "html", "headers"]
    actions = ["send_again"]

    def has_view_permission(self, request, obj=None) -> bool:
        return request.user.is_superuser

    def has_module_permission(self, request) -> bool:
        return request.user.is_superuser

    @admin.action(description=_("Send again now"))
    def send_again(self, request, queryset) -> None:
        count = outbox.send_again(list(queryset.values_list("pk", flat=True)))
        self.message_user(
            request,
            ngettext("%(n)s message queued again.", "%(n)s messages queued again.", count) % {"n": count},
            messages.SUCCESS,
        )

    def get_actions(self, request):
        actions = super().get_actions(request)
        if not request.user.is_superuser:
            actions.pop("send_again", None)
        return actions


class ReminderInline(admin.TabularInline):
    model = Reminder
    fields = ["kind", "recipient", "due_on", "object_id"]
    readonly_fields = ["kind", "recipient", "due_on", "object_id"]
    extra = 0
    can_delete = False
    show_change_link = False
    max_num = 0


@admin.register(SweepRun)
class SweepRunAdmin(ReadOnly):
    list_display = ["started_at", "finished_at", "reminders_sent", "digests_sent"]
    readonly_fields = ["started_at", "finished_at", "reminders_sent", "digests_sent", "by_kind"]
    inlines = [ReminderInline]

    def has_view_permission(self, request, obj=None) -> bool:
        return request.user.is_superuser

    def has_module_permission(self, request) -> bool:
        return request.user.is_superuser

    def changelist_view(self, request, extra_context=None):
        from notifications import sweep

        if sweep.is_overdue():
            self.message_user(
                request,
                _("The reminder sweep has not run for 36 hours: reminders and digests are not going out."),
                messages.WARNING,
            )
        return super().changelist_view(request, extra_context)
