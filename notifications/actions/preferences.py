"""A person's choices of how each kind of notification reaches them, and the unsubscribe link."""

from __future__ import annotations

from django.utils.translation import gettext

from notifications.delivery import EVERY_KIND, read_unsubscribe_token
from notifications.emit import channels
from notifications.kinds import KINDS
from notifications.models import Channel, Notification, Preference
from school_gov import audit
from school_gov.actions import action, lock
from school_gov.models import User
from school_gov.people import Person
from school_gov.refusals import Refused


def _store(user: User, chosen: dict[str, str]) -> None:
    """Keep the choices; what has not gone out yet (an e-mail not sent, a digest not made) follows them,
    so "stop the e-mails" stops the ones already waiting too."""
    Preference.objects.filter(user=user, kind__in=list(chosen)).delete()
    Preference.objects.bulk_create(
        Preference(user=user, kind=k, channel=c) for k, c in sorted(chosen.items())
    )
    for kind, channel in chosen.items():
        Notification.objects.filter(
            recipient=user,
            kind=kind,
            channel__in=[Channel.EMAIL, Channel.DIGEST],
            emailed_at__isnull=True,
            digest__isnull=True,
        ).update(channel=channel)


@action
def choose(chosen: dict[str, str], *, by: Person) -> list[str]:
    """Keep the person's channel for each kind in `chosen`; returns the kinds that changed."""
    user = lock(User.objects, pk=by.user.pk)
    for kind, channel in chosen.items():
        if kind not in KINDS:
            raise Refused(gettext("Unknown kind of notification."))
        if channel not in Channel.values:
            raise Refused(gettext("Choose in the app only, e-mail at once or the daily digest."))
    current = channels((kind, user.pk) for kind in chosen)
    changed = {kind: channel for kind, channel in chosen.items() if current[(kind, user.pk)] != channel}
    if changed:
        _store(user, changed)
        audit.record(by, "notifications.preferences.changed", user, kinds=changed)
    return sorted(changed)


@action(anonymous=True)
def unsubscribe(token: str, *, by: Person) -> tuple[User, list[str]]:
    """The one-click unsubscribe of an e-mail (no sign-in: the signed link names the account and the
    kind): that kind (or, from a digest, every kind) no longer comes by e-mail. Returns the account and
    the kinds that changed; none when it was already so (a link used twice changes nothing)."""
    read = read_unsubscribe_token(token)
    if read is None:
        raise Refused(gettext("This unsubscribe link is not valid. Open your notification settings instead."))
    user_pk, kind = read
    user = lock(User.objects.filter(is_active=True), pk=user_pk)
    kinds = sorted(KINDS) if kind == EVERY_KIND else [kind]
    current = channels((k, user.pk) for k in kinds)
    changed = {k: Channel.APP.value for k in kinds if current[(k, user.pk)] != Channel.APP}
    if changed:
        _store(user, changed)
        audit.record(by, "notifications.preferences.unsubscribed", user, kinds=sorted(changed))
    return user, sorted(changed)
