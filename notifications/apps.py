from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class NotificationsConfig(AppConfig):
    """Reaching people: notifications from the one write path, reminders before every deadline, e-mail
    through an outbox on the task queue, and a personal calendar feed."""

    name = "notifications"
    verbose_name = _("Notifications")
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self) -> None:
        from notifications import emit, kinds
        from school_gov import audit

        kinds.discover()
        audit.after_record(emit.from_event)
