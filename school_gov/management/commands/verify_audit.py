"""Prove the audit trail whole: every school's chain recomputed (school_gov.auditchain), each break named
(an event changed, events missing), each chain's head printed to be written down, and heads written
down before checked with --head."""

from __future__ import annotations

import re
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from school_gov import auditchain
from school_gov.models import AuditEvent, School

HEAD = re.compile(r"^(?P<school>\d+|-):(?P<seq>\d+):(?P<digest>[0-9a-f]{64})$")


class Command(BaseCommand):
    help = "Check that no audit event was changed or removed; print each school's chain head."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--school", type=int, action="append", help="Only this school's chain (by id).")
        parser.add_argument(
            "--head",
            action="append",
            default=[],
            metavar="SCHOOL:NUMBER:DIGEST",
            help="A head printed by an earlier run (school id, or - for events of no school): the chain "
            "must still hold that event with that digest.",
        )

    def handle(self, *args: Any, school: list[int] | None = None, head: list[str], **options: Any) -> None:
        expected: dict[int | None, tuple[int, str]] = {}
        for text in head:
            match = HEAD.match(text.strip())
            if match is None:
                raise CommandError(_("Write a head as SCHOOL:NUMBER:DIGEST, as this command prints it."))
            key = None if match["school"] == "-" else int(match["school"])
            expected[key] = (int(match["seq"]), match["digest"])

        chains: list[int | None] = list(
            AuditEvent.objects.order_by("school_id").values_list("school_id", flat=True).distinct()
        )
        chains += [key for key in expected if key not in chains]
        if school:
            chains = [key for key in chains if key in school]
        names = dict(School.objects.values_list("id", "name"))

        broken = 0
        for key in chains:
            name = names.get(key, _("no school")) if key is not None else _("no school")
            events = auditchain.events_of(key).order_by("seq").iterator(chunk_size=2000)
            verdict = auditchain.verify(key, events)
            problems = [self._described(b) for b in verdict.breaks]
            if key in expected:
                problems += self._against_head(key, *expected[key])
            label = "-" if key is None else str(key)
            self.stdout.write(
                ngettext(
                    "%(school)s (%(id)s): %(count)s event, head %(id)s:%(seq)s:%(digest)s",
                    "%(school)s (%(id)s): %(count)s events, head %(id)s:%(seq)s:%(digest)s",
                    verdict.events,
                )
                % {
                    "school": name,
                    "id": label,
                    "count": verdict.events,
                    "seq": verdict.head_seq,
                    "digest": verdict.head_digest,
                }
            )
            for problem in problems:
                self.stdout.write("  " + problem)
            if problems:
                broken += 1
        if broken:
            raise CommandError(
                ngettext(
                    "The audit trail is not whole: %(count)s of %(total)s chain breaks.",
                    "The audit trail is not whole: %(count)s of %(total)s chains break.",
                    len(chains),
                )
                % {"count": broken, "total": len(chains)}
            )
        self.stdout.write(
            ngettext(
                "The audit trail is whole: %(total)s chain checked.",
                "The audit trail is whole: %(total)s chains checked.",
                len(chains),
            )
            % {"total": len(chains)}
        )

    @staticmethod
    def _described(broken: auditchain.Break) -> str:
        if broken.problem == "missing":
            return _("Events number %(first)s to %(last)s are missing (before the event with id %(id)s).") % {
                "first": broken.seq,
                "last": broken.last,
                "id": broken.event_id,
            }
        return _("Event number %(seq)s (id %(id)s) is not as it was written.") % {
            "seq": broken.seq,
            "id": broken.event_id,
        }

    @staticmethod
    def _against_head(key: int | None, seq: int, digest: str) -> list[str]:
        stored = auditchain.events_of(key).filter(seq=seq).values_list("digest", flat=True).first()
        if stored is None:
            return [_("The head written down (number %(seq)s) is gone: events were cut off.") % {"seq": seq}]
        if stored != digest:
            return [_("Event number %(seq)s differs from the head written down.") % {"seq": seq}]
        return []
