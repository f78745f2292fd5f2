"""The school's people in the admin, for the director and the deputy: invitations to sign in and closing
the account of one who left; a template to fill, an export in the same columns, and an import that
shows what it would do before anything is saved.

The uploaded file waits for the confirmation in the default storage (never served to anyone) and is
deleted once confirmed; files left unconfirmed for a day are deleted with the next upload.
"""

from __future__ import annotations

import datetime
import uuid

from django import forms
from django.contrib import admin, messages
from django.core.exceptions import PermissionDenied
from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from django.http import HttpResponse, HttpResponseRedirect
from django.template.response import TemplateResponse
from django.urls import path, reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from school_gov import roster
from school_gov.actions.accounts import deactivate_account, invite
from school_gov.actions.people import import_people
from school_gov.codes import format_code
from school_gov.invitations import VALID_FOR
from school_gov.models import School
from school_gov.permissions import readable_schools
from school_gov.refusals import Refused
from school_gov.sites import site_url

UPLOADS = "imports"
STALE = datetime.timedelta(days=1)
FORMATS = {
    "csv": ("text/csv; charset=utf-8", roster.write_csv),
    "xlsx": (
        "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
        roster.write_xlsx,
    ),
}


class UploadForm(forms.Form):
    school = forms.ModelChoiceField(queryset=School.objects.none(), label=gettext_lazy("school"))
    file = forms.FileField(
        label=gettext_lazy("File (CSV or XLSX)"),
        help_text=gettext_lazy(
            "At most 5,000 rows and 10 MB. Start from the template to get the columns right."
        ),
    )

    def __init__(self, *args, schools, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["school"].queryset = schools  # type: ignore[attr-defined]
        if len(schools) == 1:
            self.fields["school"].initial = schools[0]

    def clean_file(self):
        upload = self.cleaned_data["file"]
        if upload.size > roster.MAX_BYTES:
            raise forms.ValidationError(_("The file is larger than 10 MB; split it into smaller files."))
        return upload


class PeopleImportMixin(admin.ModelAdmin):
    """For StaffAdmin (kind "staff") and StudentAdmin (kind "students"), before SchoolScopedAdmin."""

    roster_kind: str

    def get_urls(self):
        prefix = f"{self.opts.app_label}_{self.opts.model_name}"
        view = self.admin_site.admin_view
        own = [
            path("import/", view(self.import_view), name=f"{prefix}_import"),
            path("export/", view(self.export_view), name=f"{prefix}_export"),
            path("template/", view(self.template_view), name=f"{prefix}_template"),
        ]
        return own + super().get_urls()

    def _url(self, name: str) -> str:
        return reverse(f"admin:{self.opts.app_label}_{self.opts.model_name}_{name}")

    def _schools(self, request):
        schools = readable_schools(request.person).order_by("name")
        if not (self.has_add_permission(request) and self.has_change_permission(request)):
            raise PermissionDenied
        return schools

    def _file_response(self, rows, kind: str, fmt: str, stem: str) -> HttpResponse:
        content_type, write = FORMATS.get(fmt, FORMATS["csv"])
        extension = fmt if fmt in FORMATS else "csv"
        response = HttpResponse(write(rows), content_type=content_type)
        response["Content-Disposition"] = f'attachment; filename="{stem}-{kind}.{extension}"'
        return response

    def template_view(self, request):
        self._schools(request)
        return self._file_response(
            roster.template_rows(self.roster_kind),
            self.roster_kind,
            request.GET.get("format", "csv"),
            "template",
        )

    def export_view(self, request):
        schools = self._schools(request)
        school = next((s for s in schools if str(s.pk) == request.GET.get("school", "")), None) or (
            schools[0] if len(schools) == 1 else None
        )
        if school is None:
            messages.error(request, _("Choose the school to export."))
            return HttpResponseRedirect(
                reverse(f"admin:{self.opts.app_label}_{self.opts.model_name}_changelist")
            )
        rows = roster.rows_for_export(self.roster_kind, school)
        return self._file_response(
            rows, self.roster_kind, request.GET.get("format", "csv"), f"school-{school.pk}"
        )

    def import_view(self, request):
        schools = self._schools(request)
        context = {
            **self.admin_site.each_context(request),
            "opts": self.opts,
            "title": _("Import from a file"),
            "kind": self.roster_kind,
            "schools": schools,
        }
        if request.method == "POST" and request.POST.get("token"):
            return self._confirm(request, schools)
        form = UploadForm(request.POST or None, request.FILES or None, schools=schools)
        if request.method == "POST" and form.is_valid():
            upload = form.cleaned_data["file"]
            data = upload.read()
            school = form.cleaned_data["school"]
            try:
                comparison = roster.compare(roster.read_table(data, upload.name), self.roster_kind, school)
            except roster.TableError as error:
                form.add_error("file", str(error))
            else:
                token = ""
                if not comparison.problems and not comparison.changes_nothing:
                    _sweep_stale_uploads()
                    token = uuid.uuid4().hex
                    default_storage.save(f"{UPLOADS}/{token}", ContentFile(data))
                context.update(
                    comparison=comparison,
                    school=school,
                    filename=upload.name,
                    token=token,
                )
                return TemplateResponse(request, "admin/school_gov/people_import_preview.html", context)
        context["form"] = form
        return TemplateResponse(request, "admin/school_gov/people_import.html", context)

    def _confirm(self, request, schools):
        token = request.POST.get("token", "")
        school = next((s for s in schools if str(s.pk) == request.POST.get("school", "")), None)
        name = f"{UPLOADS}/{token}"
        if school is None or not token.isalnum() or not default_storage.exists(name):
            messages.error(
                request, _("This import was confirmed already or has expired; upload the file again.")
            )
            return HttpResponseRedirect(reverse(f"admin:{self.opts.app_label}_{self.opts.model_name}_import"))
        with default_storage.open(name, "rb") as stored:
            data = stored.read()
        filename = request.POST.get("filename", "")[:200] or "import.csv"
        try:
            comparison = import_people(
                school, by=request.person, kind=self.roster_kind, data=data, filename=filename
            )
        except Refused as error:
            if not error.is_rule:
                raise error.as_http() from None
            messages.error(request, error.message)
        else:
            default_storage.delete(name)
            counts = comparison.counts()
            messages.success(
                request,
                _("Imported from %(file)s: %(new)s added, %(changed)s changed, %(unchanged)s unchanged.")
                % {"file": filename, **counts},
            )
        return HttpResponseRedirect(self._url("changelist"))


def _sweep_stale_uploads() -> None:
    try:
        _dirs, files = default_storage.listdir(UPLOADS)
    except FileNotFoundError:
        return
    cutoff = timezone.now() - STALE
    for name in files:
        path_name = f"{UPLOADS}/{name}"
        try:
            if default_storage.get_modified_time(path_name) < cutoff:
                default_storage.delete(path_name)
        except (FileNotFoundError, NotImplementedError):
            continue


class AccountsAdminMixin(admin.ModelAdmin):
    """Admin actions on staff and students: invite them to sign in, close the account of one who left."""

    actions = ["send_invitations", "deactivate_accounts"]

    @admin.action(description=gettext_lazy("Invite to sign in"), permissions=["change"])
    def send_invitations(self, request, queryset):
        invited = []
        for school in School.objects.filter(pk__in=queryset.values("school")):
            try:
                invited += invite(
                    list(queryset.filter(school=school)),
                    by=request.person,
                    school=school,
                    site=site_url("/"),  # the configured site, never the Host header
                )
            except Refused as error:
                self.message_user(request, error.message, messages.ERROR)
        slips = [(item.record, format_code(item.code)) for item in invited if item.code]
        emailed = [item for item in invited if item.sent_to]
        context = {
            **self.admin_site.each_context(request),
            "opts": self.opts,
            "title": _("Invitations"),
            "slips": slips,
            "emailed": emailed,
            "skipped": queryset.count() - len(invited),
            "days": VALID_FOR.days,
        }
        return TemplateResponse(request, "admin/school_gov/invitations_sent.html", context)

    @admin.action(description=gettext_lazy("Close the account (the person left)"), permissions=["change"])
    def deactivate_accounts(self, request, queryset):
        closed = 0
        for record in queryset:
            try:
                deactivate_account(record, by=request.person)
            except Refused as error:
                self.message_user(request, f"{record}: {error.message}", messages.WARNING)
            else:
                closed += 1
        if closed:
            self.message_user(
                request,
                _("%(count)s accounts were closed; their records stay.") % {"count": closed},
                messages.SUCCESS,
            )
