"""Issue 16: whoever can read both the counters (an election's tally, a poll's option counts) and the
roll of who voted (the turnout, a poll's respondents) while people vote can link votes, by reading both
after each vote. The app itself reads them only inside the vote's own transaction and for the published
results; no role of the app is granted a model permission on them (the admin shows them to nobody), and
the README tells the school to grant its database reporting roles no read on these tables."""

import re
from pathlib import Path

import pytest
from django.contrib.auth.models import Group, Permission
from django.contrib.contenttypes.models import ContentType

from parliament.models import PollOption, PollResponse, Tally, Turnout

pytestmark = pytest.mark.django_db

BALLOT_TABLES = [Tally, Turnout, PollOption, PollResponse]
README = Path(__file__).resolve().parents[2] / "README.md"


def test_no_role_of_the_app_may_read_the_counters_or_the_roll_of_who_voted():
    types = ContentType.objects.get_for_models(*BALLOT_TABLES).values()
    granted = Permission.objects.filter(content_type__in=types, group__in=Group.objects.all())
    assert list(granted.values_list("group__name", "codename")) == []
    assert Group.objects.exists()  # the roles are there to check


def test_the_readme_names_every_ballot_table_to_keep_from_reporting_roles():
    text = README.read_text(encoding="utf-8")
    revoke = re.search(r"REVOKE SELECT ON ([^;]+) FROM", text)
    assert revoke, "the README gives the REVOKE for reporting roles"
    named = {name.strip() for name in revoke.group(1).split(",")}
    assert named == {model._meta.db_table for model in BALLOT_TABLES}
