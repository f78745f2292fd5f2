from collections.abc import Callable
from importlib import import_module

from django.conf import settings
from django.contrib.auth.middleware import LoginRequiredMiddleware as DjangoLoginRequiredMiddleware
from django.http import HttpRequest, HttpResponse, QueryDict
from django.shortcuts import render

NUL = "\x00"


class LoginRequiredMiddleware(DjangoLoginRequiredMiddleware):
    """Django's LoginRequiredMiddleware, but a public view never touches the session.

    Django asks `request.user.is_authenticated` first, which loads the session from the database even
    for views marked @login_not_required; /healthz must answer without any query.
    """

    def process_view(self, request, view_func, view_args, view_kwargs):
        if not getattr(view_func, "login_required", True):
            return None
        return super().process_view(request, view_func, view_args, view_kwargs)


def _has_nul(data: QueryDict) -> bool:
    return any(NUL in key or any(NUL in value for value in values) for key, values in data.lists())


class NulByteMiddleware:
    """A NUL byte in the address, in a query parameter or in a posted form field (its name or its value)
    is answered 400 with a page that says so, before any view, the admin or the sign-in sees it.

    PostgreSQL cannot store a text with a NUL, nor even compare one, so a search, a filter or a comment
    carrying one ended in a 500 (issue 16: the staff directory's search, the admin's return for revision,
    its list filters and autocompletes). Uploaded files are not looked at: binary data carries NULs.
    Placed after LocaleMiddleware, so the page speaks the visitor's language, and after
    CsrfViewMiddleware, so the page's language switcher carries a token that works."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        if (
            NUL in request.path
            or _has_nul(request.GET)
            or (request.method == "POST" and _has_nul(request.POST))
        ):
            return render(request, "school_gov/nul_byte.html", status=400)
        # A cookie with a NUL (a quoted "\000" decodes to one) is dropped, not answered 400: a cookie
        # planted on someone's browser would otherwise keep them out. A spoilt session cookie leaves the
        # visitor signed out, with an empty session, and the response deletes the cookie.
        spoilt = [name for name, value in request.COOKIES.items() if NUL in name or NUL in value]
        for name in spoilt:
            del request.COOKIES[name]
        if settings.SESSION_COOKIE_NAME in spoilt and hasattr(request, "session"):
            request.session = import_module(settings.SESSION_ENGINE).SessionStore()
        response = self.get_response(request)
        for name in spoilt:
            response.delete_cookie(name.replace(NUL, ""))
        return response
