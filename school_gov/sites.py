import functools
from collections.abc import Sequence
from typing import Any
from urllib.parse import urlsplit

from django.conf import settings
from django.contrib import admin
from django.contrib.admin import helpers
from django.contrib.admin.widgets import AutocompleteSelect, AutocompleteSelectMultiple
from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse
from django.utils.translation import gettext_lazy as _

from school_gov.roles import uses_admin


class SchoolAdminSite(admin.AdminSite):
    """The admin, titled with the app's name, open to the people whose role works here."""

    site_header = _("School governance records")
    site_title = _("School governance records")
    index_title = _("Administration")

    def has_permission(self, request) -> bool:
        """The director, the deputy and the district work here by role, without an is_staff flag."""
        return uses_admin(request.person)

    def admin_view(self, view: Any, cacheable: bool = False) -> Any:
        """Django's, and a list's action never sees a selected id that is no id of the list's records:
        Django filters by the posted values as they are, and an empty or garbage one (a browser sends
        none; a hand-made post does) raised a server error. Such values are dropped, so the action runs on
        the rest or the list says that nothing was selected."""
        guarded = super().admin_view(view, cacheable)
        model_admin = getattr(view, "__self__", None)
        if not isinstance(model_admin, admin.ModelAdmin):
            return guarded

        @functools.wraps(guarded)
        def without_bad_ids(request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
            if request.method == "POST" and helpers.ACTION_CHECKBOX_NAME in request.POST:
                pk = model_admin.model._meta.pk
                posted = request.POST.getlist(helpers.ACTION_CHECKBOX_NAME)
                kept = [value for value in posted if _is_id(pk, value)]
                if kept != posted:
                    cleaned = request.POST.copy()
                    cleaned.setlist(helpers.ACTION_CHECKBOX_NAME, kept)
                    request.POST = cleaned  # type: ignore[assignment]  # a copy, as Django's own views make
            return guarded(request, *args, **kwargs)

        return without_bad_ids


def _is_id(pk: Any, value: str) -> bool:
    try:
        pk.to_python(value)
    except ValidationError:
        return False
    return value != ""


class _OnlyIds:
    """An autocomplete widget that shows again only the posted values that are ids: Django's looks the
    values up as they are, and a garbage one (a hand-made post) raised a server error where the form
    should say "Select a valid choice"."""

    def optgroups(
        self, name: str, value: Sequence[str], attr: dict[str, Any] | None = None
    ) -> list[tuple[str | None, list[dict[str, Any]], int | None]]:
        field = self.choices.field  # type: ignore[attr-defined]
        model = field.queryset.model
        key = model._meta.get_field(field.to_field_name) if field.to_field_name else model._meta.pk
        return super().optgroups(name, [v for v in value if _is_id(key, str(v))], attr)  # type: ignore[misc]


class OnlyIdsAutocompleteSelect(_OnlyIds, AutocompleteSelect):
    pass


class OnlyIdsAutocompleteSelectMultiple(_OnlyIds, AutocompleteSelectMultiple):
    pass


class AutocompleteOfIds(admin.options.BaseModelAdmin):
    """For a ModelAdmin or an inline: its autocomplete fields use the widgets above."""

    def formfield_for_foreignkey(self, db_field: Any, request: Any, **kwargs: Any) -> Any:
        if "widget" not in kwargs and db_field.name in self.get_autocomplete_fields(request):
            kwargs["widget"] = OnlyIdsAutocompleteSelect(db_field, self.admin_site, using=kwargs.get("using"))
        return super().formfield_for_foreignkey(db_field, request, **kwargs)

    def formfield_for_manytomany(self, db_field: Any, request: Any, **kwargs: Any) -> Any:
        if "widget" not in kwargs and db_field.name in self.get_autocomplete_fields(request):
            kwargs["widget"] = OnlyIdsAutocompleteSelectMultiple(
                db_field, self.admin_site, using=kwargs.get("using")
            )
        return super().formfield_for_manytomany(db_field, request, **kwargs)


# The site's own address (SITE_URL): links in e-mails, calendar feeds and PDFs are built from it, never
# from the request's Host header, whose port (or whole name, behind a careless proxy) a visitor chooses
# (issue 16).


def site_url(path: str = "/") -> str:
    """The absolute address of `path` (an absolute path, "/parliament/…") at the configured site; any
    other value (already absolute, or empty) is returned as it is."""
    return f"{settings.SITE_URL}{path}" if path.startswith("/") else path


def site_host() -> str:
    """The configured site's host (and port, when SITE_URL names one): the domain part of iCal UIDs."""
    return urlsplit(settings.SITE_URL).netloc
