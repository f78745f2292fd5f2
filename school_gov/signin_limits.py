"""Sign-in limits: django-axes locks one username from one address after AXES_FAILURE_LIMIT failures
(a mistyped password locks nobody else out, and nobody can lock the director out from elsewhere); this
handler adds a limit per address across all usernames (AXES_ADDRESS_FAILURE_LIMIT within the cool-off
hour), which stops one machine trying one password on every account. The address is the client's
(school_gov.addresses), never the proxy's.

A school's whole computer room may share one address: the per-address limit is therefore much higher
than the per-account one (50 by default), a class mistyping its passwords does not reach it."""

from __future__ import annotations

from typing import Any

from axes.handlers.database import AxesDatabaseHandler
from axes.helpers import get_client_ip_address, get_cool_off
from axes.models import AccessAttempt
from axes.signals import user_locked_out
from django.conf import settings
from django.db.models import Sum
from django.http import HttpRequest
from django.utils import timezone


def address_failures(request: HttpRequest) -> int:
    """Failed sign-ins from the request's address, all usernames, within the cool-off time."""
    address = getattr(request, "axes_ip_address", None) or get_client_ip_address(request)
    if not address:
        return 0
    cool_off = get_cool_off(request)
    attempts = AccessAttempt.objects.filter(ip_address=address)
    if cool_off is not None:
        attempts = attempts.filter(attempt_time__gte=timezone.now() - cool_off)
    return attempts.aggregate(total=Sum("failures_since_start"))["total"] or 0


def _address_locked(request: HttpRequest) -> bool:
    # axes' own settings get their defaults when axes loads (axes.conf), unknown to the type checker.
    return bool(getattr(settings, "AXES_LOCK_OUT_AT_FAILURE", True)) and (
        address_failures(request) >= settings.AXES_ADDRESS_FAILURE_LIMIT
    )


class Handler(AxesDatabaseHandler):
    """django-axes' database handler with the per-address limit beside its per-username-and-address one."""

    def is_locked(self, request: HttpRequest, credentials: dict[str, Any] | None = None) -> bool:
        return super().is_locked(request, credentials) or _address_locked(request)

    def user_login_failed(
        self, sender: Any, credentials: dict[str, Any], request: HttpRequest | None = None, **kwargs: Any
    ) -> None:
        super().user_login_failed(sender, credentials, request, **kwargs)
        if request is None or getattr(request, "axes_locked_out", False) or not _address_locked(request):
            return
        # The failure that reached the address's limit answers with the lock-out page, as axes does
        # for a username's.
        request.axes_locked_out = True  # type: ignore[attr-defined]
        request.axes_credentials = credentials  # type: ignore[attr-defined]
        user_locked_out.send(
            "axes",
            request=request,
            username=credentials.get(getattr(settings, "AXES_USERNAME_FORM_FIELD", "username")),
            ip_address=getattr(request, "axes_ip_address", None),
        )
