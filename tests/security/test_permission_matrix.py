"""The permission matrix as data (issue 16, item 5; DESIGN §3, deny by default): every URL of the URLconf,
asked with GET and with POST by every member of the cast, answers what permission_matrix.csv says.

The table is written and read by people. A row is a URL name, the record its address names (`args`: an
attribute of the scenario below, empty for an address without arguments), the method, one cell per role
and a note. A cell is the answer's status, or:

- `login`: a redirect to the site's sign-in page, `admin-login`: to the admin's (where Django sends a
  signed-in person who does not work in the admin);
- a `+` after a POST's status (`302+`, `200+`): the request wrote to the school's records, the accounts or
  the audit trail (a step taken). A POST answered without `+` wrote nothing, so a refusal that changes
  anything fails however it is answered; a refusal with `+` (`403+`) is not a valid cell.

Empty bodies are posted: a permitted role gets its form back with errors (200), or the step is taken
(302+), or refused with a message (302); anyone else 403, 404 or the sign-in. No cell is 500: a view that
raises is named in the failure. In the admin, another school's record (scoped out of the admin's rows)
answers as Django answers a record that does not exist: a redirect to the admin's index (302).

`test_every_url_has_rows` fails on a URL without a GET and a POST row; each role's test fails listing
every cell that differs, as `METHOD url (args) path: expected …, got …`. To add a URL, add its two rows
with `?` in the cells, run the role tests, and write each answer you have checked against the rules.

The scenario is built once per role (the cast of tests/conftest.py, one record of each kind of its
school); each request runs in a savepoint rolled back after it, so no row's POST (a plan submitted, a
club joined, a sign-out) changes what the next row finds. PDFs are not rendered: who may have one is
decided before WeasyPrint runs.
"""

from __future__ import annotations

import csv
import datetime
import logging
import re
import typing
from dataclasses import dataclass
from http.cookies import SimpleCookie
from pathlib import Path
from types import SimpleNamespace
from typing import Any
from urllib.parse import urlsplit

import pytest
from django.apps import apps
from django.contrib.auth.tokens import default_token_generator
from django.core.cache import cache
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import connection, transaction
from django.urls import get_resolver, reverse
from django.utils import timezone
from django.utils.encoding import force_bytes
from django.utils.http import urlsafe_base64_encode

from school_gov.models import Role
from tests.demo_routes import walk
from tests.factories import (
    AppealFactory,
    AppointmentFactory,
    CandidateFactory,
    ClubFactory,
    DutyAssignmentFactory,
    ElectionFactory,
    EventFactory,
    LessonObservationFactory,
    MeetingFactory,
    MinistryFactory,
    MinutesFactory,
    OfficeFactory,
    PlanItemFactory,
    PollFactory,
    PollOptionFactory,
    ProposalFactory,
    SchoolFactory,
    SchoolYearFactory,
    StaffFactory,
    UserFactory,
    WorkPlanFactory,
)
from tests.steps import act, agree, approve, submit

pytestmark = pytest.mark.django_db

MATRIX = Path(__file__).with_name("permission_matrix.csv")
ROLES = (
    "anonymous",
    "pupil",
    "student",
    "president",
    "teacher",
    "head",
    "deputy",
    "director",
    "social_pedagogue",
    "methodologist",
    "district_methodologist",
    "other_director",
    "other_teacher",
)
METHODS = ("GET", "POST")
# 2xx, 3xx or 4xx (never a 500), a sign-in, or a POST that wrote (200+, 302+).
ANSWER = re.compile(r"(?:[1-4]\d\d|login|admin-login)$|(?:200|302)\+$")
SITE_SIGN_IN, ADMIN_SIGN_IN = reverse("login"), reverse("admin:login")

# URLs without rows, each for its reason: the admin's machinery that is no page of records and is walked
# elsewhere — its password change (the site's `password_change` is walked), its JavaScript catalogue, the
# autocomplete of a foreign key (it answers for the field's model admin, whose changelist is walked) and
# the "view on site" shortcut (a redirect to the record's own page, whose rows are walked). Unnamed
# patterns (the admin's old object address, a redirect to the change page, and its catch-all) cannot be
# asked for by name.
NOT_WALKED = {
    "admin:password_change",
    "admin:password_change_done",
    "admin:jsi18n",
    "admin:autocomplete",
    "admin:view_on_site",
}
ROUTES = {name: route for name, route, _view in walk(get_resolver().url_patterns)}
WALKED = {name for name in ROUTES if name and not name.endswith(":") and name not in NOT_WALKED}


@dataclass(frozen=True)
class Row:
    url: str
    args: str
    method: str
    expected: dict[str, str]
    note: str

    def __str__(self) -> str:
        return f"{self.method} {self.url} ({self.args or '-'})"


def read_matrix() -> list[Row]:
    with MATRIX.open(encoding="utf-8", newline="") as table:
        return [
            Row(
                url=line["url"],
                args=line["args"],
                method=line["method"],
                expected={role: line[role] for role in ROLES},
                note=line["note"],
            )
            for line in csv.DictReader(table)
        ]


ROWS = read_matrix()


def arguments(route: str) -> list[str]:
    return re.findall(r"<(?:\w+:)?(\w+)>", route)


def test_every_url_has_rows():
    """A URL added to the URLconf needs its rows, GET and POST, before the suite passes again."""
    have = {(row.url, row.method) for row in ROWS}
    missing = sorted(
        f"{name} {method}" for name in WALKED for method in METHODS if (name, method) not in have
    )
    assert not missing, "URLs without rows in permission_matrix.csv:\n" + "\n".join(missing)


def test_every_row_names_a_url_and_answers():
    wrong = [
        f"{row}: {problem}"
        for row in ROWS
        for problem in [
            "no such URL" if row.url not in WALKED else "",
            "the method is GET or POST" if row.method not in METHODS else "",
            "the address needs its record (args)"
            if row.url in WALKED and bool(row.args) != bool(arguments(ROUTES[row.url]))
            else "",
            *(
                f"{role}: {cell!r} is not an answer"
                for role, cell in row.expected.items()
                if not ANSWER.match(cell) or (cell.endswith("+") and row.method != "POST")
            ),
        ]
        if problem
    ]
    assert not wrong, "Rows of permission_matrix.csv to correct:\n" + "\n".join(wrong)


# The scenario: the cast of tests/conftest.py and one record of each kind of the cast's school, made as the
# site makes them (the actions) where that is short, by the factories otherwise.


def _pdf(name: str) -> SimpleUploadedFile:
    from methodology.demo import demo_pdf

    return SimpleUploadedFile(name, demo_pdf("matrix"), content_type="application/pdf")


@pytest.fixture
def district_methodologist(school):
    """The district methodologist working at a neighbouring school of the same district (MB-5.2: reads the
    district's schools, never writes); the cast's `methodologist` is a teacher of the school itself."""
    neighbour = SchoolFactory(name="Коңшу мектеп", district=school.district)
    user = UserFactory(username="district_methodologist")
    AppointmentFactory(staff=StaffFactory(school=neighbour, user=user), role=Role.DISTRICT_METHODOLOGIST)
    return user


@pytest.fixture
def other_teacher(other_school):
    """A teacher of another school (of another district): a member there, a stranger here."""
    user = UserFactory(username="other_teacher")
    StaffFactory(school=other_school, user=user)
    return user


@pytest.fixture
def cast(
    pupil,
    student,
    president,
    teacher,
    head,
    deputy,
    director,
    social_pedagogue,
    methodologist,
    district_methodologist,
    outsider,
    other_teacher,
) -> dict[str, Any]:
    """The accounts of the table's columns; `outsider` is conftest's director of another school."""
    return {
        "anonymous": None,
        "pupil": pupil,  # grade 3: takes part, neither votes (from 5) nor organises (from 5)
        "student": student,  # grade 7: votes, no office, in no ministry
        "president": president,  # grade 11, the president, minister of the one ministry
        "teacher": teacher,  # a member of the association
        "head": head,  # its head
        "deputy": deputy,
        "director": director,
        "social_pedagogue": social_pedagogue,
        "methodologist": methodologist,
        "district_methodologist": district_methodologist,
        "other_director": outsider,
        "other_teacher": other_teacher,
    }


@pytest.fixture
def scenario(school, school_year, association, plan, term, adviser, cast) -> SimpleNamespace:
    """One record of each kind, named as the table's `args` name them, in the state said beside it."""
    from axes.models import AccessAttempt, AccessFailureLog, AccessLog
    from django.contrib.auth.models import Group

    from methodology.actions import documents, growth, observations, projects
    from methodology.actions import reports as report_actions
    from methodology.models import (
        AssociationMeeting,
        Attestation,
        Circular,
        Course,
        DocumentRequest,
        HeadProposal,
        YearEndReport,
    )
    from notifications.actions import calendar as calendar_links
    from notifications.delivery import unsubscribe_token
    from notifications.kinds import KINDS
    from notifications.models import Notification, SweepRun
    from school_gov.actions import accounts
    from school_gov.models import (
        Appointment,
        AuditEvent,
        Email,
        Holiday,
        Minutes,
        MinutesItem,
        SchoolYear,
        Staff,
    )
    from school_gov.tasks import deliver

    head, teacher, deputy, director = cast["head"], cast["teacher"], cast["deputy"], cast["director"]
    student, president = cast["student"], cast["president"]
    today = timezone.localdate()
    s = SimpleNamespace(cast=cast, school=school, district=school.district, school_year=school_year)

    # People and the school's frame
    s.teacher_staff = teacher.staff
    s.teacher_user = teacher
    s.student_record = student.student
    s.appointment = Appointment.objects.get(staff=director.staff)  # the director's
    s.holiday = Holiday.objects.create(school=school, date=datetime.date(2027, 3, 21), name="Нооруз")
    s.group = Group.objects.get(name="Teachers")  # a role's group

    # Methodology: the head heads the association, the teacher is its member.
    s.association = association
    s.plan_draft = plan  # the second quarter's, with one activity
    s.plan_draft_item = {"pk": plan.pk, "item_pk": plan.items.get().pk}
    quarter = school_year.quarters.get(number=3)
    s.plan_submitted = WorkPlanFactory(  # the third quarter's, waiting for the deputy
        association=association,
        school_year=school_year,
        period_kind="quarter",
        quarter=quarter,
        period_start=quarter.start_date,
        period_end=quarter.end_date,
        created_by=head.staff,
    )
    PlanItemFactory(plan=s.plan_submitted)
    submit(s.plan_submitted, head)
    quarter = school_year.quarters.get(number=1)
    approved = WorkPlanFactory(  # the first quarter's, approved: its activities are marked done
        association=association,
        school_year=school_year,
        period_kind="quarter",
        quarter=quarter,
        period_start=quarter.start_date,
        period_end=quarter.end_date,
        created_by=head.staff,
    )
    s.plan_approved_item = {"pk": approved.pk, "item_pk": PlanItemFactory(plan=approved).pk}
    submit(approved, head)
    agree(approved, deputy)
    approve(approved, director)
    s.plan_approved = approved
    s.report = report_actions.create(association, by=act(head), school_year=school_year)  # a draft
    last_year = typing.cast(
        SchoolYear,
        SchoolYearFactory(
            school=school,
            start_date=datetime.date(2025, 9, 1),
            end_date=datetime.date(2026, 5, 25),
            is_current=False,
        ),
    )
    s.report_submitted = report_actions.create(association, by=act(head), school_year=last_year)
    YearEndReport.objects.filter(pk=s.report_submitted.pk).update(
        aims_met="Максаттарга жетти.", conclusions="Жыйынтыктар.", next_year_tasks="Милдеттер."
    )
    s.report_submitted.refresh_from_db()
    submit(s.report_submitted, head)  # last year's, waiting for the deputy
    s.observation = LessonObservationFactory.build(
        association=association, teacher=teacher.staff, observer=head.staff
    )
    observations.save(s.observation, by=act(head))  # the head's of the teacher's lesson, not yet read
    minutes = typing.cast(Minutes, MinutesFactory(school=school, number=1, held_on=today))
    MinutesItem.objects.create(minutes=minutes, position=1, heard="Угулду.", resolved="Токтом.")
    s.meeting = AssociationMeeting.objects.create(  # not signed
        association=association, school_year=school_year, minutes=minutes
    )
    s.head_proposal = projects.submit_proposal(  # waiting for the administration
        HeadProposal(association=association, kind="improvement", text="Олимпиадага даярдык."), by=act(head)
    )
    s.document_request = documents.request_documents(  # the head asks the teacher
        DocumentRequest(
            school=school,
            association=association,
            kind="work_programme",
            due_on=today + datetime.timedelta(days=7),
        ),
        teachers=[teacher.staff],
        by=act(head),
    )
    s.submission = s.document_request.submissions.get()
    s.version = documents.upload_document(
        s.submission, upload=_pdf("Программа.pdf"), by=act(teacher)
    )  # to review
    s.circular = documents.publish_circular(  # the deputy's, to all the teachers, with a file
        Circular(school=school, kind="order", title="Буйрук", audience="teachers"),
        upload=_pdf("Буйрук.pdf"),
        by=act(deputy),
    )
    s.circular_file = s.circular.files.get()
    s.course = growth.record_course(  # the teacher's, with its certificate
        Course(
            staff=teacher.staff,
            topic="Баалоо",
            provider="Кыргыз билим берүү академиясы",
            hours=36,
            started_on=today - datetime.timedelta(days=40),
            ended_on=today - datetime.timedelta(days=35),
        ),
        upload=_pdf("Сертификат.pdf"),
        by=act(teacher),
    )
    s.certificate = s.course.certificate
    s.attestation = growth.open_attestation(  # the teacher's, waiting for the head's opinion
        Attestation(staff=teacher.staff, category="first", held_on=today), by=act(deputy)
    )

    # Parliament: the president holds the office and heads the one ministry; the election is voting.
    s.term = term  # the current year's, advised by the adviser
    OfficeFactory(term=term, kind="president", student=president.student)
    s.ministry = MinistryFactory(term=term, minister=president.student)
    s.election = ElectionFactory(term=term, supervisor=adviser.staff, stage="voting")
    s.election_class_7a = {"pk": s.election.pk, "grade": 7, "letter": "А"}  # the student's class
    s.election_student = {"pk": s.election.pk, "student_pk": student.student.pk}
    s.candidate = CandidateFactory(election=s.election)  # a grade-10 student, approved
    s.event = EventFactory(school=school, term=term, ministry=s.ministry)  # in three days, for every grade
    s.duty = DutyAssignmentFactory(school=school, grade=7, class_letter="А")  # today's, the student's class
    s.poll = PollFactory(school=school, created_by_staff=deputy.staff)  # open, grades 5–11
    PollOptionFactory(poll=s.poll)
    PollOptionFactory(poll=s.poll)
    s.proposal = ProposalFactory(school=school, author=student.student)  # submitted
    s.parliament_meeting = MeetingFactory(term=term)  # an open meeting
    s.appeal = AppealFactory(school=school, author=student.student)  # new
    s.club = ClubFactory(school=school, leader_staff=teacher.staff)

    # The accounts' own addresses (each the right to open it) and the app's bookkeeping
    s.notification = Notification.objects.filter(recipient=teacher).order_by("pk").first()  # the teacher's
    assert s.notification is not None, "the teacher was told of nothing"
    s.feed_link = {"secret": calendar_links.new_link(by=act(teacher))}  # the teacher's calendar feed
    s.unsubscribe_link = {"token": unsubscribe_token(teacher, next(iter(KINDS)))}  # the teacher's, signed
    newcomer = typing.cast(Staff, StaffFactory(school=school))  # no account yet: invited on a printed slip
    (invited,) = accounts.invite([newcomer], by=act(director), school=school, site="http://testserver")
    s.invitation = {"secret": invited.code}
    # The adviser's password reset link: not one of the cast, whose signing in spoils their own link.
    s.reset_link = {
        "uidb64": urlsafe_base64_encode(force_bytes(adviser.pk)),
        "token": default_token_generator.make_token(adviser),
    }
    s.audit_event = AuditEvent.objects.filter(school=school).order_by("pk").first()
    s.email = Email.objects.create(to="teacher@example.kg", subject="Эскертме", body="Текст")
    s.task = deliver.enqueue(s.email.pk).id  # its delivery, queued
    s.sweep = SweepRun.objects.create()
    sign_in = {"user_agent": "test", "ip_address": "127.0.0.1", "username": "teacher", "http_accept": "*/*"}
    now = timezone.now()
    s.access_attempt = AccessAttempt.objects.create(
        **sign_in, path_info="/", attempt_time=now, get_data="", post_data="", failures_since_start=1
    )
    s.access_log = AccessLog.objects.create(**sign_in, path_info="/", attempt_time=now)
    s.access_failure = AccessFailureLog.objects.create(**sign_in, path_info="/", attempt_time=now)
    s.app_methodology = {"app_label": "methodology"}
    return s


def address(row: Row, s: SimpleNamespace) -> str:
    """The row's path: a record's pk fills the URL's one argument; a dict gives the arguments."""
    if not row.args:
        return reverse(row.url)
    given = getattr(s, row.args)
    if not isinstance(given, dict):
        (name,) = arguments(ROUTES[row.url])
        given = {name: getattr(given, "pk", given)}
    return reverse(row.url, kwargs=given)


def answer(response) -> str:
    if response.status_code == 302:
        where = urlsplit(response["Location"]).path
        if where == SITE_SIGN_IN:
            return "login"
        if where == ADMIN_SIGN_IN:
            return "admin-login"
    return str(response.status_code)


def written_tables() -> list[str]:
    """The tables of the school's records, the accounts and the audit trail: the project's own apps'."""
    return sorted(
        model._meta.db_table
        for label in ("school_gov", "methodology", "parliament", "notifications")
        for model in apps.get_app_config(label).get_models(include_auto_created=True)
        if not model._meta.proxy
    )


def writes(tables: list[str]) -> tuple:
    """A value that grows with every row inserted, updated or deleted in `tables`: on PostgreSQL the
    transaction's own statistics (every write counts, one rolled back to a savepoint since too); on another
    database the tables' row counts (an insert or a delete)."""
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            cursor.execute(
                "SELECT coalesce(sum(n_tup_ins + n_tup_upd + n_tup_del), 0) FROM pg_stat_xact_user_tables"
                " WHERE relname = ANY(%s)",
                [tables],
            )
        else:
            cursor.execute("SELECT " + ", ".join(f"(SELECT count(*) FROM {table})" for table in tables))
        return tuple(cursor.fetchone())


@pytest.fixture(autouse=True)
def _no_pdf_rendering(monkeypatch):
    class Document:
        def write_pdf(self) -> bytes:
            return b"%PDF-1.7\n"

    class HTML:
        def __init__(self, *args, **kwargs) -> None:
            pass

        def render(self) -> Document:
            return Document()

    monkeypatch.setattr("weasyprint.HTML", HTML)


@pytest.mark.parametrize("role", ROLES)
def test_every_answer_is_the_tables(client, scenario, role, caplog):
    caplog.set_level(logging.ERROR, logger="django.request")  # not a warning line per 403 and 404
    unknown = sorted({row.args for row in ROWS if row.args and not hasattr(scenario, row.args)})
    assert not unknown, f"args naming no record of the scenario: {unknown}"
    user = scenario.cast[role]
    if user is not None:
        client.force_login(user)
    cookies = {name: morsel.value for name, morsel in client.cookies.items()}
    tables = written_tables()
    differences = []
    for row in ROWS:
        path = address(row, scenario)
        savepoint = transaction.savepoint()
        try:
            before = writes(tables) if row.method == "POST" else None
            send = client.get if row.method == "GET" else client.post
            got = answer(send(path, HTTP_ACCEPT_LANGUAGE="en"))
            if before is not None and writes(tables) != before:
                got += "+"
        except Exception as error:  # a 500: named here, never written in the table
            got = f"raised {type(error).__name__}: {error}"[:300]
        finally:
            transaction.savepoint_rollback(savepoint)
            client.cookies = SimpleCookie(cookies)  # a sign-out, a message or a language cookie undone
            cache.clear()  # pages cached under a school version another row's step bumped
        if got != row.expected[role]:
            why = f" (the table's note: {row.note})" if row.note else ""
            differences.append(f"{row} {path}: expected {row.expected[role]}, got {got}{why}")
    assert not differences, (
        f"{role}: {len(differences)} answers differ from permission_matrix.csv:\n" + "\n".join(differences)
    )
