"""`manage.py seed_demo`: build a believable demo school to try the app with.

What it builds, all in one district ("Ат-Башы району"):

- schools named in Kyrgyz (the first: "Калыгул Жусупов атындагы орто мектеби");
- for each school the current and the previous school year (1 September – 25 May) with four
  quarters;
- about 40 staff per school: the director, the deputy director for educational work, a social
  pedagogue, a primary teacher for every class of grades 1–4 and subject teachers, with education,
  years in education, earlier service and qualification categories spread as in a real school;
- about 600 students per school in grades 1–11, classes "А" and "Б" (and "В" in two lower grades) of
  23–27 students;
- appointments: director and deputy (for some years now), social pedagogue and a class teacher for
  every class (from the start of this school year); in the first school one teacher is also the
  district methodologist;
- demo accounts, all with the password "demo", linked to records in the first school: admin,
  director, deputy, head (qualified to head a methodological association), teacher (the same subject
  as head), methodologist, president (grade 11), student (grade 7) and pupil (grade 3).

Every random choice comes from one `random.Random(--seed)`, so the same seed builds the same names
and dates (dates are relative to today). It writes demo accounts with a known password, so it
refuses to run with DEBUG off unless given --force. It builds only into a database without schools:
--reset deletes all schools, their records and every account first; --if-empty (used by `make run`)
leaves a database that already has a school alone.
"""

from __future__ import annotations

import argparse
import datetime
import random
from dataclasses import dataclass
from importlib import import_module

from django.apps import apps
from django.conf import settings
from django.contrib.auth.hashers import make_password
from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.db import connection, transaction
from django.db.models import ProtectedError, RestrictedError
from django.utils import timezone
from django.utils.module_loading import module_has_submodule
from django.utils.translation import gettext as _

from school_gov.deadlines import national_holidays
from school_gov.models import (
    Appointment,
    AuditEvent,
    District,
    EducationLevel,
    Holiday,
    QualificationCategory,
    Quarter,
    Role,
    School,
    SchoolYear,
    Staff,
    Student,
    User,
)

MAX_SCHOOLS = 200
DEMO_PASSWORD = "demo"
DEMO_USERNAMES = (
    "admin",
    "director",
    "deputy",
    "head",
    "teacher",
    "methodologist",
    "president",
    "student",
    "pupil",
)
DISTRICT_NAME = "Ат-Башы району"
FIRST_SCHOOL_NAME = "Калыгул Жусупов атындагы орто мектеби"
VILLAGES = (
    "Ак-Муз",
    "Ача-Кайыңды",
    "Баш-Кайыңды",
    "Казыбек",
    "Кара-Коюн",
    "Кара-Суу",
    "Талды-Суу",
    "Терек",
    "Ак-Жар",
    "Ак-Талаа",
    "Жаңы-Талап",
    "Кара-Булуң",
    "Ак-Моюн",
)

# Male forms; the female form adds "а" (Асанов → Асанова, Жумабаев → Жумабаева).
SURNAMES = (
    "Абдрахманов", "Абдыкадыров", "Айтматов", "Алыбаев", "Асанов", "Бакиров", "Бейшеналиев",
    "Бөкөнбаев", "Дүйшөнкулов", "Жапаров", "Жумабаев", "Жусупов", "Жээнбеков", "Исаков",
    "Кадыров", "Калыков", "Кеңешбеков", "Мамбетов", "Мамытов", "Молдокулов", "Ниязов",
    "Нурманбетов", "Орозбеков", "Осмонов", "Өмүрбеков", "Өмүрзаков", "Садыков", "Сарыгулов",
    "Сатыбалдиев", "Сыдыков", "Ташиев", "Токтогулов", "Төрөкулов", "Турдубаев", "Турусбеков",
    "Үсөнбаев", "Үсөнов", "Чотонов", "Шабданов", "Ыбраев", "Ысманов", "Эсенгулов",
)  # fmt: skip
MALE_NAMES = (
    "Адилет", "Азамат", "Айбек", "Алмаз", "Алтынбек", "Асан", "Байтик", "Бакыт", "Бекболот",
    "Бекзат", "Бектур", "Болот", "Данияр", "Дөөлөт", "Жоомарт", "Жумабай", "Канат", "Кеңешбек",
    "Кубанычбек", "Курманбек", "Медер", "Мелис", "Мирлан", "Нурбек", "Нурлан", "Нурсултан",
    "Өмүрбек", "Санжар", "Сооронбай", "Таалай", "Талант", "Темирлан", "Түгөлбай", "Улан", "Үмөт",
    "Үсөн", "Чыңгыз", "Эркин", "Эрлан", "Эрмек", "Эсен",
)  # fmt: skip
FEMALE_NAMES = (
    "Айгүл", "Айдай", "Айжан", "Айзада", "Айнура", "Айпери", "Айсулуу", "Акмөөр", "Асел",
    "Бермет", "Бурулай", "Бүбүсара", "Гүлзат", "Гүлнара", "Динара", "Жазгүл", "Жамийла", "Жаңыл",
    "Жибек", "Жылдыз", "Каныкей", "Күмүшай", "Мээрим", "Мөлдүр", "Назгүл", "Нургүл", "Нурайым",
    "Нуриза", "Сайкал", "Сезим", "Толгонай", "Үмүт", "Чолпон", "Элнура",
)  # fmt: skip

PRIMARY_CLASSES = "Башталгыч класстар"
LAST_PRIMARY_GRADE = 4
LEADER_SUBJECTS = ("Тарых", "Математика", "Физика", "Кыргыз тили жана адабияты", "Орус тили")
# Subject teachers in the order a school needs them: two mathematicians first (the demo `head` and
# `teacher` share the subject), then every subject once, then second and third teachers.
SUBJECT_TEACHERS = (
    "Математика", "Математика", "Кыргыз тили жана адабияты", "Орус тили", "Англис тили", "Физика",
    "Химия", "Биология", "Тарых", "География", "Информатика", "Дене тарбия", "Музыка", "Сүрөт",
    "Кыргыз тили жана адабияты", "Математика", "Орус тили", "Англис тили", "Тарых, Адам жана коом",
    "Кыргыз тили жана адабияты", "Математика, Информатика", "Дене тарбия", "Технология",
    "Англис тили", "Биология, Химия", "Орус тили", "Кыргыз тили жана адабияты",
    "Физика, Астрономия", "Математика", "Тарых", "Англис тили", "Кыргыз тили жана адабияты",
)  # fmt: skip
METHODOLOGIST_SUBJECT = "Кыргыз тили жана адабияты"

EDUCATION_LEVELS = (
    EducationLevel.HIGHER_PROFESSIONAL,
    EducationLevel.INCOMPLETE_HIGHER,
    EducationLevel.SECONDARY_PROFESSIONAL,
    EducationLevel.SECONDARY_GENERAL,
)
SUBJECT_TEACHER_EDUCATION = (84, 7, 8, 1)
PRIMARY_TEACHER_EDUCATION = (60, 6, 33, 1)  # many primary teachers come from a pedagogical college


@dataclass
class Roster:
    """One school's staff, unsaved, with the people who hold a role picked out."""

    director: Staff
    deputy: Staff
    social_pedagogue: Staff
    head: Staff
    teacher: Staff
    methodologist: Staff
    primary_teachers: list[Staff]
    subject_teachers: list[Staff]

    @property
    def everyone(self) -> list[Staff]:
        leaders = [self.director, self.deputy, self.social_pedagogue]
        return leaders + self.primary_teachers + self.subject_teachers


@dataclass
class SignIn:
    username: str
    who: str


# Calendar


def school_year_start(today: datetime.date) -> datetime.date:
    """1 September of the year in which the most recent 1 September fell."""
    year = today.year if today >= datetime.date(today.year, 9, 1) else today.year - 1
    return datetime.date(year, 9, 1)


def quarter_dates(start_year: int) -> list[tuple[datetime.date, datetime.date]]:
    """The four quarters of the school year that starts in September of `start_year`."""
    autumn, spring = start_year, start_year + 1
    return [
        (datetime.date(autumn, 9, 1), datetime.date(autumn, 10, 31)),
        (datetime.date(autumn, 11, 10), datetime.date(autumn, 12, 27)),
        (datetime.date(spring, 1, 12), datetime.date(spring, 3, 20)),
        (datetime.date(spring, 4, 1), datetime.date(spring, 5, 25)),
    ]


def build_calendar(school: School, current_start: datetime.date) -> None:
    years = [
        SchoolYear(
            school=school,
            start_date=datetime.date(start_year, 9, 1),
            end_date=datetime.date(start_year + 1, 5, 25),
            is_current=start_year == current_start.year,
        )
        for start_year in (current_start.year - 1, current_start.year)
    ]
    SchoolYear.objects.bulk_create(years)
    Quarter.objects.bulk_create(
        Quarter(school_year=year, number=number, start_date=start, end_date=end)
        for year in years
        for number, (start, end) in enumerate(quarter_dates(year.start_date.year), start=1)
    )
    # The national calendar's holidays, for a school that moves its deadlines to working days (off here,
    # as the regulations count calendar days).
    Holiday.objects.bulk_create(
        Holiday(school=school, date=day, name=name)
        for day, name in national_holidays(range(current_start.year - 1, current_start.year + 2))
    )


# People


def patronymic_from(father: str, *, female: bool, kyrgyz_form: bool) -> str:
    """The Kyrgyz form "Бакыт уулу" / "Бакыт кызы", or the Russian "Бакытович" / "Бакытовна"."""
    if kyrgyz_form:
        return f"{father} {'кызы' if female else 'уулу'}"
    stem = f"{father[:-1]}ев" if father.endswith("й") else f"{father}ов"
    return f"{stem}{'на' if female else 'ич'}"


def person_name(rng: random.Random, *, female: bool) -> tuple[str, str, str]:
    """A surname, a name and a patronymic."""
    surname = rng.choice(SURNAMES) + ("а" if female else "")
    name = rng.choice(FEMALE_NAMES if female else MALE_NAMES)
    patronymic = patronymic_from(rng.choice(MALE_NAMES), female=female, kyrgyz_form=rng.random() < 0.25)
    return surname, name, patronymic


def started_on(rng: random.Random, year_start: datetime.date, years_ago: int) -> datetime.date:
    """A first working day `years_ago` school years back, mostly at the start of a school year.

    Counted from this school year's start, so everyone started before their appointments do.
    """
    month = rng.choice((8, 8, 9, 9, 9, 1, 11))
    return datetime.date(year_start.year - years_ago, month, rng.randint(1, 28))


def qualification(rng: random.Random, years: int) -> QualificationCategory:
    """A category that grows with experience: attestation comes after some years of work."""
    categories = (
        QualificationCategory.NONE,
        QualificationCategory.SECOND,
        QualificationCategory.FIRST,
        QualificationCategory.HIGHEST,
    )
    if years < 3:
        return QualificationCategory.NONE
    weights = (4, 4, 2, 0) if years < 10 else (1, 3, 4, 3)
    return rng.choices(categories, weights=weights)[0]


def new_staff(
    rng: random.Random,
    school: School,
    year_start: datetime.date,
    subjects: str,
    *,
    years: tuple[int, int] = (1, 35),
    education: tuple[int, int, int, int] = SUBJECT_TEACHER_EDUCATION,
    female_share: float = 0.8,
) -> Staff:
    """An unsaved staff record; `years` bounds the years since the start in education."""
    surname, name, patronymic = person_name(rng, female=rng.random() < female_share)
    prior_years, prior_months = (rng.randint(1, 6), rng.randint(0, 11)) if rng.random() < 0.12 else (0, 0)
    years_ago = rng.randint(*years)
    return Staff(
        school=school,
        surname=surname,
        name=name,
        patronymic=patronymic,
        subjects=subjects,
        education_level=rng.choices(EDUCATION_LEVELS, weights=education)[0],
        education_started_on=started_on(rng, year_start, years_ago),
        prior_service_years=prior_years,
        prior_service_months=prior_months,
        qualification_category=qualification(rng, years_ago + prior_years),
    )


def plan_staff(rng: random.Random, school: School, year_start: datetime.date, primary_classes: int) -> Roster:
    """About 40 people: three leaders, a primary teacher per primary class, subject teachers."""
    higher = (1, 0, 0, 0)
    director = new_staff(
        rng,
        school,
        year_start,
        rng.choice(LEADER_SUBJECTS),
        years=(18, 35),
        education=higher,
        female_share=0.5,
    )
    deputy = new_staff(rng, school, year_start, rng.choice(LEADER_SUBJECTS), years=(12, 30), education=higher)
    social_pedagogue = new_staff(rng, school, year_start, "", years=(2, 20))
    primary = [
        new_staff(rng, school, year_start, PRIMARY_CLASSES, education=PRIMARY_TEACHER_EDUCATION)
        for _class in range(primary_classes)
    ]
    subject_count = rng.randint(38, 42) - 3 - primary_classes
    subject_teachers = [
        new_staff(rng, school, year_start, subjects) for subjects in SUBJECT_TEACHERS[:subject_count]
    ]
    head, teacher = subject_teachers[0], subject_teachers[1]
    methodologist = next(s for s in subject_teachers if s.subjects == METHODOLOGIST_SUBJECT)
    # MB-1.1 asks a head for higher professional education and over five years in education; the
    # district picks its methodologist from experienced teachers too.
    make_experienced(rng, head, year_start)
    make_experienced(rng, methodologist, year_start)
    return Roster(
        director=director,
        deputy=deputy,
        social_pedagogue=social_pedagogue,
        head=head,
        teacher=teacher,
        methodologist=methodologist,
        primary_teachers=primary,
        subject_teachers=subject_teachers,
    )


def make_experienced(rng: random.Random, staff: Staff, year_start: datetime.date) -> None:
    """Higher professional education, 12 to 25 years in education, the first or highest category."""
    staff.education_level = EducationLevel.HIGHER_PROFESSIONAL
    staff.education_started_on = started_on(rng, year_start, rng.randint(12, 25))
    staff.qualification_category = rng.choice((QualificationCategory.FIRST, QualificationCategory.HIGHEST))


def plan_classes(rng: random.Random) -> list[tuple[int, str]]:
    """Grades 1–11 with classes А and Б; two of the lower grades are big enough for a В."""
    with_third = set(rng.sample(range(1, 7), 2))
    return [
        (grade, letter)
        for grade in range(1, 12)
        for letter in (("А", "Б", "В") if grade in with_third else ("А", "Б"))
    ]


def plan_students(rng: random.Random, school: School, classes: list[tuple[int, str]]) -> list[Student]:
    students = []
    for grade, letter in classes:
        for _place in range(rng.randint(23, 27)):
            surname, name, patronymic = person_name(rng, female=rng.random() < 0.5)
            students.append(
                Student(
                    school=school,
                    surname=surname,
                    name=name,
                    patronymic=patronymic,
                    grade=grade,
                    class_letter=letter,
                )
            )
    return students


def plan_appointments(
    rng: random.Random,
    roster: Roster,
    classes: list[tuple[int, str]],
    year_start: datetime.date,
    *,
    with_methodologist: bool,
) -> list[Appointment]:
    """The leaders' appointments and a class teacher for every class, from this school year on."""

    def some_years_ago(low: int, high: int) -> datetime.date:
        return datetime.date(year_start.year - rng.randint(low, high), 8, rng.randint(15, 31))

    appointments = [
        Appointment(staff=roster.director, role=Role.DIRECTOR, starts_on=some_years_ago(3, 12)),
        Appointment(staff=roster.deputy, role=Role.DEPUTY_DIRECTOR, starts_on=some_years_ago(1, 8)),
        Appointment(staff=roster.social_pedagogue, role=Role.SOCIAL_PEDAGOGUE, starts_on=year_start),
    ]
    if with_methodologist:
        appointments.append(
            Appointment(
                staff=roster.methodologist,
                role=Role.DISTRICT_METHODOLOGIST,
                starts_on=some_years_ago(1, 4),
            )
        )
    primary = [c for c in classes if c[0] <= LAST_PRIMARY_GRADE]
    upper = [c for c in classes if c[0] > LAST_PRIMARY_GRADE]
    # The demo people keep a plain teacher's view; other subject teachers take the upper classes.
    busy = {id(roster.head), id(roster.teacher), id(roster.methodologist)}
    free = [s for s in roster.subject_teachers if id(s) not in busy]
    class_teachers = list(zip(roster.primary_teachers, primary, strict=True))
    class_teachers += zip(rng.sample(free, len(upper)), upper, strict=True)
    appointments += [
        Appointment(
            staff=staff,
            role=Role.CLASS_TEACHER,
            starts_on=year_start,
            class_grade=grade,
            class_letter=letter,
        )
        for staff, (grade, letter) in class_teachers
    ]
    return appointments


# Accounts


def demo_accounts(
    roster: Roster, students: list[Student], rng: random.Random, password_hash: str
) -> list[SignIn]:
    """Create the demo users, link them to the first school's records and describe them."""
    in_grade = {grade: [s for s in students if s.grade == grade] for grade in (11, 7, 3)}
    records: dict[str, Staff | Student | None] = {  # in the order of DEMO_USERNAMES
        "admin": None,
        "director": roster.director,
        "deputy": roster.deputy,
        "head": roster.head,
        "teacher": roster.teacher,
        "methodologist": roster.methodologist,
        "president": rng.choice(in_grade[11]),
        "student": rng.choice(in_grade[7]),
        "pupil": rng.choice(in_grade[3]),
    }
    users = User.objects.bulk_create(
        User(
            username=username,
            email=f"{username}@demo.example",  # password reset works with the console or file backend
            password=password_hash,
            first_name=record.name if record else "",
            last_name=record.surname if record else "",
            is_superuser=record is None,
            is_staff=record is None,
        )
        for username, record in records.items()
    )
    for user, record in zip(users, records.values(), strict=True):
        if record is not None:
            record.user = user
    return [SignIn(username, describe(username, record)) for username, record in records.items()]


def describe(username: str, record: Staff | Student | None) -> str:
    if record is None:
        return _("administrator (superuser)")
    if isinstance(record, Student):
        return _("student of class %(class)s: %(name)s") % {
            "class": record.class_name,
            "name": record.full_name,
        }
    labels = {
        "director": _("director"),
        "deputy": _("deputy director for educational work"),
        "head": _("teacher qualified to head an association"),
        "teacher": _("teacher"),
        "methodologist": _("district methodologist"),
    }
    return _("%(role)s: %(name)s (%(subjects)s)") % {
        "role": labels[username],
        "name": record.full_name,
        "subjects": record.subjects,
    }


# The whole build


def build_school(
    rng: random.Random,
    school: School,
    year_start: datetime.date,
    *,
    password_hash: str | None,
) -> list[SignIn]:
    """Fill one saved school; with a password hash, also the demo accounts and the methodologist."""
    build_calendar(school, year_start)
    classes = plan_classes(rng)
    primary_classes = sum(1 for grade, _letter in classes if grade <= LAST_PRIMARY_GRADE)
    roster = plan_staff(rng, school, year_start, primary_classes)
    students = plan_students(rng, school, classes)
    appointments = plan_appointments(
        rng, roster, classes, year_start, with_methodologist=password_hash is not None
    )
    sign_ins = []
    if password_hash is not None:
        sign_ins = demo_accounts(roster, students, rng, password_hash)
    Staff.objects.bulk_create(roster.everyone)
    Student.objects.bulk_create(students)
    Appointment.objects.bulk_create(appointments)
    return sign_ins


def school_name(number: int) -> str:
    if number == 1:
        return FIRST_SCHOOL_NAME
    village = VILLAGES[(number - 2) % len(VILLAGES)]
    return f"{village} айылындагы № {number} орто мектеби"


def app_demos() -> list:
    """The `demo` modules of the other installed apps: each seeds its own records for a school.

    The core does not import the apps (DESIGN §2); an app that has demo data offers
    `seed_school(school=, rng=, today=, first=, options=)` and `delete_all()` in its `demo` module, and
    may offer `add_arguments(parser)` for options of its own, which reach `seed_school` in `options`.
    """
    modules = []
    for app_config in apps.get_app_configs():
        if app_config.name == "school_gov" or not module_has_submodule(app_config.module, "demo"):
            continue
        modules.append(import_module(f"{app_config.name}.demo"))
    return modules


def build_demo(seed: int, schools: int, today: datetime.date, options: dict | None = None) -> list[SignIn]:
    rng = random.Random(seed)
    year_start = school_year_start(today)
    district = District.objects.create(name=DISTRICT_NAME)
    password_hash = make_password(DEMO_PASSWORD)  # once: hashing is deliberately slow
    sign_ins: list[SignIn] = []
    for number in range(1, schools + 1):
        school = School.objects.create(name=school_name(number), district=district)
        if number == 1:
            sign_ins = build_school(rng, school, year_start, password_hash=password_hash)
        else:
            build_school(rng, school, year_start, password_hash=None)
        for demo in app_demos():
            demo.seed_school(school=school, rng=rng, today=today, first=number == 1, options=options or {})
    return sign_ins


def delete_everything() -> None:
    """Delete all records of the kinds seed_demo makes (not only the demo ones) and all accounts."""
    # The audit trail refuses delete(), on PostgreSQL in the table itself (append-only, school_gov.
    # auditchain); a demo reset, which wipes the whole database, is the exception: TRUNCATE (with the
    # notifications that point to events) is not a row's DELETE.
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute("SET CONSTRAINTS ALL IMMEDIATE")  # TRUNCATE waits on no deferred check
            cursor.execute(f"TRUNCATE TABLE {AuditEvent._meta.db_table} CASCADE")
    else:
        events = AuditEvent._base_manager.all()
        events._raw_delete(events.db)
    for demo in app_demos():
        demo.delete_all()
    for model in (Appointment, Student, Staff, Quarter, SchoolYear, School, District, User):
        model._base_manager.all().delete()


# Options


def whole_number(value: object, option: str) -> int:
    if isinstance(value, int) and not isinstance(value, bool):
        return value
    if isinstance(value, str):
        try:
            return int(value)
        except ValueError:
            pass
    raise argparse.ArgumentTypeError(
        _("%(option)s must be a whole number, not %(value)r.") % {"option": option, "value": value}
    )


def seed_option(value: object) -> int:
    return whole_number(value, "--seed")


def schools_option(value: object) -> int:
    number = whole_number(value, "--schools")
    if not 1 <= number <= MAX_SCHOOLS:
        raise argparse.ArgumentTypeError(
            _("--schools must be between 1 and %(max)d, not %(value)d.")
            % {"max": MAX_SCHOOLS, "value": number}
        )
    return number


class Command(BaseCommand):
    @property
    def help(self) -> str:  # a property, so the text is translated into the language in use
        return _(
            "Build a demo district with Kyrgyz schools, their staff, students, school years and "
            "appointments, and demo accounts (password “demo”) in the first school."
        )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument(
            "--seed",
            type=seed_option,
            default=1,
            help=_("Seed for the random choices: the same seed builds the same names (default 1)."),
        )
        parser.add_argument(
            "--schools",
            type=schools_option,
            default=1,
            help=_("How many schools to build, 1 to %(max)d (default 1).") % {"max": MAX_SCHOOLS},
        )
        parser.add_argument(
            "--reset",
            action="store_true",
            help=_(
                "First delete every school, district, staff member, student, appointment, school "
                "year, quarter, audit event and user account (not only the demo ones)."
            ),
        )
        parser.add_argument(
            "--if-empty",
            action="store_true",
            help=_("Do nothing, successfully, when the database already has a school."),
        )
        parser.add_argument(
            "--force",
            action="store_true",
            help=_("Run even with DEBUG off (the demo accounts have a known password)."),
        )
        for demo in app_demos():
            if hasattr(demo, "add_arguments"):
                demo.add_arguments(parser)

    def handle(self, *args: object, **options: object) -> None:
        self.verbosity = int(options["verbosity"])
        try:
            seed = seed_option(options["seed"])
            schools = schools_option(options["schools"])
        except argparse.ArgumentTypeError as error:
            raise CommandError(str(error)) from None
        if options["reset"] and options["if_empty"]:
            raise CommandError(_("--reset and --if-empty contradict each other; pass one of them."))
        if not settings.DEBUG and not options["force"]:
            raise CommandError(
                _(
                    "DEBUG is off, so this looks like a real installation: seed_demo would add "
                    "accounts with the password “demo”. Pass --force if you really mean it."
                )
            )
        with transaction.atomic():
            if School.objects.exists():
                if options["if_empty"]:
                    self.say(_("The database already has schools; seed_demo left it alone."))
                    self.remind_sign_ins()
                    return
                if not options["reset"]:
                    raise CommandError(
                        _(
                            "The database already has schools. Pass --reset to delete them, with "
                            "everything else seed_demo builds and every account, and build again."
                        )
                    )
            if options["reset"]:
                self.reset()
            self.refuse_taken_usernames()
            sign_ins = build_demo(seed, schools, timezone.localdate(), options)
        self.report(seed, sign_ins)

    def reset(self) -> None:
        try:
            delete_everything()
        except (ProtectedError, RestrictedError) as error:
            raise CommandError(
                _("Other records still refer to the demo data, so nothing was deleted: %(error)s")
                % {"error": error.args[0]}
            ) from None
        self.say(_("Deleted the earlier schools, their records and every account."))

    def refuse_taken_usernames(self) -> None:
        taken = list(User.objects.filter(username__in=DEMO_USERNAMES).values_list("username", flat=True))
        if taken:
            raise CommandError(
                _("These accounts already exist: %(names)s. Pass --reset to start afresh.")
                % {"names": ", ".join(sorted(taken))}
            )

    def report(self, seed: int, sign_ins: list[SignIn]) -> None:
        if self.verbosity < 1:
            return
        summary = _(
            "Built the district “%(district)s” (seed %(seed)d): schools %(schools)d, staff "
            "%(staff)d, students %(students)d."
        ) % {
            "district": DISTRICT_NAME,
            "seed": seed,
            "schools": School.objects.count(),
            "staff": Staff.objects.count(),
            "students": Student.objects.count(),
        }
        self.stdout.write(self.style.SUCCESS(summary))
        self.stdout.write(_("Sign in to “%(school)s” as:") % {"school": FIRST_SCHOOL_NAME})
        header = (_("Username"), _("Who"), _("Password"))
        rows = [header] + [(s.username, s.who, DEMO_PASSWORD) for s in sign_ins]
        widths = [max(len(row[column]) for row in rows) for column in range(2)]
        for username, who, password in rows:
            self.stdout.write(f"  {username.ljust(widths[0])}  {who.ljust(widths[1])}  {password}")

    def remind_sign_ins(self) -> None:
        """`make run` on a database seeded before: name the demo accounts that are still there."""
        present = [
            name for name in DEMO_USERNAMES if User.objects.filter(username=name, is_active=True).exists()
        ]
        if present:
            self.say(
                _("Demo sign-ins (password “%(password)s”): %(names)s")
                % {"password": DEMO_PASSWORD, "names": ", ".join(present)}
            )

    def say(self, message: str) -> None:
        if self.verbosity >= 1:
            self.stdout.write(message)
