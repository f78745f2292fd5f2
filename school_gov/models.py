"""The shared core: schools and their calendar, people, appointments, accounts and the audit trail."""

from __future__ import annotations

import datetime
from collections.abc import Iterable
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from django.conf import settings
from django.contrib.auth.models import AbstractUser
from django.contrib.contenttypes.models import ContentType
from django.core.exceptions import ValidationError
from django.core.serializers.json import DjangoJSONEncoder
from django.core.validators import MaxValueValidator, MinValueValidator, RegexValidator
from django.db import models, transaction
from django.db.models import Q
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.functional import cached_property
from django.utils.translation import gettext, pgettext_lazy
from django.utils.translation import gettext_lazy as _

from school_gov import auditchain
from school_gov.collation import Kyrgyz
from school_gov.deadlines import CALENDAR_DAYS, Calendar
from school_gov.fields import Text
from school_gov.formats import dated

if TYPE_CHECKING:
    from django_stubs_ext import StrOrPromise  # a development dependency: annotations only

MIN_GRADE = 1
MAX_GRADE = 12  # the 12-year reform from 2025–26 adds grade 12


class District(models.Model):
    """A district (район) whose methodologists may read the records of all its schools."""

    name = models.CharField(_("name"), max_length=200, unique=True)

    class Meta:
        verbose_name = _("district")
        verbose_name_plural = _("districts")
        ordering = [Kyrgyz("name")]  # type: ignore[list-item]  # see collation.Kyrgyz

    def __str__(self) -> str:
        return self.name


class Tier(models.TextChoices):
    """The parliament's grade tiers (SP-1.6, SP-1.7)."""

    PARTICIPANT = "participant", _("participant")
    ORGANISER = "organiser", _("organiser")
    OFFICE_HOLDER = "office_holder", _("office-holder")


class School(models.Model):
    name = models.CharField(_("name"), max_length=300)
    district = models.ForeignKey(
        District,
        verbose_name=_("district"),
        on_delete=models.PROTECT,
        related_name="schools",
        null=True,
        blank=True,
    )
    # SP-1.6, SP-1.7: grades below `organisers_from_grade` take part in events, grades from it organise
    # them, grades from `office_holders_from_grade` may hold an office. A setting, because the 12-year
    # reform moves the bands (1–5 / 6–9 / 10–12).
    organisers_from_grade = models.PositiveSmallIntegerField(
        _("organisers from grade"),
        default=5,
        validators=[MinValueValidator(2), MaxValueValidator(MAX_GRADE - 1)],
        help_text=_("Students from this grade may organise parliament events (SP-1.7)."),
    )
    office_holders_from_grade = models.PositiveSmallIntegerField(
        _("office-holders from grade"),
        default=10,
        validators=[MinValueValidator(3), MaxValueValidator(MAX_GRADE)],
        help_text=_("Students from this grade may hold an office in the parliament."),
    )
    last_grade = models.PositiveSmallIntegerField(
        _("last grade"),
        default=11,
        validators=[MinValueValidator(4), MaxValueValidator(MAX_GRADE)],
        help_text=_("The school's highest grade; its students leave when a new school year starts."),
    )
    deadlines_on_working_days = models.BooleanField(
        _("deadlines move to the next working day"),
        default=False,
        help_text=_(
            "A deadline that falls on a Saturday, a Sunday or one of the school's public holidays moves to "
            "the next working day. Off, as the regulations count: calendar days (MB-5.1, MB-5.3). A "
            "deadline already passed does not move."
        ),
    )

    class Meta:
        verbose_name = _("school")
        verbose_name_plural = _("schools")
        ordering = [Kyrgyz("name")]  # type: ignore[list-item]  # see collation.Kyrgyz
        constraints = [
            models.CheckConstraint(
                condition=Q(organisers_from_grade__gte=2)
                & Q(office_holders_from_grade__gt=models.F("organisers_from_grade"))
                & Q(office_holders_from_grade__lte=MAX_GRADE),
                name="school_gov_school_grade_bands_ordered",
            ),
        ]

    def __str__(self) -> str:
        return self.name

    def clean(self) -> None:
        if (
            self.organisers_from_grade is not None
            and self.office_holders_from_grade is not None
            and self.office_holders_from_grade <= self.organisers_from_grade
        ):
            raise ValidationError(
                {
                    "office_holders_from_grade": _(
                        "The office-holders' band must start above the organisers' band."
                    )
                }
            )

    @cached_property
    def calendar(self) -> Calendar:
        """How the school counts its deadlines (school_gov.deadlines.Calendar): no query when it counts
        calendar days, one for its holidays when it moves deadlines to working days."""
        if not self.deadlines_on_working_days:
            return CALENDAR_DAYS
        days = frozenset(self.holidays.values_list("date", flat=True))
        return Calendar(working_days=True, holidays=days)

    def tier_of(self, grade: int) -> Tier:
        """SP-1.6, SP-1.7: which tier a student of `grade` is in at this school."""
        if grade >= self.office_holders_from_grade:
            return Tier.OFFICE_HOLDER
        if grade >= self.organisers_from_grade:
            return Tier.ORGANISER
        return Tier.PARTICIPANT

    def tier_grades(self) -> dict[Tier, tuple[int, int]]:
        """Each tier's first and last grade, for showing the bands."""
        return {
            Tier.PARTICIPANT: (MIN_GRADE, self.organisers_from_grade - 1),
            Tier.ORGANISER: (self.organisers_from_grade, self.office_holders_from_grade - 1),
            Tier.OFFICE_HOLDER: (self.office_holders_from_grade, MAX_GRADE),
        }

    def current_year(self) -> SchoolYear | None:
        return self.years.filter(is_current=True).first()


class SchoolYearQuerySet(models.QuerySet["SchoolYear"]):
    def current(self) -> SchoolYearQuerySet:
        return self.filter(is_current=True)


class SchoolYear(models.Model):
    """An academic year; its dates move every year, so the school edits them."""

    school = models.ForeignKey(
        School, verbose_name=_("school"), on_delete=models.CASCADE, related_name="years"
    )
    start_date = models.DateField(_("start date"))
    end_date = models.DateField(_("end date"))
    is_current = models.BooleanField(_("current"), default=False)
    # When the school moved from this year into the next (students up a grade, leavers out): once.
    rolled_over_at = models.DateTimeField(_("moved into the next year"), null=True, blank=True)

    objects = SchoolYearQuerySet.as_manager()

    class Meta:
        verbose_name = _("school year")
        verbose_name_plural = _("school years")
        ordering = ["school", "-start_date"]
        constraints = [
            models.CheckConstraint(
                condition=Q(end_date__gt=models.F("start_date")),
                name="school_gov_year_ends_after_start",
            ),
            models.UniqueConstraint(
                fields=["school"],
                condition=Q(is_current=True),
                name="school_gov_year_one_current_per_school",
            ),
            models.UniqueConstraint(fields=["school", "start_date"], name="school_gov_year_unique_start"),
        ]

    def __str__(self) -> str:
        return self.name

    @property
    def name(self) -> str:
        if self.start_date and self.end_date:
            return f"{self.start_date.year}–{self.end_date.year}"
        return "—"

    def clean(self) -> None:
        if self.start_date and self.end_date and self.end_date <= self.start_date:
            raise ValidationError({"end_date": _("The school year must end after it starts.")})
        if self.start_date and self.end_date and self.school_id:
            overlapping = SchoolYear.objects.filter(
                school_id=self.school_id,
                start_date__lte=self.end_date,
                end_date__gte=self.start_date,
            ).exclude(pk=self.pk)
            if overlapping.exists():
                raise ValidationError(_("This school year overlaps another year of the school."))
        if self.is_current and self.school_id:
            other = SchoolYear.objects.filter(school_id=self.school_id, is_current=True).exclude(pk=self.pk)
            if other.exists():
                raise ValidationError(
                    {"is_current": _("Another school year is already current; unmark it first.")}
                )

    def contains(self, day: datetime.date) -> bool:
        return self.start_date <= day <= self.end_date

    def quarter_on(self, day: datetime.date) -> Quarter | None:
        for quarter in self.quarters.all():
            if quarter.start_date <= day <= quarter.end_date:
                return quarter
        return None


class Quarter(models.Model):
    """One of the four quarters (чейрек) of a school year; the breaks between them move every year."""

    school_year = models.ForeignKey(
        SchoolYear, verbose_name=_("school year"), on_delete=models.CASCADE, related_name="quarters"
    )
    number = models.PositiveSmallIntegerField(
        _("number"), validators=[MinValueValidator(1), MaxValueValidator(4)]
    )
    start_date = models.DateField(_("start date"))
    end_date = models.DateField(_("end date"))

    class Meta:
        verbose_name = _("quarter")
        verbose_name_plural = _("quarters")
        ordering = ["school_year", "number"]
        constraints = [
            models.UniqueConstraint(
                fields=["school_year", "number"], name="school_gov_quarter_unique_number"
            ),
            models.CheckConstraint(
                condition=Q(number__gte=1) & Q(number__lte=4), name="school_gov_quarter_number_1_4"
            ),
            models.CheckConstraint(
                condition=Q(end_date__gt=models.F("start_date")),
                name="school_gov_quarter_ends_after_start",
            ),
        ]

    def __str__(self) -> str:
        return _("Quarter %(number)s, %(year)s") % {"number": self.number, "year": self.school_year}

    def clean(self) -> None:
        if self.start_date and self.end_date and self.end_date <= self.start_date:
            raise ValidationError({"end_date": _("The quarter must end after it starts.")})
        if not (self.school_year_id and self.start_date and self.end_date):
            return
        year = self.school_year
        if self.start_date < year.start_date or self.end_date > year.end_date:
            raise ValidationError(
                _("The quarter must lie within the school year %(start)s – %(end)s.")
                % {"start": year.start_date, "end": year.end_date}
            )
        overlapping = (
            Quarter.objects.filter(
                school_year_id=self.school_year_id,
                start_date__lte=self.end_date,
                end_date__gte=self.start_date,
            )
            .exclude(pk=self.pk)
            .first()
        )
        if overlapping:
            raise ValidationError(
                _("The quarter overlaps quarter %(number)s.") % {"number": overlapping.number}
            )


class Holiday(models.Model):
    """A public holiday (майрам күнү) of the school's calendar. The school keeps the list (the admin fills
    it from the Kyrgyz Republic's calendar and the school corrects it: the dates of Orozo ait and Kurman
    ait are decreed each year); it counts only when the school moves deadlines to working days."""

    school = models.ForeignKey(
        School, verbose_name=_("school"), on_delete=models.CASCADE, related_name="holidays"
    )
    date = models.DateField(_("date"))
    name = models.CharField(_("name"), max_length=200)

    class Meta:
        verbose_name = _("public holiday")
        verbose_name_plural = _("public holidays")
        ordering = ["school", "date"]
        constraints = [
            models.UniqueConstraint(
                fields=["school", "date"],
                name="school_gov_holiday_unique_date",
                violation_error_message=_("This day is already a holiday of the school."),
            ),
        ]

    def __str__(self) -> str:
        return f"{date_format(self.date)}: {self.name}"


class User(AbstractUser):
    """An account. A person's school record is a Staff or Student row linked to it."""

    language = models.CharField(_("interface language"), max_length=8, choices=settings.LANGUAGES, blank=True)

    class Meta(AbstractUser.Meta):  # type: ignore[name-defined,misc]  # the stubs lack AbstractUser.Meta
        verbose_name = _("user")
        verbose_name_plural = _("users")
        swappable = "AUTH_USER_MODEL"


class EducationLevel(models.TextChoices):
    HIGHER_PROFESSIONAL = "higher_professional", _("higher professional")
    INCOMPLETE_HIGHER = "incomplete_higher", _("incomplete higher")
    SECONDARY_PROFESSIONAL = "secondary_professional", _("secondary professional")
    SECONDARY_GENERAL = "secondary_general", _("secondary general")


class QualificationCategory(models.TextChoices):
    NONE = "none", _("no category")
    SECOND = "second", _("second category")
    FIRST = "first", _("first category")
    HIGHEST = "highest", _("highest category")


@dataclass(frozen=True)
class Service:
    """Time in the education system, in whole months and the days beyond them."""

    months: int
    days: int

    def __str__(self) -> str:
        from school_gov.formats import duration

        return duration(self.months)

    @property
    def years(self) -> int:
        return self.months // 12

    def at_least_years(self, years: int) -> bool:
        return self.months >= years * 12


def whole_months_between(start: datetime.date, end: datetime.date) -> tuple[int, int]:
    """Whole calendar months from `start` to `end`, and the days left over (0, 0 if end < start).

    A month is complete on the same day-of-month; from the 31st (or 29 February) it completes on the
    first day of the next month when the target month is shorter.
    """
    if end < start:
        return 0, 0
    months = (end.year - start.year) * 12 + (end.month - start.month)
    if end.day < start.day:
        months -= 1
    anniversary = _add_months(start, months)
    return months, (end - anniversary).days


def years_later(day: datetime.date, years: int) -> datetime.date:
    """The same day and month `years` calendar years later (earlier when negative); 29 February becomes
    28 February in a year without it. The one rule for a year's dates, a category's term, a forecast."""
    try:
        return day.replace(year=day.year + years)
    except ValueError:
        return datetime.date(day.year + years, 2, 28)


def _add_months(day: datetime.date, months: int) -> datetime.date:
    month_index = day.month - 1 + months
    year, month = day.year + month_index // 12, month_index % 12 + 1
    try:
        return day.replace(year=year, month=month)
    except ValueError:  # 31st of a shorter month, or 29 February: the next month's first day
        year, month = (year + 1, 1) if month == 12 else (year, month + 1)
        return datetime.date(year, month, 1)


def pin_problem(pin: str, birth_date: datetime.date | None) -> str | None:
    """What is wrong with a personal identification number (ПИН), or None: 14 digits, the first 1 or 2
    (the person's sex), the next eight the birth date DDMMYYYY, agreeing with `birth_date` when given.
    The one statement of the rule: a record's clean() and the spreadsheet import (school_gov.roster)."""
    if not (len(pin) == 14 and pin.isdigit()):
        return gettext("A ПИН has 14 digits.")
    if pin[0] not in "12":
        return gettext("A ПИН starts with 1 or 2.")
    try:
        born = datetime.date(int(pin[5:9]), int(pin[3:5]), int(pin[1:3]))
    except ValueError:
        return gettext("Digits 2–9 of a ПИН are the birth date (DDMMYYYY); these are not a real date.")
    if birth_date is not None and born != birth_date:
        return gettext("The ПИН says the person was born on %(pin)s, the birth date says %(date)s.") % {
            "pin": born.strftime("%d.%m.%Y"),
            "date": birth_date.strftime("%d.%m.%Y"),
        }
    return None


# Characters a text pasted from a document may carry that nobody sees: zero-width spaces and joiners, the
# byte-order mark, direction marks and embeddings, the soft hyphen.
INVISIBLE = dict.fromkeys(
    map(
        ord,
        "\u00ad\u200b\u200c\u200d\u200e\u200f\u202a\u202b\u202c\u202d\u202e\u2060\u2066\u2067\u2068\u2069\ufeff",
    )
)


def tidy_text(text: str) -> str:
    """`text` without invisible characters, its spaces trimmed and single."""
    return " ".join((text or "").translate(INVISIBLE).split())


class NamedRecord(models.Model):
    """A person's school record (Staff, Student): the names, as the paper forms write them. Who acts is
    a `school_gov.people.Person`: an account seen through one of these records."""

    surname = models.CharField(_("surname"), max_length=100)
    name = models.CharField(pgettext_lazy("a person's", "name"), max_length=100)
    patronymic = models.CharField(_("patronymic"), max_length=100, blank=True)
    birth_date = models.DateField(_("birth date"), null=True, blank=True)
    # The 14-digit personal identification number (ПИН): who a re-imported row is (school_gov.roster).
    pin = models.CharField(
        _("personal number (ПИН)"),
        max_length=14,
        blank=True,
        validators=[RegexValidator(r"^[12][0-9]{13}$", _("A ПИН has 14 digits and starts with 1 or 2."))],
    )
    email = models.EmailField(_("e-mail"), blank=True, help_text=_("Where an invitation to sign in is sent."))

    class Meta:
        abstract = True
        ordering = [Kyrgyz("surname"), Kyrgyz("name"), Kyrgyz("patronymic")]  # type: ignore[list-item]  # see collation.Kyrgyz

    def __str__(self) -> str:
        return self.full_name

    def clean(self) -> None:
        # A name pasted from a document may carry spaces around it, doubled inside, or invisible marks
        # (zero-width spaces, direction marks, soft hyphens): kept as a person would type it.
        for part in ("surname", "name", "patronymic"):
            setattr(self, part, tidy_text(getattr(self, part)))
        for part in ("surname", "name"):
            if not getattr(self, part):
                raise ValidationError(
                    {part: _("Write it in letters: spaces or invisible characters alone are not a name.")}
                )
        problem = pin_problem(self.pin, self.birth_date) if self.pin else None
        if problem:
            raise ValidationError({"pin": problem})

    @property
    def full_name(self) -> str:
        return " ".join(part for part in (self.surname, self.name, self.patronymic) if part)

    full_name.fget.short_description = _("full name")  # type: ignore[attr-defined]  # the admin's column heading

    @property
    def short_name(self) -> str:
        """ "Асанов Б. К." — the form the paper forms use."""
        initials = "".join(f" {part[0]}." for part in (self.name, self.patronymic) if part)
        return f"{self.surname}{initials}"


class StaffQuerySet(models.QuerySet["Staff"]):
    def for_school(self, school: School) -> StaffQuerySet:
        return self.filter(school=school)


class Staff(NamedRecord):
    """A member of a school's staff: a record, not an account (the `user` link is optional)."""

    school = models.ForeignKey(
        School, verbose_name=_("school"), on_delete=models.PROTECT, related_name="staff"
    )
    user = models.OneToOneField(
        settings.AUTH_USER_MODEL,
        verbose_name=_("account"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="staff",
    )
    subjects = models.CharField(_("subjects"), max_length=300, blank=True)
    education_level = models.CharField(_("education"), max_length=32, choices=EducationLevel.choices)
    education_started_on = models.DateField(
        _("started in the education system on"),
        help_text=_("The first day of work in the education system counted for this record."),
    )
    prior_service_years = models.PositiveSmallIntegerField(
        _("earlier years in education"),
        default=0,
        validators=[MaxValueValidator(60)],
        help_text=_("Whole years worked elsewhere in education before that date."),
    )
    prior_service_months = models.PositiveSmallIntegerField(
        _("and months"), default=0, validators=[MaxValueValidator(11)]
    )
    qualification_category = models.CharField(
        _("qualification category"),
        max_length=16,
        choices=QualificationCategory.choices,
        default=QualificationCategory.NONE,
    )
    category_given_on = models.DateField(
        _("category given on"),
        null=True,
        blank=True,
        help_text=_(
            "The date of the attestation commission's decision; the next attestation is due from it."
        ),
    )

    objects = StaffQuerySet.as_manager()

    class Meta(NamedRecord.Meta):
        verbose_name = _("staff member")
        verbose_name_plural = _("staff")
        constraints = [
            models.CheckConstraint(
                condition=Q(prior_service_months__lte=11), name="school_gov_staff_prior_months_0_11"
            ),
            models.UniqueConstraint(
                fields=["school", "pin"],
                condition=~Q(pin=""),
                name="school_gov_staff_pin_once",
                violation_error_message=_("Another staff member of the school has this ПИН."),
            ),
        ]

    def clean(self) -> None:
        super().clean()
        if self.education_started_on and self.education_started_on > timezone.localdate():
            raise ValidationError(
                {"education_started_on": _("The start in the education system cannot be in the future.")}
            )
        if self.category_given_on and self.category_given_on > timezone.localdate():
            raise ValidationError(
                {"category_given_on": _("A category is given on a day that has come, not in the future.")}
            )
        if self.category_given_on and self.qualification_category == QualificationCategory.NONE:
            raise ValidationError(
                {"category_given_on": _("Without a category there is no date it was given.")}
            )
        if self.user_id and Student.everyone.filter(user_id=self.user_id).exists():
            raise ValidationError(
                {"user": _("This account belongs to a student; a staff member needs their own.")}
            )

    def service_on(self, day: datetime.date) -> Service:
        """Time in the education system on `day`: since the start date, plus earlier service."""
        months, days = whole_months_between(self.education_started_on, day)
        return Service(months=months + self.prior_service.months, days=days)

    @property
    def prior_service(self) -> Service:
        """Earlier service in education, before the start date recorded (years and months)."""
        return Service(months=self.prior_service_years * 12 + self.prior_service_months, days=0)

    def years_in_education(self, day: datetime.date | None = None) -> int:
        return self.service_on(day or timezone.localdate()).years

    @property
    def next_attestation_on(self) -> datetime.date | None:
        """When the category runs out and the next attestation is due: ATTESTATION_YEARS after it was
        given (a category given on 29 February runs to 28 February)."""
        if self.category_given_on is None or self.qualification_category == QualificationCategory.NONE:
            return None
        return years_later(self.category_given_on, settings.ATTESTATION_YEARS)

    @property
    def has_higher_professional_education(self) -> bool:
        return self.education_level == EducationLevel.HIGHER_PROFESSIONAL


class StudentQuerySet(models.QuerySet["Student"]):
    def for_school(self, school: School) -> StudentQuerySet:
        return self.filter(school=school)

    def in_class(self, grade: int, letter: str) -> StudentQuerySet:
        return self.filter(grade=grade, class_letter=letter)


class CurrentStudentManager(models.Manager.from_queryset(StudentQuerySet)):  # type: ignore[misc]
    """The school's students now: a former student (`left_on` set) is on no roll, list or ballot."""

    def get_queryset(self) -> StudentQuerySet:
        current: StudentQuerySet = super().get_queryset().filter(left_on__isnull=True)
        return current


class Student(NamedRecord):
    """A student: a record, not an account (a first-grader has no login)."""

    school = models.ForeignKey(
        School, verbose_name=_("school"), on_delete=models.PROTECT, related_name="students"
    )
    user = models.OneToOneField(
        settings.AUTH_USER_MODEL,
        verbose_name=_("account"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="student",
    )
    grade = models.PositiveSmallIntegerField(
        _("grade"), validators=[MinValueValidator(MIN_GRADE), MaxValueValidator(MAX_GRADE)]
    )
    class_letter = models.CharField(_("class letter"), max_length=2)
    # A former student (the last grade, gone when the next year started): kept with the records of the
    # years they were here, but on no roll, ballot or duty roster; `objects` leaves them out.
    left_on = models.DateField(_("left the school on"), null=True, blank=True)

    objects = CurrentStudentManager()
    everyone = StudentQuerySet.as_manager()

    class Meta(NamedRecord.Meta):
        verbose_name = _("student")
        verbose_name_plural = _("students")
        indexes = [models.Index(fields=["school", "grade", "class_letter"])]
        constraints = [
            models.CheckConstraint(
                condition=Q(grade__gte=MIN_GRADE) & Q(grade__lte=MAX_GRADE),
                name="school_gov_student_grade_1_12",
            ),
            models.UniqueConstraint(
                fields=["school", "pin"],
                condition=~Q(pin=""),
                name="school_gov_student_pin_once",
                violation_error_message=_("Another student of the school has this ПИН."),
            ),
        ]

    def clean(self) -> None:
        super().clean()
        if self.user_id and Staff.objects.filter(user_id=self.user_id).exists():
            raise ValidationError(
                {"user": _("This account belongs to a staff member; a student needs their own.")}
            )

    @property
    def class_name(self) -> str:
        return f"{self.grade}-{self.class_letter}"

    @property
    def tier(self) -> Tier:
        return self.school.tier_of(self.grade)


class Role(models.TextChoices):
    """School roles held by appointment (rows with dates), see school_gov.roles for their rights."""

    DIRECTOR = "director", _("director")
    DEPUTY_DIRECTOR = "deputy_director", _("deputy director for educational work")
    CLASS_TEACHER = "class_teacher", _("class teacher")
    SOCIAL_PEDAGOGUE = "social_pedagogue", _("social pedagogue")
    DISTRICT_METHODOLOGIST = "district_methodologist", _("district methodologist")


class Invitation(models.Model):
    """A one-time way in for a staff member or a student with no account yet: a link sent by e-mail, or
    a short code printed on a slip (as with vote codes) for a student without an address. Only the
    hash of the link's token or the slip's code is kept. Following it sets a username and a password and
    links the new account to the record; an expired or used invitation signs nobody in."""

    staff = models.ForeignKey(
        "Staff",
        verbose_name=_("staff member"),
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="invitations",
    )
    student = models.ForeignKey(
        "Student",
        verbose_name=_("student"),
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="invitations",
    )
    secret_hash = models.CharField(max_length=64, unique=True)
    sent_to = models.EmailField(_("sent to"), blank=True, help_text=_("Empty for a printed slip."))
    created_by = models.ForeignKey(
        "Staff",
        verbose_name=_("invited by"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
    )
    created_at = models.DateTimeField(_("created"), default=timezone.now)
    expires_at = models.DateTimeField(_("valid until"))
    used_at = models.DateTimeField(_("used"), null=True, blank=True)

    class Meta:
        verbose_name = _("invitation")
        verbose_name_plural = _("invitations")
        ordering = ["-created_at"]
        constraints = [
            models.CheckConstraint(
                condition=(Q(staff__isnull=False) & Q(student__isnull=True))
                | (Q(staff__isnull=True) & Q(student__isnull=False)),
                name="school_gov_invitation_one_record",
            ),
        ]

    def __str__(self) -> str:
        return str(self.record)

    @property
    def record(self) -> Staff | Student:
        record = self.staff or self.student
        assert record is not None  # the constraint: exactly one
        return record

    def is_usable(self, now: datetime.datetime | None = None) -> bool:
        return self.used_at is None and (now or timezone.now()) < self.expires_at


class AppointmentQuerySet(models.QuerySet["Appointment"]):
    def current(self, on: datetime.date | None = None) -> AppointmentQuerySet:
        on = on or timezone.localdate()
        return self.filter(starts_on__lte=on).filter(Q(ends_on__isnull=True) | Q(ends_on__gte=on))

    def overlapping(self, starts_on: datetime.date, ends_on: datetime.date | None) -> AppointmentQuerySet:
        qs = self.filter(Q(ends_on__isnull=True) | Q(ends_on__gte=starts_on))
        if ends_on is not None:
            qs = qs.filter(starts_on__lte=ends_on)
        return qs


class Appointment(models.Model):
    """A staff member holding a role from one date to another (open-ended while `ends_on` is empty)."""

    staff = models.ForeignKey(
        Staff, verbose_name=_("staff member"), on_delete=models.PROTECT, related_name="appointments"
    )
    role = models.CharField(_("role"), max_length=32, choices=Role.choices)
    starts_on = models.DateField(_("from"))
    ends_on = models.DateField(_("until"), null=True, blank=True)
    class_grade = models.PositiveSmallIntegerField(
        _("class grade"),
        null=True,
        blank=True,
        validators=[MinValueValidator(MIN_GRADE), MaxValueValidator(MAX_GRADE)],
    )
    class_letter = models.CharField(_("class letter"), max_length=2, blank=True)

    objects = AppointmentQuerySet.as_manager()

    class Meta:
        verbose_name = _("appointment")
        verbose_name_plural = _("appointments")
        ordering = ["-starts_on"]
        constraints = [
            models.CheckConstraint(
                condition=Q(ends_on__isnull=True) | Q(ends_on__gte=models.F("starts_on")),
                name="school_gov_appointment_ends_after_start",
            ),
            models.CheckConstraint(
                condition=~Q(role="class_teacher") | (Q(class_grade__isnull=False) & ~Q(class_letter="")),
                name="school_gov_appointment_class_teacher_has_class",
            ),
        ]

    def __str__(self) -> str:
        if self.role == Role.CLASS_TEACHER:
            return f"{self.staff}: {self.get_role_display()} {self.class_grade}-{self.class_letter}"
        return f"{self.staff}: {self.get_role_display()}"

    def clean(self) -> None:
        if self.starts_on and self.ends_on and self.ends_on < self.starts_on:
            raise ValidationError({"ends_on": _("An appointment cannot end before it starts.")})
        if self.role == Role.CLASS_TEACHER and (not self.class_grade or not self.class_letter):
            raise ValidationError(_("A class teacher's appointment names the class."))
        if self.role != Role.CLASS_TEACHER and (self.class_grade or self.class_letter):
            raise ValidationError(_("Only a class teacher's appointment names a class."))
        if self.staff_id and self.role and self.starts_on:
            same = Appointment.objects.filter(staff_id=self.staff_id, role=self.role).exclude(pk=self.pk)
            if self.role == Role.CLASS_TEACHER:
                same = same.filter(class_grade=self.class_grade, class_letter=self.class_letter)
            if same.overlapping(self.starts_on, self.ends_on).exists():
                raise ValidationError(_("This person already holds this appointment over these dates."))
        if self.role == Role.CLASS_TEACHER and self.staff_id and self.starts_on:
            clash = (
                Appointment.objects.filter(
                    role=Role.CLASS_TEACHER,
                    staff__school_id=self.staff.school_id,
                    class_grade=self.class_grade,
                    class_letter=self.class_letter,
                )
                .overlapping(self.starts_on, self.ends_on)
                .exclude(pk=self.pk)
                .exclude(staff_id=self.staff_id)
                .select_related("staff")
                .first()
            )
            if clash:
                raise ValidationError(
                    _("%(name)s is the class teacher of %(grade)s-%(letter)s over these dates.")
                    % {"name": clash.staff.full_name, "grade": self.class_grade, "letter": self.class_letter}
                )
        if self.role == Role.DIRECTOR and self.staff_id and self.starts_on:
            clash = (
                Appointment.objects.filter(role=Role.DIRECTOR, staff__school_id=self.staff.school_id)
                .overlapping(self.starts_on, self.ends_on)
                .exclude(pk=self.pk)
                .select_related("staff")
                .first()
            )
            if clash:
                raise ValidationError(
                    _("%(name)s is the director over these dates; end that appointment first.")
                    % {"name": clash.staff.full_name}
                )

    def is_current(self, on: datetime.date | None = None) -> bool:
        on = on or timezone.localdate()
        return self.starts_on <= on and (self.ends_on is None or self.ends_on >= on)


class AuditEventQuerySet(models.QuerySet["AuditEvent"]):
    def for_object(self, obj: models.Model) -> AuditEventQuerySet:
        return self.filter(content_type=ContentType.objects.get_for_model(obj), object_id=str(obj.pk))

    def delete(self) -> tuple[int, dict[str, int]]:
        raise TypeError("The audit trail is append-only.")

    def update(self, **kwargs: Any) -> int:
        raise TypeError("The audit trail is append-only.")

    def bulk_create(self, objs: Iterable[AuditEvent], *args: Any, **kwargs: Any) -> list[AuditEvent]:
        # Each event takes its place in its school's chain (school_gov.auditchain) as it is written.
        objs = list(objs)
        with transaction.atomic(using=self.db, savepoint=False):
            auditchain.chain(objs)
            return super().bulk_create(objs, *args, **kwargs)


# The last part of an audit action ("methodology.plan.agreed"), as people read it.
ACTION_VERBS = {
    "added": _("added"),
    "created": _("created"),
    "changed": _("changed"),
    "edited": _("edited"),
    "commented": _("commented"),
    "saved": _("saved"),
    "submitted": _("submitted"),
    "agreed": _("agreed"),
    "approved": _("approved"),
    "returned": _("returned for revision"),
    "accepted": _("accepted"),
    "marked": _("completion marked"),
    "deleted": _("deleted"),
    "opened": _("opened"),
    "requested": _("asked to join"),
    "declined": _("declined"),
    "joined": _("joined"),
    "recorded": _("recorded"),
    "acknowledged": _("analysis read"),
    "rolled_over": _("moved into the next year"),
}


class AuditEvent(models.Model):
    """One governance change. Append-only: written by school_gov.audit.record() and never changed.

    Unlike the records' who-did-it fields (a staff or student record), `actor` is the account that
    acted: the one thing every actor has, the technical superuser without a school record included."""

    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("who"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
    )
    school = models.ForeignKey(
        School,
        verbose_name=_("school"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
    )
    action = models.CharField(_("action"), max_length=100, db_index=True)
    content_type = models.ForeignKey(
        ContentType, verbose_name=_("record type"), on_delete=models.PROTECT, null=True, blank=True
    )
    object_id = models.CharField(_("record id"), max_length=64, blank=True)
    object_repr = models.CharField(_("record"), max_length=300, blank=True)
    data = models.JSONField(_("details"), default=dict, blank=True, encoder=DjangoJSONEncoder)
    created_at = models.DateTimeField(_("when"), default=timezone.now, db_index=True)
    # Its place in its school's hash chain and the digest that links it (school_gov.auditchain).
    seq = models.PositiveBigIntegerField(_("number in the school's chain"), editable=False)
    digest = models.CharField(_("SHA-256 hash"), max_length=64, editable=False)

    objects = AuditEventQuerySet.as_manager()

    class Meta:
        verbose_name = _("audit event")
        verbose_name_plural = _("audit trail")
        ordering = ["-created_at", "-id"]
        indexes = [models.Index(fields=["content_type", "object_id"])]
        constraints = [
            models.UniqueConstraint(fields=["school", "seq"], name="school_gov_auditevent_chain_seq"),
        ]

    def __str__(self) -> str:
        # The verb in the reader's language (the admin's page title), the record's kind as its code name.
        return f"{self.created_at:%Y-%m-%d %H:%M} {self.action_described} {self.object_repr}"

    def save(self, *args: Any, **kwargs: Any) -> None:
        # Append-only is an invariant of the table, not a business rule: refuse any rewrite.
        if not self._state.adding:
            raise TypeError("The audit trail is append-only.")
        # Inside the action's transaction (no savepoint of its own), or its own when alone.
        with transaction.atomic(using=kwargs.get("using"), savepoint=False):
            auditchain.chain([self])
            super().save(*args, **kwargs)

    def delete(self, *args: Any, **kwargs: Any) -> tuple[int, dict[str, int]]:
        raise TypeError("The audit trail is append-only.")

    @property
    def action_label(self) -> str:
        verb = self.action.rsplit(".", 1)[-1]
        return str(ACTION_VERBS.get(verb, verb))

    @property
    def action_described(self) -> str:
        """The verb in the reader's language and the record's kind by its code name: "agreed
        (methodology.plan)"."""
        return f"{self.action_label} ({self.action.rsplit('.', 1)[0]})"


def record_of_who_did_it(name: str, verbose_name: StrOrPromise) -> property:
    """Who did it, where staff and students both may: the pair of fields `<name>_staff` and
    `<name>_student` read and set as one school record (a Staff or a Student row, or None)."""

    def get(obj: models.Model) -> Staff | Student | None:
        record: Staff | Student | None = getattr(obj, f"{name}_staff") or getattr(obj, f"{name}_student")
        return record

    def put(obj: models.Model, record: object) -> None:
        if record is not None and not isinstance(record, (Staff, Student)):
            raise TypeError(f"{name} is a staff or student record, not {type(record).__name__}.")
        setattr(obj, f"{name}_staff", record if isinstance(record, Staff) else None)
        setattr(obj, f"{name}_student", record if isinstance(record, Student) else None)

    get.short_description = verbose_name  # type: ignore[attr-defined]  # the admin's column heading
    return property(get, put)


class WrongGuess(models.Model):
    """One wrong secret typed: a vote code on the shared device, an invitation's code. Counted per address
    and per account to stop guessing (school_gov.guesses); not governance state, kept a day."""

    kind = models.CharField(max_length=30)
    scope = models.CharField(max_length=30, blank=True)  # the election's id for a vote code
    address = models.GenericIPAddressField(null=True, blank=True)
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, null=True, blank=True, related_name="+"
    )
    at = models.DateTimeField(default=timezone.now)

    class Meta:
        indexes = [
            models.Index(fields=["kind", "scope", "address", "at"]),
            models.Index(fields=["kind", "scope", "user", "at"]),
        ]

    def __str__(self) -> str:
        return f"{self.kind} {self.scope} {self.address or '-'} {self.at:%Y-%m-%d %H:%M}"


class Minutes(models.Model):
    """Numbered minutes of a meeting (протокол), shared by the parliament's and the associations' meetings.

    GLOSSARY "Minutes": number, date, chair, secretary, present, agenda; each item heard → spoke → resolved.
    Chair, secretary and those present are written as names: a student, a teacher or a guest may be any.
    """

    school = models.ForeignKey(School, verbose_name=_("school"), on_delete=models.PROTECT, related_name="+")
    number = models.PositiveIntegerField(_("number"))
    held_on = models.DateField(_("date"))
    chair = models.CharField(_("chair"), max_length=200, blank=True)
    secretary = models.CharField(_("secretary"), max_length=200, blank=True)
    present = Text(_("present"), blank=True)
    agenda = Text(_("agenda"), blank=True)

    class Meta:
        verbose_name = _("minutes")
        verbose_name_plural = _("minutes")
        ordering = ["-held_on", "-number"]

    def __str__(self) -> str:
        return _("Minutes № %(number)s of %(date)s") % {
            "number": self.number,
            "date": dated(self.held_on),
        }


class MinutesItem(models.Model):
    """One agenda item of the minutes: heard (угулду), spoke (чыгып сүйлөштү), resolved (токтом кылынды)."""

    minutes = models.ForeignKey(
        Minutes, verbose_name=_("minutes"), on_delete=models.CASCADE, related_name="items"
    )
    position = models.PositiveSmallIntegerField(_("order"), default=1)
    heard = Text(pgettext_lazy("minutes", "heard"))
    spoke = Text(pgettext_lazy("minutes", "spoke"), blank=True)
    resolved = Text(pgettext_lazy("minutes", "resolved"), blank=True)

    class Meta:
        verbose_name = _("agenda item")
        verbose_name_plural = _("agenda items")
        ordering = ["minutes", "position", "pk"]

    def __str__(self) -> str:
        return self.heard[:80]


# The e-mail outbox (school_gov.mail)


class EmailStatus(models.TextChoices):
    QUEUED = "queued", _("waiting to be sent")
    SENDING = "sending", _("being sent")
    SENT = "sent", _("sent")
    FAILED = "failed", _("gave up")


class Email(models.Model):
    """The outbox: every e-mail the application sends is a row here first, sent by a background task
    that retries with backoff; a mail server that is down delays a message, never loses it. The body is
    cleared once sent (it may carry a single-use link)."""

    to = models.EmailField(_("sent to"))
    subject = models.CharField(_("subject"), max_length=300)
    body = models.TextField(_("text"), blank=True)
    html = models.TextField(_("HTML"), blank=True)
    headers = models.JSONField(_("headers"), default=dict, blank=True)
    status = models.CharField(
        _("status"), max_length=8, choices=EmailStatus.choices, default=EmailStatus.QUEUED, db_index=True
    )
    attempts = models.PositiveSmallIntegerField(_("attempts"), default=0)
    next_attempt_at = models.DateTimeField(_("next attempt"), null=True, blank=True)
    # When a worker took the message to send it: one still "being sent" long after is a worker that died.
    claimed_at = models.DateTimeField(_("taken to send"), null=True, blank=True)
    last_error = models.TextField(_("last error"), blank=True)
    created_at = models.DateTimeField(_("queued"), default=timezone.now, db_index=True)
    sent_at = models.DateTimeField(_("sent"), null=True, blank=True)

    class Meta:
        verbose_name = _("e-mail")
        verbose_name_plural = _("outbox")
        ordering = ["-created_at"]

    def __str__(self) -> str:
        return f"{self.to}: {self.subject}"


def backoff(attempts: int) -> datetime.timedelta:
    """How long to wait after the `attempts`-th failure: 1, 2, 4 … minutes, at most 6 hours."""
    return datetime.timedelta(minutes=min(2 ** max(attempts - 1, 0), 360))
