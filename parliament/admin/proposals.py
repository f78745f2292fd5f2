"""Proposals in the admin, to read (SP-3.1): students support them and staff answer them on the site."""

from __future__ import annotations

from django.contrib import admin
from django.db.models import Count
from django.utils.translation import gettext_lazy as _

from parliament.models import Proposal
from school_gov.admin import ReadOnlyAdmin


@admin.register(Proposal)
class ProposalAdmin(ReadOnlyAdmin):
    list_display = ["title", "body", "status", "sender", "supporters", "created_at", "answered_at"]
    list_select_related = ["school", "author", "ministry"]
    list_filter = ["status", "body"]
    search_fields = ["title", "text"]
    date_hierarchy = "created_at"

    def get_queryset(self, request):
        return super().get_queryset(request).annotate(support_total=Count("supports"))

    @admin.display(description=_("from"))
    def sender(self, proposal: Proposal) -> str:
        if proposal.ministry_id:
            return proposal.ministry.name
        return proposal.author.full_name if proposal.author else "—"

    @admin.display(description=_("supporters"), ordering="support_total")
    def supporters(self, proposal: Proposal) -> int:
        return proposal.support_total
