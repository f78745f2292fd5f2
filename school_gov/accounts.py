"""Signing in, getting back in and coming in for the first time: sign-in by username or e-mail address,
Django's own password reset (a single-use link by e-mail) whose success also lifts the sign-in
lock-out, and the pages of an invitation (a link by e-mail, or a code on a printed slip)."""

from __future__ import annotations

from axes.utils import reset as reset_lockouts
from django import forms
from django.contrib import messages
from django.contrib.auth import login
from django.contrib.auth import views as auth_views
from django.contrib.auth.decorators import login_not_required
from django.contrib.auth.forms import AuthenticationForm, PasswordResetForm
from django.contrib.auth.models import AnonymousUser
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.template.loader import render_to_string
from django.urls import reverse_lazy
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _
from django.views.decorators.cache import never_cache

from school_gov import guesses, mail
from school_gov.actions.accounts import accept_invitation, usable_invitation
from school_gov.codes import normalize_code
from school_gov.invitations import propose_username
from school_gov.people import PersonRequest, person_of
from school_gov.refusals import Refused, told
from school_gov.sites import site_host, site_url


class SignInForm(AuthenticationForm):
    """The sign-in form: the username or the account's e-mail address (school_gov.backends)."""

    username = forms.CharField(
        label=_("Username or e-mail"),
        max_length=254,
        widget=forms.TextInput(attrs={"autofocus": True, "autocomplete": "username"}),
    )


class QueuedPasswordResetForm(PasswordResetForm):
    """Django's reset form whose e-mail goes to the task queue: the page answers at once, in the same
    time whether an account has the address or not, and a slow mail server is the worker's to wait for."""

    def save(self, *args, **kwargs):
        """The link starts with the configured site's address, never with the request's Host header,
        which whoever asks for the reset chooses (issue 16)."""
        kwargs.update(domain_override=site_host(), use_https=site_url().startswith("https://"))
        return super().save(*args, **kwargs)

    def send_mail(
        self,
        subject_template_name,
        email_template_name,
        context,
        from_email,
        to_email,
        html_email_template_name=None,
    ):
        subject = "".join(render_to_string(subject_template_name, context).splitlines())
        body = render_to_string(email_template_name, context)
        mail.post(to_email, subject, body)


class PasswordResetView(auth_views.PasswordResetView):
    """Asks for the address and answers the same whether an account has it or not (Django's own: the
    e-mail goes only to an active account with a usable password)."""

    form_class = QueuedPasswordResetForm

    email_template_name = "registration/password_reset_email.txt"
    subject_template_name = "registration/password_reset_subject.txt"
    success_url = reverse_lazy("password_reset_done")


class PasswordResetConfirmView(auth_views.PasswordResetConfirmView):
    """The link sets a new password once (the token dies with the old password) and lifts the lock-out
    that failed sign-ins put on the account, so the person can sign in straight away."""

    success_url = reverse_lazy("password_reset_complete")

    def form_valid(self, form):
        response = super().form_valid(form)
        reset_lockouts(username=form.user.get_username())
        if form.user.email:
            reset_lockouts(username=form.user.email)
        return response


# Invitations: the first sign-in of a person the school invited (school_gov.actions.accounts)


class InvitationForm(forms.Form):
    username = forms.CharField(
        label=_("Username"),
        max_length=150,
        help_text=_("Letters, digits and . _ - only; you sign in with it (or with your e-mail)."),
    )
    password1 = forms.CharField(label=_("Password"), strip=False, widget=forms.PasswordInput)
    password2 = forms.CharField(label=_("The password again"), strip=False, widget=forms.PasswordInput)

    def clean(self):
        cleaned = super().clean() or {}
        if cleaned.get("password1") and cleaned.get("password1") != cleaned.get("password2"):
            self.add_error("password2", _("The two passwords differ."))
        return cleaned


class CodeForm(forms.Form):
    code = forms.CharField(label=_("The code on your slip"), max_length=20)


@login_not_required
@never_cache
def invitation_code(request: PersonRequest) -> HttpResponse:
    """A student with a printed slip types its code here (class teachers hand the slips out)."""
    form = CodeForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        if (blocked := _out_of_guesses(request)) is not None:
            context = {"form": form, "blocked": blocked}
            return render(request, "registration/invitation_code.html", context, status=429)
        code = normalize_code(form.cleaned_data["code"])
        if usable_invitation(code) is not None:
            return redirect("invitation_accept", secret=code)
        guesses.note_wrong(guesses.INVITATION, "", request.person)
        form.add_error(
            "code", _("This code does not work: it was used already, it is too old or it is mistyped.")
        )
    return render(request, "registration/invitation_code.html", {"form": form})


def _out_of_guesses(request: PersonRequest) -> str | None:
    """Why this address may not try another invitation code now (school_gov.guesses), if it may not."""
    until = guesses.blocked_until(guesses.INVITATION, "", request.person)
    if until is None:
        return None
    return gettext(
        "Too many codes that do not work were typed from this address. Try again from: %(time)s. If "
        "your code does not work, ask your class teacher for a new slip."
    ) % {"time": date_format(timezone.localtime(until), "TIME_FORMAT")}


@login_not_required
@never_cache
def invitation_accept(request: PersonRequest, secret: str) -> HttpResponse:
    """The invitation's page: the person sets a username and a password and is signed in. A used or
    expired invitation shows a clear page and signs nobody in."""
    if (blocked := _out_of_guesses(request)) is not None:
        context = {"form": CodeForm(), "blocked": blocked}
        return render(request, "registration/invitation_code.html", context, status=429)
    invitation = usable_invitation(secret)
    if invitation is None:
        guesses.note_wrong(guesses.INVITATION, "", request.person)
        return render(request, "registration/invitation_expired.html", status=410)
    record = invitation.record
    form = InvitationForm(request.POST or None, initial={"username": propose_username(record)})
    if request.method == "POST" and form.is_valid():
        try:
            user = accept_invitation(
                secret,
                by=person_of(AnonymousUser()),
                username=form.cleaned_data["username"],
                password=form.cleaned_data["password1"],
            )
        except Refused as error:
            told(request, error, form)
            if error.field is None:
                return render(request, "registration/invitation_expired.html", status=410)
        else:
            login(request, user, backend="school_gov.backends.RoleBackend")
            messages.success(request, _("Welcome! Your account is ready."))
            return redirect("dashboard")
    return render(request, "registration/invitation_accept.html", {"form": form, "record": record})
