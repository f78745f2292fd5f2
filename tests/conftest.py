"""The fixed cast (STYLE 15) and browser set-up shared by every test."""

from __future__ import annotations

import os
import shutil

import pytest

from school_gov.models import Role
from tests.factories import (
    AppointmentFactory,
    SchoolFactory,
    StaffFactory,
    StudentFactory,
    UserFactory,
)


def pytest_configure(config):
    """Uploaded files of the whole run (the demo's among them) go to a folder of their own."""
    import tempfile

    from django.conf import settings

    settings.MEDIA_ROOT = tempfile.mkdtemp(prefix="school-gov-test-media-")


# Shared fixtures of their own modules.
pytest_plugins = ["tests.event_fixtures"]

# Playwright's sync API runs an event loop in the test's thread; Django's ORM must still be usable there.
os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")


@pytest.fixture(autouse=True)
def _after_a_flush(request):
    """A transactional test starts from a flushed database: content types and permissions come back
    with new ids (Django's per-process cache of them is stale) and the role groups, which a migration
    created, are gone. Put both right, as a fresh migrate would."""
    marker = request.node.get_closest_marker("django_db")
    if marker is None or not (marker.kwargs.get("transaction") or (marker.args and marker.args[0])):
        return
    from django.contrib.contenttypes.models import ContentType

    from school_gov.roles import sync_groups

    request.getfixturevalue("transactional_db")
    ContentType.objects.clear_cache()
    sync_groups()


FAST_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]


@pytest.fixture(autouse=True)
def _test_settings(settings):
    # A fast hasher: the cast's accounts are created for every test.
    settings.PASSWORD_HASHERS = FAST_HASHERS
    # WhiteNoise's manifest storage needs collectstatic; tests serve static files as they are.
    settings.STORAGES = {
        **settings.STORAGES,
        "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
    }
    # The cast's school year is the current one; its report is submitted in the middle of it. The window
    # of MB-5.3 (REPORT_OPENS_DAYS before the year ends) has its own tests, which set it back.
    settings.REPORT_OPENS_DAYS = 400


@pytest.fixture
def school(db):
    return SchoolFactory(name="Калыгул Жусупов атындагы орто мектеби")


@pytest.fixture
def other_school(db):
    return SchoolFactory(name="Башка мектеп")


def _staff_user(username: str, school, role: Role | None = None, **staff_fields):
    user = UserFactory(username=username)
    staff = StaffFactory(school=school, user=user, **staff_fields)
    if role is not None:
        AppointmentFactory(staff=staff, role=role)
    return user


def _student_user(username: str, school, grade: int):
    user = UserFactory(username=username)
    StudentFactory(school=school, user=user, grade=grade)
    return user


@pytest.fixture
def director(school):
    return _staff_user("director", school, Role.DIRECTOR)


@pytest.fixture
def deputy(school):
    return _staff_user("deputy", school, Role.DEPUTY_DIRECTOR)


@pytest.fixture
def head(school):
    """A teacher qualified to head an association (MB-1.1); the association arrives with its issue."""
    return _staff_user("head", school)


@pytest.fixture
def teacher(school):
    return _staff_user("teacher", school)


@pytest.fixture
def methodologist(school):
    return _staff_user("methodologist", school, Role.DISTRICT_METHODOLOGIST)


@pytest.fixture
def outsider(other_school):
    """A director of another school: powerful there, a stranger here."""
    return _staff_user("outsider", other_school, Role.DIRECTOR)


@pytest.fixture
def president(school):
    return _student_user("president", school, grade=11)


@pytest.fixture
def student(school):
    return _student_user("student", school, grade=7)


@pytest.fixture
def pupil(school):
    return _student_user("pupil", school, grade=3)


@pytest.fixture
def superuser(db):
    return UserFactory(username="admin", is_superuser=True, is_staff=True)


# Browser tests: Debian's Chromium through Playwright (its own browser download cannot run here).


def _chromium_path() -> str | None:
    return os.environ.get("CHROMIUM_PATH") or shutil.which("chromium")


@pytest.fixture(scope="session")
def browser_type_launch_args(browser_type_launch_args):
    path = _chromium_path()
    if not path:
        reason = "no Chromium found (install Debian's chromium or set CHROMIUM_PATH)"
        if os.environ.get("BROWSER_TESTS_REQUIRED") == "1":
            pytest.fail(f"Browser tests are required but {reason}.")
        pytest.skip(f"Browser test skipped: {reason}.")
    return {
        **browser_type_launch_args,
        "executable_path": path,
        "args": [
            "--no-sandbox",
            "--disable-gpu",
            "--disable-background-networking",
            "--disable-component-update",
            "--disable-sync",
            "--no-first-run",
        ],
    }


@pytest.fixture(scope="session")
def browser_context_args(browser_context_args):
    return {**browser_context_args, "locale": "ky-KG"}


# Methodology: the cast's `head` heads an association of which `teacher` is a member.


@pytest.fixture
def association(school, head, teacher):
    from tests.factories import AssociationFactory, HeadAppointmentFactory, MembershipFactory

    association = AssociationFactory(school=school, name="Так илимдер")
    HeadAppointmentFactory(association=association, staff=head.staff)
    MembershipFactory(association=association, staff=head.staff)
    MembershipFactory(association=association, staff=teacher.staff)
    return association


@pytest.fixture
def school_year(school):
    """The current school year, 1 September 2026 – 25 May 2027, with its four quarters."""
    import datetime

    from tests.factories import QuarterFactory, SchoolYearFactory

    year = SchoolYearFactory(
        school=school, start_date=datetime.date(2026, 9, 1), end_date=datetime.date(2027, 5, 25)
    )
    for number, start, end in [
        (1, (2026, 9, 1), (2026, 10, 31)),
        (2, (2026, 11, 10), (2026, 12, 27)),
        (3, (2027, 1, 12), (2027, 3, 20)),
        (4, (2027, 4, 1), (2027, 5, 25)),
    ]:
        QuarterFactory(
            school_year=year, number=number, start_date=datetime.date(*start), end_date=datetime.date(*end)
        )
    return year


@pytest.fixture
def plan(association, school_year, head):
    """A draft plan for the second quarter with one activity."""
    from tests.factories import PlanItemFactory, WorkPlanFactory

    quarter = school_year.quarters.get(number=2)
    plan = WorkPlanFactory(
        association=association,
        school_year=school_year,
        period_kind="quarter",
        quarter=quarter,
        period_start=quarter.start_date,
        period_end=quarter.end_date,
        title="2-чейректин иш планы",
        created_by=head.staff,
    )
    PlanItemFactory(plan=plan, activity="Усулдук бирикменин 2-отуруму")
    return plan


# Parliament: the current year's term of the cast's school, advised by a teacher.


@pytest.fixture
def adviser(school):
    return _staff_user("adviser", school)


@pytest.fixture
def social_pedagogue(school):
    return _staff_user("social_pedagogue", school, Role.SOCIAL_PEDAGOGUE)


@pytest.fixture
def term(school, school_year, adviser):
    from tests.factories import TermFactory

    return TermFactory(school=school, school_year=school_year, adviser=adviser.staff)


@pytest.fixture(scope="module")
def demo_school(django_db_setup, django_db_blocker):
    """The demo school as `seed_demo` builds it (one record of every kind, the demo
    sign-ins), for the tests that walk every page; built once per module and deleted after it."""
    from django.core.management import call_command
    from django.test import override_settings

    from school_gov.management.commands.seed_demo import delete_everything
    from school_gov.models import School

    with django_db_blocker.unblock():
        # DEBUG: seed_demo's guard; the tests' hasher (built before the tests' settings apply), so that
        # the demo's sign-ins with its password work in the browser tests.
        with override_settings(DEBUG=True, PASSWORD_HASHERS=FAST_HASHERS):
            call_command("seed_demo", "--reset", verbosity=0)
        yield School.objects.order_by("pk").first()
        delete_everything()  # the demo's records and accounts; the role groups stay for the other tests


@pytest.fixture
def closed_poll(school, adviser):
    """A poll of the school that closed a minute ago: three answers for one option, one for the other."""
    import datetime

    from django.utils import timezone

    from tests.factories import PollFactory, PollOptionFactory

    poll = PollFactory(
        school=school,
        question="Кайсы ийрим керек?",
        created_by=adviser.staff,
        opens_at=timezone.now() - datetime.timedelta(days=3),
        closes_at=timezone.now() - datetime.timedelta(minutes=1),
    )
    PollOptionFactory(poll=poll, text="Шахмат", position=1, votes=3)
    PollOptionFactory(poll=poll, text="Театр", position=2, votes=1)
    return poll
