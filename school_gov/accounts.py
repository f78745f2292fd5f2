"""Signing in and getting back in: sign-in by username or e-mail address, and Django's own password
reset (a single-use link by e-mail) whose success also lifts the sign-in lock-out of the account."""

from __future__ import annotations

from axes.utils import reset as reset_lockouts
from django import forms
from django.contrib.auth import views as auth_views
from django.contrib.auth.forms import AuthenticationForm
from django.urls import reverse_lazy
from django.utils.translation import gettext_lazy as _


class SignInForm(AuthenticationForm):
    """The sign-in form: the username or the account's e-mail address (school_gov.backends)."""

    username = forms.CharField(
        label=_("Username or e-mail"),
        max_length=254,
        widget=forms.TextInput(attrs={"autofocus": True, "autocomplete": "username"}),
    )


class PasswordResetView(auth_views.PasswordResetView):
    """Asks for the address and answers the same whether an account has it or not (Django's own: the
    e-mail goes only to an active account with a usable password)."""

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
