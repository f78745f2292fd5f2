"""Notifications put into words for one reader: who may still see them, their e-mail (at once, or the
daily digest), each in the reader's language (the account's, Kyrgyz by default), plain text and HTML,
with a link straight to the record and a one-click unsubscribe per kind."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field

from django.conf import settings
from django.core import signing
from django.db.models import prefetch_related_objects
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.translation import gettext

from notifications.kinds import KINDS, link, message
from notifications.models import Notification
from school_gov.models import User
from school_gov.people import Person, person_of
from school_gov.sites import site_url

UNSUBSCRIBE_SALT = "notifications.unsubscribe"
EVERY_KIND = "*"  # the digest's own unsubscribe link: no e-mail of any kind


def visible(notification: Notification, person: Person) -> bool:
    """Whether the reader may still see what the notification is about (asked again on every showing:
    someone who left the school or lost the role is not told)."""
    declared = KINDS.get(notification.kind)
    record = notification.about
    if declared is None or record is None or not person.is_authenticated:
        return False
    if notification.school_id is not None and not (
        person.belongs_to(notification.school) or person.reads_district_of(notification.school)
    ):
        return False
    return bool(declared.sees(person, record))


def load(notifications: list[Notification]) -> list[Notification]:
    """Fetch what the notifications are about, and what their kinds' `sees` read of it, in a few
    queries for the whole list (one per kind of record and relation), not per notification."""
    prefetch_related_objects(notifications, "about")
    paths: dict[type, set[str]] = {}
    records: dict[type, list] = {}
    for notification in notifications:
        declared = KINDS.get(notification.kind)
        record = notification.about
        if declared is None or record is None:
            continue
        paths.setdefault(type(record), set()).update(declared.related)
        records.setdefault(type(record), []).append(record)
    for model, related in paths.items():
        if related:
            prefetch_related_objects(records[model], *sorted(related))
    return notifications


def language_of(user: User) -> str:
    return user.language or settings.LANGUAGE_CODE


def address_of(user: User) -> str:
    """Where e-mail reaches the person: the account's address, else their school record's."""
    if user.email:
        return user.email
    person = person_of(user)
    record = person.record
    return getattr(record, "email", "") or ""


def unsubscribe_token(user: User, kind: str) -> str:
    return signing.dumps([user.pk, kind], salt=UNSUBSCRIBE_SALT, compress=True)


def read_unsubscribe_token(token: str) -> tuple[int, str] | None:
    """(account id, kind) from an unsubscribe link; None for a link that was altered or made up."""
    try:
        user_pk, kind = signing.loads(token, salt=UNSUBSCRIBE_SALT)
    except (signing.BadSignature, ValueError, TypeError):
        return None
    if not isinstance(user_pk, int) or (kind not in KINDS and kind != EVERY_KIND):
        return None
    return user_pk, kind


def unsubscribe_url(user: User, kind: str) -> str:
    return site_url(reverse("notifications:unsubscribe", args=[unsubscribe_token(user, kind)]))


@dataclass
class Line:
    """One notification as a reader sees it."""

    notification: Notification
    text: str
    url: str


@dataclass
class Group:
    """The notifications about one record, the most recent first."""

    title: str
    url: str
    lines: list[Line] = field(default_factory=list)


def lines(notifications: Iterable[Notification], *, absolute_links: bool = False) -> list[Line]:
    made = []
    for notification in notifications:
        url = link(notification.about)
        made.append(Line(notification, message(notification), site_url(url) if absolute_links else url))
    return made


def grouped(notifications: Iterable[Notification], *, absolute_links: bool = False) -> list[Group]:
    """By record, the group with the most recent notification first (the notifications newest first)."""
    ordered = sorted(notifications, key=lambda n: (n.created_at, n.pk), reverse=True)
    groups: dict[tuple[int, str], Group] = {}
    for line in lines(ordered, absolute_links=absolute_links):
        n = line.notification
        key = (n.content_type_id, n.object_id)
        if key not in groups:
            declared = KINDS.get(n.kind)
            names = declared is not None and declared.names_object
            title = str(n.about) if names and n.about is not None else gettext("A confidential appeal")
            groups[key] = Group(title=title, url=line.url)
        groups[key].lines.append(line)
    return list(groups.values())


def notification_email(notification: Notification) -> tuple[str, str, str, dict[str, str]] | None:
    """(subject, text, HTML, headers) of the e-mail of one notification, in the reader's language."""
    user = notification.recipient
    with translation.override(language_of(user)):
        line = lines([notification], absolute_links=True)[0]
        unsubscribe = unsubscribe_url(user, notification.kind)
        context = {
            "line": line,
            "kind": KINDS[notification.kind],
            "inbox": site_url(reverse("notifications:inbox")),
            "preferences": site_url(reverse("notifications:preferences")),
            "unsubscribe": unsubscribe,
        }
        subject = line.text if len(line.text) <= 120 else line.text[:117] + "…"
        text = render_to_string("notifications/email/notification.txt", context)
        html = render_to_string("notifications/email/notification.html", context)
    return subject, text, html, _list_headers(unsubscribe)


def digest_email(user: User, notifications: list[Notification]) -> tuple[str, str, str, dict[str, str]]:
    """(subject, text, HTML, headers) of one person's digest, grouped by record, newest first."""
    with translation.override(language_of(user)):
        kinds = sorted({n.kind for n in notifications})
        context = {
            "groups": grouped(notifications, absolute_links=True),
            "count": len(notifications),
            "inbox": site_url(reverse("notifications:inbox")),
            "preferences": site_url(reverse("notifications:preferences")),
            "unsubscribes": [(KINDS[k].label, unsubscribe_url(user, k)) for k in kinds if k in KINDS],
            "date": timezone.localdate(),
        }
        subject = gettext("Your digest: %(count)s new") % {"count": len(notifications)}
        text = render_to_string("notifications/email/digest.txt", context)
        html = render_to_string("notifications/email/digest.html", context)
    return subject, text, html, _list_headers(unsubscribe_url(user, EVERY_KIND))


def _list_headers(unsubscribe: str) -> dict[str, str]:
    # RFC 8058: a mail client's own "unsubscribe" button posts to the link, in one click.
    return {"List-Unsubscribe": f"<{unsubscribe}>", "List-Unsubscribe-Post": "List-Unsubscribe=One-Click"}
