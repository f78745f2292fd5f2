"""factory_boy factories, one per model, minimal: a test sets any value it asserts on."""

import datetime

import factory
from django.utils.timezone import localdate as django_localdate
from django.utils.timezone import now as django_now
from factory.django import DjangoModelFactory

from school_gov.models import (
    Appointment,
    AuditEvent,
    District,
    EducationLevel,
    Quarter,
    Role,
    School,
    SchoolYear,
    Staff,
    Student,
    User,
)


class DistrictFactory(DjangoModelFactory):
    class Meta:
        model = District
        django_get_or_create = ["name"]

    name = factory.Sequence(lambda n: f"Район {n}")


class SchoolFactory(DjangoModelFactory):
    class Meta:
        model = School

    name = factory.Sequence(lambda n: f"№ {n} орто мектеби")
    district = factory.SubFactory(DistrictFactory)


class SchoolYearFactory(DjangoModelFactory):
    class Meta:
        model = SchoolYear

    school = factory.SubFactory(SchoolFactory)
    start_date = datetime.date(2026, 9, 1)
    end_date = factory.LazyAttribute(lambda o: datetime.date(o.start_date.year + 1, 5, 25))
    is_current = True


class QuarterFactory(DjangoModelFactory):
    class Meta:
        model = Quarter

    school_year = factory.SubFactory(SchoolYearFactory)
    number = 1
    start_date = factory.LazyAttribute(lambda o: o.school_year.start_date)
    end_date = factory.LazyAttribute(lambda o: o.start_date + datetime.timedelta(days=60))


class UserFactory(DjangoModelFactory):
    class Meta:
        model = User
        django_get_or_create = ["username"]

    username = factory.Sequence(lambda n: f"user{n}")
    password = factory.django.Password("demo-password")


class StaffFactory(DjangoModelFactory):
    class Meta:
        model = Staff

    school = factory.SubFactory(SchoolFactory)
    surname = factory.Sequence(lambda n: f"Асанов{n}")
    name = "Бакыт"
    patronymic = "Кубанычбекович"
    subjects = "Математика"
    education_level = EducationLevel.HIGHER_PROFESSIONAL
    education_started_on = datetime.date(2010, 9, 1)


class StudentFactory(DjangoModelFactory):
    class Meta:
        model = Student

    school = factory.SubFactory(SchoolFactory)
    surname = factory.Sequence(lambda n: f"Токтогулова{n}")
    name = "Айпери"
    grade = 7
    class_letter = "А"


class AppointmentFactory(DjangoModelFactory):
    class Meta:
        model = Appointment

    staff = factory.SubFactory(StaffFactory)
    role = Role.DIRECTOR
    starts_on = datetime.date(2020, 9, 1)


class AuditEventFactory(DjangoModelFactory):
    class Meta:
        model = AuditEvent

    action = "school_gov.test.done"


# Methodology


class AssociationFactory(DjangoModelFactory):
    class Meta:
        model = "methodology.Association"

    school = factory.SubFactory(SchoolFactory)
    name = factory.Sequence(lambda n: f"Так илимдер {n}")
    subject_area = "Математика, физика, информатика"


class MembershipFactory(DjangoModelFactory):
    class Meta:
        model = "methodology.Membership"

    association = factory.SubFactory(AssociationFactory)
    staff = factory.SubFactory(StaffFactory, school=factory.SelfAttribute("..association.school"))
    starts_on = datetime.date(2020, 9, 1)


class HeadAppointmentFactory(DjangoModelFactory):
    class Meta:
        model = "methodology.HeadAppointment"

    association = factory.SubFactory(AssociationFactory)
    staff = factory.SubFactory(StaffFactory, school=factory.SelfAttribute("..association.school"))
    starts_on = datetime.date(2020, 9, 1)


class LessonObservationFactory(DjangoModelFactory):
    class Meta:
        model = "methodology.LessonObservation"

    association = factory.SubFactory(AssociationFactory)
    teacher = factory.SubFactory(StaffFactory, school=factory.SelfAttribute("..association.school"))
    observer = factory.SubFactory(StaffFactory, school=factory.SelfAttribute("..association.school"))
    observed_on = factory.LazyFunction(lambda: django_localdate() - datetime.timedelta(days=3))
    class_grade = 7
    class_letter = "Б"
    subject = "Математика"
    on_roll = 26
    present = 24
    topic = "Бөлчөктөр"
    purpose = "Методикалык жардам."
    lesson_starts_at = datetime.time(9, 50)
    lesson_ends_at = datetime.time(10, 35)
    arrived_at = datetime.time(9, 45)
    aim_reached = "reached"
    conclusions = "Максатка жетти."
    feedback_on = factory.SelfAttribute("observed_on")
    feedback_at = datetime.time(10, 40)


class WorkPlanFactory(DjangoModelFactory):
    """A quarter's plan of an association; dates follow the given school year (default 2026–27)."""

    class Meta:
        model = "methodology.WorkPlan"

    association = factory.SubFactory(AssociationFactory)
    school_year = factory.SubFactory(SchoolYearFactory, school=factory.SelfAttribute("..association.school"))
    period_kind = "custom"
    period_start = factory.LazyAttribute(lambda o: o.school_year.start_date)
    period_end = factory.LazyAttribute(lambda o: o.period_start + datetime.timedelta(days=60))
    title = factory.Sequence(lambda n: f"Иш планы {n}")
    theme = "Окуучулардын функционалдык сабаттуулугун өнүктүрүү"
    aim = "Мугалимдердин кесиптик чеберчилигин жогорулатуу"
    tasks = "1. Ачык сабактарды өткөрүү."
    created_by = factory.SubFactory(StaffFactory, school=factory.SelfAttribute("..association.school"))


class PlanItemFactory(DjangoModelFactory):
    class Meta:
        model = "methodology.PlanItem"

    plan = factory.SubFactory(WorkPlanFactory)
    section = "meetings"
    activity = factory.Sequence(lambda n: f"Усулдук бирикменин {n}-отуруму")
    starts_on = factory.LazyAttribute(lambda o: o.plan.period_start)
    expected_result = "Протокол"


class PlanCommentFactory(DjangoModelFactory):
    class Meta:
        model = "methodology.PlanComment"

    plan = factory.SubFactory(WorkPlanFactory)
    author = factory.SubFactory(StaffFactory, school=factory.SelfAttribute("..plan.association.school"))
    text = "Олимпиадага даярдоону кошолу."


class YearEndReportFactory(DjangoModelFactory):
    class Meta:
        model = "methodology.YearEndReport"

    association = factory.SubFactory(AssociationFactory)
    school_year = factory.SubFactory(SchoolYearFactory, school=factory.SelfAttribute("..association.school"))
    created_by = factory.SubFactory(StaffFactory, school=factory.SelfAttribute("..association.school"))


# Parliament


class TermFactory(DjangoModelFactory):
    class Meta:
        model = "parliament.Term"

    school = factory.SubFactory(SchoolFactory)
    school_year = factory.SubFactory(SchoolYearFactory, school=factory.SelfAttribute("..school"))
    adviser = factory.SubFactory(StaffFactory, school=factory.SelfAttribute("..school"))


class OfficeFactory(DjangoModelFactory):
    class Meta:
        model = "parliament.Office"

    term = factory.SubFactory(TermFactory)
    kind = "president"
    student = factory.SubFactory(StudentFactory, school=factory.SelfAttribute("..term.school"), grade=11)
    starts_on = datetime.date(2026, 9, 1)


class MinistryFactory(DjangoModelFactory):
    class Meta:
        model = "parliament.Ministry"

    term = factory.SubFactory(TermFactory)
    name = factory.Sequence(lambda n: f"Билим берүү министрлиги {n}")
    description = "Окуучулардын билим алуусуна көмөк"


class ElectionFactory(DjangoModelFactory):
    class Meta:
        model = "parliament.Election"

    term = factory.SubFactory(TermFactory)
    title = "Мектеп президентин шайлоо"
    voting_opens_at = factory.LazyFunction(lambda: django_now() - datetime.timedelta(hours=1))
    voting_closes_at = factory.LazyFunction(lambda: django_now() + datetime.timedelta(hours=5))
    supervisor = factory.SubFactory(StaffFactory, school=factory.SelfAttribute("..term.school"))
    # SP-1.7: the candidates come from the school's office-holder band (10 by default), as Election.clean
    # requires; the model's own default (8) is below it.
    candidate_from_grade = factory.SelfAttribute("term.school.office_holders_from_grade")


class CandidateFactory(DjangoModelFactory):
    class Meta:
        model = "parliament.Candidate"

    election = factory.SubFactory(ElectionFactory)
    student = factory.SubFactory(
        StudentFactory, school=factory.SelfAttribute("..election.term.school"), grade=10
    )
    statement = "Мектебибизди жакшыртам."
    status = "approved"


class EventFactory(DjangoModelFactory):
    class Meta:
        model = "parliament.Event"

    school = factory.SubFactory(SchoolFactory)
    kind = "sport"
    title = factory.Sequence(lambda n: f"Спорттук мелдеш {n}")
    starts_at = factory.LazyFunction(lambda: django_now() + datetime.timedelta(days=3))


class DutyAssignmentFactory(DjangoModelFactory):
    class Meta:
        model = "parliament.DutyAssignment"

    school = factory.SubFactory(SchoolFactory)
    date = factory.LazyFunction(lambda: django_localdate())
    area_kind = "classroom"
    area = "12-кабинет"
    grade = 7
    class_letter = "А"


class MinutesFactory(DjangoModelFactory):
    class Meta:
        model = "school_gov.Minutes"

    school = factory.SubFactory(SchoolFactory)
    number = factory.Sequence(lambda n: n + 1)
    held_on = factory.LazyFunction(lambda: django_localdate())


class MeetingFactory(DjangoModelFactory):
    class Meta:
        model = "parliament.Meeting"

    term = factory.SubFactory(TermFactory)
    minutes = factory.SubFactory(MinutesFactory, school=factory.SelfAttribute("..term.school"))


class PollFactory(DjangoModelFactory):
    class Meta:
        model = "parliament.Poll"

    school = factory.SubFactory(SchoolFactory)
    question = "Мектептин ашканасы жакты беле?"
    opens_at = factory.LazyFunction(lambda: django_now() - datetime.timedelta(hours=1))
    closes_at = factory.LazyFunction(lambda: django_now() + datetime.timedelta(days=2))
    created_by_staff = factory.SubFactory(StaffFactory, school=factory.SelfAttribute("..school"))


class PollOptionFactory(DjangoModelFactory):
    class Meta:
        model = "parliament.PollOption"

    poll = factory.SubFactory(PollFactory)
    text = factory.Sequence(lambda n: f"Жооп {n}")
    position = factory.Sequence(lambda n: n)


class ProposalFactory(DjangoModelFactory):
    class Meta:
        model = "parliament.Proposal"

    school = factory.SubFactory(SchoolFactory)
    author = factory.SubFactory(StudentFactory, school=factory.SelfAttribute("..school"))
    body = "administration"
    title = "Китепканага жаңы китептер"
    text = "Китепканага заманбап китептерди сатып алууну сунуштайбыз."


class AppealFactory(DjangoModelFactory):
    class Meta:
        model = "parliament.Appeal"

    school = factory.SubFactory(SchoolFactory)
    author = factory.SubFactory(StudentFactory, school=factory.SelfAttribute("..school"))
    subject = "Класста чыр-чатак"
    text = "Мени шылдыңдашат."


class ClubFactory(DjangoModelFactory):
    class Meta:
        model = "parliament.Club"

    school = factory.SubFactory(SchoolFactory)
    name = factory.Sequence(lambda n: f"Шахмат ийрими {n}")
    leader_staff = factory.SubFactory(StaffFactory, school=factory.SelfAttribute("..school"))
