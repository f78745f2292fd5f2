"""Whom a request comes from, by network address: the sign-in limits (django-axes) and the wrong-code
limits of the code-voting device count failures per address.

Behind a proxy (nginx, a load balancer) every request arrives from the proxy's address; the client's is in
`X-Forwarded-For`, which the client can also write. `DJANGO_TRUSTED_PROXIES` says how many proxies of
one's own stand in front of the app (0: none, the default). Each appends the address it was reached
from, so the client's address is that many entries from the right; entries further left were written by
the client and are never believed. This is Werkzeug's ProxyFix rule. django-ipware 8 counts proxies
differently (with one proxy it finds no address in a header of one entry), so the rule is written here.
"""

from __future__ import annotations

import ipaddress

from django.conf import settings
from django.http import HttpRequest


def _address(text: str) -> str | None:
    try:
        return str(ipaddress.ip_address(text.strip()))
    except ValueError:
        return None


def client_address(request: HttpRequest) -> str | None:
    """The client's address: REMOTE_ADDR, or behind N trusted proxies the N-th entry from the right of
    X-Forwarded-For (REMOTE_ADDR when the header is shorter: the request did not pass the proxies)."""
    remote = _address(request.META.get("REMOTE_ADDR", ""))
    proxies = settings.TRUSTED_PROXIES
    if proxies <= 0:
        return remote
    forwarded = [part for part in request.META.get("HTTP_X_FORWARDED_FOR", "").split(",") if part.strip()]
    if len(forwarded) < proxies:
        return remote
    return _address(forwarded[-proxies]) or remote
