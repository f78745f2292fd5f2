"""Deny by default: walk every URL of the site as an anonymous visitor."""

import re

import pytest
from django.urls import URLPattern, URLResolver, get_resolver, reverse

# Pages anyone may open without signing in (views marked @login_not_required).
PUBLIC = {
    "login",
    "healthz",
    "set_language",
    # Getting back in without a password: Django's reset pages (a single-use link by e-mail)
    "password_reset",
    "password_reset_done",
    "password_reset_confirm",
    "password_reset_complete",
    # An invitation's own pages: its secret is the right to open them
    "invitation_code",
    "invitation_accept",
    # SP-1.1: the parliament's public face; students appear only as office-holders' first names
    "parliament:home",
    "parliament:ministry_detail",
    "parliament:calendar",
    "parliament:calendar_ics",
    # An e-mail's unsubscribe link (signed: the account and the kind) and a personal calendar feed
    # (its secret is the right to read it); both answer a forged or revoked address with nothing.
    "notifications:unsubscribe",
    "notifications:feed",
}


def _walk(patterns, prefix="", namespace=""):
    for entry in patterns:
        if isinstance(entry, URLResolver):
            ns = f"{namespace}{entry.namespace}:" if entry.namespace else namespace
            yield from _walk(entry.url_patterns, prefix + str(entry.pattern), ns)
        elif isinstance(entry, URLPattern):
            yield namespace + (entry.name or ""), prefix + str(entry.pattern), entry.callback


def _sample_path(route: str) -> str:
    """A concrete path for a route: every parameter gets a plausible value."""
    path = re.sub(r"<int:[^>]+>", "1", route)
    path = re.sub(r"<(?:path|str|slug):[^>]+>", "x", path)
    path = re.sub(r"<[^>]+>", "1", path)
    path = path.lstrip("^").rstrip("$").replace("\\Z", "")
    path = re.sub(r"\(\?P<[^>]+>[^)]*\)", "1", path)
    return "/" + path


SITE_ROUTES = [
    (name, route, view)
    for name, route, view in _walk(get_resolver().url_patterns)
    if not name.startswith("admin:")
]


@pytest.mark.django_db
@pytest.mark.parametrize(("name", "route", "view"), SITE_ROUTES, ids=[r[0] or r[1] for r in SITE_ROUTES])
def test_every_page_but_the_public_ones_sends_an_anonymous_visitor_to_sign_in(client, name, route, view):
    marked_public = not getattr(view, "login_required", True)
    assert marked_public == (name in PUBLIC), f"{name}: public pages must be listed here on purpose"
    if name in PUBLIC:
        return
    response = client.get(_sample_path(route))
    assert response.status_code == 302, name
    assert response["Location"].startswith(reverse("login")), name


@pytest.mark.django_db
def test_the_admin_sends_an_anonymous_visitor_to_the_same_sign_in(client):
    response = client.get(reverse("admin:school_gov_staff_changelist"))
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("login"))
