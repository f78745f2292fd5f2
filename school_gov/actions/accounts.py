"""Accounts for the school's records: invitations sent by the director or the deputy and accepted by
the person invited, and an account deactivated when its person leaves (the record stays)."""

from __future__ import annotations

import functools
from collections.abc import Iterable
from dataclasses import dataclass

from django.conf import settings
from django.contrib.auth import get_user_model, password_validation
from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Q
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.translation import gettext

from school_gov import audit, invitations, mail
from school_gov.actions import action, allow, lock
from school_gov.codes import new_code
from school_gov.models import Invitation, School, Staff, Student, User
from school_gov.people import Person, person_of
from school_gov.refusals import Refused


@dataclass(frozen=True)
class Invited:
    record: Staff | Student
    sent_to: str  # the address the link went to; "" for a printed slip
    code: str  # the slip's code to print; "" when the link went by e-mail


@action
def invite(records: Iterable[Staff | Student], *, by: Person, school: School, site: str) -> list[Invited]:
    """Invite each record of the school that has no account yet: a link valid seven days by e-mail to
    the record's address, or a code for a printed slip when it has none. An earlier invitation of the
    same person stops working. `site` is the address the links start with ("https://mektep.kg")."""
    allow(by.manages(school), gettext("The director and the deputy director invite the school's people."))
    school = lock(School.objects, by=by, within="pk", pk=school.pk)
    now = timezone.now()
    chosen = [record for record in records if record.user_id is None]  # an account: nothing to invite to
    if any(record.school_id != school.pk for record in chosen):
        raise Refused.not_found()
    # An earlier invitation of the same people stops working (one update), the new ones in one insert.
    Invitation.objects.filter(used_at__isnull=True).filter(
        Q(staff__in=[r for r in chosen if isinstance(r, Staff)])
        | Q(student__in=[r for r in chosen if isinstance(r, Student)])
    ).update(expires_at=now)
    done: list[Invited] = []
    rows: list[Invitation] = []
    for record in chosen:
        secret = invitations.new_link_secret() if record.email else new_code()
        rows.append(
            Invitation(
                staff=record if isinstance(record, Staff) else None,
                student=record if isinstance(record, Student) else None,
                secret_hash=invitations.digest(secret),
                sent_to=record.email,
                created_by=by.staff,
                created_at=now,
                expires_at=now + invitations.VALID_FOR,
            )
        )
        if record.email:
            link = site.rstrip("/") + reverse("invitation_accept", args=[secret])
            transaction.on_commit(functools.partial(_send, record, link))
            done.append(Invited(record, record.email, ""))
        else:
            done.append(Invited(record, "", secret))
    Invitation.objects.bulk_create(rows)
    audit.record(
        by,
        "school_gov.invitation.sent",
        school,
        school=school,
        by_email=sum(1 for item in done if item.sent_to),
        on_slips=sum(1 for item in done if item.code),
    )
    return done


def _send(record: Staff | Student, link: str) -> None:
    """The invitation's e-mail, in Kyrgyz (the interface's first language), queued for the worker once
    the invitation is saved (the outbox, school_gov.mail)."""
    with translation.override(settings.LANGUAGE_CODE):
        context = {"record": record, "link": link, "days": invitations.VALID_FOR.days}
        subject = render_to_string("registration/invitation_subject.txt", context).strip()
        body = render_to_string("registration/invitation_email.txt", context)
    mail.post(record.email, subject, body)


def usable_invitation(secret: str) -> Invitation | None:
    """The invitation a link's token or a slip's code opens, if it still works."""
    invitation = (
        Invitation.objects.select_related("staff__school", "student__school")
        .filter(secret_hash=invitations.digest(secret))
        .first()
    )
    return invitation if invitation is not None and invitation.is_usable() else None


@action(anonymous=True)
def accept_invitation(secret: str, *, by: Person, username: str, password: str) -> User:
    """The invited person sets their username and password: a new account, linked to their record.
    Once: a used or expired invitation, or a record that has an account meanwhile, is refused."""
    invitation = (
        Invitation.objects.select_for_update(of=("self",))
        .select_related("staff__school", "student__school")
        .filter(secret_hash=invitations.digest(secret))
        .first()
    )
    if invitation is None or not invitation.is_usable():
        raise Refused(gettext("This invitation no longer works: it was used already, or it is too old."))
    invited = invitation.record
    record: Staff | Student = (
        lock(Student.everyone, pk=invited.pk)
        if isinstance(invited, Student)
        else lock(Staff.objects, pk=invited.pk)
    )
    if record.user_id is not None:
        raise Refused(gettext("This person has an account already; sign in with it."))
    username = username.strip()
    user_model = get_user_model()
    if user_model.objects.filter(username__iexact=username).exists():
        raise Refused(gettext("This username is taken; choose another."), field="username")
    user = user_model(username=username, email=record.email, first_name=record.name, last_name=record.surname)
    try:
        user_model._meta.get_field("username").run_validators(username)
        password_validation.validate_password(password, user)
    except ValidationError as error:
        raise Refused(" ".join(error.messages), field="__all__") from None
    user.set_password(password)
    user.save()
    record.user = user
    record.save(update_fields=["user"])
    invitation.used_at = timezone.now()
    invitation.save(update_fields=["used_at"])
    audit.record(person_of(user), "school_gov.invitation.accepted", record, school=record.school)
    return user


@action
def deactivate_account(record: Staff | Student, *, by: Person) -> None:
    """The director or the deputy closes the account of someone who left; the record, and everything
    it did, stays. One's own account is not closed this way."""
    record = (
        lock(Student.everyone, by=by, within="school", pk=record.pk)
        if isinstance(record, Student)
        else lock(Staff.objects, by=by, within="school", pk=record.pk)
    )
    allow(by.manages(record.school), gettext("The director and the deputy director close accounts."))
    if record.user_id is None:
        raise Refused(gettext("%(name)s has no account.") % {"name": record})
    if record.user_id == getattr(by.user, "pk", None):
        raise Refused(gettext("You cannot close your own account."))
    user_model = get_user_model()
    user = user_model.objects.select_for_update().get(pk=record.user_id)
    if not user.is_active:
        raise Refused(gettext("This account is closed already."))
    user.is_active = False
    user.save(update_fields=["is_active"])
    audit.record(by, "school_gov.user.deactivated", record, school=record.school, account=user.pk)
