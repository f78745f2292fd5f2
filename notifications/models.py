"""What reached whom: notifications, the choices people made about them, the reminders' ledger, the
sweep's runs, the e-mail outbox and the personal calendar links."""

from __future__ import annotations

from django.conf import settings
from django.contrib.contenttypes.fields import GenericForeignKey
from django.contrib.contenttypes.models import ContentType
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from school_gov.models import AuditEvent, School


class Channel(models.TextChoices):
    APP = "app", _("in the app only")
    EMAIL = "email", _("by e-mail at once")
    DIGEST = "digest", _("in a daily e-mail digest")


class Digest(models.Model):
    """One daily digest e-mailed to one person: the notifications it carried point at it, so the next
    digest carries everything since this one and nothing twice."""

    recipient = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("recipient"), on_delete=models.CASCADE, related_name="+"
    )
    created_at = models.DateTimeField(_("made"), default=timezone.now)
    email = models.ForeignKey(
        "school_gov.Email",
        verbose_name=_("e-mail"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )

    class Meta:
        verbose_name = _("digest")
        verbose_name_plural = _("digests")
        ordering = ["-created_at"]

    def __str__(self) -> str:
        return f"{self.recipient_id}: {self.created_at:%Y-%m-%d %H:%M}"


class NotificationQuerySet(models.QuerySet["Notification"]):
    def unread(self) -> NotificationQuerySet:
        return self.filter(read_at__isnull=True)


class Notification(models.Model):
    """Something a person must act on or should know, about one record, caused by one event (an audit
    event of the one write path, or a reminder of the daily sweep)."""

    recipient = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("recipient"),
        on_delete=models.CASCADE,
        related_name="notifications",
    )
    kind = models.CharField(_("kind"), max_length=48)
    channel = models.CharField(_("channel"), max_length=8, choices=Channel.choices, default=Channel.APP)
    school = models.ForeignKey(
        School, verbose_name=_("school"), on_delete=models.CASCADE, null=True, blank=True, related_name="+"
    )
    content_type = models.ForeignKey(ContentType, on_delete=models.CASCADE, related_name="+")
    object_id = models.CharField(max_length=64)
    about = GenericForeignKey("content_type", "object_id")
    event = models.ForeignKey(
        AuditEvent,
        verbose_name=_("event"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    # What the message says beside the record: a comment, a due date, a count (never an appeal's words).
    data = models.JSONField(_("details"), default=dict, blank=True)
    created_at = models.DateTimeField(_("when"), default=timezone.now, db_index=True)
    read_at = models.DateTimeField(_("read"), null=True, blank=True)
    emailed_at = models.DateTimeField(_("e-mailed"), null=True, blank=True)
    digest = models.ForeignKey(
        Digest,
        verbose_name=_("digest"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="notifications",
    )

    objects = NotificationQuerySet.as_manager()

    class Meta:
        verbose_name = _("notification")
        verbose_name_plural = _("notifications")
        ordering = ["-created_at", "-pk"]
        indexes = [
            models.Index(fields=["recipient", "-created_at"], name="notification_inbox"),
            models.Index(fields=["recipient"], condition=Q(read_at__isnull=True), name="notification_unread"),
            models.Index(
                fields=["recipient"],
                condition=Q(channel="digest", digest__isnull=True),
                name="notification_for_digest",
            ),
        ]

    def __str__(self) -> str:
        from notifications.kinds import message

        return message(self)


class Preference(models.Model):
    """How a person wants one kind of notification; without a row, the kind's default for them."""

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("account"), on_delete=models.CASCADE, related_name="+"
    )
    kind = models.CharField(_("kind"), max_length=48)
    channel = models.CharField(_("channel"), max_length=8, choices=Channel.choices)

    class Meta:
        verbose_name = _("notification preference")
        verbose_name_plural = _("notification preferences")
        constraints = [models.UniqueConstraint(fields=["user", "kind"], name="notification_preference_once")]

    def __str__(self) -> str:
        return f"{self.kind}: {self.channel}"


class Reminder(models.Model):
    """The ledger of the daily sweep: one reminder of one kind about one record to one person per due
    date, so a second run on the same day sends nothing."""

    kind = models.CharField(_("kind"), max_length=48)
    content_type = models.ForeignKey(ContentType, on_delete=models.CASCADE, related_name="+")
    object_id = models.CharField(max_length=64)
    recipient = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("recipient"), on_delete=models.CASCADE, related_name="+"
    )
    due_on = models.DateField(_("due"))
    sent_at = models.DateTimeField(_("sent"), default=timezone.now)
    sweep = models.ForeignKey(
        "SweepRun", verbose_name=_("sweep"), on_delete=models.SET_NULL, null=True, related_name="reminders"
    )

    class Meta:
        verbose_name = _("reminder sent")
        verbose_name_plural = _("reminders sent")
        ordering = ["-sent_at"]
        constraints = [
            models.UniqueConstraint(
                fields=["kind", "content_type", "object_id", "recipient", "due_on"], name="reminder_once"
            )
        ]

    def __str__(self) -> str:
        return f"{self.kind} ({self.due_on})"


class SweepRun(models.Model):
    """One run of the daily sweep (`send_reminders`): when, and what it sent."""

    started_at = models.DateTimeField(_("started"), default=timezone.now)
    finished_at = models.DateTimeField(_("finished"), null=True, blank=True)
    reminders_sent = models.PositiveIntegerField(_("reminders sent"), default=0)
    digests_sent = models.PositiveIntegerField(_("digests sent"), default=0)
    by_kind = models.JSONField(_("reminders by kind"), default=dict, blank=True)

    class Meta:
        verbose_name = _("reminder sweep")
        verbose_name_plural = _("reminder sweeps")
        ordering = ["-started_at"]

    def __str__(self) -> str:
        return str(timezone.localtime(self.started_at).strftime("%Y-%m-%d %H:%M"))


class CalendarLink(models.Model):
    """A person's secret calendar feed address (only its hash is kept); a new one revokes the old."""

    user = models.OneToOneField(
        settings.AUTH_USER_MODEL, verbose_name=_("account"), on_delete=models.CASCADE, related_name="+"
    )
    secret_hash = models.CharField(max_length=64, unique=True)
    created_at = models.DateTimeField(_("made"), default=timezone.now)

    class Meta:
        verbose_name = _("calendar link")
        verbose_name_plural = _("calendar links")

    def __str__(self) -> str:
        return str(_("calendar link"))
